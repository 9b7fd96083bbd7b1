from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .mock import MOCK_MAX_MINUTES, MOCK_MAX_QUESTIONS
from .models import NOTE_MAX_LENGTH


class MockInterviewForm(forms.Form):
    """How long a mock interview is; which questions it draws from is a PracticeFilter."""

    questions = forms.IntegerField(
        label=_("Number of questions"),
        min_value=1,
        max_value=MOCK_MAX_QUESTIONS,
        initial=5,
        help_text=format_lazy(_("From 1 to {max}."), max=MOCK_MAX_QUESTIONS),
    )
    minutes = forms.IntegerField(
        label=_("Minutes per question"),
        min_value=1,
        max_value=MOCK_MAX_MINUTES,
        initial=3,
        help_text=format_lazy(
            _("From 1 to {max}. You may go over time; the summary shows by how much."),
            max=MOCK_MAX_MINUTES,
        ),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your private note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you can see it. Save it empty to delete it."),
    )
