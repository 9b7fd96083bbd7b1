"""Every migration applies forwards, back to zero and forwards again, on SQLite and PostgreSQL."""

import json
import os

from tests.servers import manage, on_postgresql, scratch_database

# Runs in a child process against a scratch database, so that taking every
# table down cannot disturb the suite's own test database.
ROUND_TRIP = """
import json

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def state():
    tables = connection.introspection.table_names()
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        "tables": sorted(name for name in tables if name != "django_migrations"),
        "applied": sorted(".".join(key) for key in applied),
    }


call_command("migrate", verbosity=0)
forwards = state()
call_command("migrate", "questions", "zero", verbosity=0)
without_questions = state()
call_command("migrate", "accounts", "zero", verbosity=0)
for app_label in sorted(MigrationLoader(connection).migrated_apps):
    call_command("migrate", app_label, "zero", verbosity=0)
zero = state()
call_command("migrate", verbosity=0)
print(json.dumps({
    "vendor": connection.vendor,
    "forwards": forwards,
    "without_questions": without_questions,
    "zero": zero,
    "again": state(),
    "groups": sorted(Group.objects.values_list("name", flat=True)),
}))
"""


def test_migrations_go_to_zero_and_back(tmp_path):
    with scratch_database(tmp_path) as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        result = json.loads(manage("shell", "--no-imports", "-c", ROUND_TRIP, env=env))

    assert result["vendor"] == ("postgresql" if on_postgresql() else "sqlite")
    forwards = result["forwards"]
    assert {"questions_question", "questions_answer", "accounts_user"} <= set(forwards["tables"])
    assert not any(name.startswith("questions_") for name in result["without_questions"]["tables"])
    assert "accounts_user" in result["without_questions"]["tables"]
    assert result["zero"] == {"tables": [], "applied": []}
    assert result["again"] == forwards
    assert result["groups"] == ["Editors", "Publishers", "Readers"]
