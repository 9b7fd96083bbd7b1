"""Search costs bounded work at any bank size: plans, caps, cached ids, query counts.

The plan tests run on the database the suite uses: SQLite's by default,
PostgreSQL's in the PostgreSQL pass (`make pytest-postgres`).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Question, Status
from questions.pagecache.generation import start_generation
from questions.search import matches
from questions.search.matches import MAX_MATCHES, plan
from tests.factories import bulk_make_questions, make_question, make_topic
from tests.pages import listed_titles, results_count

# Every bulk question's body says "Explain `this` with **care**."
URL = "/questions/?q=care"


def searched(queries):
    """The captured queries that asked the full-text index."""
    marker = " MATCH " if connection.vendor == "sqlite" else "@@"
    return [query["sql"] for query in queries if marker in query["sql"]]


@pytest.fixture
def bank(django_framework):
    topic = make_topic("Bank", slug="bank")
    return lambda count, **kwargs: bulk_make_questions(
        count, topics=[topic], frameworks=kwargs.pop("frameworks", [django_framework]), **kwargs
    )


@pytest.fixture
def ids_cache(settings):
    """The ranked ids kept for later pages, in a cache that starts empty."""
    settings.SEARCH_CACHE_SECONDS = 600
    cache.clear()
    start_generation()
    yield
    cache.clear()


# Plans


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_sqlite_reads_the_full_text_index_first_and_each_match_by_primary_key(bank):
    bank(30)

    steps = plan(Question.objects.published(), "explain care").splitlines()

    assert "SCAN questions_searchindex VIRTUAL TABLE" in steps[0]
    assert "questions_question USING INTEGER PRIMARY KEY" in steps[1]
    assert "SEARCH document USING INDEX" in steps[2]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index")
def test_sqlite_keeps_lists_of_its_own_for_two_and_three_letter_prefixes():
    # Without them FTS5 merges the lists of every word that starts "co" before
    # returning a match (46 ms at 100,000 questions); with them, under 1 ms.
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'questions_searchindex'")
        (definition,) = cursor.fetchone()

    assert "prefix = '2 3'" in definition


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_sqlite_fetches_a_page_of_results_by_primary_key_not_by_the_list_index(bank):
    bank(30)

    page = Question.objects.published().for_listing().search("care")[:20]
    steps = page.explain()

    assert "USING INTEGER PRIMARY KEY" in steps
    assert "question_list" not in steps
    assert "SCAN questions_question" not in steps


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize("text", ["care", "explain care", "car"])
def test_postgresql_asks_the_gin_index_even_when_most_questions_match(bank, text):
    bank(300)
    with connection.cursor() as cursor:
        # Statistics that say every document matches: the planner's reason for a seq scan.
        cursor.execute("ANALYZE questions_searchdocument")
        cursor.execute("ANALYZE questions_question")

    steps = plan(Question.objects.published(), text)

    assert "Bitmap Index Scan on questions_searchdocument_vector" in steps
    assert "Seq Scan on questions_searchdocument" not in steps


# The cap


def test_more_than_1000_matches_read_1000_and_say_so_in_no_more_queries_than_5(
    client, bank, django_assert_max_num_queries
):
    bank(5)
    client.get(URL)
    with CaptureQueriesContext(connection) as at_five:
        client.get(URL)

    bank(MAX_MATCHES + 20)

    # Fewer, even: the words alone fill the cap, so their prefixes are not asked.
    with django_assert_max_num_queries(len(at_five)):
        response = client.get(URL)
    assert results_count(response).startswith("1,000+ questions match your filters")
    assert "page 1 of 51" in results_count(response)
    assert len(listed_titles(client.get(f"{URL}&page=51"))) == 1
    assert client.get(f"{URL}&page=52").status_code == 302


def test_the_other_filters_narrow_the_list_before_the_search_caps_it(client, bank, flask_framework):
    bank(MAX_MATCHES + 20)
    bank(3, frameworks=[flask_framework])

    response = client.get(f"{URL}&framework=flask")

    assert len(listed_titles(response)) == 3
    assert results_count(response).startswith("3 questions match your filters")


def test_the_api_caps_its_matches_and_filters_first(client, bank, flask_framework):
    bank(MAX_MATCHES + 20)
    bank(3, frameworks=[flask_framework])

    assert client.get("/api/v1/questions/?q=care").json()["count"] == MAX_MATCHES + 1
    assert client.get("/api/v1/questions/?q=care&framework=flask").json()["count"] == 3


def test_a_prefix_needs_two_letters(bank):
    bank(3)

    assert Question.objects.search("c").count() == 0
    assert Question.objects.search("ca").count() == 3


# Cached ids


def test_later_pages_read_the_ranked_ids_instead_of_searching_again(
    client, bank, ids_cache, django_capture_on_commit_callbacks
):
    bank(30)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    with CaptureQueriesContext(connection) as second:
        response = client.get(f"{URL}&page=2")

    assert len(searched(first)) >= 1
    assert searched(second) == []
    assert len(listed_titles(response)) == 10

    # A new content generation (any save) makes the kept ids stale at once.
    with django_capture_on_commit_callbacks(execute=True):
        make_question("Why take care?", body="Care.")
    with CaptureQueriesContext(connection) as after:
        response = client.get(f"{URL}&page=2")
    assert len(searched(after)) >= 1
    assert len(listed_titles(response)) == 11


def test_a_page_of_results_is_counted_by_its_ids_and_fetched_by_primary_key(
    client, bank, ids_cache
):
    bank(30)
    client.get(URL)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}&page=2")

    assert results_count(response).startswith("30 questions match your filters")
    assert len(listed_titles(response)) == 10
    assert not [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    # The page's rows by their ten ids, not the 30 ordered to take ten.
    pages = [query["sql"] for query in queries if '"questions_question"."title"' in query["sql"]]
    assert len(pages) == 1 and "ORDER BY" not in pages[0] and "LIMIT" not in pages[0]


def test_kept_ids_never_show_what_readers_may_no_longer_see(client, bank, ids_cache):
    questions = bank(5)
    assert len(listed_titles(client.get(URL))) == 5

    # A write that skips save() and so bumps nothing: the kept ids still hold it.
    Question.objects.filter(pk=questions[0].pk).update(status=Status.DRAFT)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert searched(queries) == []
    assert questions[0].title not in listed_titles(response)
    assert len(listed_titles(response)) == 4
    assert results_count(response).startswith("4 questions match your filters")


def test_this_process_keeps_the_ids_of_a_bounded_number_of_searches(client, bank, ids_cache):
    bank(3)
    for number in range(matches.RECENT_SEARCHES + 5):
        client.get(f"{URL}+w{number}")

    assert len(matches._recent) == matches.RECENT_SEARCHES
    # A later page of the newest search is read from this process's copy.
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{URL}+w{matches.RECENT_SEARCHES + 4}&page=1")
    assert searched(queries) == []


def test_each_visitors_list_keeps_its_own_ids(client, bank, ids_cache, editor):
    bank(4)
    bank(2, status=Status.DRAFT)
    assert len(listed_titles(client.get(URL))) == 4

    client.force_login(editor)
    assert len(listed_titles(client.get(URL))) == 6
    client.logout()
    assert len(listed_titles(client.get(URL))) == 4


# Did you mean


def test_did_you_mean_costs_no_more_queries_for_1000_questions_than_for_5(
    client, bank, django_assert_max_num_queries
):
    bank(5)
    url = "/questions/?q=carre"
    client.get(url)
    with CaptureQueriesContext(connection) as at_five:
        response = client.get(url)
    assert "Did you mean" in response.content.decode()

    bank(1000)

    with django_assert_max_num_queries(len(at_five)):
        response = client.get(url)
    assert "Did you mean" in response.content.decode()
