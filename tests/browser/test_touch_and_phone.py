"""Touch screens and phones: no keyboard hints without a keyboard, results above the fold."""

import pytest
from playwright.sync_api import expect

from tests import factories

from .viewports import DESKTOP, PHONE


@pytest.fixture
def one_question():
    topic = factories.make_topic("Testing", slug="testing")
    return factories.make_question(
        "What is a test fixture?", topic=topic, answers=["The state a test starts from."]
    )


def test_space_opens_a_folded_answer_and_never_folds_it_again(page, one_question):
    page.goto("/practice/?topic=testing")
    answer = page.locator("details[data-reveal]")
    expect(answer).not_to_have_attribute("open", "")
    page.locator("body").focus()

    page.keyboard.press("Space")
    expect(answer).to_have_attribute("open", "")
    page.keyboard.press("Space")
    expect(answer).to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(answer).to_have_attribute("open", "")


def test_space_is_left_to_the_browser_once_the_answer_is_open(page, one_question):
    """The browser then scrolls the page: practice.js must not cancel the key."""
    page.goto("/practice/?topic=testing")
    # Listeners on window run after practice.js's on document: they see what it did.
    page.evaluate(
        "window.addEventListener('keydown', (event) => {"
        " window.spaceCancelled = event.defaultPrevented; })"
    )
    page.locator("body").focus()

    page.keyboard.press("Space")
    expect(page.locator("details[data-reveal]")).to_have_attribute("open", "")
    assert page.evaluate("window.spaceCancelled") is True
    page.keyboard.press("Space")
    assert page.evaluate("window.spaceCancelled") is False


def test_space_on_a_link_keeps_its_own_meaning(page, one_question):
    page.goto("/practice/?topic=testing")
    answer = page.locator("details[data-reveal]")
    page.get_by_role("link", name="Open the question page").focus()

    page.keyboard.press("Space")
    expect(answer).not_to_have_attribute("open", "")


@pytest.mark.parametrize(
    ("screen", "shown"), [(DESKTOP, True), (PHONE, False)], ids=["desktop", "touch"]
)
def test_key_hints_are_shown_only_where_there_is_a_keyboard(new_page, one_question, screen, shown):
    page = new_page(**screen)
    page.goto("/practice/?topic=testing")
    hints = page.locator(".kbd-hint, .kbd-help")
    expect(hints).to_have_count(2)
    for hint in hints.all():
        if shown:
            expect(hint).to_be_visible()
        else:
            expect(hint).to_be_hidden()


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_on_a_phone_the_first_search_result_is_above_the_fold(
    request, new_page, starter_content, who
):
    user = request.getfixturevalue("reader") if who == "reader" else None
    page = new_page(user, **PHONE)
    page.goto("/questions/?q=django")

    searchboxes = page.get_by_role("searchbox")
    visible = [box for box in searchboxes.all() if box.is_visible()]
    assert len(visible) == 1
    first = page.locator(".question-link").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < PHONE["viewport"]["height"]
