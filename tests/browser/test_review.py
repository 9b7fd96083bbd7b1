"""An editor's change to a published question waits for a publisher, who sees the diff.

Three people watch the same question side by side, each in their own browser context:
the editor who changes an answer, the publisher who reviews it, and an anonymous
reader whose page must not change until the publisher approves.
"""

import re

from playwright.sync_api import expect

from questions import services
from questions.models import Question, ReviewState
from questions.revisions.models import Action
from tests import factories

TITLE = "Does the GIL make Python threads run in parallel?"
LIVE_ANSWER = "The GIL makes Python fully parallel."
PENDING_ANSWER = "The GIL lets only one thread run Python bytecode at a time."
SCREENSHOT = "/tmp/review-diff.png"


def published_question():
    """A published question with one (wrong) answer, and its first revision."""
    topic = factories.make_topic("Python internals", slug="python-internals")
    framework = factories.make_framework("python", name="Python")
    question = factories.make_question(
        TITLE, topic=topic, framework=framework, answers=[LIVE_ANSWER]
    )
    services.record(question, action=Action.PUBLISHED)
    return question


def change_url(question):
    return f"/admin/questions/question/{question.pk}/change/"


def public_answer(page, question):
    """Open the public question page and reveal its first answer, as a reader does."""
    page.goto(question.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    answer = page.locator("details.answer").first
    answer.locator("summary").click()
    return answer.locator(".prose")


def edit_answer_as(page, question, text):
    """Change the first answer in the question's change form and save it."""
    page.goto(change_url(question))
    page.locator("#id_answers-0-body").fill(text)
    page.get_by_role("button", name="Save", exact=True).click()


def review_section(page):
    """The Review module below the main admin form (approve, request changes)."""
    return page.locator(".workflow-actions")


def test_editor_change_goes_to_review_and_publisher_approves_it_with_the_diff(new_page):
    question = published_question()
    editor = factories.make_editor("editor")
    publisher = factories.make_publisher("publisher")
    reader = new_page()
    expect(public_answer(reader, question)).to_have_text(LIVE_ANSWER)

    author = new_page(editor)
    edit_answer_as(author, question, PENDING_ANSWER)
    expect(author).to_have_url(re.compile(rf"{change_url(question)}$"))
    expect(author.locator(".messagelist .info")).to_contain_text(
        "Saved as pending changes: readers still see the published version"
    )
    banner = author.locator(".workflow-banner")
    expect(banner).to_contain_text(re.compile(r"Changes waiting for review since .+ by editor\."))
    expect(banner.get_by_role("link", name="live version")).to_have_attribute(
        "href", question.get_absolute_url()
    )
    # The editor keeps editing the pending version, not the live one.
    expect(author.locator("#id_answers-0-body")).to_have_value(PENDING_ANSWER)
    expect(author.locator(".workflow-state")).to_contain_text("Published, changes pending")
    # Only a publisher sees the diff and the buttons that act on it.
    expect(author.locator("table.revision-diff")).to_have_count(0)
    expect(review_section(author).get_by_role("button", name="Publish changes")).to_have_count(0)
    expect(review_section(author)).to_contain_text("Waiting for a publisher since")

    expect(public_answer(reader, question)).to_have_text(LIVE_ANSWER)
    question.refresh_from_db()
    assert question.answers.get().body == LIVE_ANSWER
    assert question.review_state == ReviewState.IN_REVIEW

    reviewer = new_page(publisher)
    reviewer.goto(change_url(question))
    expect(reviewer.locator(".workflow-banner")).to_contain_text("by editor")
    expect(reviewer.get_by_role("heading", name="Live → pending")).to_be_visible()
    diff = reviewer.locator("table.revision-diff")
    expect(diff).to_be_visible()
    row = diff.locator("tbody tr", has_text="Answer 1")
    expect(diff.locator("tbody tr")).to_have_count(1)
    expect(row.get_by_role("rowheader")).to_have_text("Answer 1 (changed)")
    before, after = row.locator("td").nth(0), row.locator("td").nth(1)
    expect(before).to_have_text(LIVE_ANSWER)
    expect(after).to_have_text(PENDING_ANSWER)
    expect(before.locator("del")).to_have_text(["makes ", "fully parallel."])
    expect(after.locator("ins")).to_have_text(["lets only one thread run ", "bytecode at a time."])
    expect(before.locator("ins")).to_have_count(0)
    expect(after.locator("del")).to_have_count(0)
    diff.scroll_into_view_if_needed()
    reviewer.screenshot(path=SCREENSHOT)

    review = review_section(reviewer)
    expect(review.get_by_role("heading", name="Review")).to_be_visible()
    # Below the main form, not painted behind it (the admin floats #content-main).
    form_box = reviewer.locator("#question_form").bounding_box()
    assert review.bounding_box()["y"] >= form_box["y"] + form_box["height"]
    review.get_by_role("button", name="Publish changes").click()
    expect(reviewer).to_have_url(re.compile(rf"{change_url(question)}$"))
    expect(reviewer.locator(".messagelist .success")).to_have_text("Changes approved.")
    expect(reviewer.locator(".workflow-banner")).to_have_count(0)
    expect(reviewer.locator("table.revision-diff")).to_have_count(0)
    expect(reviewer.locator(".workflow-state")).to_contain_text(re.compile(r"Published\b"))
    expect(reviewer.locator(".workflow-state")).to_contain_text("reviewed")

    expect(public_answer(reader, question)).to_have_text(PENDING_ANSWER)
    question.refresh_from_db()
    assert question.pending_revision_id is None
    assert question.answers.get().body == PENDING_ANSWER
    assert question.last_reviewed_by == publisher

    # The editor's form is the live one again, with no banner.
    author.goto(change_url(question))
    expect(author.locator(".workflow-banner")).to_have_count(0)
    expect(author.locator("#id_answers-0-body")).to_have_value(PENDING_ANSWER)


def test_publisher_requests_changes_and_the_editor_sees_the_comment(new_page):
    question = published_question()
    editor = factories.make_editor("editor")
    publisher = factories.make_publisher("publisher")
    comment = "Say why: the GIL is released during I/O, so threads still help there."

    author = new_page(editor)
    edit_answer_as(author, question, PENDING_ANSWER)
    expect(author.locator(".messagelist .info")).to_contain_text("Saved as pending changes")

    reviewer = new_page(publisher)
    reviewer.goto(change_url(question))
    expect(reviewer.locator("table.revision-diff")).to_contain_text("Answer 1 (changed)")
    review = review_section(reviewer)
    review.get_by_label("What should change (the author sees this)").fill(comment)
    review.get_by_role("button", name="Request changes").click()
    expect(reviewer.locator(".messagelist .success")).to_have_text(
        "Changes requested: the author sees your comment."
    )
    # Nothing is in review any more, so there is nothing left to request changes of.
    expect(review_section(reviewer).get_by_role("button", name="Request changes")).to_have_count(0)

    author.goto(change_url(question))
    expect(author.locator(".workflow-comment")).to_have_text(f"Changes requested: {comment}")
    expect(author.locator(".workflow-banner")).to_contain_text("by editor")
    expect(author.locator("#id_answers-0-body")).to_have_value(PENDING_ANSWER)

    reader = new_page()
    expect(public_answer(reader, question)).to_have_text(LIVE_ANSWER)
    question.refresh_from_db()
    assert question.review_state == ReviewState.CHANGES_REQUESTED
    assert question.answers.get().body == LIVE_ANSWER

    # The editor answers the comment; the change is back in review for the publisher.
    revised = f"{PENDING_ANSWER} It is released during blocking I/O."
    edit_answer_as(author, question, revised)
    expect(author.locator(".messagelist .info")).to_contain_text("Saved as pending changes")
    expect(author.locator(".workflow-comment")).to_have_count(0)

    reviewer.goto(change_url(question))
    expect(reviewer.locator("table.revision-diff ins")).to_contain_text(["blocking I/O."])
    expect(review_section(reviewer).get_by_role("button", name="Request changes")).to_be_visible()
    expect(public_answer(reader, question)).to_have_text(LIVE_ANSWER)


def test_history_lists_the_revisions_and_compares_two_of_them(new_page):
    question = published_question()
    editor = factories.make_editor("editor")
    publisher = factories.make_publisher("publisher")

    edit_answer_as(new_page(editor), question, PENDING_ANSWER)
    reviewer = new_page(publisher)
    reviewer.goto(change_url(question))
    review_section(reviewer).get_by_role("button", name="Publish changes").click()
    expect(reviewer.locator(".messagelist .success")).to_have_text("Changes approved.")

    reviewer.locator(".object-tools").get_by_role("link", name="History").click()
    expect(reviewer).to_have_url(
        re.compile(rf"/admin/questions/question/{question.pk}/revisions/$")
    )
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text(TITLE)
    rows = reviewer.locator("#revision-list tbody tr")
    expect(rows).to_have_count(3)
    # Newest first: who did what.
    expect(rows.nth(0)).to_contain_text("publisher")
    expect(rows.nth(0)).to_contain_text("Changes approved")
    expect(rows.nth(1)).to_contain_text("editor")
    expect(rows.nth(1)).to_contain_text("Saved as pending changes")
    expect(rows.nth(2)).to_contain_text("Published")

    # From the first revision (the wrong answer) to the approved one.
    rows.nth(2).get_by_label("Compare from this revision").check()
    rows.nth(0).get_by_label("Compare to this revision").check()
    reviewer.get_by_role("button", name="Compare the chosen revisions").click()
    expect(reviewer).to_have_url(re.compile(r"/revisions/compare/\?"))
    expect(reviewer.locator("#content-main")).to_contain_text("(Published) to")
    diff = reviewer.locator("table.revision-diff")
    row = diff.locator("tbody tr", has_text="Answer 1")
    expect(row.get_by_role("rowheader")).to_have_text("Answer 1 (changed)")
    expect(row.locator("td").nth(0).locator("del")).to_have_text(["makes ", "fully parallel."])
    expect(row.locator("td").nth(1).locator("ins")).to_contain_text(["bytecode at a time."])

    # The pending save and its approval hold the same content.
    reviewer.go_back()
    rows.nth(1).get_by_label("Compare from this revision").check()
    rows.nth(0).get_by_label("Compare to this revision").check()
    reviewer.get_by_role("button", name="Compare the chosen revisions").click()
    expect(reviewer.locator("#content-main")).to_contain_text("No differences in content.")
    assert Question.objects.get(pk=question.pk).answers.get().body == PENDING_ANSWER
