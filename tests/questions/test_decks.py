"""Decks to take away, read back the way Anki reads them: the .apkg's SQLite notes, the CSV rows."""

import csv
import io
import json
import sqlite3
import zipfile
from datetime import timedelta

import genanki
import pytest
from django.utils import timezone

from questions.decks import DECK_ID, DECK_LIMIT, MODEL_ID
from questions.models import Question
from questions.practice.models import Bookmark, Progress
from questions.practice.reviews import add_to_reviews
from tests.factories import (
    bulk_make_questions,
    make_draft,
    make_editor,
    make_question,
    make_reader,
    make_scheduled,
    make_topic,
)
from tests.pages import attr, find, find_all, parse, text

CSV_HEADER = [
    "#separator:Comma",
    "#html:true",
    "#guid column:1",
    "#tags column:8",
    "#if matches:update current",
]


def read_apkg(response):
    """The notes and collection settings of a downloaded .apkg, as Anki would open them."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        collection = archive.read("collection.anki2")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(collection)
        notes = [
            {"guid": guid, "model": model, "fields": fields.split("\x1f"), "tags": tags.split()}
            for guid, model, fields, tags in connection.execute(
                "SELECT guid, mid, flds, tags FROM notes ORDER BY id"
            )
        ]
        decks_of_cards = {deck for (deck,) in connection.execute("SELECT DISTINCT did FROM cards")}
        models, decks = connection.execute("SELECT models, decks FROM col").fetchone()
    finally:
        connection.close()
    return {
        "notes": notes,
        "card_decks": decks_of_cards,
        "models": json.loads(models),
        "decks": json.loads(decks),
    }


def read_csv(response):
    """(header lines, rows) of a downloaded CSV."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    lines = content.split("\n")
    header = [line for line in lines if line.startswith("#")]
    body = "\n".join(lines[len(header) :])
    return header, list(csv.reader(io.StringIO(body)))


def guid(question):
    return genanki.guid_for("pyinterview", question.pk)


def tags(topic, framework, difficulty):
    return [f"topic::{topic}", f"framework::{framework}", f"difficulty::{difficulty}"]


@pytest.fixture
def bank(topic, django_framework, flask_framework):
    """Published questions in two frameworks and levels, a draft, and a scheduled one."""
    orm = make_topic("ORM", slug="orm")
    return {
        "path": make_question(
            "What does `path()` return?",
            slug="what-does-path-return",
            topic=topic,
            framework=django_framework,
            difficulty="advanced",
            answers=("A `URLPattern`.", "Or a `URLResolver` for `include()`."),
        ),
        "converters": make_question(
            "How do path converters work?",
            slug="path-converters",
            topic=topic,
            framework=django_framework,
            difficulty="advanced",
            answers=("They turn `<int:pk>` into an int & back.",),
        ),
        "flask": make_question(
            "How does Flask route?",
            slug="flask-routing",
            topic=topic,
            framework=flask_framework,
            difficulty="advanced",
        ),
        "beginner": make_question(
            "What is a URLconf?",
            slug="what-is-a-urlconf",
            topic=topic,
            framework=django_framework,
            difficulty="beginner",
        ),
        "orm": make_question(
            "What is a QuerySet?",
            slug="what-is-a-queryset",
            topic=orm,
            framework=django_framework,
            difficulty="advanced",
        ),
        "draft": make_draft(
            "Secret draft about routing",
            slug="secret-draft",
            topic=topic,
            framework=django_framework,
            difficulty="advanced",
        ),
        "scheduled": make_scheduled(
            "Scheduled routing question",
            slug="scheduled-question",
            topic=topic,
            framework=django_framework,
            difficulty="advanced",
        ),
    }


def test_apkg_holds_exactly_the_filtered_published_questions_as_notes(client, bank):
    deck = read_apkg(client.get("/questions/deck.apkg?framework=django&difficulty=advanced"))

    path, converters, orm = bank["path"], bank["converters"], bank["orm"]
    assert deck["notes"] == [
        {
            "guid": guid(path),
            "model": MODEL_ID,
            "fields": [
                "What does <code>path()</code> return?",
                "<p>A <code>URLPattern</code>.</p><hr><p>Or a <code>URLResolver</code> for "
                "<code>include()</code>.</p>",
                "Routing and URLs",
                "Django",
                "Advanced",
                "http://testserver/questions/what-does-path-return/",
            ],
            "tags": tags("routing", "django", "advanced"),
        },
        {
            "guid": guid(converters),
            "model": MODEL_ID,
            "fields": [
                "How do path converters work?",
                "<p>They turn <code>&lt;int:pk&gt;</code> into an int &amp; back.</p>",
                "Routing and URLs",
                "Django",
                "Advanced",
                "http://testserver/questions/path-converters/",
            ],
            "tags": tags("routing", "django", "advanced"),
        },
        {
            "guid": guid(orm),
            "model": MODEL_ID,
            "fields": [
                "What is a QuerySet?",
                "<p>An answer.</p>",
                "ORM",
                "Django",
                "Advanced",
                "http://testserver/questions/what-is-a-queryset/",
            ],
            "tags": tags("orm", "django", "advanced"),
        },
    ]
    assert deck["card_decks"] == {DECK_ID}
    assert deck["decks"][str(DECK_ID)]["name"] == "Python interview questions"
    model = deck["models"][str(MODEL_ID)]
    assert [field["name"] for field in model["flds"]] == [
        "Question",
        "Answer",
        "Topic",
        "Framework",
        "Difficulty",
        "Link",
    ]


def test_apkg_is_an_attachment_named_after_the_filters(client, bank):
    response = client.get("/questions/deck.apkg?topic=routing&framework=django&difficulty=advanced")

    assert response["Content-Disposition"] == (
        'attachment; filename="python-interview-questions-routing-django-advanced.apkg"'
    )
    assert "no-store" in response["Cache-Control"]


def test_guids_are_stable_across_downloads_so_reimports_update_notes(client, bank):
    first = read_apkg(client.get("/questions/deck.apkg"))
    bank["path"].title = "What does `path()` return, exactly?"
    bank["path"].save()
    second = read_apkg(client.get("/questions/deck.apkg"))

    guids = [note["guid"] for note in first["notes"]]
    assert guids == [note["guid"] for note in second["notes"]]
    assert len(set(guids)) == len(guids) == 5
    assert guid(bank["path"]) in guids
    changed = next(note for note in second["notes"] if note["guid"] == guid(bank["path"]))
    assert changed["fields"][0] == "What does <code>path()</code> return, exactly?"


def test_code_in_answers_is_highlighted_with_the_site_styles_in_the_note_type(client, topic):
    make_question(topic=topic, answers=("Like this:\n\n```python\ndef view(request): ...\n```",))

    deck = read_apkg(client.get("/questions/deck.apkg"))

    (note,) = deck["notes"]
    assert '<div class="highlight"><pre tabindex="0">' in note["fields"][1]
    assert '<span class="k">def</span>' in note["fields"][1]
    css = deck["models"][str(MODEL_ID)]["css"]
    assert ".highlight .k { color: #A90D91 }" in css  # xcode, as static/css/pygments.css
    assert ".nightMode .highlight .k" in css  # github-dark, in Anki's night mode


@pytest.mark.parametrize("url", ["/questions/deck.apkg", "/questions/deck.csv"])
def test_drafts_and_scheduled_questions_are_never_in_a_deck(client, bank, url):
    response = client.get(url)

    content = response.content if url.endswith(".csv") else str(read_apkg(response))
    assert response.status_code == 200
    for name in ("draft", "scheduled"):
        assert bank[name].slug not in str(content)
        assert guid(bank[name]) not in str(content)


@pytest.mark.parametrize("url", ["/questions/deck.apkg", "/questions/deck.csv"])
def test_searching_for_a_draft_by_its_title_gives_an_empty_deck(client, bank, url):
    response = client.get(url, {"q": "Secret draft about routing"})

    if url.endswith(".csv"):
        assert read_csv(response) == (CSV_HEADER, [])
    else:
        assert read_apkg(response)["notes"] == []


def test_editors_who_preview_drafts_on_the_site_still_get_only_published_questions(client, bank):
    client.force_login(make_editor())

    deck = read_apkg(client.get("/questions/deck.apkg?topic=routing&difficulty=advanced"))

    assert [note["guid"] for note in deck["notes"]] == [
        guid(bank["path"]),
        guid(bank["converters"]),
        guid(bank["flask"]),
    ]


def test_csv_has_ankis_header_lines_and_exact_quoted_rows(client, bank):
    response = client.get("/questions/deck.csv?framework=django&difficulty=beginner")

    beginner = bank["beginner"]
    assert response.content.decode("utf-8") == (
        "#separator:Comma\n"
        "#html:true\n"
        "#guid column:1\n"
        "#tags column:8\n"
        "#if matches:update current\n"
        f'"{guid(beginner)}","What is a URLconf?","<p>An answer.</p>","Routing and URLs",'
        '"Django","Beginner","http://testserver/questions/what-is-a-urlconf/",'
        '"topic::routing framework::django difficulty::beginner"\n'
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="python-interview-questions-django-beginner.csv"'
    )


def test_csv_quotes_html_with_commas_quotes_and_newlines(client, topic):
    question = make_question(
        'Why "reverse", not a hard-coded URL?',
        topic=topic,
        answers=('One, because:\n\n```python\nreverse("home")\n```',),
    )

    response = client.get("/questions/deck.csv")
    header, rows = read_csv(response)

    assert header == CSV_HEADER
    ((row_guid, title, answer, *rest),) = rows
    assert row_guid == guid(question)
    assert title == "Why &quot;reverse&quot;, not a hard-coded URL?"
    assert answer == question.answers.get().body_html
    assert "\n" in answer and '"' in answer and "," in answer
    assert rest == [
        "Routing and URLs",
        "Django",
        "Beginner",
        f"http://testserver/questions/{question.slug}/",
        "topic::routing framework::django difficulty::beginner",
    ]
    # Anki skips any record that starts with "#": quoted, none does, whatever its GUID.
    assert response.content.decode().split("\n")[len(CSV_HEADER)].startswith('"')


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("topic=orm", ["What is a QuerySet?"]),
        ("topic=routing&framework=flask", ["How does Flask route?"]),
        ("topic=routing&difficulty=beginner", ["What is a URLconf?"]),
        ("q=converters", ["How do path converters work?"]),
        ("topic=orm&page=7&unknown=ignored", ["What is a QuerySet?"]),
    ],
)
def test_filters_and_topic_narrow_both_formats(client, bank, query, titles):
    deck = read_apkg(client.get(f"/questions/deck.apkg?{query}"))
    _, rows = read_csv(client.get(f"/questions/deck.csv?{query}"))

    assert [note["fields"][0] for note in deck["notes"]] == titles
    assert [row[1] for row in rows] == titles


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("framework=nope", "Framework: Select a valid choice."),
        ("difficulty=expert", "Difficulty: Select a valid choice. expert is not one of"),
        ("topic=nope", "Topic: Select a valid choice."),
        ("q=" + "x" * 201, "Search: Ensure this value has at most 200 characters"),
        ("progress=known", "Your progress: log in to filter by your own progress."),
    ],
)
@pytest.mark.parametrize("url", ["/questions/deck.apkg", "/questions/deck.csv"])
def test_invalid_filters_are_a_400_that_says_which(client, bank, url, query, message):
    response = client.get(f"{url}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("These filters were not understood:\n")
    assert message in body


def test_a_nul_byte_in_the_search_is_a_400_not_a_500(client, bank):
    response = client.get("/questions/deck.csv", {"q": "path\x00"})

    assert response.status_code == 400


def test_more_questions_than_a_deck_holds_is_a_400_that_says_narrow_the_filters(
    client, topic, django_framework
):
    small = make_topic("Small", slug="small")
    bulk_make_questions(DECK_LIMIT, topics=[topic], frameworks=[django_framework], answers=1)
    make_question("The only small one?", topic=small)

    response = client.get("/questions/deck.apkg")

    assert response.status_code == 400
    assert response.content.decode() == (
        "2001 questions match these filters; a deck holds at most 2000. Narrow the filters "
        "(a topic, a framework or a difficulty) and download again.\n"
    )
    assert client.get("/questions/deck.csv").status_code == 400
    assert len(read_apkg(client.get("/questions/deck.apkg?topic=small"))["notes"]) == 1
    page = parse(client.get("/questions/"))
    assert find_all(page, "a", attrs={"href": "/questions/deck.apkg"}) == []
    assert text(find(page, "p", css_class="deck-links")) == (
        "A deck holds at most 2000 questions: narrow the filters to download these as an Anki "
        "deck or CSV."
    )


@pytest.fixture
def marked(bank, reader):
    """The reader's bookmarks and progress, and another reader's, on the same questions."""
    other = make_reader("other")
    Bookmark.objects.create(user=reader, question=bank["path"])
    Bookmark.objects.create(user=reader, question=bank["draft"])
    Bookmark.objects.create(user=other, question=bank["flask"])
    Progress.objects.create(user=reader, question=bank["orm"], state="learning")
    Progress.objects.create(user=reader, question=bank["beginner"], state="known")
    Progress.objects.create(user=reader, question=bank["scheduled"], state="learning")
    Progress.objects.create(user=other, question=bank["converters"], state="learning")
    return bank


@pytest.mark.parametrize(("reader_list", "names"), [("bookmarks", ["path"]), ("learning", ["orm"])])
def test_a_readers_lists_hold_only_their_own_published_marks(
    client, reader, marked, reader_list, names
):
    client.force_login(reader)

    deck = read_apkg(client.get(f"/questions/deck.apkg?list={reader_list}"))
    _, rows = read_csv(client.get(f"/questions/deck.csv?list={reader_list}"))

    expected = [guid(marked[name]) for name in names]
    assert [note["guid"] for note in deck["notes"]] == expected
    assert [row[0] for row in rows] == expected


def test_the_due_list_holds_the_readers_questions_due_for_review_now(client, reader, bank):
    past, future = timezone.now() - timedelta(hours=1), timezone.now() + timedelta(days=2)
    add_to_reviews(user=reader, questions=Question.objects.filter(pk=bank["path"].pk), now=past)
    add_to_reviews(user=reader, questions=Question.objects.filter(pk=bank["orm"].pk), now=future)
    add_to_reviews(
        user=make_reader("other"), questions=Question.objects.filter(pk=bank["flask"].pk), now=past
    )
    client.force_login(reader)

    deck = read_apkg(client.get("/questions/deck.apkg?list=due"))

    assert [note["guid"] for note in deck["notes"]] == [guid(bank["path"])]


def test_a_readers_list_combines_with_the_filters(client, reader, marked):
    client.force_login(reader)

    response = client.get("/questions/deck.csv?list=bookmarks&difficulty=beginner")

    assert read_csv(response) == (CSV_HEADER, [])
    assert response["Content-Disposition"] == (
        'attachment; filename="python-interview-questions-beginner-bookmarks.csv"'
    )


@pytest.mark.parametrize("url", ["/questions/deck.apkg", "/questions/deck.csv"])
def test_anonymous_visitors_asking_for_a_readers_list_are_sent_to_log_in(client, marked, url):
    response = client.get(f"{url}?list=bookmarks")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}%3Flist%3Dbookmarks"


def test_an_unknown_list_is_a_400(client, reader, bank):
    client.force_login(reader)

    response = client.get("/questions/deck.csv?list=everything")

    assert response.status_code == 400
    assert "List: Select a valid choice. everything is not one of" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_a_deck_takes_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, topic, django_framework, count
):
    bulk_make_questions(count, topics=[topic], frameworks=[django_framework], answers=2)

    # The topic's validation, the count, the questions, their answers.
    with django_assert_num_queries(4):
        deck = read_apkg(client.get("/questions/deck.apkg?topic=routing"))
    with django_assert_num_queries(4):
        _, rows = read_csv(client.get("/questions/deck.csv?topic=routing"))

    assert len(deck["notes"]) == len(rows) == count


@pytest.mark.parametrize("count", [3, 30])
def test_a_readers_list_takes_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, reader, topic, django_framework, count
):
    questions = bulk_make_questions(count, topics=[topic], frameworks=[django_framework])
    Bookmark.objects.bulk_create(Bookmark(user=reader, question=q) for q in questions)
    client.force_login(reader)

    # The session, the reader, the reader's permissions (two: may they see drafts
    # in the topic and framework choices?), the count, the questions, their answers.
    with django_assert_num_queries(7):
        deck = read_apkg(client.get("/questions/deck.apkg?list=bookmarks"))

    assert len(deck["notes"]) == count


def deck_links(response):
    links = find(parse(response), "p", css_class="deck-links")
    return [attr(link, "href") for link in find_all(links, "a")]


def test_the_question_list_links_its_decks_with_the_current_filters(client, bank):
    response = client.get("/questions/?framework=django&difficulty=advanced&page=1")

    assert deck_links(response) == [
        "/questions/deck.apkg?framework=django&difficulty=advanced",
        "/questions/deck.csv?framework=django&difficulty=advanced",
    ]
    assert text(find(parse(response), "p", css_class="deck-links")) == "Download as Anki deck · CSV"


def test_a_topic_page_links_its_decks_with_the_topic_and_filters(client, bank):
    response = client.get("/topics/routing/?difficulty=beginner")

    assert deck_links(response) == [
        "/questions/deck.apkg?difficulty=beginner&topic=routing",
        "/questions/deck.csv?difficulty=beginner&topic=routing",
    ]
    notes = read_apkg(client.get(deck_links(response)[0]))["notes"]
    assert [note["guid"] for note in notes] == [guid(bank["beginner"])]


def test_an_empty_list_offers_no_deck(client, bank):
    response = client.get("/questions/?q=nothingmatchesthis")

    assert find_all(parse(response), "p", css_class="deck-links") == []
