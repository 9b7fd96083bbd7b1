"""The editors' start page: what waits for the signed-in person, with links to the lists."""

from dataclasses import dataclass

from django import template
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from questions.freshness import due_q
from questions.models import PREVIEW_PERMISSION, PUBLISH_PERMISSION, Question, ReviewState, State
from questions.reports.models import Report

register = template.Library()

REPORTS_PERMISSION = "reports.view_report"


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str


@register.inclusion_tag("admin/editor_dashboard.html", takes_context=True)
def editor_dashboard(context):
    """Counts of my drafts, changes requested of me, my review queue, open reports, due questions.

    The question counts come from one query, the reports from a second.
    """
    user = context["request"].user
    if not user.has_perm(PREVIEW_PERMISSION):
        return {"items": []}
    may_publish = user.has_perm(PUBLISH_PERMISSION)
    counts = {
        "drafts": Q(pk__in=Question.objects.in_state(State.DRAFT).values("pk"))
        & (Q(author=user) | Q(submitted_by=user)),
        "changes_requested": Q(review_state=ReviewState.CHANGES_REQUESTED)
        & (Q(author=user) | Q(submitted_by=user)),
        "due": due_q(),
    }
    if may_publish:
        counts["queue"] = Q(pk__in=Question.objects.awaiting_review().values("pk"))
    counts = Question.objects.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in counts.items()}
    )
    questions = reverse("admin:questions_question_changelist")
    items = [
        Item(_("My drafts"), counts["drafts"], f"{questions}?state={State.DRAFT.value}&mine=1"),
        Item(
            _("Changes requested of me"),
            counts["changes_requested"],
            f"{questions}?review=changes_requested&mine=1",
        ),
    ]
    if may_publish:
        items.append(Item(_("Waiting for my review"), counts["queue"], f"{questions}?review=queue"))
    if user.has_perm(REPORTS_PERMISSION):
        try:
            reports = reverse("admin:reports_report_changelist")
        except NoReverseMatch:  # the reports' admin is not registered
            pass
        else:
            items.append(
                Item(
                    _("Open reports"),
                    Report.objects.open().count(),
                    f"{reports}?status__exact=open",
                )
            )
    items.append(Item(_("Due for review"), counts["due"], f"{questions}?due=yes"))
    return {"items": items}
