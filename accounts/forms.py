import re

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import STAFF_GROUPS

USERNAME_CHARACTERS = re.compile(r"[A-Za-z0-9@.+_-]+\Z")


class UsernameRulesMixin:
    """A new or changed username: ASCII only, and unique whatever its case.

    The model allows any Unicode letter, so `re\u0430der` (a Cyrillic \u0430) or
    `admin\u0456` would pass for `reader` or `admin`. The username field has already
    applied NFKC, which turns fullwidth and other compatibility forms into plain
    letters; what is left outside ASCII (other alphabets, zero-width and direction
    marks) is refused, and ASCII names compare without case. Names given before
    the rule are left as they are until someone changes them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            self.fields["username"].help_text = _(
                "Required. 150 characters or fewer. Letters a-z, digits and @ . + - _ only."
            )

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if not username or (self.instance.pk and username == self.instance.username):
            return username
        if not USERNAME_CHARACTERS.match(username):
            raise forms.ValidationError(
                _(
                    "Use only the letters a-z, digits and @ . + - _ (letters of other "
                    "alphabets can look exactly like these, and pass for someone else's name)."
                ),
                code="invalid",
            )
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                self.instance.unique_error_message(User, ["username"]), code="unique"
            )
        return username


class SignupForm(UsernameRulesMixin, UserCreationForm):
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


class UserAdminCreationForm(UsernameRulesMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class UserAdminChangeForm(UsernameRulesMixin, UserChangeForm):
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
