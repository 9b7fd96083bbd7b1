from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .models import Question

STALE_EDIT_MESSAGE = _(
    "Someone else saved this question since you opened it; reload to see their changes."
)


class QuestionAdminForm(forms.ModelForm):
    """The admin's question form, which refuses to overwrite a save made since it was opened.

    `version` carries the question's `updated_at` as the editor loaded it. Every
    save moves `updated_at` (answers are saved with their question, publishing
    updates it too), so a different value in the database means somebody else's
    work would be silently undone.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Question
        fields = [
            "topic",
            "framework",
            "difficulty",
            "title",
            "slug",
            "body",
            "status",
            "publish_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["version"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and not self._is_current(cleaned_data.get("version")):
            raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned_data

    def _is_current(self, version):
        try:
            opened = parse_datetime(version or "")
        except ValueError:
            return False
        # The admin saves inside a transaction: the row lock (on databases that
        # have one) keeps a second save from slipping in between this check and
        # our write. SQLite takes its write lock when the transaction begins.
        saved = (
            Question.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        return opened is not None and saved is not None and opened == saved
