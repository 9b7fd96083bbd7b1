"""Give the groups the editorial workflow's permissions (revisions, reports, versions).

Editors no longer rename live frameworks; they may delete answers, which on a
published question is only a pending change.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

_CONTENT = ("topic", "question", "answer", "frameworkversion")
_EDITING = [
    *(f"{action}_{model}" for model in _CONTENT for action in ("view", "add", "change")),
    "view_framework",
    "add_framework",
    "delete_answer",
]
_PUBLISHING = [
    *_EDITING,
    "change_framework",
    *(f"delete_{model}" for model in ("topic", "framework", "question", "frameworkversion")),
    "publish_question",
]
GROUP_PERMISSIONS = {
    "Readers": {},
    "Editors": {
        "questions": _EDITING,
        "revisions": ["view_revision"],
        "reports": ["view_report", "change_report"],
    },
    "Publishers": {
        "questions": _PUBLISHING,
        "revisions": ["view_revision"],
        "reports": ["view_report", "change_report", "delete_report"],
    },
}


def set_permissions(apps, schema_editor, matrix):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in matrix.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codenames in by_app.items():
            permissions = list(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
            missing = set(codenames) - {permission.codename for permission in permissions}
            if missing:
                raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
            wanted += permissions
        group.permissions.set(wanted)


def forwards(apps, schema_editor):
    set_permissions(apps, schema_editor, GROUP_PERMISSIONS)


def backwards(apps, schema_editor):
    previous = {
        "Readers": {},
        "Editors": {
            "questions": [
                f"{action}_{model}"
                for model in ("topic", "framework", "question", "answer")
                for action in ("view", "add", "change")
            ]
        },
        "Publishers": {
            "questions": [
                f"{action}_{model}"
                for model in ("topic", "framework", "question", "answer")
                for action in ("view", "add", "change", "delete")
            ]
            + ["publish_question"]
        },
    }
    set_permissions(apps, schema_editor, previous)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_move_reader_marks"),
        # After the marks' content types moved, so that unapplying this one (which
        # creates permissions) never brings back the old ones.
        ("practice", "0002_rename_tables"),
        ("questions", "0004_editorial_workflow"),
        ("revisions", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
