"""Practice: one random published question at a time, from the filters, without JavaScript."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questions.models import Status
from questions.practice.models import Progress
from tests.factories import (
    bulk_make_questions,
    make_draft,
    make_framework,
    make_question,
    make_reader,
    make_scheduled,
    make_topic,
)
from tests.pages import attr, find, find_all, parse, text

PRACTICE = "/practice/"


def shown_title(response):
    return text(find(parse(response), "h2", attrs={"id": "practice-title"}))


def next_link(response):
    return attr(find(parse(response), "a", attrs={"data-shortcut": "n"}), "href")


def titles_over(client, url, tries=15):
    """The titles practice shows over several visits of `url`."""
    return {shown_title(client.get(url)) for _ in range(tries)}


@pytest.fixture
def bank(topic, django_framework, flask_framework):
    """Two topics; drafts and a scheduled question sit beside the published ones."""
    orm = make_topic("ORM", slug="orm")
    make_question("Routing beginner?", topic=topic, framework=django_framework)
    make_question(
        "Routing advanced?", topic=topic, framework=flask_framework, difficulty="advanced"
    )
    make_question("ORM question?", topic=orm, framework=django_framework, answers=["Use F()."])
    make_draft("Draft routing?", topic=topic, framework=django_framework)
    make_scheduled("Scheduled routing?", topic=topic, framework=django_framework)
    return {"routing": topic, "orm": orm}


def test_practice_shows_one_published_question_with_its_answer_folded(client, bank):
    response = client.get(f"{PRACTICE}?topic=orm")

    assert response.status_code == 200
    page = parse(response)
    assert shown_title(response) == "ORM question?"
    answer = find(page, "details", css_class="answer")
    assert text(find(answer, "summary")).startswith("Show answer")
    assert "Use F()." in text(answer)
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]


def test_drafts_and_scheduled_questions_never_come_up(client, bank):
    assert titles_over(client, f"{PRACTICE}?topic=routing") == {
        "Routing beginner?",
        "Routing advanced?",
    }


def test_filters_combine_topic_framework_and_difficulty(client, bank):
    url = f"{PRACTICE}?topic=routing&framework=flask&difficulty=advanced"
    assert titles_over(client, url, tries=5) == {"Routing advanced?"}
    assert titles_over(client, f"{PRACTICE}?framework=django", tries=20) == {
        "Routing beginner?",
        "ORM question?",
    }


def test_next_never_repeats_the_question_just_shown(client, bank):
    url = f"{PRACTICE}?topic=routing"
    response = client.get(url)
    for _ in range(6):
        following = client.get(next_link(response))
        assert shown_title(following) != shown_title(response)
        response = following


def test_next_keeps_the_filters_and_remembers_what_was_seen(client, bank):
    response = client.get(f"{PRACTICE}?topic=routing&difficulty=beginner")
    query = parse_qs(urlsplit(next_link(response)).query)
    assert query["topic"] == ["routing"]
    assert query["difficulty"] == ["beginner"]
    assert len(query["seen"]) == 1
    assert re.fullmatch(r"\d+", query["seen"][0])


def test_once_every_match_was_seen_practice_goes_round_again(client, bank):
    response = client.get(f"{PRACTICE}?topic=orm")
    again = client.get(next_link(response))

    assert shown_title(again) == "ORM question?"
    assert "come round again" in text(parse(again))


def test_a_given_question_is_shown_when_it_matches(client, bank):
    orm = bank["orm"].questions.get()
    response = client.get(f"{PRACTICE}?question={orm.pk}")
    assert shown_title(response) == "ORM question?"


def test_a_draft_cannot_be_asked_for_by_id(client, bank):
    draft = bank["routing"].questions.get(status=Status.DRAFT)
    response = client.get(f"{PRACTICE}?topic=routing&question={draft.pk}")
    assert response.status_code == 200
    assert shown_title(response) in {"Routing beginner?", "Routing advanced?"}


def test_no_match_says_so_and_offers_to_clear_the_filters(client, bank):
    response = client.get(f"{PRACTICE}?topic=orm&difficulty=advanced")

    assert response.status_code == 200
    empty = find(parse(response), "div", css_class="empty")
    assert "No published question matches these filters" in text(empty)
    assert attr(find(empty, "a"), "href") == PRACTICE


def test_an_empty_bank_is_not_an_error(client):
    make_draft("Only a draft?")
    response = client.get(PRACTICE)
    assert response.status_code == 200
    assert "No published question matches" in text(parse(response))


@pytest.mark.parametrize(
    "query",
    [
        "topic=no-such-topic",
        "framework=%00",
        "difficulty=expert",
        "seen=abc,,-1,99999999999999999999999999,1e5",
        "question=abc",
        "question=99999999999999999999999999",
        "seen=" + ",".join(["1"] * 5000),
        "progress=known",
    ],
)
def test_bad_parameters_are_ignored_not_errors(client, bank, query):
    response = client.get(f"{PRACTICE}?{query}")
    assert response.status_code == 200
    assert shown_title(response) in {"Routing beginner?", "Routing advanced?", "ORM question?"}


def test_an_unknown_topic_is_reported(client, bank):
    response = client.get(f"{PRACTICE}?topic=no-such-topic")
    alert = text(find(parse(response), "div", css_class="alert-warning"))
    assert "Topic:" in alert


def test_anonymous_visitors_see_what_signing_up_gives_instead_of_buttons(client, bank):
    response = client.get(f"{PRACTICE}?topic=orm")
    page = parse(response)

    assert find_all(page, "form", attrs={"method": "post"}) == []
    pitch = text(find(page, "aside", css_class="signup-pitch"))
    assert "bookmark questions" in pitch
    assert "progress" in pitch


def test_readers_mark_from_practice_and_move_on(client, bank, reader):
    client.force_login(reader)
    response = client.get(f"{PRACTICE}?topic=routing")
    page = parse(response)
    form = find(page, "form", css_class="progress-form")
    following = attr(find(form, "input", attrs={"name": "next"}), "value")
    assert following == next_link(response)

    shown = shown_title(response)
    question = bank["routing"].questions.get(title=shown)
    marked = client.post(attr(form, "action"), {"state": "known", "next": following})

    assert marked.status_code == 302
    assert marked["Location"] == following
    assert Progress.objects.get(user=reader, question=question).state == "known"
    assert shown_title(client.get(following)) != shown


def test_readers_practise_by_their_own_progress(client, bank, reader):
    other = make_reader("other")
    routing = bank["routing"].questions.published()
    learning = routing.get(title="Routing advanced?")
    Progress.objects.create(user=reader, question=learning, state="learning")
    Progress.objects.create(
        user=other, question=routing.get(title="Routing beginner?"), state="learning"
    )
    client.force_login(reader)

    assert titles_over(client, f"{PRACTICE}?progress=learning", tries=5) == {"Routing advanced?"}


def test_keyboard_shortcuts_come_from_a_static_script_only(client, bank):
    response = client.get(PRACTICE)
    scripts = find_all(parse(response), "script")

    assert [attr(script, "src") for script in scripts] == ["/static/js/practice.js"]
    assert all(not script.children for script in scripts)
    assert attr(find(parse(response), "a", attrs={"data-shortcut": "n"}), "aria-keyshortcuts")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "reader"])
@pytest.mark.parametrize(
    "url",
    [PRACTICE, f"{PRACTICE}?topic=t0&difficulty=beginner", f"{PRACTICE}?framework=f0&seen=1,2,3"],
)
def test_practice_runs_the_same_queries_at_5_and_200_questions(client, reader, signed_in, url):
    topics = [make_topic(slug="t0"), make_topic()]
    frameworks = [make_framework("f0"), make_framework()]
    bulk_make_questions(5, topics=topics, frameworks=frameworks)
    if signed_in:
        client.force_login(reader)
    count_queries(client, url)  # Warm the session and permission caches.
    small = count_queries(client, url)

    bulk_make_questions(195, topics=topics, frameworks=frameworks)
    bulk_make_questions(40, topics=topics, frameworks=frameworks, status=Status.DRAFT)
    assert count_queries(client, url) == small
    assert small <= 13  # for a reader, one of them is the header's count of due reviews


def test_practice_narrows_by_search_words_too(client, bank):
    assert titles_over(client, f"{PRACTICE}?q=ORM", tries=5) == {"ORM question?"}
