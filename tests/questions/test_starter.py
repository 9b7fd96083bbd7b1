"""The starter question bank: it loads, loads only once, and meets the bar of the issue."""

from collections import Counter

import pytest
from django.core.management import call_command

from questions.models import Answer, Difficulty, Framework, Question, Topic
from questions.starter import CONTENT_DIR, read_content


@pytest.fixture
def loaded():
    call_command("load_starter_content", verbosity=0)


def snapshot():
    """Every row the loader writes, with its last-modified time where it has one."""
    return {
        "topics": sorted(Topic.objects.values_list("slug", "updated_at")),
        "frameworks": sorted(Framework.objects.values_list("slug", "name", "position")),
        "questions": sorted(Question.objects.values_list("slug", "updated_at", "status")),
        "answers": sorted(Answer.objects.values_list("question__slug", "position", "updated_at")),
    }


def test_the_security_file_is_there():
    assert (CONTENT_DIR / "security.toml").exists()


def test_first_run_creates_and_second_run_changes_nothing(capsys):
    call_command("load_starter_content")
    first_output = capsys.readouterr().out
    before = snapshot()
    assert before["questions"], "the first run created no question"
    assert "Loaded" in first_output

    call_command("load_starter_content")

    assert snapshot() == before
    assert "already loaded" in capsys.readouterr().out


def test_a_second_run_leaves_editors_changes_alone(loaded):
    question = Question.objects.order_by("pk").first()
    question.title = "Edited by an editor?"
    question.save()
    Answer.objects.filter(question=question).delete()

    call_command("load_starter_content", verbosity=0)

    question.refresh_from_db()
    assert question.title == "Edited by an editor?"
    assert not question.answers.exists()


def test_the_bank_meets_the_bar(loaded):
    published = Question.objects.published()
    assert published.count() >= 60
    assert Question.objects.count() == published.count()
    assert Topic.objects.visible().count() >= 8
    assert set(published.values_list("difficulty", flat=True)) == set(Difficulty.values)
    assert {"django", "flask", "python"} <= set(published.values_list("framework__slug", flat=True))
    assert not published.filter(answers__isnull=True).exists()
    assert not Answer.objects.filter(body_html="").exists()

    names = " ".join(Topic.objects.values_list("name", flat=True)).lower()
    for subject in ["python", "django", "flask", "http", "orm", "security", "test", "deploy"]:
        assert subject in names, subject

    _, topics = read_content()
    in_files = {item["slug"] for data in topics for item in data["questions"]}
    assert set(Question.objects.values_list("slug", flat=True)) == in_files


def test_the_content_files_have_no_slug_collisions():
    _, topics = read_content()
    topic_slugs = Counter(data["topic"]["slug"] for data in topics)
    question_slugs = Counter(item["slug"] for data in topics for item in data["questions"])
    assert [slug for slug, n in topic_slugs.items() if n > 1] == []
    assert [slug for slug, n in question_slugs.items() if n > 1] == []
    assert len(question_slugs) == sum(len(data["questions"]) for data in topics)
