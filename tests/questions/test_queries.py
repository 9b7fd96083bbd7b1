"""Every public page runs the same number of SQL queries at 5 questions as at 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Answer, Question, Status
from tests.factories import bulk_make_questions, make_framework, make_question, make_topic


@pytest.fixture(params=["anonymous", "editor"])
def visitor(request, client):
    """Readers and editors take different paths (editors also see drafts)."""
    if request.param == "editor":
        client.force_login(request.getfixturevalue("editor"))
    return client


@pytest.fixture
def small_bank(django_framework):
    """Five questions over two topics and two frameworks, one of them a draft."""
    flask = make_framework("flask", name="Flask")
    routing = make_topic("Routing", slug="routing")
    orm = make_topic("ORM", slug="orm")
    question = make_question(
        "Routing question?", topic=routing, framework=django_framework, answers=["One.", "Two."]
    )
    make_question(topic=routing, framework=flask, difficulty="advanced")
    make_question(topic=routing, framework=django_framework, difficulty="intermediate")
    make_question(topic=orm, framework=flask)
    make_question(topic=orm, framework=django_framework, status=Status.DRAFT)
    return {"question": question, "topics": [routing, orm], "frameworks": [django_framework, flask]}


def grow_to_500(bank):
    """Add 495 questions, more topics, frameworks, drafts, and answers to the measured question."""
    topics = [*bank["topics"], *(make_topic() for _ in range(8))]
    frameworks = [*bank["frameworks"], *(make_framework() for _ in range(3))]
    bulk_make_questions(445, topics=topics, frameworks=frameworks)
    bulk_make_questions(50, topics=topics, frameworks=frameworks, status=Status.DRAFT)
    question = bank["question"]
    Answer.objects.bulk_create(
        Answer(question=question, body="More.", body_html="<p>More.</p>", position=position)
        for position in range(3, 13)
    )
    assert Question.objects.count() == 500


PAGES = {
    "home": "/",
    "all questions": "/questions/",
    "all questions, filtered": "/questions/?framework=django&difficulty=beginner&q=question",
    "topic": "/topics/routing/",
    "topic, filtered": "/topics/routing/?framework=django&difficulty=beginner&q=question",
    "question": "/questions/{slug}/",
    "question, filtered": "/questions/{slug}/?framework=django&difficulty=beginner",
}


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_query_count_does_not_grow_with_the_bank(
    visitor, small_bank, url, django_assert_num_queries
):
    url = url.format(slug=small_bank["question"].slug)
    visitor.get(url)  # warm up per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as at_five:
        response = visitor.get(url)
    assert response.status_code == 200

    grow_to_500(small_bank)

    with django_assert_num_queries(len(at_five)):
        response = visitor.get(url)
    assert response.status_code == 200
