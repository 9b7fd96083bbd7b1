"""Content that ages: when a published question is due for another review.

A question is due when nobody has reviewed it yet, when its topic's review
interval has passed since its last review, or when its framework has a version
newer than the newest one the question was checked against. Drafts are never
due: they reach readers only through a publisher's review, which marks them
reviewed.
"""

import calendar

from django.contrib import admin
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Least
from django.db.models.lookups import Exact, GreaterThan, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FrameworkVersion, Question, Status
from .pagecache.generation import bump_content_generation

# Below every real sort key: "checked against nothing" is older than any version.
_NO_VERSION = Value(-1)


def due_q(*, now=None) -> Q:
    """The condition "due for review" on `Question` rows, for `filter()` and `Count(filter=)`.

    Never NULL, so `~due_q()` is exactly the questions that are not due.
    """
    return Q(status=Status.PUBLISHED) & (
        Q(last_reviewed_at__isnull=True) | _interval_passed(now) | _newer_version_out()
    )


def due_for_review(queryset: QuerySet, *, now=None) -> QuerySet:
    """The questions of `queryset` that are due for review."""
    return queryset.filter(due_q(now=now))


def _interval_passed(now) -> Q:
    """The topic's interval, in calendar months, has passed since the last review.

    Exact months, as editors count them: reviewed on 15 March, due on 15 March a
    year later at the same time; reviewed on 31 January with a one-month interval,
    due at the end of February. That is, the months between the two dates exceed
    the interval, or equal it and the review's day and time of the month have come
    again (its day clipped to the length of this month). Months of 30.44 days would
    drift a day or so from the date an editor expects.
    """
    now = timezone.localtime(now or timezone.now())
    last = "last_reviewed_at"
    interval = F("topic__review_interval_months")
    months = Value(now.year * 12 + now.month) - (ExtractYear(last) * 12 + ExtractMonth(last))
    days_this_month = calendar.monthrange(now.year, now.month)[1]
    day = Least(ExtractDay(last), Value(days_this_month))
    anniversary_reached = Q(LessThan(day, now.day)) | Q(
        Exact(day, now.day), **{f"{last}__time__lte": now.time()}
    )
    return Q(GreaterThan(months, interval)) | (Q(Exact(months, interval)) & anniversary_reached)


def _newer_version_out() -> Q:
    """The framework has a version newer than any of its versions the question was checked against.

    A question checked against none of its framework's versions is due as soon as
    the framework has one.
    """
    versions = FrameworkVersion.objects.filter(framework=OuterRef("framework")).order_by(
        "-sort_key"
    )
    newest = Subquery(versions.values("sort_key")[:1])
    newest_checked = Subquery(versions.filter(questions=OuterRef("pk")).values("sort_key")[:1])
    return Q(GreaterThan(Coalesce(newest, _NO_VERSION), Coalesce(newest_checked, _NO_VERSION)))


@transaction.atomic
def mark_reviewed(*, questions, user, now=None, against_newest: bool = False) -> int:
    """Record that `user` reviewed `questions` (a queryset or Question instances) at `now`.

    With `against_newest`, also record the newest version of each question's
    framework as checked: a reviewer who confirms an answer today confirms it
    for the version that is out today. Approving an editor's changes leaves the
    versions as the editor stated them.
    """
    now = now or timezone.now()
    if isinstance(questions, QuerySet):
        instances = []
        pks = list(questions.values_list("pk", flat=True))
    else:
        instances = list(questions)
        pks = [question.pk for question in instances]
    count = Question.objects.filter(pk__in=pks).update(last_reviewed_at=now, last_reviewed_by=user)
    for question in instances:
        question.last_reviewed_at, question.last_reviewed_by = now, user
    if against_newest:
        _check_against_newest(pks)
    # update() sends no signal: the trust line on cached public pages must change too.
    bump_content_generation()
    return count


def _check_against_newest(question_pks):
    questions = Question.objects.filter(pk__in=question_pks)
    newest = {}
    for version in FrameworkVersion.objects.filter(
        framework__in=questions.values("framework")
    ).order_by("framework", "-sort_key"):
        newest.setdefault(version.framework_id, version.pk)
    Through = Question.checked_versions.through
    Through.objects.bulk_create(
        [
            Through(question_id=pk, frameworkversion_id=newest[framework_id])
            for pk, framework_id in questions.values_list("pk", "framework")
            if framework_id in newest
        ],
        ignore_conflicts=True,
    )


class DueForReviewFilter(admin.SimpleListFilter):
    title = _("due for review")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("yes", _("Due for review")), ("no", _("Not due"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return due_for_review(queryset)
        if self.value() == "no":
            return queryset.exclude(due_q())
        return queryset
