from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: backups of the whole database, answers while it is away or full."""

    name = "config.ops"
    label = "ops"
    verbose_name = _("Operations")
