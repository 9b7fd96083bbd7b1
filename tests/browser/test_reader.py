"""A reader signs up, keeps bookmarks and progress that only they see, and takes a mock
interview."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import READERS
from questions.models import Difficulty
from questions.practice.models import Bookmark, Progress, ProgressState
from tests import factories

PASSWORD = "quiet-harbour-lantern-42"


@pytest.fixture
def deployment():
    """A topic with two beginner, two intermediate and one advanced question, a draft
    that no count may include, and a question in another topic."""
    topic = factories.make_topic("Deployment and operations", slug="deployment")
    django = factories.make_framework("django", name="Django")
    make = factories.make_question
    questions = {
        "wsgi": make("What is WSGI?", topic=topic, framework=django),
        "static": make("Who serves static files in production?", topic=topic, framework=django),
        "workers": make(
            "How many gunicorn workers should you run?",
            topic=topic,
            framework=django,
            difficulty=Difficulty.INTERMEDIATE,
        ),
        "migrations": make(
            "How do you run migrations without downtime?",
            topic=topic,
            framework=django,
            difficulty=Difficulty.INTERMEDIATE,
        ),
        "blue-green": make(
            "What does a blue-green deployment buy you?",
            topic=topic,
            framework=django,
            difficulty=Difficulty.ADVANCED,
        ),
    }
    factories.make_draft("Draft: is Docker required?", topic=topic, framework=django)
    make(
        "What does HTTPS protect?",
        topic=factories.make_topic("Security", slug="security"),
        framework=django,
    )
    return topic, questions


def progress_levels(page):
    """The per-difficulty lines of the topic page's progress box, e.g. "Beginner 0 of 2 known"."""
    return [
        " ".join(text.split())
        for text in page.locator(".reader-progress .progress-levels li").all_inner_texts()
    ]


def list_item(page, question):
    return page.locator(".question-list .question-item", has_text=question.title)


def test_reader_signs_up_bookmarks_marks_known_and_sees_only_their_progress(new_page, deployment):
    topic, questions = deployment
    bookmarked, known = questions["wsgi"], questions["workers"]

    page = new_page()
    page.goto("/accounts/signup/")
    form = page.locator("main form")
    form.get_by_label("Username").fill("ada")
    form.get_by_label("Email address").fill("ada@example.com")
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password confirmation").fill(PASSWORD)
    form.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/$"))
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Your profile: ada")).to_be_visible()
    expect(header.get_by_role("link", name="Log in")).to_have_count(0)
    ada = User.objects.get(username="ada")
    assert list(ada.groups.values_list("name", flat=True)) == [READERS]

    page.locator(".topic-card").get_by_role("link", name=topic.name).click()
    expect(page).to_have_url(re.compile(rf"/topics/{topic.slug}/$"))
    expect(page.locator(".reader-progress")).to_contain_text("You know 0 of 5 questions.")

    page.get_by_role("link", name=bookmarked.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(bookmarked.title)
    page.get_by_role("button", name="Bookmark", exact=True).click()
    expect(page.locator(".messages")).to_have_text("Bookmarked.")
    expect(page).to_have_url(re.compile(rf"/questions/{bookmarked.slug}/$"))
    expect(page.get_by_role("button", name="Bookmarked")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=topic.name).click()
    page.get_by_role("link", name=known.title).click()
    progress = page.get_by_role("group", name="Your progress")
    expect(progress.get_by_role("button", name="New")).to_have_attribute("aria-pressed", "true")
    # The question page has no keyboard shortcuts, so it must not announce any.
    expect(page.locator("[aria-keyshortcuts]")).to_have_count(0)
    progress.get_by_role("button", name="Known").click()
    expect(page.locator(".messages")).to_have_text("Marked as known.")
    expect(progress.get_by_role("button", name="Known")).to_have_attribute("aria-pressed", "true")
    expect(progress.get_by_role("button", name="New")).to_have_attribute("aria-pressed", "false")

    assert list(Bookmark.objects.values_list("user__username", "question")) == [
        ("ada", bookmarked.pk)
    ]
    assert list(Progress.objects.values_list("user__username", "question", "state")) == [
        ("ada", known.pk, ProgressState.KNOWN)
    ]

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=topic.name).click()
    expect(page.locator(".reader-progress")).to_contain_text("You know 1 of 5 questions.")
    assert progress_levels(page) == [
        "Beginner 0 of 2 known",
        "Intermediate 1 of 2 known",
        "Advanced 0 of 1 known",
    ]
    expect(page.get_by_role("progressbar", name="Intermediate questions known")).to_have_attribute(
        "value", "1"
    )
    expect(list_item(page, known).locator(".badge-known")).to_have_text("Your progress: Known")
    expect(list_item(page, bookmarked).locator(".badge-bookmarked")).to_have_text("★ Bookmarked")
    expect(page.locator(".question-list .badge-state")).to_have_count(2)

    header.get_by_role("link", name="Your profile: ada").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.locator(".profile-counts li")).to_have_text(
        ["1 known", "0 learning", "1 bookmarked"]
    )
    bookmarks = page.get_by_role("region", name="Bookmarks").locator(".question-link")
    expect(bookmarks).to_have_text([bookmarked.title])

    other = new_page(factories.make_reader("grace"))
    other.goto(topic.get_absolute_url())
    expect(other.locator(".reader-progress")).to_contain_text("You know 0 of 5 questions.")
    assert progress_levels(other) == [
        "Beginner 0 of 2 known",
        "Intermediate 0 of 2 known",
        "Advanced 0 of 1 known",
    ]
    expect(other.locator(".question-list .badge-state")).to_have_count(0)
    other.goto(bookmarked.get_absolute_url())
    expect(other.get_by_role("button", name="Bookmark", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    other.goto(known.get_absolute_url())
    expect(
        other.get_by_role("group", name="Your progress").get_by_role("button", name="New")
    ).to_have_attribute("aria-pressed", "true")
    other.goto("/accounts/profile/")
    expect(other.locator(".profile-counts li")).to_have_text(
        ["0 known", "0 learning", "0 bookmarked"]
    )
    expect(other.get_by_role("region", name="Bookmarks")).to_contain_text("No bookmarks yet.")

    # The first reader's session is untouched by the second one's.
    page.reload()
    expect(bookmarks).to_have_text([bookmarked.title])


def test_reader_takes_a_two_question_mock_interview(new_page, deployment):
    topic, questions = deployment
    titles_in_topic = {question.title for question in questions.values()}
    page = new_page(factories.make_reader())
    # The countdown runs on the page's clock, which the test can move forward.
    page.clock.install()

    page.goto(f"/practice/?topic={topic.slug}")
    page.get_by_role("link", name="Take a timed mock interview with these filters").click()
    expect(page).to_have_url(re.compile(rf"/practice/mock/\?topic={topic.slug}$"))
    expect(page.get_by_label("Topic")).to_have_value(topic.slug)
    page.get_by_label("Number of questions").fill("2")
    page.get_by_label("Minutes per question").fill("1")
    page.get_by_role("button", name="Start the interview").click()

    countdown = page.locator(".countdown")
    clock = countdown.locator("[data-countdown-clock]")
    # After 35 seconds the first clock runs low; after 65 the second one is over time.
    turns = [
        ("I knew it", "00:35", r"^0:(1\d|2[0-5]) left$", "is-low", ""),
        (
            "I did not",
            "01:05",
            r"^Time is up: 0:(0[5-9]|1\d) over$",
            "is-over",
            "Time is up. Finish your answer and mark it.",
        ),
    ]
    asked = []
    for number, (result, later, shown, state, announced) in enumerate(turns, start=1):
        expect(page).to_have_url(re.compile(rf"/practice/mock/{number}/$"))
        expect(page.locator(".mock-step")).to_have_text(f"Question {number} of 2")
        expect(countdown.locator(".countdown-label")).to_have_text("Time per question: 1 min.")
        expect(clock).to_have_text(re.compile(r"^(1:00|0:5\d) left$"))
        page.clock.fast_forward(later)
        expect(clock).to_have_text(re.compile(shown))
        expect(countdown).to_have_class(re.compile(rf"\b{state}\b"))
        expect(countdown.get_by_role("status")).to_have_text(announced)
        title = page.get_by_role("heading", level=1).inner_text()
        assert title in titles_in_topic
        assert title not in asked
        asked.append(title)
        answer = page.locator("details.answer")
        expect(answer.locator(".prose")).to_be_hidden()
        answer.get_by_text("Check the answer").click()
        expect(answer.locator(".prose")).to_have_text("An answer.")
        page.get_by_role("button", name=result).click()

    expect(page).to_have_url(re.compile(r"/practice/mock/summary/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How you did")
    expect(page.locator(".lead")).to_contain_text("You knew 1 of 2 questions")
    expect(page.locator(".lead")).to_contain_text("(allowed: 1:00 per question)")
    rows = page.locator("table.mock-summary tbody tr")
    expect(rows).to_have_count(2)
    for row, (number, title, result) in zip(
        rows.all(), [(1, asked[0], "I knew it"), (2, asked[1], "I did not")], strict=True
    ):
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(str(number))
        expect(cells.nth(1).get_by_role("link")).to_have_text(title)
        expect(cells.nth(2)).to_have_text(result)
        expect(cells.nth(3)).to_have_text(re.compile(r"^0:[0-5]\d$"))
    # The server keeps the time, so the page's clock running ahead made nothing overtime.
    expect(rows.locator(".badge-overtime")).to_have_count(0)
