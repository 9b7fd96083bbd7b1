from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Question

STALE_EDIT_MESSAGE = _(
    "Someone else saved this question since you opened it. Your text is kept below; "
    "the differences from what is saved now are listed above it. Copy what you need, "
    "then reload to edit the current version."
)


class QuestionAdminForm(forms.ModelForm):
    """The admin's question form, which refuses to overwrite a save made since it was opened.

    `version` carries the question's `updated_at` and its pending revision as the
    editor loaded them. Every live save moves `updated_at` and every pending save
    the pending revision, so a different value in the database means somebody
    else's work would be silently undone.
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
            "checked_versions",
            "status",
            "publish_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["version"] = version_of(
                self.instance.updated_at, self.instance.pending_revision_id
            )
        if hasattr(self.instance, "pending_versions"):
            self.initial["checked_versions"] = self.instance.pending_versions

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and not self._is_current(cleaned_data.get("version")):
            raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned_data

    def _is_current(self, version):
        # The admin saves inside a transaction: the row lock (on databases that
        # have one) keeps a second save from slipping in between this check and
        # our write. SQLite takes its write lock when the transaction begins.
        saved = (
            Question.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", "pending_revision")
            .first()
        )
        return saved is not None and version == version_of(*saved)


def version_of(updated_at, pending_revision_id) -> str:
    """What the form's hidden `version` holds for a question saved at `updated_at`."""
    return f"{updated_at.isoformat()}/{pending_revision_id or 0}"
