from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from .articles.admin_views import import_export_urls
from .forms import QuestionAdminForm
from .models import PUBLISH_PERMISSION, Answer, Framework, Question, Status, Topic

MARKDOWN_EDITOR = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "question_count"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "position", "description"]
    formfield_overrides = MARKDOWN_EDITOR
    # Meta.ordering does not apply to the annotated (GROUP BY) queryset below, and the
    # question form's topic autocomplete pages through it.
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, topic):
        return topic.question_total


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 1
    fields = ["body", "position"]
    formfield_overrides = MARKDOWN_EDITOR


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = [
        "title",
        "topic",
        "framework",
        "difficulty",
        "state",
        "publish_at",
        "updated_at",
        "preview_link",
    ]
    list_filter = ["topic", "framework", "difficulty", "status"]
    list_select_related = ["topic", "framework"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "framework"]
    date_hierarchy = "created_at"
    inlines = [AnswerInline]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["author", "created_at", "updated_at"]
    formfield_overrides = MARKDOWN_EDITOR
    fieldsets = [
        (
            None,
            # `version` is hidden: it lets the form refuse to overwrite a newer save.
            {"fields": ["topic", "framework", "difficulty", "title", "slug", "body", "version"]},
        ),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "author", "created_at", "updated_at"]},
        ),
    ]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_urls(self):
        # Before the default URLs, whose "<object_id>/" would swallow "import/".
        return import_export_urls(self) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        # The list filters pass their values to the database unchecked, and
        # PostgreSQL cannot compare text that holds a NUL: treat one as the
        # admin treats any other invalid filter.
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_changeform_initial_data(self, request):
        # "?topic=<pk>" pre-fills the add form; the autocomplete widget looks the
        # value up as given, so a value that is no valid key is dropped here.
        initial = super().get_changeform_initial_data(request)
        for name in ("topic", "framework"):
            if name in initial:
                try:
                    Question._meta.get_field(name).target_field.to_python(initial[name])
                except ValidationError:
                    del initial[name]
        return {
            name: value
            for name, value in initial.items()
            if not (isinstance(value, str) and "\x00" in value)
        }

    def get_readonly_fields(self, request, obj=None):
        # Editors write drafts; only publishers decide what goes live and when.
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += ["status", "publish_at"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for answer in formset.save(commit=False):
            if answer.pk is None:
                answer.author = request.user
            answer.save()
        for answer in formset.deleted_objects:
            answer.delete()
        formset.save_m2m()

    @admin.display(description=_("state"), ordering="status")
    def state(self, question):
        return question.state_label

    @admin.display(description=_("on site"))
    def preview_link(self, question):
        label = _("View") if question.is_published() else _("Preview")
        return format_html('<a href="{}">{}</a>', question.get_absolute_url(), label)

    @admin.action(description=_("Publish selected questions"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request,
            ngettext("%d question published.", "%d questions published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected questions"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = queryset.filter(status=Status.PUBLISHED).unpublish()
        self.message_user(
            request,
            ngettext("%d question moved back to draft.", "%d questions moved back to draft.", count)
            % count,
            messages.SUCCESS,
        )
