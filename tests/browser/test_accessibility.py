"""The main pages pass axe-core and fit a phone, in light and dark; screenshots are kept.

Screenshots go to artifacts/screenshots/<page>-<phone|desktop>-<light|dark>.png (git-ignored)
for a person to look at.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from questions.models import Answer, Question
from questions.practice.models import Bookmark, Note, Progress, ProgressState
from tests import factories

from .viewports import DESKTOP, PHONE

SIZES = {"phone": PHONE, "desktop": DESKTOP}
SCHEMES = ["light", "dark"]


def question_with_code():
    """A published question with highlighted code in an answer."""
    answer = (
        Answer.objects.filter(
            question__in=Question.objects.published(), body_html__contains='class="highlight"'
        )
        .select_related("question")
        .order_by("question__id", "position")
        .first()
    )
    assert answer is not None, "the starter content has no answer with code"
    return answer.question


def open_answers(page):
    for answer in page.locator("details.answer").all():
        answer.locator("summary").click()
        expect(answer).to_have_attribute("open", "")
    expect(page.locator("details.answer .highlight").first).to_be_visible()


def reader_with_marks():
    """A reader who knows, bookmarked and wrote a note on the question with code."""
    reader = factories.make_reader()
    question = question_with_code()
    mine = {"user": reader, "question": question}
    Bookmark.objects.create(**mine)
    Progress.objects.create(**mine, state=ProgressState.KNOWN)
    Note.objects.create(**mine, text="Say when you would not use it.\nThen give an example.")
    return reader


def start_mock_interview(page):
    page.goto("/practice/mock/")
    page.get_by_label("Number of questions").fill("3")
    page.get_by_label("Minutes per question").fill("1")
    page.get_by_role("button", name="Start the interview").click()
    expect(page.locator(".mock-step")).to_have_text("Question 1 of 3")


def finish_mock_interview(page):
    start_mock_interview(page)
    for number, result in enumerate(["I knew it", "I did not", "Skip"], start=1):
        expect(page.locator(".mock-step")).to_have_text(f"Question {number} of 3")
        page.get_by_role("button", name=result).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How you did")


@dataclass(frozen=True)
class Screen:
    url: Callable[[], str]
    # Run in the page once it is open, e.g. to reveal the answers.
    prepare: Callable | None = None
    # A journey run in the fresh page before it opens `url`, for pages that need one
    # (a mock interview exists only in the visitor's session).
    arrive: Callable | None = None
    shows_questions: bool = True
    # Creates the user who sees the page; without it, an anonymous visitor does.
    user: Callable | None = None


SCREENS = {
    "home": Screen(lambda: "/"),
    "topic": Screen(lambda: question_with_code().topic.get_absolute_url()),
    "questions-filtered": Screen(lambda: "/questions/?framework=django&difficulty=intermediate"),
    "question": Screen(lambda: question_with_code().get_absolute_url(), prepare=open_answers),
    "login": Screen(lambda: "/accounts/login/", shows_questions=False),
    "signup": Screen(lambda: "/accounts/signup/", shows_questions=False),
    "practice": Screen(
        lambda: f"/practice/?question={question_with_code().pk}",
        prepare=open_answers,
        user=reader_with_marks,
    ),
    "mock-setup": Screen(lambda: "/practice/mock/"),
    "mock-question": Screen(lambda: "/practice/mock/1/", arrive=start_mock_interview),
    "mock-summary": Screen(lambda: "/practice/mock/summary/", arrive=finish_mock_interview),
    "profile": Screen(lambda: "/accounts/profile/", user=reader_with_marks),
}


@pytest.mark.parametrize("name", SCREENS)
def test_page_is_accessible_and_fits_phone_and_desktop(
    request, name, new_page, axe, screenshot_dir
):
    screen = SCREENS[name]
    if screen.shows_questions:
        request.getfixturevalue("starter_content")
    user = screen.user() if screen.user else None
    problems = []
    for size, context_options in SIZES.items():
        page = new_page(user, **context_options)
        if screen.arrive:
            screen.arrive(page)
        assert page.goto(screen.url()).ok
        if screen.prepare:
            screen.prepare(page)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            page.screenshot(path=screenshot_dir / f"{name}-{size}-{scheme}.png", full_page=True)
            problems += [f"{size}, {scheme}: {violation}" for violation in axe(page)]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{size}: the page scrolls sideways by {overflow}px")
    assert not problems, "\n".join(problems)
