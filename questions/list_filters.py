"""The question list's editorial filters: state, mine, and the review queue."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import State


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() in State.values:
            return queryset.in_state(self.value())
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("author")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Mine"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(author=request.user)
        return queryset


class ReviewQueueFilter(admin.SimpleListFilter):
    """What waits for a publisher, oldest first: drafts submitted and pending changes."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("queue", _("Waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "queue":
            return queryset.awaiting_review()
        return queryset
