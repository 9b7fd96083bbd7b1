from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """Practice, mock interviews and the reader's marks: the candidate's side of the bank.

    An app of its own (label `practice`) because it has models: the reader's
    bookmarks, progress, notes and spaced-repetition reviews.
    """

    name = "questions.practice"
    label = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .mock import restore_session_age

        user_logged_in.connect(restore_session_age, dispatch_uid="practice.restore_session_age")
