"""What readers keep about questions: bookmarks, progress, private notes and reviews.

The tables were created by `accounts` (migration 0003) and moved here without
copying a row (see this app's migrations).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _


class ProgressState(models.TextChoices):
    """How well a reader knows a question; "new" is stored as the absence of a row."""

    NEW = "new", _("New")
    LEARNING = "learning", _("Learning")
    KNOWN = "known", _("Known")


NOTE_MAX_LENGTH = 2000


class ReaderMark(models.Model):
    """What one reader keeps about one question: private to that reader."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("reader")
    )
    question = models.ForeignKey(
        "questions.Question", on_delete=models.CASCADE, verbose_name=_("question")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-updated_at", "-id"]

    def get_absolute_url(self):
        return self.question.get_absolute_url()


class Bookmark(ReaderMark):
    class Meta(ReaderMark.Meta):
        default_related_name = "bookmarks"
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="bookmark_once_per_reader")
        ]

    def __str__(self):
        return f"{self.user} ★ {self.question}"


class Progress(ReaderMark):
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=[c for c in ProgressState.choices if c[0] != ProgressState.NEW],
        help_text=_("A question without a row is new to the reader."),
    )

    class Meta(ReaderMark.Meta):
        default_related_name = "reader_progress"
        verbose_name = _("progress")
        verbose_name_plural = _("progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="progress_once_per_reader"),
            models.CheckConstraint(
                condition=models.Q(state__in=[ProgressState.LEARNING, ProgressState.KNOWN]),
                name="progress_state_valid",
            ),
        ]
        indexes = [models.Index(fields=["user", "state"], name="progress_user_state")]

    def __str__(self):
        return f"{self.user}: {self.question} ({self.get_state_display()})"


class Note(ReaderMark):
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)

    class Meta(ReaderMark.Meta):
        default_related_name = "notes"
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="note_once_per_reader"),
            models.CheckConstraint(condition=~models.Q(text=""), name="note_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), NOTE_MAX_LENGTH), name="note_max_length"
            ),
        ]

    def __str__(self):
        return f"{self.user}: note on {self.question}"


class ReviewRating(models.IntegerChoices):
    """How well a reader recalled a question in a review: FSRS's four ratings."""

    AGAIN = 1, _("Again")
    HARD = 2, _("Hard")
    GOOD = 3, _("Good")
    EASY = 4, _("Easy")


class ReviewSource(models.TextChoices):
    """Where a review came from: all of them feed the same schedule."""

    REVIEW = "review", _("Review")
    PROGRESS = "progress", _("Progress mark")
    MOCK = "mock", _("Mock interview")


class CardState(models.IntegerChoices):
    """Where a review card is in FSRS: numbered as `fsrs.State`, so values map one to one."""

    LEARNING = 1, _("Learning")
    REVIEW = 2, _("Review")
    RELEARNING = 3, _("Relearning")


class ReviewCard(ReaderMark):
    """A question in one reader's spaced-repetition reviews, with its FSRS schedule.

    The schedule fields are a cache: the reader's `ReviewLog` rows for the question,
    replayed from `created_at` (see `reviews.replay`), give the same values.
    """

    state = models.PositiveSmallIntegerField(
        _("FSRS state"), choices=CardState.choices, default=CardState.LEARNING
    )
    step = models.PositiveSmallIntegerField(
        _("learning step"), null=True, blank=True, default=0, help_text=_("None once in review.")
    )
    stability = models.FloatField(_("stability"), null=True, blank=True)
    difficulty = models.FloatField(_("FSRS difficulty"), null=True, blank=True)
    due = models.DateTimeField(_("due"), help_text=_("When the question next comes up (UTC)."))
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)

    class Meta(ReaderMark.Meta):
        default_related_name = "review_cards"
        ordering = ["due", "id"]
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], name="review_card_once_per_reader"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=CardState.values), name="review_card_state_valid"
            ),
        ]
        # "What is due for this reader", the review page's and the header's query.
        indexes = [models.Index(fields=["user", "due"], name="review_card_user_due")]

    def __str__(self):
        return f"{self.user}: {self.question} (due {self.due:%Y-%m-%d %H:%M})"


class ReviewLog(models.Model):
    """One review of one question by one reader: the record the schedule is replayed from.

    Kept when the question is unpublished, so its history stays.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("reader")
    )
    question = models.ForeignKey(
        "questions.Question", on_delete=models.CASCADE, verbose_name=_("question")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=ReviewRating.choices)
    reviewed_at = models.DateTimeField(_("reviewed at"), help_text=_("UTC."))
    source = models.CharField(
        _("source"), max_length=10, choices=ReviewSource.choices, default=ReviewSource.REVIEW
    )

    class Meta:
        default_related_name = "review_logs"
        ordering = ["reviewed_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=4), name="review_log_rating_valid"
            ),
        ]
        indexes = [
            # The profile's charts, and a question's history to replay.
            models.Index(fields=["user", "reviewed_at"], name="review_log_user_time"),
            models.Index(fields=["user", "question", "reviewed_at"], name="review_log_replay"),
        ]

    def __str__(self):
        return f"{self.user}: {self.question} {self.get_rating_display()} at {self.reviewed_at}"
