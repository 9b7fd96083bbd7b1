from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from questions.revisions.models import Kind, Revision

from .models import Report, ReportStatus

# What the reader sent stays as they sent it: editors only decide what happens to it.
READER_FIELDS = ["question", "kind", "text", "email", "reporter", "created_at"]
RESOLUTION_FIELDS = ["status", "fixed_in", "resolution_note", "resolved_at", "resolved_by"]


def latest_revision_of_question():
    """The newest revision of the report's question, as a subquery on reports."""
    return Subquery(
        Revision.objects.filter(kind=Kind.QUESTION, object_id=OuterRef("question_id"))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "summary",
        "question_link",
        "kind",
        "status",
        "created_at",
        "reported_by",
        "topic",
    ]
    list_filter = ["status", "kind", "question__topic"]
    search_fields = ["text", "question__title"]
    list_select_related = ["question__topic", "reporter"]
    list_per_page = 100
    ordering = ["-created_at", "-pk"]
    fieldsets = [
        (_("What the reader reported"), {"fields": READER_FIELDS}),
        (_("Resolution"), {"fields": RESOLUTION_FIELDS}),
    ]
    readonly_fields = [*READER_FIELDS, "resolved_at", "resolved_by"]
    actions = ["mark_resolved", "dismiss"]

    def has_add_permission(self, request):
        return False  # reports come from readers, through the question pages

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "fixed_in" in form.base_fields:
            form.base_fields["fixed_in"].queryset = Revision.objects.of(obj.question)
        return form

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            closed = obj.status != ReportStatus.OPEN
            obj.resolved_at = timezone.now() if closed else None
            obj.resolved_by = request.user if closed else None
        if obj.status != ReportStatus.RESOLVED:
            obj.fixed_in = None
        elif obj.fixed_in is None:
            obj.fixed_in = Revision.objects.of(obj.question).first()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("report"))
    def summary(self, report):
        return Truncator(report.text).chars(80)

    @admin.display(description=_("question"), ordering="question__title")
    def question_link(self, report):
        url = reverse("admin:questions_question_change", args=[report.question_id])
        return format_html('<a href="{}">{}</a>', url, report.question.title)

    @admin.display(description=_("reported by"))
    def reported_by(self, report):
        return report.reporter or report.email or "—"

    @admin.display(description=_("topic"), ordering="question__topic__name")
    def topic(self, report):
        return report.question.topic

    @admin.action(description=_("Mark resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        done = queryset.open().update(
            status=ReportStatus.RESOLVED,
            resolved_at=timezone.now(),
            resolved_by=request.user,
            fixed_in=latest_revision_of_question(),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked resolved, fixed in its question's latest revision.",
                "%(count)d reports marked resolved, each fixed in its question's latest revision.",
                done,
            )
            % {"count": done},
        )

    @admin.action(description=_("Dismiss"), permissions=["change"])
    def dismiss(self, request, queryset):
        done = queryset.open().update(
            status=ReportStatus.DISMISSED,
            resolved_at=timezone.now(),
            resolved_by=request.user,
            fixed_in=None,
        )
        self.message_user(
            request,
            ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", done)
            % {"count": done},
        )
