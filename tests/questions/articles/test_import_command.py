"""`manage.py import_questions`: the summary, idempotence, updates and refusals."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from questions.articles.importer import MAX_ARTICLE_BYTES, read_article
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
        # Names no framework: gets the article's main one (see test_importer.py).
        ("Contexts and state", "flask", "advanced", Status.DRAFT),
    ]
    first = questions[0]
    assert first.slug == "what-is-flask-and-how-is-it-different-from-a-batteries-included-framework"
    assert first.author is None and not first.is_published()
    answer = first.answers.get()
    assert answer.position == 1
    assert answer.body.startswith("Flask is a microframework: the core gives you routing")
    assert "<p>Flask is a microframework" in answer.body_html
    # Detected frameworks that did not exist yet come from the starter list.
    assert dict(Framework.objects.values_list("slug", "name")) == {"flask": "Flask"}
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
    assert refused(article) == (
        f"{article}: Nothing in the article names a topic (it has no title and no section "
        "headings): give one for its questions with --topic NAME."
    )
    assert "--topic NAME" in refused(article, "--dry-run")
    assert not Topic.objects.exists()
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


# --- What the dry run tells, and the questions without answers ---------------

# Five questions, two without answers, numbered up to 30, with a sign-up line between.
LOGGING = """Logging Interview Questions

1. What is a log level?
How serious a message is: DEBUG, INFO, WARNING, ERROR or CRITICAL.

2. Why log to stderr in a container?

3. What is structured logging?
Messages written as key-value records, so that tools can filter on the fields.

Register for our free webinar and click here to get the slides!

4. What does a log handler do?
It sends records somewhere: a file, a socket or the console.

30. How do you keep secrets out of the logs?
"""

# A title and an answer drowned in promotion.
PROMO = """Deployment Notes

Book a free call with our mentors today, click here to pick a time that suits you!

Subscribe to our newsletter now and click here for the checklist of the week!

Join our community on the forum, click here and meet thousands of other learners!

1. What is a blue-green deployment?
Two environments.
"""

QUESTIONS_ONLY = "1. What is a cookie?\n2. What is a session?\n"


def article_file(tmp_path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_the_dry_run_tells_what_each_file_holds(tmp_path):
    path = article_file(tmp_path, "logging.txt", LOGGING)
    before = export_bank()
    lines = run(path, "--dry-run")
    article = read_article(path.read_bytes())
    share = round(100 * sum(block.chars for block in article.left_out) / article.source_chars)
    assert lines[:12] == [
        "Dry run: nothing was written.",
        f"{path}:",
        "  Title: Logging Interview Questions",
        "  Warning: The numbers run to 30, but 5 questions were found: check the preview "
        "before importing.",
        "  5 questions found: 3 with answers, 2 without.",
        "  Topic: Logging.",
        f"  Left out 1 block, {share}% of the text:",
        "    \u201cRegister for our free webinar and click here to get the slides!\u201d "
        "(promotion and calls to action)",
        "  2 questions without answers, listed as unanswered and not imported:",
        "    \u201cWhy log to stderr in a container?\u201d",
        "    \u201cHow do you keep secrets out of the logs?\u201d",
        "Logging (new topic): 3 created, 0 updated, 0 unchanged",
    ]
    assert lines[-1] == (
        "2 questions without an answer in the file, not imported: "
        "\u201cWhy log to stderr in a container?\u201d; "
        "\u201cHow do you keep secrets out of the logs?\u201d."
    )
    assert export_bank() == before and not Topic.objects.exists()


def test_the_dry_run_says_first_when_less_than_half_of_a_file_is_kept(tmp_path):
    kept = article_file(tmp_path, "logging.txt", LOGGING)
    promo = article_file(tmp_path, "promo.txt", PROMO)
    lines = run(kept, promo, "--dry-run")
    percent = round(100 * read_article(promo.read_bytes()).kept_share)
    assert lines[0] == (
        f"Warning: {promo}: only {percent}% of the text would be imported: check what was "
        "left out before importing."
    )
    assert lines[1] == "Dry run: nothing was written."
    assert f"{promo}:" in lines and "  Left out 3 blocks, " in "\n".join(lines)
    # Without --dry-run the summary is the same as ever.
    assert run(kept, promo)[0] == "Logging (new topic): 3 created, 0 updated, 0 unchanged"


def test_include_unanswered_imports_them_as_drafts_without_answers(tmp_path):
    path = article_file(tmp_path, "logging.txt", LOGGING)
    lines = run(path, "--include-unanswered")
    assert lines[0] == "Logging (new topic): 5 created, 0 updated, 0 unchanged"
    assert lines[-1] == (
        "2 questions without an answer in the file, imported as drafts with no answer: "
        "\u201cWhy log to stderr in a container?\u201d; "
        "\u201cHow do you keep secrets out of the logs?\u201d."
    )
    empty = Question.objects.filter(answers__isnull=True)
    assert sorted(empty.values_list("title", "status")) == [
        ("How do you keep secrets out of the logs?", Status.DRAFT),
        ("Why log to stderr in a container?", Status.DRAFT),
    ]
    assert Question.objects.count() == 5 and Answer.objects.count() == 3
    # Imported again, they are found and left as they are.
    assert run(path, "--include-unanswered")[0] == ("Logging: 0 created, 0 updated, 5 unchanged")


def test_publish_never_publishes_a_question_without_an_answer(tmp_path):
    path = article_file(tmp_path, "logging.txt", LOGGING)
    lines = run(path, "--include-unanswered", "--publish")
    assert (
        "Created and updated questions are published, except the 2 questions without an "
        "answer: a question needs an answer before it is published, so they stay drafts."
    ) in lines
    assert sorted(Question.objects.published().values_list("title", flat=True)) == [
        "What does a log handler do?",
        "What is a log level?",
        "What is structured logging?",
    ]
    assert set(Question.objects.filter(answers__isnull=True).values_list("status", flat=True)) == {
        Status.DRAFT
    }


def test_a_file_of_questions_without_answers_needs_the_option(tmp_path):
    path = article_file(tmp_path, "questions.txt", QUESTIONS_ONLY)
    assert refused(path, "--topic", "Sessions") == (
        "Nothing to import unless you include the unanswered questions: no question in the "
        "files has an answer under it. Add --include-unanswered to import them as drafts."
    )
    lines = run(path, "--topic", "Sessions", "--dry-run")
    assert (
        "  Nothing to import unless you include the unanswered questions (--include-unanswered)."
    ) in lines
    assert lines[-1] == "Nothing to import unless you include the unanswered questions."
    assert not Question.objects.exists() and not Topic.objects.exists()

    run(path, "--topic", "Sessions", "--include-unanswered")
    assert sorted(Question.objects.values_list("title", "topic__name", "status")) == [
        ("What is a cookie?", "Sessions", Status.DRAFT),
        ("What is a session?", "Sessions", Status.DRAFT),
    ]
    assert not Answer.objects.exists()


def test_the_topic_option_names_the_topic_in_the_dry_run(tmp_path):
    path = article_file(tmp_path, "questions.txt", "Q: What is a cookie?\nA small file.\n")
    lines = run(path, "--topic", "Browser storage", "--dry-run")
    assert "  Topic: Browser storage." in lines
    assert "Browser storage (new topic): 1 created, 0 updated, 0 unchanged" in lines
    assert not Topic.objects.exists()


def test_topics_an_import_creates_have_a_revision():
    from questions.revisions.models import Action, Revision

    run(NUMBERED)

    created = Topic.objects.all()
    assert created
    for topic in created:
        assert Revision.objects.of(topic).get().action == Action.IMPORTED
