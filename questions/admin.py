from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from markdownx.models import MarkdownxField

from . import services
from .actions import publish_selected, unpublish_selected
from .articles.admin_views import import_export_urls
from .editor.widgets import MarkdownEditor
from .forms import QuestionAdminForm
from .freshness import DueForReviewFilter, mark_reviewed
from .freshness_admin import FrameworkVersionAdmin, FrameworkVersionInline
from .list_filters import MineFilter, ReviewQueueFilter, StateFilter
from .models import (
    PUBLISH_PERMISSION,
    Answer,
    Framework,
    FrameworkVersion,
    Question,
    QuestionAlias,
    Status,
    Topic,
)
from .revisions.admin_views import (
    change_form_context,
    question_revision_urls,
    topic_revision_urls,
)
from .revisions.models import Action
from .revisions.pending import load_pending_question, load_pending_topic, snapshot_from_forms
from .revisions.snapshot import topic_data
from .templatetags.question_tags import inline_code

MARKDOWN_EDITOR = {MarkdownxField: {"widget": MarkdownEditor}}


PENDING_MESSAGE = _(
    "Saved as pending changes: readers still see the published version until a "
    "publisher approves them."
)


class RevisedAdmin(admin.ModelAdmin):
    """Saves that may wait for a publisher, and our revisions as the History page."""

    def response_change(self, request, obj):
        if getattr(request, "_saved_as_pending", False):
            self.message_user(request, PENDING_MESSAGE, messages.INFO)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        # Revisions, with content to compare and revert, replace the admin's log.
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_revisions"
        return HttpResponseRedirect(reverse(name, args=[object_id]))


@admin.register(Topic)
class TopicAdmin(RevisedAdmin):
    list_display = ["name", "slug", "position", "question_count", "has_pending_changes"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "position", "review_interval_months", "description"]
    formfield_overrides = MARKDOWN_EDITOR
    # Meta.ordering does not apply to the annotated (GROUP BY) queryset below, and the
    # question form's topic autocomplete pages through it.
    ordering = ["position", "name"]
    change_form_template = "admin/questions/topic/change_form.html"

    class Media:
        css = {"all": ["css/admin-workflow.css"]}

    def get_urls(self):
        return topic_revision_urls(self) + super().get_urls()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    def get_object(self, request, object_id, from_field=None):
        topic = super().get_object(request, object_id, from_field)
        if topic is not None and topic.pending_revision_id and request.method == "GET":
            load_pending_topic(topic)
        return topic

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, topic):
        return topic.question_total

    @admin.display(description=_("pending changes"), boolean=True)
    def has_pending_changes(self, topic):
        return topic.pending_revision_id is not None

    def save_model(self, request, obj, form, change):
        # list_editable saves positions here too: each goes through the workflow.
        revision = services.save_topic(
            topic=obj, data=topic_data(obj), user=request.user, created=not change
        )
        request._saved_as_pending = revision.action == Action.PENDING

    def delete_model(self, request, obj):
        services.record(obj, action=Action.DELETED, user=request.user)
        super().delete_model(request, obj)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    inlines = [FrameworkVersionInline]


admin.site.register(FrameworkVersion, FrameworkVersionAdmin)


@admin.register(QuestionAlias)
class QuestionAliasAdmin(admin.ModelAdmin):
    """Former slugs (merged or renamed questions): each redirects to its question."""

    list_display = ["slug", "question", "created_at"]
    search_fields = ["slug", "question__title", "question__slug"]
    autocomplete_fields = ["question"]


class AnswerFormSet(BaseInlineFormSet):
    """The answers as the form shows them: the pending ones when there are pending changes."""

    def get_queryset(self):
        pending = getattr(self.instance, "pending_answers", None)
        return super().get_queryset() if pending is None else pending

    def clean(self):
        super().clean()
        if self.instance.status != Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not self._should_delete_form(form)
            and form.cleaned_data.get("body", "").strip()
        ]
        if not kept:
            raise ValidationError(_("A published question needs at least one answer."))


class AnswerInline(admin.StackedInline):
    model = Answer
    formset = AnswerFormSet
    extra = 1
    fields = ["body", "position"]
    formfield_overrides = MARKDOWN_EDITOR

    def get_extra(self, request, obj=None, **kwargs):
        return len(getattr(obj, "pending_new_answers", ())) + 1


@admin.register(Question)
class QuestionAdmin(RevisedAdmin):
    form = QuestionAdminForm
    list_display = [
        "title_as_asked",
        "topic",
        "framework",
        "difficulty",
        "state",
        "updated_at",
        "preview_link",
    ]
    list_display_links = ["title_as_asked"]
    list_filter = [
        StateFilter,
        MineFilter,
        ReviewQueueFilter,
        "topic",
        "framework",
        "difficulty",
        DueForReviewFilter,
    ]
    list_select_related = ["topic", "framework"]
    list_per_page = 100
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topic", "framework"]
    filter_horizontal = ["checked_versions"]
    date_hierarchy = "created_at"
    inlines = [AnswerInline]
    actions = [publish_selected, unpublish_selected, "mark_reviewed_selected"]
    readonly_fields = ["author", "created_at", "updated_at", "last_reviewed_at"]
    formfield_overrides = MARKDOWN_EDITOR
    change_form_template = "admin/questions/question/change_form.html"

    class Media:
        css = {"all": ["css/admin-workflow.css"]}

    fieldsets = [
        (
            None,
            # `version` is hidden: it lets the form refuse to overwrite a newer save.
            {"fields": ["topic", "framework", "difficulty", "title", "slug", "body", "version"]},
        ),
        (_("Freshness"), {"fields": ["checked_versions", "last_reviewed_at"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "author", "created_at", "updated_at"]},
        ),
    ]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_urls(self):
        # Before the default URLs, whose "<object_id>/" would swallow "import/".
        return import_export_urls(self) + question_revision_urls(self) + super().get_urls()

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

    def get_object(self, request, object_id, from_field=None):
        question = super().get_object(request, object_id, from_field)
        if question is not None and question.pending_revision_id:
            # Editors (and publishers) edit the pending version, never the live one.
            load_pending_question(question)
        return question

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending_new = getattr(obj, "pending_new_answers", None)
        if pending_new and request.method != "POST":
            kwargs["initial"] = pending_new
        return kwargs

    def get_readonly_fields(self, request, obj=None):
        # Editors write drafts; only publishers decide what goes live and when.
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += ["status", "publish_at"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
            obj.save()
        # Changes are written in save_related, the question and its answers as one unit.

    def save_related(self, request, form, formsets, change):
        data = snapshot_from_forms(form, formsets)
        revision = services.save_question(
            question=form.instance,
            data=data,
            user=request.user,
            action=Action.SAVED if change else Action.CREATED,
        )
        request._saved_as_pending = revision.action == Action.PENDING

    def construct_change_message(self, request, form, formsets, add=False):
        # The answers were written by services.save_question, not by the formsets;
        # what changed in them is in the revision, which the History page compares.
        return super().construct_change_message(request, form, [], add)

    def delete_model(self, request, obj):
        services.delete_question(question=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for question in queryset:
            services.delete_question(question=question, user=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        context.update(change_form_context(request, obj, context.get("adminform"), formsets))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("question"), ordering="title")
    def title_as_asked(self, question):
        return inline_code(question.title)

    @admin.action(description=_("Mark selected questions reviewed"), permissions=["publish"])
    def mark_reviewed_selected(self, request, queryset):
        # Reviewing changes no content, only the trust line readers see; it is a
        # publisher's statement that the answers hold for the newest versions.
        questions = list(queryset)
        mark_reviewed(questions=questions, user=request.user, against_newest=True)
        for question in questions:
            services.record(question, action=Action.REVIEWED, user=request.user)
        count = len(questions)
        self.message_user(
            request,
            ngettext("%d question marked reviewed.", "%d questions marked reviewed.", count)
            % count,
            messages.SUCCESS,
        )

    @admin.display(description=_("on site"))
    def preview_link(self, question):
        label = _("View") if question.is_published() else _("Preview")
        return format_html('<a href="{}">{}</a>', question.get_absolute_url(), label)

    @admin.display(description=_("state"), ordering="status")
    def state(self, question):
        label = question.state_label
        return format_html('<span class="state state-{}">{}</span>', question.state.value, label)
