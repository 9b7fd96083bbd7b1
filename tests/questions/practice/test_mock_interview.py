"""The timed mock interview: set up, answer against the clock, see a summary; all in the session."""

import pytest
from django.test import Client

from questions.models import Question
from questions.practice.mock import MockInterview
from tests.factories import make_draft, make_question, make_topic
from tests.pages import attr, find, find_all, parse, text

SETUP = "/practice/mock/"
SUMMARY = "/practice/mock/summary/"


@pytest.fixture
def bank(topic, django_framework, flask_framework):
    """Four published routing questions, one ORM question, and routing drafts."""
    orm = make_topic("ORM", slug="orm")
    for number in range(1, 5):
        make_question(
            f"Routing {number}?",
            topic=topic,
            framework=django_framework if number < 4 else flask_framework,
            answers=[f"Answer {number}."],
        )
    make_question("ORM 1?", topic=orm, framework=django_framework)
    for number in range(3):
        make_draft(f"Draft {number}?", topic=topic, framework=django_framework)
    return {"routing": topic, "orm": orm}


def start(client, **fields):
    data = {"topic": "routing", "questions": "3", "minutes": "2", **fields}
    return client.post(SETUP, {name: value for name, value in data.items() if value is not None})


def interview(client):
    return MockInterview.load(client.session)


def answer(client, number, result):
    token = interview(client).token
    return client.post(f"{SETUP}{number}/", {"result": result, "token": token})


def set_started(client, index, seconds_ago):
    """Move the clock of question `index` back, as if it had been shown `seconds_ago`."""
    session = client.session
    state = session[MockInterview.SESSION_KEY]
    state["started"][index] -= seconds_ago
    session[MockInterview.SESSION_KEY] = state
    session.save()


def test_the_setup_page_offers_filters_and_length(client, bank):
    response = client.get(f"{SETUP}?topic=routing&difficulty=beginner")

    assert response.status_code == 200
    page = parse(response)
    form = find(page, "form", css_class="mock-setup")
    assert attr(form, "method") == "post"
    assert find_all(form, "input", attrs={"name": "csrfmiddlewaretoken"})
    topic_select = find(form, "select", attrs={"name": "topic"})
    selected = [
        attr(option, "value")
        for option in find_all(topic_select, "option")
        if "selected" in dict(option.attributes)
    ]
    assert selected == ["routing"]
    for name in ("questions", "minutes"):
        field = find(form, "input", attrs={"name": name})
        assert find(form, "label", attrs={"for": attr(field, "id")})


def test_starting_picks_distinct_published_questions_from_the_filters(client, bank):
    response = start(client)

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}1/"
    state = interview(client)
    routing = set(bank["routing"].questions.published().values_list("pk", flat=True))
    assert len(state.question_ids) == 3
    assert len(set(state.question_ids)) == 3
    assert set(state.question_ids) <= routing
    assert state.seconds_per_question == 120


def test_drafts_never_make_it_into_an_interview(client, bank):
    response = start(client, questions="20", framework="django")

    assert response.status_code == 302
    titles = set(
        Question.objects.filter(pk__in=interview(client).question_ids).values_list(
            "title", flat=True
        )
    )
    assert titles == {"Routing 1?", "Routing 2?", "Routing 3?"}
    message = text(find(parse(client.get(response["Location"])), "ul", css_class="messages"))
    assert "Only 3 questions match" in message


def test_a_whole_interview_without_javascript(client, bank):
    start(client, minutes="1")
    ids = interview(client).question_ids
    titles = dict(Question.objects.filter(pk__in=ids).values_list("pk", "title"))

    first = client.get(f"{SETUP}1/")
    assert first.status_code == 200
    page = parse(first)
    assert text(find(page, "h1")) == titles[ids[0]]
    assert "Question 1 of 3" in text(find(page, "p", css_class="mock-step"))
    assert "Time per question: 1 min." in text(find(page, "p", css_class="countdown"))
    assert 55 <= int(attr(find(page, "p", css_class="countdown"), "data-countdown")) <= 60
    assert "Answer" in text(find(page, "details", css_class="answer"))

    set_started(client, 0, 75)
    assert answer(client, 1, "knew")["Location"] == f"{SETUP}2/"
    client.get(f"{SETUP}2/")
    assert answer(client, 2, "missed")["Location"] == f"{SETUP}3/"
    client.get(f"{SETUP}3/")
    assert answer(client, 3, "skipped")["Location"] == SUMMARY

    summary = client.get(SUMMARY)
    assert summary.status_code == 200
    rows = [
        [text(cell) for cell in find_all(row, "td")]
        for row in find_all(find(parse(summary), "tbody"), "tr")
    ]
    assert [row[1] for row in rows] == [titles[pk] for pk in ids]
    assert [row[2] for row in rows] == ["I knew it", "I did not", "Skipped"]
    assert rows[0][3] == "1:15 over by 0:15"
    assert rows[1][3] == "0:00"
    assert "You knew 1 of 3 questions" in text(find(parse(summary), "p", css_class="lead"))


def test_readers_take_interviews_too(client, bank, reader):
    client.force_login(reader)
    start(client)
    client.get(f"{SETUP}1/")
    assert answer(client, 1, "knew")["Location"] == f"{SETUP}2/"


def test_each_visitor_has_their_own_interview(client, bank):
    start(client)
    other = Client()
    response = other.get(f"{SETUP}1/")
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_the_countdown_is_a_script_enhancement_not_inline_code(client, bank):
    start(client)
    response = client.get(f"{SETUP}1/")
    scripts = find_all(parse(response), "script")
    assert [attr(script, "src") for script in scripts] == ["/static/js/practice.js"]
    assert all(not script.children for script in scripts)


@pytest.mark.parametrize(
    "fields",
    [
        {"questions": "0"},
        {"questions": "21"},
        {"questions": "abc"},
        {"questions": None},
        {"minutes": "0"},
        {"minutes": "11"},
        {"minutes": "1.5"},
        {"minutes": "9" * 50},
        {"topic": "no-such-topic"},
        {"difficulty": "expert"},
        {"progress": "known"},
    ],
)
def test_bad_setup_input_is_a_400_with_the_form_again(client, bank, fields):
    response = start(client, **fields)

    assert response.status_code == 400
    assert find(parse(response), "form", css_class="mock-setup")
    assert interview(client) is None


def test_no_matching_question_is_said_plainly(client, bank):
    response = start(client, topic="orm", difficulty="advanced")

    assert response.status_code == 400
    assert "No published question matches these filters" in text(parse(response))
    assert interview(client) is None


def test_setup_needs_the_csrf_token(bank):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SETUP, {"topic": "routing", "questions": "3", "minutes": "2"})
    assert response.status_code == 403


def test_a_forged_result_is_a_400_and_changes_nothing(client, bank):
    start(client)
    client.get(f"{SETUP}1/")
    response = answer(client, 1, "brilliant")

    assert response.status_code == 400
    assert interview(client).results == [None, None, None]


def test_an_answer_from_an_earlier_interview_is_ignored(client, bank):
    start(client)
    client.get(f"{SETUP}1/")
    old_token = interview(client).token
    start(client)
    client.get(f"{SETUP}1/")

    response = client.post(f"{SETUP}1/", {"result": "knew", "token": old_token})
    assert response.status_code == 302
    assert interview(client).results == [None, None, None]


def test_answering_ahead_or_twice_is_refused(client, bank):
    start(client)
    client.get(f"{SETUP}1/")
    assert answer(client, 2, "knew")["Location"] == f"{SETUP}1/"
    assert answer(client, 1, "knew")["Location"] == f"{SETUP}2/"
    assert answer(client, 1, "missed")["Location"] == f"{SETUP}2/"
    # Question 2 was never shown, so it cannot be answered yet either.
    assert answer(client, 2, "knew")["Location"] == f"{SETUP}2/"
    assert interview(client).results == ["knew", None, None]


@pytest.mark.parametrize("number", [0, 3, 99, 10**30])
def test_other_question_numbers_lead_to_the_current_one(client, bank, number):
    start(client)
    response = client.get(f"{SETUP}{number}/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}1/"


def test_the_summary_waits_for_the_end(client, bank):
    start(client)
    response = client.get(SUMMARY)
    assert response["Location"] == f"{SETUP}1/"


@pytest.mark.parametrize("url", [f"{SETUP}1/", SUMMARY])
def test_without_an_interview_visitors_are_sent_to_start_one(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == SETUP
    assert "no mock interview in progress" in text(parse(client.get(SETUP)))


@pytest.mark.parametrize(
    "state",
    [
        "not a dict",
        {"question_ids": "1,2"},
        {"question_ids": [], "seconds_per_question": 60},
        {"question_ids": [1], "seconds_per_question": 60, "started": [None, None]},
        {"question_ids": [1], "seconds_per_question": 60, "started": ["soon"]},
        {"question_ids": [1], "seconds_per_question": "60"},
        {"question_ids": [1], "seconds_per_question": 60, "surprise": True},
    ],
)
def test_a_damaged_session_means_a_fresh_start_not_an_error(client, bank, state):
    session = client.session
    session[MockInterview.SESSION_KEY] = state
    session.save()

    for url in (f"{SETUP}1/", SUMMARY):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == SETUP
    response = client.post(f"{SETUP}1/", {"result": "knew", "token": "x"})
    assert response["Location"] == SETUP


def test_a_question_unpublished_during_the_interview_is_left_out(client, bank):
    start(client, questions="2")
    ids = interview(client).question_ids
    Question.objects.filter(pk=ids[0]).unpublish()

    response = client.get(f"{SETUP}1/")
    assert response["Location"] == f"{SETUP}2/"
    client.get(f"{SETUP}2/")
    answer(client, 2, "knew")

    rows = find_all(find(parse(client.get(SUMMARY)), "tbody"), "tr")
    assert text(rows[0]) == "1 This question is no longer published. No longer available not timed"
    assert text(find_all(rows[1], "td")[2]) == "I knew it"


def test_starting_again_replaces_the_interview_in_progress(client, bank):
    start(client)
    first = interview(client).token
    setup = parse(client.get(SETUP))
    assert "continue with question 1 of 3" in text(setup)

    start(client, topic="orm", questions="1")
    assert interview(client).token != first
    assert len(interview(client)) == 1
