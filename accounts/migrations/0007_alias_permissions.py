"""Publishers manage former slugs (redirects to merged questions); editors may see them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALIAS = [f"{action}_questionalias" for action in ("add", "change", "delete")]


def _permissions(apps, codenames):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    found = list(
        Permission.objects.filter(content_type__app_label="questions", codename__in=codenames)
    )
    if len(found) != len(codenames):
        raise RuntimeError(f"Permissions missing: {sorted(codenames)}")
    return found


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    editors.permissions.add(*_permissions(apps, ["view_questionalias"]))
    publishers.permissions.add(*_permissions(apps, ["view_questionalias", *ALIAS]))


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    aliases = Permission.objects.filter(codename__endswith="_questionalias")
    for group in Group.objects.filter(name__in=["Editors", "Publishers"]):
        group.permissions.remove(*aliases)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_staff_from_groups"),
        ("questions", "0006_question_aliases"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
