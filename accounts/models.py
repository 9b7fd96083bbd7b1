from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: a reader, an editor, a publisher or an administrator.

    Custom from the first migration so that profile fields can be added later
    without the painful swap of `AUTH_USER_MODEL` on a live database.
    """

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
