from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Question bank")

    def ready(self):
        from .pagecache import signals

        signals.connect_signals(self)
