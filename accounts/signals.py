"""Staff status follows membership of the staff groups, however the membership changes.

The admin lets in only staff, so an editor without `is_staff` would see the
"Admin" links and then be refused with a login error. Joining Editors or
Publishers makes a user staff; leaving the last of them takes staff status away
(never from a superuser). Staff who were never in those groups keep their flag.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed

from .roles import STAFF_GROUPS


def connect_signals():
    User = get_user_model()
    m2m_changed.connect(
        groups_changed, sender=User.groups.through, dispatch_uid="accounts.staff_from_groups"
    )


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Sync `is_staff` after `user.groups` or `group.user_set` is added to, removed or cleared."""
    if action == "pre_clear":
        # post_clear reports no pk_set: note now who (or what) is being cleared.
        related = instance.user_set if reverse else instance.groups
        instance._cleared_pks = set(related.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_cleared_pks", set())
    elif action not in ("post_add", "post_remove"):
        return
    user_pks, group_pks = (pk_set, {instance.pk}) if reverse else ({instance.pk}, pk_set)
    if not user_pks or not Group.objects.filter(pk__in=group_pks, name__in=STAFF_GROUPS).exists():
        return
    User = get_user_model()
    users = User.objects.filter(pk__in=user_pks)
    if action == "post_add":
        users.filter(is_staff=False).update(is_staff=True)
    else:
        users.filter(is_staff=True, is_superuser=False).exclude(
            groups__name__in=STAFF_GROUPS
        ).update(is_staff=False)
    if not reverse:
        instance.refresh_from_db(fields=["is_staff"])
