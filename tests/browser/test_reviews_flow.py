"""A reader adds a topic to their spaced-repetition reviews and reviews what is due.

One review is done without JavaScript (the answer's <details> opened by its summary, a
rating button pressed), two with it, by keyboard (Space reveals, 1-4 rate). The profile
then charts the reviews as inline SVG with a text alternative.

The scheduler runs without fuzzing (see questions/practice/reviews.py), so a new card's
intervals are fixed: Again 1 min, Hard 5.5 min, Good 10 min, Easy 8 days.
"""

from collections import Counter
from datetime import UTC, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from playwright.sync_api import expect

from questions.practice.models import CardState, ReviewCard, ReviewLog, ReviewRating
from tests import factories

from .viewports import DESKTOP

# Creation order is review order: the cards are added due at the same instant, and
# ties go to the lowest card, which is the lowest question.
QUESTIONS = {
    "What does select_related do?": "It follows foreign keys in the same query, with a JOIN.",
    "When does a queryset hit the database?": "When it is evaluated: iterated, sliced, printed.",
    "What is an F() expression for?": "It refers to a column, so the database does the update.",
}
# What each button says for a question never reviewed.
NEW_CARD_BUTTONS = ["Again · 1 min", "Hard · 6 min", "Good · 10 min", "Easy · 8 d"]


@pytest.fixture
def orm_topic():
    """A topic of three published questions, a draft no count may include, and a
    question in another topic that must not be added."""
    topic = factories.make_topic("The ORM", slug="orm")
    django = factories.make_framework("django", name="Django")
    for title, answer in QUESTIONS.items():
        factories.make_question(title, topic=topic, framework=django, answers=[answer])
    factories.make_draft("Draft: are raw queries ever fine?", topic=topic, framework=django)
    factories.make_question(
        "What does HTTPS protect?",
        topic=factories.make_topic("Security", slug="security"),
        framework=django,
    )
    return topic


def reviews_link(page):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews")


def expect_header_due(page, count):
    """The header's Reviews link shows the due count as a badge, or none at 0."""
    badge = reviews_link(page).locator(".badge")
    if count:
        expect(badge).to_have_text(f"{count} due")
        expect(reviews_link(page)).to_have_accessible_name(f"Reviews {count} due")
    else:
        expect(badge).to_have_count(0)
        expect(reviews_link(page)).to_have_text("Reviews")


def status(page):
    return page.locator(".page-header").get_by_role("status")


def card(page):
    return page.locator("article.practice-card")


def press_when_ready(page, key):
    """Press `key` once practice.js runs: it shows the key hints as it binds the keys.

    After a form's redirect the new page's DOM can match an expectation before its
    deferred script has run, and a key pressed then would do nothing.
    """
    expect(card(page).locator(".kbd-help")).to_be_visible()
    page.keyboard.press(key)


def expect_due_question(page, due, title):
    """The review page says `due` questions are due and shows `title`, answer folded."""
    noun = "question is" if due == 1 else "questions are"
    expect(status(page)).to_have_text(f"{due} {noun} due now.")
    expect(card(page).get_by_role("heading", level=2)).to_have_text(title)
    answer = card(page).locator("details.answer")
    expect(answer).not_to_have_attribute("open", "")
    expect(answer.get_by_text(QUESTIONS[title])).to_be_hidden()
    expect(card(page).locator(".review-form button")).to_have_text(NEW_CARD_BUTTONS)
    expect_header_due(page, due)
    return answer


def test_reader_adds_a_topic_and_reviews_it_with_and_without_javascript(
    new_page, live_server, orm_topic
):
    topic = orm_topic
    reader = factories.make_reader()
    first, second, third = QUESTIONS

    # JavaScript on: the reader's main window.
    page = new_page(reader)
    page.goto(topic.get_absolute_url())
    expect_header_due(page, 0)
    page.get_by_role("button", name="Add this topic\u2019s 3 questions to my reviews").click()
    expect(page.locator(".messages")).to_have_text("Added 3 questions to your reviews.")
    expect(page).to_have_url(live_server.url + topic.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(topic.name)
    expect_header_due(page, 3)
    assert sorted(
        ReviewCard.objects.filter(user=reader).values_list("question__title", flat=True)
    ) == sorted(QUESTIONS)

    # (a) JavaScript off, in a second window: the summary opens the answer, a button rates it.
    plain = new_page(reader, **DESKTOP, java_script_enabled=False)
    plain.goto("/practice/review/")
    expect(plain.get_by_role("heading", level=1)).to_have_text("Your reviews")
    answer = expect_due_question(plain, 3, first)
    # The key hints are for JavaScript only.
    expect(card(plain).locator(".kbd-help")).to_be_hidden()
    expect(answer.locator(".kbd-hint")).to_be_hidden()
    answer.locator("summary").click()
    expect(answer).to_have_attribute("open", "")
    expect(answer.get_by_text(QUESTIONS[first])).to_be_visible()
    card(plain).get_by_role("button", name="Good · 10 min").click()
    expect_due_question(plain, 2, second)

    # (b) JavaScript on, by keyboard: Space reveals, 3 rates Good, 1 rates Again.
    page.goto("/practice/review/")
    answer = expect_due_question(page, 2, second)
    expect(card(page).locator(".kbd-help")).to_have_text(
        "Keys: Space show the answer · 1 again · 2 hard · 3 good · 4 easy"
    )
    expect(card(page).get_by_role("button", name="Good · 10 min")).to_have_attribute(
        "aria-keyshortcuts", "3"
    )
    press_when_ready(page, "Space")
    expect(answer).to_have_attribute("open", "")
    expect(answer.get_by_text(QUESTIONS[second])).to_be_visible()
    page.keyboard.press("3")

    answer = expect_due_question(page, 1, third)
    press_when_ready(page, "Space")
    expect(answer).to_have_attribute("open", "")
    expect(answer.get_by_text(QUESTIONS[third])).to_be_visible()
    page.keyboard.press("1")

    # Nothing is due: Again brings the third back in 1 minute, sooner than Good's 10.
    expect(card(page)).to_have_count(0)
    expect(status(page)).to_contain_text("Nothing is due now.")
    logs = list(
        ReviewLog.objects.filter(user=reader).values_list(
            "question__title", "rating", "reviewed_at"
        )
    )
    assert [(title, rating) for title, rating, _at in logs] == [
        (first, ReviewRating.GOOD),
        (second, ReviewRating.GOOD),
        (third, ReviewRating.AGAIN),
    ]
    cards = {
        c.question.title: c
        for c in ReviewCard.objects.filter(user=reader).select_related("question")
    }
    for title, minutes in ((first, 10), (second, 10), (third, 1)):
        assert cards[title].state == CardState.LEARNING
        assert cards[title].due == cards[title].last_review + timedelta(minutes=minutes)
    next_due = cards[third].due
    # The page renders within the minute after the review: less than a minute is left.
    expect(status(page)).to_have_text(
        "Nothing is due now. The next question is due on "
        f"{date_filter(next_due, 'DATETIME_FORMAT')} UTC (in under a minute)."
    )
    expect_header_due(page, 0)
    expect(page.get_by_role("link", name="See your review charts")).to_have_attribute(
        "href", "/accounts/profile/#reviews-title"
    )

    # The profile charts the three reviews, and the three cards coming due.
    page.goto("/accounts/profile/")
    expect_header_due(page, 0)
    reviews = page.locator("section[aria-labelledby=reviews-title]")
    expect(reviews.locator("p").first).to_have_text(
        "3 questions in your spaced-repetition reviews, 0 due now. "
        "Retention over the last 30 days: 67% of reviews not rated Again."
    )
    expect(reviews.get_by_role("link", name="Open your reviews")).to_be_visible()
    expect(reviews.locator("svg")).to_have_count(2)

    review_days = {at.astimezone(UTC).date() for _title, _rating, at in logs}
    assert review_days == {timezone.now().astimezone(UTC).date()}, "reviewed across midnight"
    (today,) = review_days
    day = date_filter(today, "D j M")

    done = reviews.locator("figure.review-chart").nth(0)
    done_svg = done.locator("svg")
    expect(done_svg).to_have_attribute("role", "img")
    expect(done_svg).to_have_accessible_name(
        "Reviews done per day, last 30 days: 3 in total, at most 3 a day."
    )
    # One bar, today's, as high as the chart, titled with its count.
    bar = done_svg.locator("rect")
    expect(bar).to_have_count(1)
    expect(bar).to_have_attribute("height", "60")
    expect(bar.locator("title")).to_have_text(f"{day}: 3")
    # The same numbers as a table, folded under the chart: 30 days, today's last.
    table = done.get_by_role("table", name="Reviews done per day, last 30 days")
    expect(table).to_be_hidden()
    done.get_by_text("Show as a table").click()
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(30)
    expect(rows.last.get_by_role("rowheader")).to_have_text(day)
    expect(rows.last.get_by_role("cell")).to_have_text("3")
    expect(table.locator("tbody td")).to_have_text(["0"] * 29 + ["3"])

    # All three come due within 10 minutes: today, unless that crosses midnight (UTC).
    due_days = Counter(c.due.astimezone(UTC).date() for c in cards.values())
    forecast = reviews.locator("figure.review-chart").nth(1)
    expect(forecast.locator("svg")).to_have_accessible_name(
        "Questions due per day, next 14 days (today counts the overdue): "
        f"3 in total, at most {max(due_days.values())} a day."
    )
    expect(forecast.locator("svg rect")).to_have_count(len(due_days))
    forecast.get_by_text("Show as a table").click()
    forecast_table = forecast.get_by_role(
        "table", name="Questions due per day, next 14 days (today counts the overdue)"
    )
    expect(forecast_table.locator("tbody tr")).to_have_count(14)
    expect(forecast_table.locator("tbody tr").first.get_by_role("cell")).to_have_text(
        str(due_days.get(today, 0))
    )
