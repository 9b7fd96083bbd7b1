"""Export and restore of the whole bank: lossless, deterministic, all or nothing."""

import copy
import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from questions.bank import (
    FORMAT,
    VERSION,
    BankError,
    dump_bank,
    export_bank,
    export_bank_json,
    load_bank,
    restore_bank,
)
from questions.models import Answer, Framework, Question, Status, Topic
from tests.factories import make_editor, make_framework, make_publisher, make_topic


@pytest.fixture
def bank():
    """A small bank with every kind of value the export has to carry."""
    editor, publisher = make_editor("ed"), make_publisher("pub")
    django = make_framework("django", name="Django", position=10)
    fastapi = make_framework("fastapi", name="FastAPI \u26a1", position=50)
    orm = make_topic("ORM and databases", slug="orm", position=20, description="Rows.\r\nSQL.")
    async_topic = make_topic("Async \u00e9l\u00e8ves", slug="async", position=10)
    published = Question.objects.create(
        topic=orm,
        framework=django,
        difficulty="advanced",
        title="What is the N+1 problem?",
        slug="n-plus-one",
        body="Given:\n\n```python\nfor book in Book.objects.all():\n    book.author\n```",
        status=Status.PUBLISHED,
        author=publisher,
    )
    Answer.objects.create(question=published, body="One query per row.", position=1, author=editor)
    Answer.objects.create(question=published, body="Use `select_related`.", position=1)
    Answer.objects.create(question=published, body="Measure first \U0001f9ea.", position=0)
    Question.objects.create(
        topic=async_topic,
        framework=fastapi,
        title="When is async worth it?",
        slug="async-worth-it",
        status=Status.PUBLISHED,
        publish_at=datetime(2031, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        author=editor,
    )
    draft = Question.objects.create(
        topic=orm, framework=django, title="Draft: indexes?", slug="indexes", difficulty="beginner"
    )
    Answer.objects.create(question=draft, body="Later.", position=3, author=publisher)
    return {"editor": editor, "publisher": publisher}


def flush():
    """Empty the bank and its authors, like a fresh database."""
    Answer.objects.all().delete()
    Question.objects.all().delete()
    Topic.objects.all().delete()
    Framework.objects.all().delete()
    User.objects.all().delete()


def test_export_document_shape(bank):
    data = export_bank()
    assert list(data) == ["format", "version", "authors", "frameworks", "topics", "questions"]
    assert (data["format"], data["version"]) == (FORMAT, VERSION) == ("pyinterview-bank", 1)
    assert data["authors"] == ["ed", "pub"]
    assert [f["slug"] for f in data["frameworks"]] == ["django", "fastapi"]
    assert [t["slug"] for t in data["topics"]] == ["async", "orm"]
    assert [q["slug"] for q in data["questions"]] == ["async-worth-it", "indexes", "n-plus-one"]
    n_plus_one = data["questions"][2]
    assert [(a["position"], a["body"], a["author"]) for a in n_plus_one["answers"]] == [
        (0, "Measure first \U0001f9ea.", None),
        (1, "One query per row.", "ed"),
        (1, "Use `select_related`.", None),
    ]
    assert n_plus_one["topic"] == "orm" and n_plus_one["author"] == "pub"
    assert data["questions"][0]["publish_at"] == "2031-01-02T03:04:05.678901+00:00"
    assert data["questions"][1]["status"] == "draft" and data["questions"][1]["publish_at"] is None
    assert "body_html" not in n_plus_one


def test_round_trip_through_a_fresh_database_is_byte_identical(bank):
    first = export_bank_json()
    flush()
    assert not Question.objects.exists()
    report = restore_bank(load_bank(first.encode("utf-8")))
    assert report.created == {"frameworks": 2, "topics": 2, "questions": 3, "authors": 2}
    assert export_bank_json() == first
    # Derived data is rebuilt, not exported.
    question = Question.objects.get(slug="n-plus-one")
    assert '<div class="highlight">' in question.body_html
    assert (
        question.is_published() and not Question.objects.get(slug="async-worth-it").is_published()
    )
    # Authors come back as accounts nobody can sign in to until an administrator says so.
    author = User.objects.get(username="ed")
    assert not author.is_active and not author.has_usable_password()


def test_round_trip_through_the_commands(bank, tmp_path):
    exported = tmp_path / "bank.json"
    call_command("export_bank", "--output", str(exported), stderr=StringIO())
    flush()
    out = StringIO()
    call_command("import_bank", str(exported), stdout=out)
    assert out.getvalue().splitlines() == [
        "Frameworks: 2 created, 0 updated, 0 unchanged",
        "Topics: 2 created, 0 updated, 0 unchanged",
        "Questions: 3 created, 0 updated, 0 unchanged",
        "2 author account(s) created, inactive and without a password: an administrator can "
        "activate them.",
    ]
    again = StringIO()
    call_command("export_bank", stdout=again)
    assert again.getvalue().encode("utf-8") == exported.read_bytes()


def test_restoring_into_an_existing_bank_updates_by_slug_and_keeps_the_rest(bank):
    document = export_bank()
    question = Question.objects.get(slug="n-plus-one")
    question.title = "Changed"
    question.status = Status.DRAFT
    question.save()
    question.answers.filter(position=0).delete()
    Topic.objects.filter(slug="orm").update(name="Renamed")
    extra = Question.objects.create(
        topic=Topic.objects.get(slug="orm"),
        framework=Framework.objects.get(slug="django"),
        title="Only in this database?",
        slug="extra",
    )
    report = restore_bank(document)
    assert report.updated == {"topics": 1, "questions": 1}
    assert report.unchanged == {"frameworks": 2, "topics": 1, "questions": 2}
    question.refresh_from_db()
    assert question.title == "What is the N+1 problem?" and question.status == Status.PUBLISHED
    assert question.answers.count() == 3
    assert Topic.objects.get(slug="orm").name == "ORM and databases"
    assert Question.objects.filter(pk=extra.pk).exists()
    exported = export_bank()
    exported["questions"] = [q for q in exported["questions"] if q["slug"] != "extra"]
    assert exported == document


def test_restoring_the_same_document_twice_writes_nothing(bank):
    document = export_bank()
    restore_bank(document)
    stamps = list(Question.objects.values_list("pk", "updated_at"))
    answers = list(Answer.objects.values_list("pk", flat=True))
    report = restore_bank(document)
    assert report.created == report.updated == {}
    assert list(Question.objects.values_list("pk", "updated_at")) == stamps
    assert list(Answer.objects.values_list("pk", flat=True)) == answers


def _mutations():
    def drop(key):
        return lambda d: d.pop(key)

    def question(**changes):
        return lambda d: d["questions"][0].update(changes)

    return {
        "newer version": (
            lambda d: d.update(version=2),
            "version 2 of the bank format, written by a newer release",
        ),
        "not a bank": (lambda d: d.update(format="something-else"), "not a bank export"),
        "text version": (lambda d: d.update(version="1"), 'no valid "version"'),
        "missing questions": (drop("questions"), '"questions" must be a list.'),
        "unknown key": (lambda d: d.update(extra=1), "the document: unknown extra."),
        "bad difficulty": (
            question(difficulty="expert"),
            "questions[0]: difficulty must be one of beginner, intermediate, advanced.",
        ),
        "published without date": (
            question(status="published", publish_at=None),
            "a published question needs a publish_at date",
        ),
        "unknown topic": (question(topic="nowhere"), 'topic "nowhere" is not in "topics"'),
        "unknown author": (question(author="ghost"), 'author "ghost" is not in "authors"'),
        "bad date": (
            question(created_at="yesterday"),
            "created_at must be an ISO 8601 date and time with a time zone",
        ),
        "naive date": (
            question(updated_at="2024-01-01T10:00:00"),
            "updated_at must be an ISO 8601 date and time with a time zone",
        ),
        "duplicate slug": (
            lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])),
            'questions: slug "async-worth-it" appears 2 times.',
        ),
        "bad answer": (
            lambda d: d["questions"][2]["answers"][0].update(body="", position=-1),
            "answers[0]: position must be a whole number from 0 to 32767.",
        ),
        "not a list": (lambda d: d.update(topics={}), '"topics" must be a list.'),
        "bad slug": (
            lambda d: d["frameworks"][0].update(slug="no spaces"),
            "frameworks[0]: slug must be a slug",
        ),
    }


@pytest.mark.parametrize("case", list(_mutations()))
def test_a_malformed_or_newer_document_is_refused_and_nothing_changes(bank, case):
    mutate, message = _mutations()[case]
    document = export_bank()
    # A change the document would make, to prove none of it is written.
    document["topics"][1]["name"] = "Would be renamed"
    mutate(document)
    before = export_bank_json()
    with pytest.raises(BankError) as error:
        restore_bank(document)
    assert message in str(error.value)
    assert export_bank_json() == before


def test_a_document_that_contradicts_the_database_changes_nothing(bank):
    document = export_bank()
    document["frameworks"][0]["name"] = "Django (renamed)"
    document["topics"][0]["name"] = "ORM and databases"  # "async" would take orm's name
    document["topics"][1]["name"] = "Relational data"
    before = export_bank_json()
    with pytest.raises(BankError) as error:
        restore_bank(document)
    assert str(error.value) == (
        'The topic "ORM and databases" has the slug "async" in the file but "orm" in the '
        "database. Rename or re-slug one of them, then restore."
    )
    assert export_bank_json() == before
    assert Framework.objects.get(slug="django").name == "Django"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"\xff\xfe\x00", "not UTF-8 text"),
        (b"[]", "not a bank export"),
        (json.dumps({"format": FORMAT, "version": 99}).encode(), "version 99"),
    ],
)
def test_the_restore_command_refuses_bad_files(bank, tmp_path, content, message):
    path = tmp_path / "bank.json"
    path.write_bytes(content)
    before = export_bank_json()
    with pytest.raises(CommandError) as error:
        call_command("import_bank", str(path), stdout=StringIO())
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert export_bank_json() == before


def test_errors_are_listed_with_where_they_are(bank):
    document = export_bank()
    for question in document["questions"]:
        question["difficulty"] = "expert"
    with pytest.raises(BankError) as error:
        restore_bank(document)
    lines = str(error.value).splitlines()
    assert lines[0] == "The file is not a valid bank export:"
    assert lines[1:] == [
        f"- questions[{n}]: difficulty must be one of beginner, intermediate, advanced."
        for n in range(3)
    ]


def test_dump_is_stable_and_readable():
    document = {"format": FORMAT, "version": VERSION, "a": "\u00e9"}
    assert dump_bank(document) == (
        '{\n  "format": "pyinterview-bank",\n  "version": 1,\n  "a": "\u00e9"\n}\n'
    )


def test_export_of_an_empty_bank_restores_to_an_empty_bank():
    document = load_bank(export_bank_json())
    assert document == {
        "format": FORMAT,
        "version": VERSION,
        "authors": [],
        "frameworks": [],
        "topics": [],
        "questions": [],
    }
    assert restore_bank(document).created == {}


def test_timestamps_survive_the_round_trip(bank):
    old = datetime(2020, 5, 17, 8, 30, tzinfo=UTC)
    Question.objects.filter(slug="indexes").update(created_at=old, updated_at=old + timedelta(1))
    first = export_bank_json()
    flush()
    restore_bank(json.loads(first))
    question = Question.objects.get(slug="indexes")
    assert (question.created_at, question.updated_at) == (old, old + timedelta(1))
