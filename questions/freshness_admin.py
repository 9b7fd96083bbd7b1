"""Admin for framework versions; registered from `questions.admin`, which Django autoloads."""

from django.contrib import admin

from .models import FrameworkVersion


class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "version", "created_at"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["version", "framework__name"]
    autocomplete_fields = ["framework"]
    fields = ["framework", "version"]


class FrameworkVersionInline(admin.TabularInline):
    """The versions on a framework's page: adding one makes older-checked questions due."""

    model = FrameworkVersion
    fields = ["version", "created_at"]
    readonly_fields = ["created_at"]
    extra = 1
