"""Spaced-repetition reviews (FSRS): adding questions, recording reviews, what is due.

Every review is kept as a `ReviewLog` row, the source of truth; a `ReviewCard` holds
the schedule derived from them, so pages read one indexed row. The scheduler runs
without fuzzing, so replaying a card's reviews gives exactly its stored schedule.

Every function takes the reader explicitly and a `now` (UTC) that defaults to the
clock, so tests can fix time. Only published questions are added or come due; an
unpublished question's card and history stay, and come back if it is published again.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questions.models import Question, published_q

from .mock import Result
from .models import ProgressState, ReviewCard, ReviewLog, ReviewRating, ReviewSource

# How many questions one "add to my reviews" may add: a whole topic or a filtered
# list fits; the whole bank at once would bury the reader under due questions.
MAX_ADD = 500

SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)

# What the existing marks say about recall, as an FSRS rating. Marking a question
# known is a confident recall; learning, like "I did not" in a mock interview, a lapse.
PROGRESS_RATINGS = {
    ProgressState.KNOWN: ReviewRating.EASY,
    ProgressState.LEARNING: ReviewRating.AGAIN,
}
MOCK_RATINGS = {Result.KNEW: ReviewRating.GOOD, Result.MISSED: ReviewRating.AGAIN}

# The keys practice.js binds to the rating buttons (data-shortcut), as Anki has them.
RATING_KEYS = {
    ReviewRating.AGAIN: "1",
    ReviewRating.HARD: "2",
    ReviewRating.GOOD: "3",
    ReviewRating.EASY: "4",
}


def _now(now=None) -> datetime:
    return _utc(now or timezone.now())


def _utc(moment: datetime) -> datetime:
    # fsrs insists on datetime.UTC itself; databases may hand back another UTC tzinfo.
    return moment.astimezone(UTC)


def visible_cards(user):
    """The reader's cards on published questions: the only ones that come due."""
    return ReviewCard.objects.filter(published_q("question__"), user=user)


def due_cards(user, now=None):
    """The reader's cards due at `now`, the longest overdue first."""
    return visible_cards(user).filter(due__lte=_now(now)).order_by("due", "pk")


def due_count(user, now=None) -> int:
    """How many questions are due for the reader: one COUNT, 0 for anonymous visitors."""
    if not user.is_authenticated:
        return 0
    return due_cards(user, now).count()


def next_due(user, now=None) -> datetime | None:
    """When the reader's next question comes due after `now`, or None without one."""
    card = visible_cards(user).filter(due__gt=_now(now)).order_by("due").only("due").first()
    return card.due if card else None


@dataclass
class Added:
    """What `add_to_reviews` did: how many were added, were already there, or too many."""

    added: int = 0
    already: int = 0
    too_many: bool = False


def add_to_reviews(*, user, questions, now=None) -> Added:
    """Add the published ones of `questions` to the reader's reviews, due at once.

    Questions already in them keep their schedule. More than `MAX_ADD` at once adds
    nothing and says so (`too_many`).
    """
    now = _now(now)
    ids = list(
        questions.filter(published_q()).order_by("pk").values_list("pk", flat=True)[: MAX_ADD + 1]
    )
    if len(ids) > MAX_ADD:
        return Added(too_many=True)
    with transaction.atomic():
        have = set(
            ReviewCard.objects.filter(user=user, question__in=ids).values_list(
                "question_id", flat=True
            )
        )
        new = [pk for pk in ids if pk not in have]
        ReviewCard.objects.bulk_create(
            [ReviewCard(user=user, question_id=pk, due=now) for pk in new],
            ignore_conflicts=True,  # a second tab adding the same question at once
        )
    return Added(added=len(new), already=len(have))


def to_fsrs(card: ReviewCard) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.pk,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=_utc(card.last_review) if card.last_review else None,
    )


def _store(card: ReviewCard, scheduled: fsrs.Card):
    card.state = int(scheduled.state)
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = scheduled.last_review


def record_review(*, user, question, rating, now=None, source=ReviewSource.REVIEW) -> ReviewCard:
    """Log one review of `question` and reschedule it; adds the question if need be.

    `question` is a published Question (or its pk); `rating` one of `ReviewRating`.
    """
    now = _now(now)
    rating = ReviewRating(rating)
    question_id = getattr(question, "pk", question)
    with transaction.atomic():
        card, _created = ReviewCard.objects.select_for_update().get_or_create(
            user=user, question_id=question_id, defaults={"due": now}
        )
        scheduled, _log = SCHEDULER.review_card(to_fsrs(card), fsrs.Rating(rating), now)
        _store(card, scheduled)
        card.save()
        ReviewLog.objects.create(
            user=user, question_id=question_id, rating=rating, reviewed_at=now, source=source
        )
    return card


def record_progress(*, user, question, state, now=None):
    """Let a progress mark (known, learning) count as a review; "new" changes nothing."""
    if state in PROGRESS_RATINGS:
        record_review(
            user=user,
            question=question,
            rating=PROGRESS_RATINGS[state],
            now=now,
            source=ReviewSource.PROGRESS,
        )


def record_mock_answer(*, user, question_id, result, now=None):
    """Let a signed-in reader's mock interview answer count as a review of a published question."""
    if not user.is_authenticated or result not in MOCK_RATINGS:
        return
    if Question.objects.published().filter(pk=question_id).exists():
        record_review(
            user=user,
            question=question_id,
            rating=MOCK_RATINGS[result],
            now=now,
            source=ReviewSource.MOCK,
        )


def replay(card: ReviewCard) -> fsrs.Card:
    """The card's schedule computed again from its review logs alone."""
    logs = ReviewLog.objects.filter(user=card.user_id, question=card.question_id)
    scheduled = fsrs.Card(card_id=card.pk, due=_utc(card.created_at))
    for log in logs.order_by("reviewed_at", "pk"):
        scheduled, _log = SCHEDULER.review_card(
            scheduled, fsrs.Rating(log.rating), _utc(log.reviewed_at)
        )
    return scheduled


def rating_choices(card: ReviewCard, now=None):
    """(rating, label, key, interval) for each button: when each rating would bring it back."""
    now = _now(now)
    current = to_fsrs(card)
    choices = []
    for rating in ReviewRating:
        scheduled, _log = SCHEDULER.review_card(current, fsrs.Rating(rating), now)
        choices.append(
            (rating.value, rating.label, RATING_KEYS[rating], interval_label(scheduled.due - now))
        )
    return choices


def interval_label(interval: timedelta) -> str:
    """A short "10 min", "3 h", "12 d", "4 mo" for how far a date is."""
    minutes = max(1, round(interval.total_seconds() / 60))
    if minutes < 60:
        return _("%(n)d min") % {"n": minutes}
    if minutes < 60 * 24:
        return _("%(n)d h") % {"n": round(minutes / 60)}
    days = round(minutes / (60 * 24))
    if days < 31:
        return _("%(n)d d") % {"n": days}
    if days < 365:
        return _("%(n)d mo") % {"n": round(days / 30)}
    return _("%(n).1f y") % {"n": days / 365}
