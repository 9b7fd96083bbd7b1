"""Full-text search: ranking, matching, highlighting, index upkeep, visibility and cost.

Every test runs on whichever database the suite uses (SQLite's FTS5 by default,
PostgreSQL when DATABASE_URL points there) and expects the same results.
"""

import re
import string
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Answer, Question
from questions.search import highlight, html_to_text, parse_query, snippet
from questions.search.models import SearchDocument
from questions.search.query import WORD
from questions.search.snippets import SNIPPET_SCAN_CHARS
from questions.starter import load_starter_content
from tests.factories import (
    bulk_make_questions,
    make_draft,
    make_framework,
    make_question,
    make_scheduled,
    make_topic,
)
from tests.pages import form_values, listed_titles, results_count


def search(text):
    return list(Question.objects.search(text).values_list("title", flat=True))


def found(client, q, url="/questions/"):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return listed_titles(response)


def snippets(response):
    """The inner HTML of each result's snippet, exactly as served."""
    return re.findall(r'<p class="question-snippet">(.*?)</p>', response.content.decode())


@pytest.fixture
def airships():
    """The word "zeppelin" once in a title, once in a body, once in an answer.

    Created in the opposite order of relevance, and at one difficulty, so the
    list's usual order (difficulty, then age) is the reverse of the ranked one.
    """
    in_answer = make_question("How do balloons float?", answers=["Like a zeppelin."])
    in_body = make_question("How do airships float?", body="Think of a zeppelin.")
    in_title = make_question("How does a zeppelin float?")
    return in_title, in_body, in_answer


# Ranking and matching


def test_a_title_match_ranks_above_a_body_match_above_an_answer_match(client, airships):
    expected = ["How does a zeppelin float?", "How do airships float?", "How do balloons float?"]

    assert search("zeppelin") == expected
    assert found(client, "zeppelin") == expected
    # Without a search the list keeps its usual order.
    assert listed_titles(client.get("/questions/")) == expected[::-1]


def test_ranks_are_higher_for_better_matches(airships):
    ranks = list(Question.objects.search("zeppelin").values_list("search_rank", flat=True))

    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == 3


def test_equally_good_matches_keep_the_usual_order():
    first = make_question("Why use a zeppelin?", difficulty="advanced")
    second = make_question("Why use a zeppelin?", difficulty="beginner")
    third = make_question("Why use a zeppelin?", difficulty="beginner")

    assert list(Question.objects.search("zeppelin")) == [second, third, first]


def test_the_last_word_matches_as_a_prefix(airships):
    assert search("zep") == search("ZEPPELIN") == search("zeppelin")
    # Both indexes stem English words now, so a plural finds its singular.
    assert search("zeppelins") == search("zeppelin")
    assert search("pelin") == []
    assert search("doe zep") == ["How does a zeppelin float?"]


def test_earlier_words_match_whole(airships):
    assert search("zeppelin doe") == ["How does a zeppelin float?"]
    assert search("zep doe") == []
    assert parse_query("zep doe").prefix == (False, True)
    assert parse_query("zep doe ").prefix == (False, True)


def test_every_word_must_appear_somewhere_in_the_question():
    make_question("How does a zeppelin float?", answers=["With helium, mostly."])
    make_question("Is helium a gas?")

    assert search("zeppelin helium") == ["How does a zeppelin float?"]
    assert search("helium zeppelin") == ["How does a zeppelin float?"]
    assert search("zeppelin submarine") == []


def test_words_joined_by_punctuation_match_as_a_phrase():
    make_question("What does select_related do?")
    make_question("Is related data selected lazily?")

    assert search("select_related") == ["What does select_related do?"]
    assert search("select related") == [
        "What does select_related do?",
        "Is related data selected lazily?",
    ]


def test_common_words_are_left_out_unless_nothing_else_is_left():
    make_question("What is a decorator?")
    make_question("Why use decorators in Flask?")

    assert search("what is a decorator") == [
        "What is a decorator?",
        "Why use decorators in Flask?",
    ]
    assert search("what is") == ["What is a decorator?"]


def test_case_does_not_matter_beyond_ascii():
    make_question("Qu'est-ce qu'un café?")

    assert search("CAFÉ") == ["Qu'est-ce qu'un café?"]


def test_every_word_of_code_urls_and_versions_is_searchable():
    make_question(
        "How do you stop XSS?",
        body="Escape `<script>` tags as docs.example.com/xss-guide says, since v2.1-beta.",
        answers=["Use `html.escape()` & friends: user@example.org knows."],
    )

    for text in ["script", "tags", "example", "guide", "v2", "beta", "escape", "user", "friends"]:
        assert search(text) == ["How do you stop XSS?"], text
    assert search("xss guide") == search("v2.1") == ["How do you stop XSS?"]


def test_a_query_without_words_filters_nothing(client, airships):
    every = listed_titles(client.get("/questions/"))

    response = client.get("/questions/", {"q": "*** -- !!"})

    assert listed_titles(response) == every
    assert snippets(response) == []
    assert not parse_query("*** -- !!")


def test_search_combines_with_framework_and_difficulty_on_topic_pages(client, django_framework):
    flask = make_framework("flask", name="Flask")
    topic = make_topic("Airships", slug="airships")
    make_question("Zeppelin one?", topic=topic, framework=django_framework)
    make_question("Zeppelin two?", topic=topic, framework=flask)
    make_question("Zeppelin three?", topic=topic, framework=django_framework, difficulty="advanced")
    make_question("Ballast?", topic=topic, framework=django_framework, body="Zeppelin ballast.")
    make_question("Zeppelin elsewhere?", framework=django_framework)

    response = client.get(
        "/topics/airships/", {"q": "zeppelin", "framework": "django", "difficulty": "beginner"}
    )

    assert listed_titles(response) == ["Zeppelin one?", "Ballast?"]
    assert results_count(response) == "2 questions match your filters"
    assert found(client, "zeppelin", "/topics/airships/") == [
        "Zeppelin one?",
        "Zeppelin two?",
        "Zeppelin three?",
        "Ballast?",
    ]


def test_previous_and_next_stay_within_the_matches_of_the_topic(client, topic):
    make_question("Zeppelin elsewhere?")
    first = make_question("Zeppelin one?", topic=topic)
    make_question("Balloon?", topic=topic)
    middle = make_question("Zeppelin two?", topic=topic, body="zeppelin zeppelin zeppelin")
    last = make_question("Zeppelin three?", topic=topic)
    make_question("Balloon again?", topic=topic)

    response = client.get(middle.get_absolute_url(), {"q": "zeppelin"})

    assert response.context["previous_question"] == first
    assert response.context["next_question"] == last


# Highlighting


def test_highlight_escapes_the_text_before_marking_it():
    terms = parse_query("script zep")

    html = highlight('<script>alert("zeppelin")</script> & zeppelins', terms)

    assert html == (
        "&lt;<mark>script</mark>&gt;alert(&quot;<mark>zeppelin</mark>&quot;)"
        "&lt;/<mark>script</mark>&gt; &amp; <mark>zeppelins</mark>"
    )


def test_highlight_marks_whole_words_of_a_phrase_and_a_prefix_of_its_last_word():
    terms = parse_query("select_rel")

    html = highlight("select_related() selects related rows", terms)

    # "selects" has the stem of "select", so the stemmed index matches it too.
    assert html == (
        "<mark>select</mark>_<mark>related</mark>() <mark>selects</mark> <mark>related</mark> rows"
    )


def test_snippet_is_a_window_around_the_first_match_of_the_best_source():
    body = " ".join(f"w{n}" for n in range(1, 41)) + " zeppelin " + "tail " * 40
    answers = "One zeppelin here, and a zeppelin there."

    html = snippet([body, answers], parse_query("zeppelin"), words=6)

    assert html == "One <mark>zeppelin</mark> here, and a <mark>zeppelin</mark> …"
    html = snippet([body, "No match."], parse_query("zeppelin"), words=6)
    assert html == "… w40 <mark>zeppelin</mark> tail tail tail tail …"


def test_snippet_near_the_end_takes_more_words_before_and_beyond_the_scan_finds_none():
    body = " ".join(f"w{n}" for n in range(1, 41)) + " zeppelin tail"

    assert snippet([body], parse_query("zeppelin"), words=6) == (
        "… w37 w38 w39 w40 <mark>zeppelin</mark> tail"
    )
    far = "word " * (SNIPPET_SCAN_CHARS // 5) + "zeppelin"
    assert snippet([far, "A zeppelin."], parse_query("zeppelin"), words=3) == (
        "A <mark>zeppelin</mark>."
    )


def test_snippet_marks_words_whose_accents_or_case_differ_from_the_query():
    assert snippet(["Le CAFÉ et le café, puis Cafe."], parse_query("cafe"), words=8) == (
        "Le <mark>CAFÉ</mark> et le <mark>café</mark>, puis <mark>Cafe</mark>."
    )
    assert snippet(["Queries, QUERY and a queried row."], parse_query("query"), words=8) == (
        "<mark>Queries</mark>, <mark>QUERY</mark> and a <mark>queried</mark> row."
    )


def test_the_words_a_query_finds_all_start_as_its_stems_do():
    """`Terms.starts` may let too many words through, never too few."""
    texts = " ".join(
        path.read_text()
        for path in (Path(__file__).parents[3] / "questions" / "starter_content").glob("*.toml")
    )
    words = sorted(set(WORD.findall(texts)))
    for query in ["happy", "query", "sensibility", "relational", "organization", "d", "co", "run"]:
        terms = parse_query(query)
        found = [word for word in words if terms.finds(word)]
        picked = [word for word in found if word.lower().startswith(terms.starts)]
        assert found and picked == found, query


def test_snippet_without_a_match_shows_the_start_of_the_text():
    assert snippet(["", "Answer one two three."], parse_query("zeppelin"), words=3) == (
        "Answer one two …"
    )
    assert snippet(["", ""], parse_query("zeppelin")) == ""


def test_result_snippets_are_escaped_plain_text_with_marks(client):
    make_question(
        "How do you print HTML safely?",
        body="Never echo `<script>` next to a **zeppelin**, & never trust input.",
        answers=["Escape it."],
    )
    make_question("Title only zeppelin?", body="", answers=["Short *answer*."])

    response = client.get("/questions/", {"q": "zeppelin"})

    assert listed_titles(response) == ["Title only zeppelin?", "How do you print HTML safely?"]
    assert snippets(response) == [
        "Short answer.",
        "Never echo &lt;script&gt; next to a <mark>zeppelin</mark>, &amp; never trust input.",
    ]
    assert "<script>" not in response.content.decode()


def test_no_snippets_without_a_search(client, airships):
    assert snippets(client.get("/questions/")) == []
    assert snippets(client.get("/questions/", {"difficulty": "beginner"})) == []


def test_the_index_holds_plain_text_without_markdown():
    question = make_question(
        "What does `yield` do?",
        body="## Generators\n\n- one *item*\n- [a link](https://example.com)\n\n"
        "```python\nprint('zeppelin')\n```",
        answers=["First &amp; **second**.", "![diagram](/media/d.png) Third."],
    )

    document = SearchDocument.objects.get(question=question)

    assert document.title == "What does `yield` do?"
    # Code blocks keep their lines between fences, for snippets to show them as code.
    assert document.body == "Generators one item a link\n```\nprint('zeppelin')\n```"
    assert document.answers == "First & second.\ndiagram Third."
    assert html_to_text("<p>a<br>b</p><p>c&lt;d&gt;</p>") == "a b c<d>"


# Keeping the index current


def change_url(question):
    return f"/admin/questions/question/{question.pk}/change/"


def admin_save(client, question, **changes):
    data = form_values(client.get(change_url(question)))
    data.update(changes, _save="Save")
    response = client.post(change_url(question), data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_editing_a_title_in_the_admin_reindexes_it(client, superuser):
    question = make_question("How does a zeppelin float?")
    client.force_login(superuser)

    admin_save(client, question, title="How does a dirigible float?")

    assert search("dirigible") == ["How does a dirigible float?"]
    assert search("zeppelin") == []


def test_adding_changing_and_deleting_answers_in_the_admin_reindexes(client, superuser):
    question = make_question("Lighter than air?", answers=["Hydrogen."])
    client.force_login(superuser)

    admin_save(
        client,
        question,
        **{
            "answers-TOTAL_FORMS": "2",
            "answers-1-body": "Helium is *safer*.",
            "answers-1-position": "2",
        },
    )
    assert search("helium") == ["Lighter than air?"]
    assert search("hydrogen") == ["Lighter than air?"]

    admin_save(client, question, **{"answers-0-body": "Hot air."})
    assert search("hydrogen") == []
    assert search("hot air") == ["Lighter than air?"]

    admin_save(client, question, **{"answers-1-DELETE": "on"})
    assert search("helium") == []
    assert SearchDocument.objects.get(question=question).answers == "Hot air."


def test_deleting_a_question_in_the_admin_removes_it_from_the_index(client, superuser):
    question = make_question("How does a zeppelin float?")
    make_question("Is a zeppelin safe?")
    client.force_login(superuser)

    response = client.post(f"/admin/questions/question/{question.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert search("zeppelin") == ["Is a zeppelin safe?"]
    assert not SearchDocument.objects.filter(pk=question.pk).exists()


def test_saves_and_deletes_through_the_models_reindex():
    question = make_question("Lighter than air?", body="Balloons.", answers=[])
    answer = Answer.objects.create(question=question, body="Helium.", position=1)
    assert search("helium") == ["Lighter than air?"]

    question.body = "Zeppelins."
    question.save(update_fields=["body"])
    assert search("zeppelins") == ["Lighter than air?"]
    assert search("balloons") == []

    answer.delete()
    assert search("helium") == []

    question.delete()
    assert not SearchDocument.objects.exists()


def test_saves_that_change_no_text_leave_the_index_alone():
    question = make_question("Lighter than air?")
    SearchDocument.objects.filter(pk=question.pk).update(title="Untouched")

    question.save(update_fields=["status", "publish_at"])
    assert SearchDocument.objects.get(pk=question.pk).title == "Untouched"

    question.save(update_fields=["title"])
    assert SearchDocument.objects.get(pk=question.pk).title == "Lighter than air?"


def test_the_starter_content_is_indexed():
    load_starter_content()

    assert SearchDocument.objects.count() == Question.objects.count() > 50
    assert "What is the difference between WSGI and ASGI" in search("wsgi asgi")[0]


def test_rebuild_command_repairs_writes_that_skipped_save():
    question = make_question("How does a zeppelin float?")
    make_draft("Secret zeppelin?")
    Question.objects.filter(pk=question.pk).update(title="How does a blimp float?")
    SearchDocument.objects.filter(pk=question.pk).update(body="stale")
    assert search("blimp") == []

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert out.getvalue() == "Indexed 2 questions.\n"
    assert search("blimp") == ["How does a blimp float?"]
    assert search("zeppelin") == ["Secret zeppelin?"]
    assert SearchDocument.objects.get(pk=question.pk).body == ""


# Visibility


@pytest.fixture
def hidden(airships):
    return {
        "draft": make_draft("Draft zeppelin?"),
        "scheduled": make_scheduled("Scheduled zeppelin?"),
    }


@pytest.mark.parametrize("role", ["anonymous", "reader"])
def test_readers_never_find_drafts_or_scheduled_questions(client, role, hidden, request):
    if role == "reader":
        client.force_login(request.getfixturevalue("reader"))
    topic_url = hidden["draft"].topic.get_absolute_url()

    assert "Draft zeppelin?" not in found(client, "zeppelin")
    assert "Scheduled zeppelin?" not in found(client, "zeppelin")
    assert found(client, "draft") == []
    assert client.get(topic_url, {"q": "zeppelin"}).status_code == 404
    assert len(found(client, "zeppelin")) == 3


@pytest.mark.parametrize("role", ["editor", "publisher", "superuser"])
def test_editors_find_drafts_and_scheduled_questions(client, role, hidden, request):
    client.force_login(request.getfixturevalue(role))

    titles = found(client, "zeppelin")

    assert {"Draft zeppelin?", "Scheduled zeppelin?"} <= set(titles)
    assert len(titles) == 5
    assert found(client, "draft", hidden["draft"].topic.get_absolute_url()) == ["Draft zeppelin?"]


def test_publishing_and_unpublishing_need_no_reindex(client, airships):
    draft = make_draft("Draft zeppelin?")
    drafts = Question.objects.filter(pk=draft.pk)

    drafts.publish()
    assert "Draft zeppelin?" in found(client, "zeppelin")

    drafts.unpublish()
    assert "Draft zeppelin?" not in found(client, "zeppelin")


# Hostile input

HOSTILE = [
    '"',
    '"zeppelin',
    "zeppelin'",
    "*",
    "zeppelin*",
    "NEAR(",
    "NEAR(zeppelin float, 2)",
    "-",
    "-zeppelin",
    "zeppelin -float",
    "AND",
    "OR OR",
    "NOT zeppelin",
    "title:zeppelin",
    "{title body}: zeppelin",
    "^zeppelin",
    "zeppelin + float",
    "' OR 1=1 --",
    "\\",
    "&|!<->:*",
    "():*'",
    "%_",
    "<script>alert(1)</script>",
    "é 🦄 日本語",
    "zeppelin" * 25,
    "z " * 100,
    "\t\n",
    (string.punctuation * 7)[:200],
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_fail(client, airships, text):
    for url in ["/questions/", airships[0].topic.get_absolute_url()]:
        response = client.get(url, {"q": text})
        assert response.status_code == 200
    Question.objects.search(text).count()


@pytest.mark.parametrize(
    "text", ["-zeppelin", '"zeppelin"', "zeppelin*", "^zeppelin", "(zeppelin)"]
)
def test_operators_are_ignored_and_the_words_still_searched(airships, text):
    assert search(text) == search("zeppelin") != []


def test_nul_bytes_are_refused_by_the_form_and_ignored_by_the_search(client, airships):
    response = client.get("/questions/", {"q": "zep\x00pelin"})

    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert len(listed_titles(response)) == 3
    assert search("zeppelin\x00") == search("zeppelin")


# Cost


@pytest.mark.parametrize("role", ["anonymous", "editor"])
@pytest.mark.parametrize(
    "url",
    [
        "/questions/?q=care",
        "/questions/?q=explain+care&framework=django&difficulty=beginner",
        "/topics/bank/?q=care",
        "/topics/bank/?q=bulk+care&framework=django&difficulty=advanced",
    ],
)
def test_search_pages_run_as_many_queries_for_200_questions_as_for_5(
    client, role, url, request, django_framework, django_assert_num_queries
):
    if role == "editor":
        client.force_login(request.getfixturevalue("editor"))
    topic = make_topic("Bank", slug="bank")
    bulk_make_questions(5, topics=[topic], frameworks=[django_framework])
    client.get(url)
    with CaptureQueriesContext(connection) as at_five:
        response = client.get(url)
    assert len(snippets(response)) == len(listed_titles(response)) > 0

    bulk_make_questions(195, topics=[topic], frameworks=[django_framework])

    with django_assert_num_queries(len(at_five)):
        response = client.get(url)
    assert len(snippets(response)) == len(listed_titles(response)) == 20
    assert "<mark>care</mark>" in snippets(response)[0]
