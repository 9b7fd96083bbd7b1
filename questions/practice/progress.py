"""Reads of a reader's own bookmarks, progress and notes, always scoped to that reader.

Every function takes the user explicitly and filters on it, so one reader's marks can
never leak into another's pages; anonymous users get empty answers, not errors.
"""

from django.db.models import Count, Exists, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from questions.models import Difficulty, published_q

from .models import Bookmark, Note, Progress, ProgressState, ReviewCard

# The `progress=` filter values: the states, plus bookmarked questions.
BOOKMARKED = "bookmarked"
PROGRESS_FILTER_CHOICES = [*ProgressState.choices, (BOOKMARKED, _("Bookmarked"))]


def with_reader_state(questions, user, *, note=False):
    """Annotate `reader_state` ("new", "learning", "known") and `reader_bookmarked`.

    Also `reader_in_reviews` (in the reader's spaced-repetition reviews), and with
    `note=True` `reader_note` (the text, "" without one). Subqueries keep the number
    of queries the same whatever the page size.
    """
    if not user.is_authenticated:
        annotations = {
            "reader_state": Value(ProgressState.NEW),
            "reader_bookmarked": Value(False),
            "reader_in_reviews": Value(False),
        }
        if note:
            annotations["reader_note"] = Value("")
        return questions.annotate(**annotations)
    mine = {"user": user, "question": OuterRef("pk")}
    annotations = {
        "reader_state": Coalesce(
            Subquery(Progress.objects.filter(**mine).values("state")[:1]),
            Value(ProgressState.NEW),
        ),
        "reader_bookmarked": Exists(Bookmark.objects.filter(**mine)),
        "reader_in_reviews": Exists(ReviewCard.objects.filter(**mine)),
    }
    if note:
        annotations["reader_note"] = Coalesce(
            Subquery(Note.objects.filter(**mine).values("text")[:1]),
            Value(""),
            output_field=TextField(),
        )
    return questions.annotate(**annotations)


def filter_by_progress(questions, user, value):
    """Narrow `questions` to the reader's new, learning, known or bookmarked ones."""
    mine = {"user": user, "question": OuterRef("pk")}
    if value == BOOKMARKED:
        return questions.filter(Exists(Bookmark.objects.filter(**mine)))
    if value == ProgressState.NEW:
        return questions.exclude(Exists(Progress.objects.filter(**mine)))
    return questions.filter(Exists(Progress.objects.filter(state=value, **mine)))


def progress_by_difficulty(user, questions):
    """Known and learning counts out of the total of `questions`, per difficulty, in one query.

    Returns one dict per difficulty level (label, total, known, learning) and a `total`
    dict for all levels together.
    """
    mine = {"user": user, "question": OuterRef("pk")}
    known = Exists(Progress.objects.filter(state=ProgressState.KNOWN, **mine))
    learning = Exists(Progress.objects.filter(state=ProgressState.LEARNING, **mine))
    rows = {
        row["difficulty"]: row
        for row in questions.order_by()
        .values("difficulty")
        .annotate(
            total=Count("pk"),
            known=Count("pk", filter=known),
            learning=Count("pk", filter=learning),
        )
    }
    levels = []
    for level in Difficulty:
        row = rows.get(level, {})
        levels.append(
            {
                "difficulty": level.value,
                "label": level.label,
                "total": row.get("total", 0),
                "known": row.get("known", 0),
                "learning": row.get("learning", 0),
            }
        )
    total = {key: sum(level[key] for level in levels) for key in ("total", "known", "learning")}
    return {"levels": levels, "total": total}


def reader_counts(user):
    """How many published questions the reader knows, is learning and has bookmarked.

    Keyed by the `progress=` filter value that lists them.
    """
    visible = published_q("question__")
    by_state = dict(
        Progress.objects.filter(visible, user=user)
        .order_by()
        .values_list("state")
        .annotate(count=Count("pk"))
    )
    return {
        ProgressState.KNOWN: by_state.get(ProgressState.KNOWN, 0),
        ProgressState.LEARNING: by_state.get(ProgressState.LEARNING, 0),
        BOOKMARKED: Bookmark.objects.filter(visible, user=user).count(),
    }
