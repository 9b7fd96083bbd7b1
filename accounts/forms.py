from django import forms
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import STAFF_GROUPS


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]

    def validate_password_for_user(self, user, **kwargs):
        # "Too short" belongs under the password; only "they differ" under the confirmation.
        super().validate_password_for_user(user, password_field_name="password1")


class EmailForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email"]
        help_texts = {"email": _("Used only to reset your password. Leave empty to remove it.")}


class DeleteAccountForm(forms.Form):
    """Deleting an account takes its password: a left-open session is not enough."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autofocus": True})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="password_incorrect")
        return password


class UserAdminChangeForm(UserChangeForm):
    """The admin's user form, on which staff status and the staff groups cannot disagree.

    `accounts.signals` follows group changes; this covers a save that leaves the
    groups as they were, which sends no signal.
    """

    class Meta(UserChangeForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_staff" in self.fields:
            self.fields["is_staff"].help_text = _(
                "Whether the user can log into the admin. Set for members of Editors and "
                "Publishers, who work there."
            )

    def clean(self):
        cleaned_data = super().clean()
        groups = cleaned_data.get("groups") or ()
        if cleaned_data.get("is_staff") or not any(g.name in STAFF_GROUPS for g in groups):
            return cleaned_data
        if "is_staff" in self.changed_data:
            self.add_error(
                "is_staff",
                _(
                    "Members of Editors or Publishers work in the admin, so they are staff. "
                    "Remove the user from those groups to take staff status away."
                ),
            )
        else:
            cleaned_data["is_staff"] = True
        return cleaned_data
