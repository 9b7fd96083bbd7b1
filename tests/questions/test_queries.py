"""The speed properties `make bench` relies on, checked on every test run.

Every public page runs the same number of SQL queries at 5 questions as at 500,
reads never render Markdown, list pages never load the wide text columns, and
on SQLite each list query is answered from its index in list order: no sort,
no table scan, whatever the size of the bank.
"""

import markdown
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.models import Answer, Question, Status
from questions.sitemaps import SITEMAPS
from tests.factories import (
    bulk_make_questions,
    make_draft,
    make_framework,
    make_question,
    make_topic,
)


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


@pytest.fixture
def bank(topic, django_framework, flask_framework):
    question = make_question(
        "How does `reverse()` work?",
        topic=topic,
        framework=django_framework,
        body="Given `urls.py`:\n\n```python\npath('a/', view)\n```",
        answers=["It **looks up** the name.", "```python\nreverse('a')\n```"],
    )
    make_draft("Draft?", topic=topic, framework=flask_framework)
    # Enough for two pages, so the paged URLs below exist.
    bulk_make_questions(30, topics=[topic], frameworks=[django_framework, flask_framework])
    return {"question": question, "topic": topic}


def public_urls(bank):
    topic_url = bank["topic"].get_absolute_url()
    return [
        reverse("questions:home"),
        reverse("questions:question_list"),
        reverse("questions:question_list") + "?q=reverse&framework=django&page=1",
        topic_url,
        topic_url + "?framework=django&difficulty=intermediate",
        topic_url + "?page=2",
        bank["question"].get_absolute_url(),
        bank["question"].get_absolute_url() + "?framework=django",
        reverse("questions:practice"),
        reverse("questions:mock_setup"),
        reverse("questions:feed"),
        reverse("sitemap"),
        *(reverse("sitemap_section", kwargs={"section": section}) for section in SITEMAPS),
        reverse("robots_txt"),
    ]


@pytest.fixture
def markdown_conversions(monkeypatch):
    """Count every Markdown conversion, whoever asks for it."""
    calls = []
    convert = markdown.Markdown.convert

    def counting(self, source):
        calls.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    return calls


@pytest.mark.parametrize("who", ["anonymous", "reader", "editor"])
def test_no_public_page_renders_markdown(client, bank, markdown_conversions, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    make_question(topic=bank["topic"], body="A *write* renders.")
    assert markdown_conversions, "the counter must see the renders a write does"
    markdown_conversions.clear()

    for url in public_urls(bank):
        response = client.get(url)
        assert response.status_code == 200, url

    assert markdown_conversions == []


def question_columns(queries):
    """The `questions_question` columns that the captured SELECTs read."""
    return {
        column
        for query in queries
        for column in ('"questions_question"."body"', '"questions_question"."body_html"')
        if query["sql"].startswith("SELECT") and column in query["sql"]
    }


@pytest.mark.parametrize(
    "url",
    [
        "/questions/",
        "/questions/?framework=django&difficulty=beginner",
        "/questions/?q=question",
        "/topics/routing/",
        "/topics/routing/?framework=flask&page=1",
    ],
)
def test_lists_leave_the_wide_text_columns_unread(client, bank, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert b"question-item" in response.content
    assert question_columns(queries) == set()


def test_the_question_page_does_read_its_body(client, bank):
    """The check above would see a wide column if a page read one."""
    with CaptureQueriesContext(connection) as queries:
        client.get(bank["question"].get_absolute_url())

    assert '"questions_question"."body_html"' in question_columns(queries)


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [row[-1] for row in cursor.fetchall()]


def list_queries(client, url):
    """The page query and the count query of a list page, as SQLite would run them."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sqls = [query["sql"] for query in queries]
    page = [sql for sql in sqls if sql.startswith('SELECT "questions_question"."id"')]
    count = [sql for sql in sqls if sql.startswith('SELECT COUNT(*) AS "__count"')]
    assert len(page) == 1 and len(count) == 1, sqls
    return page[0], count[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
@pytest.mark.parametrize(
    ("url", "index"),
    [
        ("/topics/routing/", "question_topic_list"),
        ("/topics/routing/?page=2", "question_topic_list"),
        ("/topics/routing/?difficulty=advanced", "question_topic_list"),
        ("/topics/routing/?framework=flask", "question_topic_framework_list"),
        ("/topics/routing/?framework=flask&difficulty=beginner", "question_topic_framework_list"),
        ("/questions/", "question_list"),
        ("/questions/?difficulty=intermediate", "question_list"),
        ("/questions/?framework=django&difficulty=advanced", "question_framework_list"),
    ],
)
def test_list_pages_read_their_index_in_list_order(client, bank, url, index):
    # A second topic, so "all questions" and "this topic" differ.
    bulk_make_questions(5, topics=[make_topic()], frameworks=[bank["question"].framework])
    bulk_make_questions(3, topics=[bank["topic"]], frameworks=[bank["question"].framework],
                        status=Status.DRAFT)  # fmt: skip
    page, count = list_queries(client, url)

    page_plan = plan(page)
    assert not any("TEMP B-TREE" in step for step in page_plan), page_plan
    assert any(f"INDEX {index} " in step for step in page_plan), page_plan
    assert any("COVERING INDEX" in step for step in plan(count)), plan(count)
