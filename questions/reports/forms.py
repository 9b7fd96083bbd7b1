from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_REPORT_LENGTH, Report, ReportKind


class ReportForm(forms.ModelForm):
    """What a reader tells the editors; the email only when we cannot tell who they are."""

    # Declared so the radios offer no blank "---------" choice.
    kind = forms.ChoiceField(
        label=_("What is the problem?"), choices=ReportKind.choices, widget=forms.RadioSelect
    )
    # A trap for bots, which fill in every field they find. People never see it:
    # the page hides it with CSS and from screen readers.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Report
        fields = ["kind", "text", "email"]
        labels = {
            "text": _("What should change?"),
            "email": _("Your email (optional)"),
        }
        help_texts = {
            "email": _("Only if you would like an editor to write back. Never shown or shared."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "At most %(max)s characters. Editors read every report; it is never shown on the site."
        ) % {"max": f"{MAX_REPORT_LENGTH:,}"}
        if user.is_authenticated:
            # A reader is known by their account; an email typed here would go unused.
            del self.fields["email"]

    def written_fields(self):
        """The fields typed in, in order; the page lays out the kind and the trap apart."""
        return [self[name] for name in ("text", "email") if name in self.fields]

    def caught_a_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))
