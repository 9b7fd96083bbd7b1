"""A candidate finds questions, reveals an answer and moves on, in a real browser."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from questions.models import Difficulty
from tests import factories

REVERSE_ANSWER = """`reverse()` builds a URL from a route's name, so templates and views never
hard-code paths.

```python
reverse("shop:product", kwargs={"slug": "tea"})
```
"""


@pytest.fixture
def routing():
    """A topic whose questions the journey can name one by one, plus a draft it must never see."""
    django = factories.make_framework("django", name="Django")
    flask = factories.make_framework("flask", name="Flask")
    topic = factories.make_topic("Routing and URLs", slug="routing")
    make = factories.make_question
    questions = {
        "match": make("How does Django match a URL to a view?", topic=topic, framework=django),
        "reverse": make(
            "What does reverse() do?",
            topic=topic,
            framework=django,
            difficulty=Difficulty.INTERMEDIATE,
            answers=[REVERSE_ANSWER],
        ),
        "namespace": make(
            "Why namespace URL names?",
            topic=topic,
            framework=django,
            difficulty=Difficulty.INTERMEDIATE,
            answers=["Two apps may both name a route `detail`; `reverse('blog:detail')` is clear."],
        ),
        "blueprint": make(
            "How do blueprints register routes?",
            topic=topic,
            framework=flask,
            difficulty=Difficulty.INTERMEDIATE,
        ),
        "versioning": make(
            "How would you version an API's URLs?",
            topic=topic,
            framework=django,
            difficulty=Difficulty.ADVANCED,
        ),
    }
    questions["redirect"] = make(
        "Why is an unchecked redirect dangerous?",
        topic=factories.make_topic("Security", slug="security"),
        framework=django,
        answers=["Redirect only to your own URLs, built with reverse(), or to an allow-list."],
    )
    questions["draft"] = factories.make_draft(
        "Draft: can reverse() take query strings?",
        topic=topic,
        framework=django,
        difficulty=Difficulty.INTERMEDIATE,
    )
    return questions


def titles(page):
    return page.locator(".question-list .question-link").all_inner_texts()


def marked_words(results):
    """The words marked in each result's snippet, by the result's title."""
    return {
        result.locator(".question-link").inner_text(): (
            result.locator(".question-snippet mark").all_inner_texts()
        )
        for result in results.all()
    }


def query(page):
    return parse_qs(urlsplit(page.url).query)


def test_candidate_filters_searches_reveals_an_answer_and_moves_on(page, routing):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Python web-development")
    card = page.locator(".topic-card", has_text="Routing and URLs")
    expect(card).to_contain_text("5 questions")
    expect(card.get_by_role("link", name=re.compile("Intermediate"))).to_contain_text("3")

    card.get_by_role("link", name="Routing and URLs").click()
    expect(page).to_have_url(re.compile(r"/topics/routing/$"))
    expect(page.locator(".results-count")).to_contain_text("5 questions")
    assert titles(page) == [
        routing[name].title for name in ("match", "reverse", "namespace", "blueprint", "versioning")
    ]

    filters = page.locator("form.filters")
    filters.get_by_label("Framework").select_option(label="Django")
    filters.get_by_label("Difficulty").select_option(label="Intermediate")
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/topics/routing/\?"))
    assert query(page)["framework"] == ["django"]
    assert query(page)["difficulty"] == ["intermediate"]
    expect(page.locator(".results-count")).to_contain_text("2 questions match your filters")
    assert titles(page) == [routing["reverse"].title, routing["namespace"].title]
    expect(filters.get_by_label("Framework")).to_have_value("django")
    expect(filters.get_by_role("link", name="Clear filters")).to_be_visible()

    header_search = page.get_by_role("banner").get_by_role("searchbox")
    header_search.fill("reverse")
    header_search.press("Enter")
    expect(page).to_have_url(re.compile(r"/questions/\?q=reverse$"))
    expect(page.locator(".results-count")).to_contain_text("3 questions match your filters")
    assert set(titles(page)) == {
        routing["reverse"].title,
        routing["namespace"].title,
        routing["redirect"].title,
    }
    # The match in a title ranks first; each snippet marks the word where an answer has it.
    assert titles(page)[0] == routing["reverse"].title
    results = page.locator(".question-list .question-item")
    assert marked_words(results) == {
        routing["reverse"].title: ["reverse", "reverse"],
        routing["namespace"].title: ["reverse"],
        routing["redirect"].title: ["reverse"],
    }
    expect(
        results.filter(has_text=routing["redirect"].title).locator(".question-snippet")
    ).to_have_text("Redirect only to your own URLs, built with reverse(), or to an allow-list.")
    # Highlighted, not only wrapped: the marked word has a background of its own.
    first_mark = results.first.locator(".question-snippet mark").first
    expect(first_mark).to_be_visible()
    expect(first_mark).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")

    page.get_by_role("link", name=routing["reverse"].title).click()
    expect(page).to_have_url(re.compile(rf"/questions/{routing['reverse'].slug}/\?q=reverse$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(routing["reverse"].title)
    answer = page.locator("details.answer").first
    answer_text = answer.get_by_text("builds a URL from a route's name")
    expect(answer).not_to_have_attribute("open", "")
    expect(answer_text).to_be_hidden()

    answer.get_by_text("Show the answer").click()
    expect(answer).to_have_attribute("open", "")
    expect(answer_text).to_be_visible()
    expect(answer.locator(".highlight")).to_contain_text('reverse("shop:product"')

    # Within the search, the next question of the topic is the one whose answer mentions it.
    next_link = page.locator("a[rel=next]")
    expect(next_link).to_contain_text(routing["namespace"].title)
    next_link.click()
    expect(page).to_have_url(re.compile(rf"/questions/{routing['namespace'].slug}/\?q=reverse$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(routing["namespace"].title)
    expect(page.locator("a[rel=prev]")).to_contain_text(routing["reverse"].title)
    expect(page.locator("a[rel=next]")).to_have_count(0)
