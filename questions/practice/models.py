"""What readers keep about questions: bookmarks, progress and private notes.

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
