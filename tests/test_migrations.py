"""Every migration applies forwards, back to zero and forwards again, on SQLite and PostgreSQL."""

import json
import os

import pytest

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


# Also a child process: it walks the migrations of the reader's marks' move
# (accounts 0004, practice 0001-0002) over tables that hold rows.
MARKS_MOVE = """
import json

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

BEFORE_THE_MOVE = [("accounts", "0003_reader_progress"), ("questions", "0003_list_indexes")]
MARKS = ("bookmark", "note", "progress")
MARK_TABLES = [f"{app_label}_{model}" for app_label in ("accounts", "practice") for model in MARKS]


def migrate_to_before_the_move():
    call_command("migrate", "practice", "zero", verbosity=0)
    for app_label, name in BEFORE_THE_MOVE:
        call_command("migrate", app_label, name, verbosity=0)


def add_rows():
    old = MigrationLoader(connection).project_state(BEFORE_THE_MOVE).apps
    user = old.get_model("accounts", "User").objects.create(id=31, username="reader")
    question = old.get_model("questions", "Question").objects.create(
        id=32,
        title="What does reverse() do?",
        slug="what-does-reverse-do",
        topic=old.get_model("questions", "Topic").objects.create(name="Routing", slug="routing"),
        framework=old.get_model("questions", "Framework").objects.create(
            name="Django", slug="django"
        ),
    )
    marks = {"user": user, "question": question}
    old.get_model("accounts", "Bookmark").objects.create(id=41, **marks)
    old.get_model("accounts", "Progress").objects.create(id=42, state="known", **marks)
    old.get_model("accounts", "Note").objects.create(id=43, text="Names, not paths.", **marks)


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def state():
    tables = connection.introspection.table_names()
    marks = ", ".join(f"'{model}'" for model in MARKS)
    return {
        "tables": {
            table: rows(f"SELECT * FROM {table} ORDER BY id")
            for table in sorted(tables)
            if table in MARK_TABLES
        },
        "content_types": rows(
            f"SELECT id, app_label, model FROM django_content_type WHERE model IN ({marks})"
            " AND app_label IN ('accounts', 'practice') ORDER BY id"
        ),
        "permissions": rows(
            "SELECT auth_permission.id, codename, app_label FROM auth_permission"
            " JOIN django_content_type ON content_type_id = django_content_type.id"
            f" WHERE model IN ({marks}) AND app_label IN ('accounts', 'practice')"
            " ORDER BY auth_permission.id"
        ),
        "applied": sorted(
            ".".join(key)
            for key in MigrationRecorder(connection).applied_migrations()
            if key[0] in ("accounts", "practice", "questions")
        ),
    }


def read_with_the_models():
    return {
        model: list(apps.get_model("practice", model).objects.values().order_by("id"))
        for model in MARKS
    }


migrate_to_before_the_move()
add_rows()
before = state()
call_command("migrate", verbosity=0)
after = state()
models = read_with_the_models()
migrate_to_before_the_move()
back = state()
call_command("migrate", verbosity=0)
print(json.dumps({
    "before": before,
    "after": after,
    "models": models,
    "back": back,
    "again": state(),
}, default=str))
"""


@pytest.fixture(scope="module")
def marks_move(tmp_path_factory):
    """The state of the marks before the move, after it, back and after it again."""
    with scratch_database(tmp_path_factory.mktemp("marks")) as url:
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        return json.loads(manage("shell", "--no-imports", "-c", MARKS_MOVE, env=env))


def test_the_readers_marks_move_to_practice_with_their_rows_and_back(marks_move):
    before, after = marks_move["before"], marks_move["after"]

    assert "accounts.0003_reader_progress" in before["applied"]
    assert not any(name.startswith(("practice.", "accounts.0004")) for name in before["applied"])
    assert {table: [row["id"] for row in rows] for table, rows in before["tables"].items()} == {
        "accounts_bookmark": [41],
        "accounts_note": [43],
        "accounts_progress": [42],
    }
    assert before["tables"]["accounts_progress"][0]["state"] == "known"
    assert before["tables"]["accounts_note"][0]["text"] == "Names, not paths."

    # Forwards: the same rows in the renamed tables, and today's models read them.
    assert after["tables"] == {
        table.replace("accounts_", "practice_"): rows for table, rows in before["tables"].items()
    }
    read = marks_move["models"]
    assert {model: [row["id"] for row in rows] for model, rows in read.items()} == {
        "bookmark": [41],
        "note": [43],
        "progress": [42],
    }
    assert {(row["user_id"], row["question_id"]) for rows in read.values() for row in rows} == {
        (31, 32)
    }

    # Backwards: the rows are where they started; forwards again: the same again.
    for key in ["tables", "applied"]:
        assert marks_move["back"][key] == before[key]
        assert marks_move["again"][key] == after[key]


def test_the_marks_content_types_and_permissions_move_with_them_and_back(marks_move):
    before, after = marks_move["before"], marks_move["after"]
    assert [row["app_label"] for row in before["content_types"]] == ["accounts"] * 3
    assert len(before["permissions"]) == 12

    # Moved, not recreated: the same ids, so grants and admin log entries follow.
    assert after["content_types"] == [
        {**row, "app_label": "practice"} for row in before["content_types"]
    ]
    assert after["permissions"] == [
        {**row, "app_label": "practice"} for row in before["permissions"]
    ]
    assert marks_move["back"]["content_types"] == before["content_types"]
    assert marks_move["back"]["permissions"] == before["permissions"]
    assert marks_move["again"]["content_types"] == after["content_types"]
    assert marks_move["again"]["permissions"] == after["permissions"]
