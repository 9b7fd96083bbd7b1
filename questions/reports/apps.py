from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Readers' reports of wrong, outdated or unclear answers, for editors to resolve."""

    name = "questions.reports"
    label = "reports"
    verbose_name = _("Reports")
