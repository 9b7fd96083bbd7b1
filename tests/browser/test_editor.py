"""An editor writes a question in the admin; it stays private until a publisher publishes it."""

import re

from playwright.sync_api import expect

from questions.models import Difficulty, Question, Status
from tests import factories

TITLE = "How do you cache a view per user?"
SLUG = "how-do-you-cache-a-view-per-user"
BODY = """Given this view:

```python
def dashboard(request):
    return render(request, "dashboard.html", {"stats": slow_stats(request.user)})
```
"""
ANSWER = """Vary the cache on the cookie, or key it by user yourself:

```python
@cache_page(60)
@vary_on_cookie
def dashboard(request):
    ...
```
"""


def choose_autocomplete(page, field, typed, option):
    """Pick `option` in the admin's select2 autocomplete of `field` after typing `typed`."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).click()


def markdown_preview(page, textarea_id):
    """The markdownx live preview next to a textarea."""
    return page.locator(".markdownx", has=page.locator(f"#{textarea_id}")).locator(
        ".markdownx-preview"
    )


def test_editor_drafts_a_question_that_only_appears_once_published(new_page, starter_content):
    # Not a starter topic: the bank, loaded too, has its own "Caching".
    topic = factories.make_topic("Web performance", slug="web-performance")
    framework = factories.make_framework("django", name="Django")
    published = factories.make_question(
        "What does the per-site cache store?", topic=topic, framework=framework
    )
    editor = factories.make_editor("editor")
    publisher = factories.make_publisher("publisher")

    page = new_page()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/questions/question/add/")
    choose_autocomplete(page, "topic", "web perf", topic.name)
    expect(page.locator("#id_topic")).to_have_value(str(topic.pk))
    choose_autocomplete(page, "framework", "djan", framework.name)
    expect(page.locator("#id_framework")).to_have_value(str(framework.pk))
    page.locator("#id_difficulty").select_option(Difficulty.INTERMEDIATE)
    page.locator("#id_title").press_sequentially(TITLE)
    expect(page.locator("#id_slug")).to_have_value(SLUG)

    page.locator("#id_body").fill(BODY)
    body_code = markdown_preview(page, "id_body").locator(".highlight")
    expect(body_code).to_contain_text("slow_stats(request.user)")
    # Highlighted, not just a <pre>: Pygments wraps names and keywords in spans.
    expect(body_code.locator("span.k", has_text="def")).to_be_visible()

    page.locator("#id_answers-0-body").fill(ANSWER)
    answer_code = markdown_preview(page, "id_answers-0-body").locator(".highlight")
    expect(answer_code).to_contain_text("@vary_on_cookie")
    expect(answer_code.locator("span.nd", has_text="cache_page")).to_be_visible()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    question = Question.objects.get(slug=SLUG)
    assert question.status == Status.DRAFT
    assert question.author == editor
    assert question.answers.get().author == editor
    assert "highlight" in question.body_html

    visitor = new_page()
    assert visitor.goto(f"/questions/{SLUG}/").status == 404
    visitor.goto(topic.get_absolute_url())
    questions = visitor.locator(".question-list")
    expect(questions).to_contain_text(published.title)
    expect(questions).not_to_contain_text(TITLE)

    admin = new_page(publisher)
    # Searched for: with the starter bank the list has more pages than the first.
    admin.goto(f"/admin/questions/question/?q={SLUG}")
    admin.locator("#result_list tr", has_text=TITLE).locator("input.action-select").check()
    admin.locator("select[name=action]").select_option(label="Publish selected questions")
    admin.get_by_role("button", name="Go").click()
    # Publishing is confirmed on a page that says what will change.
    expect(admin.locator("#action-changes")).to_contain_text("Published now")
    admin.get_by_role("button", name="Yes, publish").click()
    expect(admin.locator(".messagelist .success")).to_have_text("1 question published.")
    question.refresh_from_db()
    assert question.is_published()

    visitor.goto(topic.get_absolute_url())
    expect(questions).to_contain_text(TITLE)
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor).to_have_url(re.compile(rf"/questions/{SLUG}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".question-body .highlight")).to_contain_text("slow_stats")
    expect(visitor.locator(".alert-draft")).to_have_count(0)
