from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    """The history of every question and topic: who changed what, when, and the content."""

    name = "questions.revisions"
    label = "revisions"
    verbose_name = _("Revisions")
