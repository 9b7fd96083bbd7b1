"""A reader's note that a question or its answers are wrong, outdated or unclear.

Never shown publicly: only editors read and resolve reports.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_REPORT_LENGTH = 2000


class ReportKind(models.TextChoices):
    WRONG = "wrong", _("Wrong")
    OUTDATED = "outdated", _("Outdated")
    UNCLEAR = "unclear", _("Unclear")
    TYPO = "typo", _("Typo")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportStatus.OPEN)


class Report(models.Model):
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("question"),
    )
    kind = models.CharField(_("problem"), max_length=10, choices=ReportKind.choices)
    text = models.TextField(_("details"), max_length=MAX_REPORT_LENGTH)
    email = models.EmailField(_("email"), blank=True, help_text=_("Given by anonymous readers."))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporter"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    fixed_in = models.ForeignKey(
        "revisions.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fixed in revision"),
        help_text=_("The revision of the question that fixed what was reported."),
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["status", "-created_at"], name="report_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReportKind.values), name="report_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), MAX_REPORT_LENGTH),
                name="report_text_max_length",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.question}"


def open_reports_for(question):
    """The reports of `question` still waiting for an editor, newest first."""
    return Report.objects.open().filter(question=question)
