"""Search that understands words: stems, corrections, symbols, and the index migration.

Runs on SQLite's FTS5 and on PostgreSQL alike, like test_search.py.
"""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from questions.models import Question
from questions.search import highlight, parse_query, snippet, suggest
from questions.search.stem import stem
from tests.factories import bulk_make_questions, make_draft, make_question, make_topic
from tests.pages import listed_titles


def search(text):
    return sorted(Question.objects.search(text).values_list("title", flat=True))


def suggestion_links(response):
    return re.findall(
        r'<p class="search-suggestion">.*?<a href="([^"]*)">(.*?)</a>', response.content.decode()
    )


# Stems


@pytest.fixture
def plurals():
    make_question("How do migrations work?", body="Django writes them for you.")
    make_question("Can a migration be squashed?")
    make_question("What does a middleware do?", answers=["Middlewares wrap every request."])
    make_question("Where do signals go?")


@pytest.mark.parametrize(
    ("one", "other"), [("migrations", "migration"), ("middlewares", "middleware")]
)
def test_plural_and_singular_find_the_same_questions(plurals, one, other):
    assert search(one) == search(other) != []


def test_stems_find_exactly_the_questions_with_the_word(plurals):
    assert search("migration") == ["Can a migration be squashed?", "How do migrations work?"]
    assert search("middlewares") == ["What does a middleware do?"]
    assert search("signal") == ["Where do signals go?"]
    assert search("migrated signals") == []


def test_a_prefix_still_finds_longer_words(plurals):
    assert search("migr") == search("migration")
    assert search("middle") == ["What does a middleware do?"]


def test_a_title_match_still_ranks_above_an_answer_match():
    make_question("Why wrap views?", answers=["Middlewares do it for every view."])
    make_question("What is a middleware?")

    assert list(Question.objects.search("middleware").values_list("title", flat=True)) == [
        "What is a middleware?",
        "Why wrap views?",
    ]


def test_the_highlighter_marks_the_forms_the_stem_matched(client, plurals):
    assert highlight("Migrations, one migration, migrating.", parse_query("migration")) == (
        "<mark>Migrations</mark>, one <mark>migration</mark>, <mark>migrating</mark>."
    )

    response = client.get("/questions/", {"q": "middleware"})

    assert "<mark>Middlewares</mark> wrap every request." in response.content.decode()


def test_the_python_stemmer_agrees_with_fts5():
    words = ["migrations", "relational", "hopping", "generalizations", "agreed", "happy", "sky"]

    assert [stem(word) for word in words] == [
        "migrat", "relat", "hop", "gener", "agre", "happi", "sky",
    ]  # fmt: skip


# Did you mean


def test_a_misspelt_word_suggests_the_indexed_word(client):
    make_question("How does Django route a request?")

    response = client.get("/questions/", {"q": "djnago"})

    assert listed_titles(response) == []
    assert suggestion_links(response) == [("?q=django", "django")]
    assert listed_titles(client.get("/questions/?q=django")) == ["How does Django route a request?"]


def test_the_suggestion_is_a_word_not_a_stem(client, plurals):
    # The index holds "squash", the stem of "squashed".
    response = client.get("/questions/", {"q": "squashng", "difficulty": "beginner"})

    assert suggestion_links(response) == [("?q=squashed&amp;difficulty=beginner", "squashed")]


def test_only_the_unknown_words_are_corrected():
    make_question("Why is the Django admin slow?")
    published = Question.objects.published()

    assert suggest("django admni", published) == "django admin"
    assert suggest("select_relatde", published) == ""
    assert suggest("django admin", published) == ""
    assert suggest("xyzzyq", published) == ""


def test_no_suggestion_when_the_search_finds_something(client, plurals):
    response = client.get("/questions/", {"q": "migration"})

    assert suggestion_links(response) == []


def test_a_drafts_words_are_never_suggested(client, editor):
    make_question("How does Django route a request?")
    make_draft("What is a zeppelinoid?", body="Only the draft says quuxification.")
    published = Question.objects.published()

    assert suggest("zeppelinod", published) == ""
    # The same word is suggested when drafts may supply words: the test sees a leak.
    assert suggest("zeppelinod", Question.objects.all()) == "zeppelinoid"
    assert suggest("quuxificatio", published) == ""
    for user in [None, editor]:
        if user:
            client.force_login(user)
        for q in ["zeppelinod", "quuxificatio", "djnago zeppelinod"]:
            response = client.get("/questions/", {"q": q})
            assert suggestion_links(response) == [], q
            assert "zeppelinoid" not in response.content.decode()


def test_suggestions_cost_the_same_queries_for_200_questions_as_for_5(
    client, django_framework, django_assert_num_queries
):
    topic = make_topic("Bank", slug="bank")
    bulk_make_questions(5, topics=[topic], frameworks=[django_framework])
    url = "/questions/?q=carre+explian"
    client.get(url)
    with CaptureQueriesContext(connection) as at_five:
        response = client.get(url)
    assert suggestion_links(response)

    bulk_make_questions(195, topics=[topic], frameworks=[django_framework])

    with django_assert_num_queries(len(at_five)):
        response = client.get(url)
    assert suggestion_links(response)


# Symbols


@pytest.fixture
def code_questions():
    make_question("How do you spot N+1 queries?")
    make_question("Why does page 1 load slowly?", body="Only 1 query, in 10 ms.")
    make_question("What does select_related do?")
    make_question("What does __init__.py do?")
    make_question("Is initial data loaded by fixtures?")
    make_question("What does @login_required do?")
    make_question("Why learn C++ before Python?")
    make_question("Can a class be abstract?", body="Classes and callables.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("N+1", ["How do you spot N+1 queries?"]),
        ("select_related", ["What does select_related do?"]),
        ("__init__", ["What does __init__.py do?"]),
        ("@login_required", ["What does @login_required do?"]),
        ("C++", ["Why learn C++ before Python?"]),
        ("init", ["Is initial data loaded by fixtures?", "What does __init__.py do?"]),
    ],
)
def test_symbols_search_for_what_they_say(code_questions, text, expected):
    assert search(text) == expected


def test_symbol_queries_highlight_whole_words():
    terms = parse_query("__init__ C++")

    assert highlight("__init__ is not initial; C++ is not a class", terms) == (
        "__<mark>init</mark>__ is not initial; <mark>C</mark>++ is not a class"
    )


# The index migration

MIGRATION = ("questions", "0005_search_stemming")
BEFORE = ("questions", "0004_editorial_workflow")


def matching(word):
    """The ids of the rows the raw index matches for `word`, whatever the migration state."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = (
                "SELECT question_id FROM questions_searchindex WHERE questions_searchindex MATCH %s"
            )
        else:
            sql = (
                "SELECT question_id FROM questions_searchindex "
                "WHERE search_vector @@ plainto_tsquery(%s::regconfig, %s)"
            )
        config = "questions_english" if is_applied(MIGRATION) else "simple"
        cursor.execute(sql, [word] if connection.vendor == "sqlite" else [config, word])
        return sorted(row[0] for row in cursor.fetchall())


def is_applied(migration):
    return migration in MigrationExecutor(connection).loader.applied_migrations


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_the_stemming_migration_rebuilds_the_index_both_ways():
    plural = make_question("How do migrations work?").pk
    singular = make_question("Can a migration be squashed?").pk
    assert matching("migration") == sorted([plural, singular])

    try:
        migrate(BEFORE)
        assert matching("migration") == [singular]
        assert matching("migrations") == [plural]
        late = make_question("Are migrations reversible?").pk
        assert matching("migrations") == sorted([plural, late])
    finally:
        migrate(MIGRATION)

    assert matching("migration") == sorted([plural, singular, late])
    assert search("migration") == [
        "Are migrations reversible?",
        "Can a migration be squashed?",
        "How do migrations work?",
    ]
    make_question("Is a migration atomic?")
    assert len(search("migrations")) == 4


# Code in snippets


def snippets(response):
    return re.findall(r'<p class="question-snippet">(.*?)</p>', response.content.decode(), re.S)


def test_a_snippet_from_a_code_block_shows_it_as_code(client):
    make_question(
        "How do you loop lazily?",
        body="Use a generator:\n\n"
        "```python\nfor row in rows:\n    yield zeppelin(row)\n```\n\nDone.",
    )

    response = client.get("/questions/", {"q": "zeppelin"})

    assert snippets(response) == [
        'Use a generator: <code class="snippet-code">for row in rows:<br>'
        "&nbsp;&nbsp;&nbsp;&nbsp;yield <mark>zeppelin</mark>(row)</code> Done."
    ]


def test_a_snippet_window_inside_code_keeps_only_its_lines():
    text = "Intro words here.\n```\nfirst = 1\nsecond = zeppelin\nthird = 3\n```\nOutro <b>."

    html = snippet([text], parse_query("zeppelin"), words=4)

    assert html == (
        '… <code class="snippet-code">second = <mark>zeppelin</mark><br>third = 3</code> …'
    )
    assert (
        snippet(["No code & <here>."], parse_query("code"))
        == "No <mark>code</mark> &amp; &lt;here&gt;."
    )
