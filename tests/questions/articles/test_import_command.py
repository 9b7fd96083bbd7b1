"""`manage.py import_questions`: the summary, idempotence, updates and refusals."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from questions.articles.importer import MAX_ARTICLE_BYTES
from questions.bank import export_bank
from questions.models import Answer, Framework, Question, Status, Topic
from tests.factories import make_draft, make_framework, make_question, make_topic

ARTICLES = Path(__file__).parent
NUMBERED = ARTICLES / "numbered.txt"


def run(*args) -> list[str]:
    out = StringIO()
    call_command("import_questions", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


def refused(*args) -> str:
    with pytest.raises(CommandError) as error:
        run(*args)
    return str(error.value)


def test_import_prints_a_summary_per_topic_and_creates_drafts():
    assert run(NUMBERED) == [
        "Getting started (new topic): 3 created, 0 updated, 0 unchanged",
        "Routing and views (new topic): 3 created, 0 updated, 0 unchanged",
        "Contexts and state (new topic): 2 created, 0 updated, 0 unchanged",
        "Total: 8 questions: 8 created, 0 updated, 0 unchanged",
    ]
    questions = Question.objects.select_related("topic", "framework").order_by("pk")
    assert [(q.topic.name, q.framework.slug, q.difficulty, q.status) for q in questions] == [
        ("Getting started", "flask", "intermediate", Status.DRAFT),
        ("Getting started", "flask", "intermediate", Status.DRAFT),
        ("Getting started", "flask", "intermediate", Status.DRAFT),
        ("Routing and views", "flask", "intermediate", Status.DRAFT),
        ("Routing and views", "flask", "intermediate", Status.DRAFT),
        ("Routing and views", "flask", "intermediate", Status.DRAFT),
        ("Contexts and state", "flask", "advanced", Status.DRAFT),
        ("Contexts and state", "general", "advanced", Status.DRAFT),
    ]
    first = questions[0]
    assert first.slug == "what-is-flask-and-how-is-it-different-from-a-batteries-included-framework"
    assert first.author is None and not first.is_published()
    answer = first.answers.get()
    assert answer.position == 1
    assert answer.body.startswith("Flask is a microframework: the core gives you routing")
    assert "<p>Flask is a microframework" in answer.body_html
    # Detected frameworks that did not exist yet come from the starter list.
    assert dict(Framework.objects.values_list("slug", "name")) == {
        "flask": "Flask",
        "general": "General web",
    }
    # A topic named by a section heading without an introduction gets no description.
    assert Topic.objects.get(name="Getting started").description == ""


def test_reimporting_the_same_file_changes_nothing():
    run(NUMBERED)
    before = export_bank()
    assert run(NUMBERED) == [
        "Getting started: 0 created, 0 updated, 3 unchanged",
        "Routing and views: 0 created, 0 updated, 3 unchanged",
        "Contexts and state: 0 created, 0 updated, 2 unchanged",
        "Total: 8 questions: 0 created, 0 updated, 8 unchanged",
    ]
    assert export_bank() == before
    assert Question.objects.count() == 8 and Answer.objects.count() == 8


def test_a_changed_answer_updates_the_draft_and_nothing_else(tmp_path):
    run(NUMBERED)
    before = {q.slug: q.updated_at for q in Question.objects.all()}
    changed = tmp_path / "numbered.txt"
    changed.write_text(
        NUMBERED.read_text().replace(
            "Hard-coded paths break silently", "Hard-coded paths break without warning"
        )
    )
    assert run(changed)[1] == "Routing and views: 0 created, 1 updated, 2 unchanged"
    question = Question.objects.get(title__startswith="Explain the difference between url_for")
    assert "Hard-coded paths break without warning" in question.answers.get().body
    assert "break without warning" in question.answers.get().body_html
    after = {q.slug: q.updated_at for q in Question.objects.all()}
    assert [slug for slug in before if before[slug] != after[slug]] == [question.slug]


def test_a_published_question_is_never_rewritten_but_gets_pending_changes(tmp_path):
    topic = make_topic("Routing and views", slug="routing-and-views")
    published = make_question(
        "Explain the difference between url_for and hard-coded URLs.",
        topic=topic,
        framework=make_framework("flask"),
        answers=["An editor's reviewed answer."],
    )
    lines = run(NUMBERED)
    assert lines[1] == "Routing and views: 2 created, 0 updated, 0 unchanged, 1 pending"
    assert lines[-1] == (
        "1 question published and different in the file: the file's answer waits for a "
        "publisher as pending changes: "
        "\u201cExplain the difference between url_for and hard-coded URLs.\u201d."
    )
    assert published.answers.get().body == "An editor's reviewed answer."
    published.refresh_from_db()
    assert published.pending_revision.data["answers"][0]["body"] != "An editor's reviewed answer."
    assert topic.questions.count() == 3


def test_matching_ignores_case_quotes_and_end_punctuation():
    topic = make_topic("Routing and views", slug="routing")
    existing = make_draft(
        "How do blueprints help organise a LARGER Flask app",
        topic=topic,
        answers=["Old text."],
    )
    assert run(NUMBERED)[1] == "Routing and views: 2 created, 1 updated, 0 unchanged"
    existing.refresh_from_db()
    assert existing.title == "How do blueprints help organise a LARGER Flask app"
    assert existing.answers.get().body.startswith("A blueprint is a bundle of routes")


def test_dry_run_prints_the_summary_and_writes_nothing():
    make_topic("Existing", slug="existing")
    before = export_bank()
    lines = run(NUMBERED, "--dry-run")
    assert lines[0] == "Dry run: nothing was written."
    assert lines[-1] == "Total: 8 questions: 8 created, 0 updated, 0 unchanged"
    assert export_bank() == before
    assert not Question.objects.exists() and Topic.objects.count() == 1


def test_publish_topic_framework_and_difficulty_options():
    make_framework("python", name="Python")
    topic = make_topic("Flask drills", slug="flask-drills")
    lines = run(
        NUMBERED,
        "--publish",
        "--topic",
        "flask DRILLS",
        "--framework",
        "python",
        "--difficulty",
        "beginner",
    )
    assert lines == [
        "Flask drills: 8 created, 0 updated, 0 unchanged",
        "Total: 8 questions: 8 created, 0 updated, 0 unchanged",
        "Created and updated questions are published.",
    ]
    questions = Question.objects.all()
    assert {(q.topic_id, q.framework.slug, q.difficulty) for q in questions} == {
        (topic.pk, "python", "beginner")
    }
    assert all(q.is_published() for q in questions)
    assert Question.objects.published().count() == 8


def test_a_new_topic_from_the_option_gets_the_article_introduction():
    run(NUMBERED, "--topic", "Flask in depth")
    topic = Topic.objects.get(name="Flask in depth")
    assert topic.slug == "flask-in-depth"
    assert topic.description.startswith("Flask is small enough to learn in an afternoon")
    assert "<p>Flask is small enough" in topic.description_html


def test_slugs_stay_unique():
    make_question(slug="what-is-a-queryset-and-when-does-it-hit-the-database")
    run(ARTICLES / "q-prefixed.txt")
    question = Question.objects.get(title="What is a QuerySet, and when does it hit the database?")
    assert question.slug == "what-is-a-queryset-and-when-does-it-hit-the-database-2"


def test_a_question_repeated_in_one_import_is_used_once(tmp_path):
    article = tmp_path / "twice.txt"
    article.write_text(
        "Q: What is WSGI?\nA gateway interface.\n\nQ: What is WSGI?\nSomething else.\n"
    )
    lines = run(article, "--topic", "Servers")
    assert lines[0] == "Servers (new topic): 1 created, 0 updated, 0 unchanged, 1 repeated"
    assert Question.objects.get().answers.get().body == "A gateway interface."
    assert run(article, "--topic", "Servers")[0] == (
        "Servers: 0 created, 0 updated, 1 unchanged, 1 repeated"
    )


def test_several_files_are_one_import(tmp_path):
    lines = run(NUMBERED, ARTICLES / "headings.md")
    assert lines[-1] == "Total: 13 questions: 13 created, 0 updated, 0 unchanged"


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    cases = {
        "empty": (b"", "The file is empty."),
        "blank": (b"\n   \r\n\t\n", "The file is empty."),
        "binary": (bytes(range(256)) * 8, "looks binary (it contains NUL bytes)"),
        "pdf": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>", "The file is a PDF document"),
        "no question": (
            b"Meeting notes\n\nWe talked about the release. Nothing was asked.\n",
            "No question was recognised",
        ),
        "too large": (
            b"1. Why?\nBecause.\n" + b"x" * MAX_ARTICLE_BYTES,
            "over the 1 MB (1,048,576 bytes) limit",
        ),
        "undecodable": (b"1. What is a caf\xe9?\nA place.\n", "is not UTF-8 or UTF-16 text"),
    }
    files = {}
    for name, (data, message) in cases.items():
        path = tmp_path / f"{name.replace(' ', '-')}.txt"
        path.write_bytes(data)
        files[name] = (path, message)
    return files


@pytest.mark.parametrize(
    "case", ["empty", "blank", "binary", "pdf", "no question", "too large", "undecodable"]
)
def test_a_bad_file_is_refused_and_the_database_is_unchanged(tmp_path, case):
    make_question("Already here?", answers=["Yes."])
    before = export_bank()
    path, message = _bad_files(tmp_path)[case]
    # The good file first: reading every file before writing keeps it out too.
    error = refused(NUMBERED, path)
    assert error.startswith(f"{path}: ")
    assert message in error
    assert export_bank() == before


def test_missing_files_and_bad_options_are_refused(tmp_path):
    assert refused(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: No such file or directory."
    assert refused(tmp_path) == f"{tmp_path}: Is a directory."
    assert refused(NUMBERED, "--difficulty", "expert") == (
        "Unknown difficulty \u201cexpert\u201d: use beginner, intermediate or advanced."
    )
    make_framework("django")
    assert refused(NUMBERED, "--framework", "fastapi") == (
        "No framework has the slug \u201cfastapi\u201d: use django."
    )
    assert not Question.objects.exists() and not Topic.objects.exists()


def test_an_article_that_names_no_topic_needs_the_option(tmp_path):
    article = tmp_path / "bare.txt"
    article.write_text("Q: What is a cookie?\nA small piece of data the browser keeps.\n")
    assert "Nothing in the article names a topic" in refused(article)
    assert (
        run(article, "--topic", "HTTP")[0] == "HTTP (new topic): 1 created, 0 updated, 0 unchanged"
    )


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    # A throwaway database: the command must never touch the developer's.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_questions", str(empty)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"CommandError: {empty}: The file is empty." in result.stderr
    assert result.stdout == ""
