"""Make staff every member of Editors or Publishers who is not staff yet.

From now on `accounts.signals` keeps the two in step; this repairs the users
put in the groups before it did (they saw "Admin" links and a login error).
Going back leaves the flags alone: the users were meant to be staff.
"""

from django.db import migrations

# The migration's own copy of `accounts.roles.STAFF_GROUPS`, as of this migration.
STAFF_GROUPS = ("Editors", "Publishers")


def make_group_members_staff(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(groups__name__in=STAFF_GROUPS, is_staff=False).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_editorial_roles")]

    operations = [migrations.RunPython(make_group_members_staff, migrations.RunPython.noop)]
