"""A later load of the starter bank: new and fixed questions come in, nothing goes live
without a publisher unless asked, editors' changes are kept, merged slugs redirect."""

import json
import textwrap

import pytest
from django.core.management import call_command
from django.test import Client

from questions import services
from questions.models import Question, QuestionAlias, ReviewState, Status
from questions.revisions.models import Action, Revision
from questions.starter import LEGACY_FILE, legacy_digests, load_starter_content

FRAMEWORKS = """
[[frameworks]]
slug = "django"
name = "Django"
position = 10

[[frameworks]]
slug = "python"
name = "Python"
position = 20
"""


def question(slug, title, answer, *, extra=""):
    return textwrap.dedent(
        f"""
        [[questions]]
        slug = "{slug}"
        title = "{title}"
        framework = "django"
        difficulty = "beginner"
        checked = ["Django 5.2", "PostgreSQL 17"]
        read_more = [{{ title = "Django docs", url = "https://docs.djangoproject.com/en/5.2/" }}]
        {extra}
        answers = [
        '''
        {answer}
        ''',
        '''
        Deeper.

        ```python django
        x = 1
        ```
        ''',
        ]
        """
    )


def bank(directory, *questions):
    directory.mkdir(exist_ok=True)
    (directory / "frameworks.toml").write_text(FRAMEWORKS)
    topic = '[topic]\nslug = "demo"\nname = "Demo"\n'
    (directory / "demo.toml").write_text(topic + "".join(questions))
    return directory


@pytest.fixture
def first(tmp_path):
    directory = bank(
        tmp_path / "v1",
        question("kept", "Which one stays?", "Kept answer."),
        question("fixed", "Which one is fixed?", "A wrong answer."),
        question("edited", "Which one do editors change?", "Bank answer."),
        question("merged-away", "Which one is merged away?", "Duplicate."),
    )
    load_starter_content(directory=directory)
    return directory


def second(tmp_path):
    return bank(
        tmp_path / "v2",
        question("kept", "Which one stays?", "Kept answer."),
        question("fixed", "Which one is fixed?", "The right answer."),
        question("edited", "Which one do editors change?", "Bank answer, improved."),
        question(
            "merged",
            "Which one absorbed the duplicate?",
            "Both in one.",
            extra='aliases = ["merged-away"]',
        ),
    )


def live_answers(slug):
    return list(Question.objects.get(slug=slug).answers.values_list("body", flat=True))


def test_the_first_load_publishes_with_versions_links_and_no_markers(first):
    fixed = Question.objects.get(slug="fixed")
    assert fixed.status == Status.PUBLISHED
    assert [str(version) for version in fixed.checked_versions.all()] == ["Django 5.2"]
    last = fixed.answers.order_by("position").last()
    assert "```python\nx = 1\n```" in last.body
    assert "*Also checked against PostgreSQL 17.*" in last.body
    assert "**Read more**\n\n- [Django docs](https://docs.djangoproject.com/en/5.2/)" in last.body
    assert '<a href="https://docs.djangoproject.com/en/5.2/"' in last.body_html
    revision = Revision.objects.of(fixed).get()
    assert (revision.action, revision.comment) == (Action.CREATED, "Starter content")


def test_a_later_load_changes_nothing_readers_see(first, tmp_path):
    edited = Question.objects.get(slug="edited")
    editor_answer = edited.answers.order_by("position").first()
    editor_answer.body = "An editor's better answer."
    editor_answer.save()
    services.record(edited, action=Action.SAVED, comment="editor")
    before = {slug: live_answers(slug) for slug in ("kept", "fixed", "edited")}

    report = load_starter_content(directory=second(tmp_path))

    assert {slug: live_answers(slug) for slug in before} == before
    fixed = Question.objects.get(slug="fixed")
    assert fixed.status == Status.PUBLISHED
    assert fixed.review_state == ReviewState.IN_REVIEW
    assert fixed.pending_revision.data["answers"][0]["body"] == "The right answer."
    new = Question.objects.get(slug="merged")
    assert (new.status, new.review_state) == (Status.DRAFT, ReviewState.IN_REVIEW)
    assert report.proposed == ["fixed"]
    assert report.submitted == ["merged"]
    assert report.kept == ["edited"]
    assert report.merged == ["merged-away -> merged"]
    assert Client().get("/questions/merged/").status_code == 404


def test_a_publisher_approves_the_fix_and_the_old_slug_then_redirects(first, tmp_path, publisher):
    load_starter_content(directory=second(tmp_path))
    services.approve(question=Question.objects.get(slug="fixed"), user=publisher)
    services.approve(question=Question.objects.get(slug="merged"), user=publisher)
    assert live_answers("fixed")[0] == "The right answer."

    client = Client()
    assert client.get("/questions/merged-away/").status_code == 200  # still published
    services.unpublish(questions=Question.objects.filter(slug="merged-away"), user=publisher)
    response = client.get("/questions/merged-away/?difficulty=beginner")
    assert response.status_code == 301
    assert response["Location"] == "/questions/merged/?difficulty=beginner"


def test_publish_writes_fixes_live_and_records_them(first, tmp_path):
    report = load_starter_content(directory=second(tmp_path), publish=True)
    assert report.updated == ["fixed", "edited"]  # nobody edited either here
    assert live_answers("fixed")[0] == "The right answer."
    assert Question.objects.get(slug="merged").status == Status.PUBLISHED
    latest = Revision.objects.of(Question.objects.get(slug="fixed")).first()
    assert latest.comment.startswith("Starter content")
    assert latest.data["answers"][0]["body"] == "The right answer."
    # A third run with the same bank finds nothing to do.
    again = load_starter_content(directory=second(tmp_path), publish=True)
    assert not again.changed and again.unchanged == 4


def load_as_the_earlier_loader_did(directory):
    """The rows the loader before recorded loads wrote: published, raw text, no revision."""
    from questions.models import Answer, Framework, Topic
    from questions.starter import read_content

    frameworks, topics = read_content(directory)
    for item in frameworks:
        Framework.objects.get_or_create(slug=item["slug"], defaults={"name": item["name"]})
    for data in topics:
        topic, _ = Topic.objects.get_or_create(
            slug=data["topic"]["slug"], defaults={"name": data["topic"]["name"]}
        )
        for item in data["questions"]:
            question = Question.objects.create(
                topic=topic,
                framework=Framework.objects.get(slug=item["framework"]),
                difficulty=item["difficulty"],
                title=item["title"].strip(),
                slug=item["slug"],
                status=Status.PUBLISHED,
            )
            for position, body in enumerate(item["answers"], start=1):
                Answer.objects.create(question=question, body=body.strip(), position=position)


def test_a_database_loaded_before_loads_were_recorded_still_gets_fixes(tmp_path):
    old = bank(
        tmp_path / "v1",
        question("fixed", "Which one is fixed?", "A wrong answer."),
        question("edited", "Which one do editors change?", "Bank answer."),
    )
    load_as_the_earlier_loader_did(old)
    edited = Question.objects.get(slug="edited").answers.first()
    edited.body = "Changed in the admin before revisions were kept."
    edited.save()
    new = second(tmp_path)
    (new / LEGACY_FILE).write_text(json.dumps(legacy_digests(old)))

    report = load_starter_content(directory=new)

    assert report.proposed == ["fixed"]
    assert report.kept == ["edited"]
    assert live_answers("fixed")[0] == "A wrong answer."  # until a publisher approves
    pending = Question.objects.get(slug="fixed").pending_revision.data
    assert pending["answers"][0]["body"] == "The right answer."


def test_the_shipped_digests_file_covers_the_bank_of_before(settings):
    from questions.starter import CONTENT_DIR

    shipped = json.loads((CONTENT_DIR / LEGACY_FILE).read_text())
    assert len(shipped) == 80
    assert all(len(digests) == 1 and len(digests[0]) == 20 for digests in shipped.values())


def test_an_alias_of_a_draft_does_not_lead_anywhere(first, tmp_path):
    load_starter_content(directory=second(tmp_path))
    assert QuestionAlias.objects.get(slug="merged-away").question.slug == "merged"
    Question.objects.filter(slug="merged-away").delete()
    assert Client().get("/questions/merged-away/").status_code == 404  # "merged" is a draft


def test_the_command_says_what_waits_for_review(first, tmp_path, capsys):
    call_command("load_starter_content", "--directory", str(second(tmp_path)))
    out = capsys.readouterr().out
    assert "Loaded 1 questions" in out
    assert "1 new questions are drafts waiting for review." in out
    assert "2 published questions have the bank's fixes as pending changes" in out
    assert "left them alone" not in out  # nobody edited anything here
    assert "merged-away was merged into merged: unpublish it" in out
