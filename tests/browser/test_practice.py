"""A candidate practises one random question at a time, with and without JavaScript."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from questions.models import Difficulty
from questions.practice.models import Bookmark, Progress, ProgressState
from tests import factories

from .viewports import DESKTOP

# Title, difficulty and answer of the questions of the topic practised.
TESTING = {
    "What is a test fixture?": (
        Difficulty.BEGINNER,
        "The data and state a test starts from, set up before it runs.",
    ),
    "When would you mock a dependency?": (
        Difficulty.INTERMEDIATE,
        "When the real one is slow, flaky or out of your hands, like a payment API.",
    ),
    "How do you test a view that sends email?": (
        Difficulty.ADVANCED,
        "The test runner swaps in the in-memory email backend; read the outbox.",
    ),
}


@pytest.fixture
def testing_topic():
    """The topic of TESTING, plus a draft in it and a question in another topic.

    With exactly three questions to draw from, three turns must show each of them once.
    """
    topic = factories.make_topic("Testing", slug="testing")
    django = factories.make_framework("django", name="Django")
    for title, (difficulty, answer) in TESTING.items():
        factories.make_question(
            title, topic=topic, framework=django, difficulty=difficulty, answers=[answer]
        )
    factories.make_draft("Draft: should tests hit the network?", topic=topic, framework=django)
    factories.make_question(
        "What does HTTPS protect?",
        topic=factories.make_topic("Security", slug="security"),
        framework=django,
    )
    return topic


def choose_topic(page, topic):
    """Open /practice/ and narrow it to `topic` with the filter form."""
    page.goto("/practice/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice")
    filters = page.locator("form.filters-practice")
    filters.get_by_label("Topic").select_option(label=topic.name)
    filters.get_by_role("button", name="Practise these").click()
    expect(page).to_have_url(re.compile(r"/practice/\?"))
    assert chosen_topic(page) == [topic.slug]
    expect(filters.get_by_label("Topic")).to_have_value(topic.slug)


def chosen_topic(page):
    return parse_qs(urlsplit(page.url).query).get("topic")


def card(page):
    return page.locator("article.practice-card")


def answer_of(page):
    return card(page).locator("details.answer")


def current_title(page):
    return card(page).get_by_role("heading", level=2).inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_candidate_practises_three_questions_of_a_topic(new_page, testing_topic, javascript):
    topic = testing_topic
    page = new_page(**DESKTOP, java_script_enabled=javascript)
    choose_topic(page, topic)

    seen = []
    for turn in range(3):
        title = current_title(page)
        assert title not in seen, f"turn {turn + 1} repeated {title!r}"
        seen.append(title)
        expect(card(page).locator(".question-meta")).to_contain_text(topic.name)
        answer = answer_of(page)
        answer_text = answer.get_by_text(TESTING[title][1])
        expect(answer).not_to_have_attribute("open", "")
        expect(answer_text).to_be_hidden()

        answer.get_by_text("Show answer").click()
        expect(answer).to_have_attribute("open", "")
        expect(answer_text).to_be_visible()

        card(page).get_by_role("link", name="Next question").click()
        expect(card(page).get_by_role("heading", level=2)).not_to_have_text(title)
        assert chosen_topic(page) == [topic.slug]

    assert sorted(seen) == sorted(TESTING)
    # The three are used up: they come round again, but never the last one twice in a row.
    expect(page.get_by_role("status").filter(has_text="seen every question")).to_be_visible()
    assert current_title(page) in seen[:2]
    # The shortcut hints are shown only where the shortcuts work.
    hints = card(page).locator(".kbd-help")
    if javascript:
        expect(hints).to_be_visible()
    else:
        expect(hints).to_be_hidden()


def test_keyboard_shortcuts_reveal_the_answer_and_move_on(page, testing_topic):
    topic = testing_topic
    choose_topic(page, topic)
    expect(card(page).locator(".kbd-help")).to_contain_text("Space show the answer · N next")
    # Choosing the topic left the focus on the form's button, whose keys are its own.
    page.locator("body").focus()

    seen = []
    for _ in range(3):
        title = current_title(page)
        seen.append(title)
        answer = answer_of(page)
        answer_text = answer.get_by_text(TESTING[title][1])
        expect(answer_text).to_be_hidden()

        page.keyboard.press("Space")
        expect(answer).to_have_attribute("open", "")
        expect(answer_text).to_be_visible()
        # A second Space scrolls the answer being read; it never folds it again.
        page.keyboard.press("Space")
        expect(answer).to_have_attribute("open", "")

        page.keyboard.press("n")
        expect(card(page).get_by_role("heading", level=2)).not_to_have_text(title)

    assert sorted(seen) == sorted(TESTING)

    # A letter typed into a form control stays there and moves nothing on.
    title = current_title(page)
    url = page.url
    page.get_by_label("Difficulty").focus()
    page.keyboard.press("n")
    expect(answer_of(page)).not_to_have_attribute("open", "")
    page.keyboard.press("Space")
    assert page.url == url
    assert current_title(page) == title


def test_reader_marks_a_question_known_with_a_key_and_moves_on(new_page, testing_topic):
    topic = testing_topic
    reader = factories.make_reader()
    page = new_page(reader)
    page.goto(f"/practice/?topic={topic.slug}")
    expect(card(page).locator(".kbd-help")).to_contain_text("K known · L learning · B bookmark")
    expect(card(page).get_by_role("button", name="Known")).to_have_attribute(
        "aria-keyshortcuts", "K"
    )
    title = current_title(page)

    page.keyboard.press("k")
    expect(page.locator(".messages")).to_have_text("Marked as known.")
    expect(card(page).get_by_role("heading", level=2)).not_to_have_text(title)
    assert chosen_topic(page) == [topic.slug]
    assert list(Progress.objects.values_list("user", "question__title", "state")) == [
        (reader.pk, title, ProgressState.KNOWN)
    ]

    page.keyboard.press("b")
    expect(page.locator(".messages")).to_have_text("Bookmarked.")
    expect(card(page).get_by_role("button", name="Bookmarked")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert list(Bookmark.objects.values_list("user", "question__title")) == [
        (reader.pk, current_title(page))
    ]
