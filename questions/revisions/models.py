"""One row per change to a question (with its answers) or a topic, with the full content.

A revision keeps the object's kind and id rather than a foreign key, so that the
history of a deleted question outlives it and can bring it back.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    QUESTION = "question", _("question")
    TOPIC = "topic", _("topic")


class Action(models.TextChoices):
    CREATED = "created", _("Created")
    SAVED = "saved", _("Saved")
    PENDING = "pending", _("Saved as pending changes")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Changes approved")
    PUBLISHED = "published", _("Published")
    SCHEDULED = "scheduled", _("Scheduled")
    UNPUBLISHED = "unpublished", _("Unpublished")
    REVIEWED = "reviewed", _("Marked reviewed")
    REVERTED = "reverted", _("Reverted")
    IMPORTED = "imported", _("Imported")
    RESTORED = "restored", _("Restored from a bank export")
    DELETED = "deleted", _("Deleted")
    RECOVERED = "recovered", _("Recovered")


class RevisionQuerySet(models.QuerySet):
    def of(self, obj):
        """The revisions of a question or topic, newest first."""
        return self.filter(kind=obj._meta.model_name, object_id=obj.pk)

    def deleted(self, kind: str = Kind.QUESTION):
        """The last revision of each deleted object of `kind`, when it was its deletion."""
        latest = (
            self.filter(kind=kind, object_id=models.OuterRef("object_id"))
            .order_by("-created_at", "-pk")
            .values("pk")[:1]
        )
        return self.filter(kind=kind, action=Action.DELETED, pk=models.Subquery(latest))


class Revision(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("title"), max_length=300)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # The whole content as the action left it (for pending changes: the pending
    # version). See `questions.revisions.snapshot` for the shape.
    data = models.JSONField(_("content"))

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [
            models.Index(fields=["kind", "object_id", "-created_at"], name="revision_history"),
            models.Index(fields=["kind", "action"], name="revision_action"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="revision_kind"),
            models.CheckConstraint(
                condition=models.Q(action__in=Action.values), name="revision_action_valid"
            ),
        ]

    def __str__(self):
        return f"{self.object_repr}: {self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
