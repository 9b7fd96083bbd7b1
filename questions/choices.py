"""The fixed vocabularies of the CMS: difficulty, status, review state and state.

They import no models, so anything (templates tags, the importer, the bank's
schema, migrations) can read them without loading the app's models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


# The scale is ordered; the rank is stored so lists can sort by it with an index.
DIFFICULTY_RANK = {Difficulty.BEGINNER: 1, Difficulty.INTERMEDIATE: 2, Difficulty.ADVANCED: 3}


class Status(models.TextChoices):
    """What readers see: a draft never, a published question once its date has come."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ReviewState(models.TextChoices):
    """Where the editable version (a draft, or a published question's pending changes) is."""

    EDITING = "editing", _("Being edited")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class State(models.TextChoices):
    """The one label editors see, from status, date, review state and pending changes."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Published, changes pending")
