"""The editors' start page: what waits for the signed-in person, counted, with links."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions.models import ReviewState
from questions.reports.models import Report, ReportKind, ReportStatus
from tests.factories import bulk_make_questions, make_draft, make_question, make_user
from tests.pages import attr, find, find_all, parse, text

ADMIN_INDEX = "/admin/"
QUESTIONS = "/admin/questions/question/"


def dashboard(client, user):
    """{label: (count, link)} as the start page shows them to `user`."""
    client.force_login(user)
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 200
    boxes = find_all(parse(response), "div", attrs={"id": "editor-dashboard"})
    if not boxes:
        return {}
    rows = find_all(boxes[0], "tr")
    return {
        text(find(row, "a")): (int(text(find(row, "td"))), attr(find(row, "a"), "href"))
        for row in rows
    }


def report(question, status=ReportStatus.OPEN):
    return Report.objects.create(
        question=question, kind=ReportKind.WRONG, text="Not so.", status=status
    )


@pytest.fixture
def bank(topic, editor, publisher):
    """Work of the editor, of another editor, and what waits for a publisher."""
    other = make_user("other-editor", group="Editors")
    mine = [make_draft(topic=topic, author=editor) for _ in range(2)]
    make_draft(topic=topic, author=other)
    requested = make_draft(topic=topic, author=editor, review_state=ReviewState.CHANGES_REQUESTED)
    # Another's question the editor submitted, sent back: also asked of them.
    submitted = make_draft(
        topic=topic,
        author=other,
        submitted_by=editor,
        review_state=ReviewState.CHANGES_REQUESTED,
    )
    make_draft(topic=topic, author=other, review_state=ReviewState.CHANGES_REQUESTED)
    for author in (editor, other, other):
        make_draft(
            topic=topic,
            author=author,
            review_state=ReviewState.IN_REVIEW,
            submitted_by=author,
            submitted_at=timezone.now(),
        )
    published = make_question(topic=topic)  # never reviewed: due
    make_question(topic=topic, last_reviewed_at=timezone.now())
    report(published)
    report(published)
    report(published, status=ReportStatus.RESOLVED)
    return {"mine": mine, "requested": [requested, submitted]}


def test_an_editor_sees_their_drafts_changes_asked_of_them_reports_and_due(client, editor, bank):
    assert dashboard(client, editor) == {
        "My drafts": (2, f"{QUESTIONS}?state=draft&mine=1"),
        "Changes requested of me": (2, f"{QUESTIONS}?review=changes_requested&mine=1"),
        "Open reports": (2, "/admin/reports/report/?status__exact=open"),
        "Due for review": (1, f"{QUESTIONS}?due=yes"),
    }


def test_a_publisher_also_sees_the_review_queue(client, publisher, bank):
    shown = dashboard(client, publisher)

    assert shown["Waiting for my review"] == (3, f"{QUESTIONS}?review=queue")
    assert shown["My drafts"][0] == 0
    assert shown["Changes requested of me"][0] == 0


def test_staff_who_may_not_see_questions_get_no_start_page_counts(client, bank):
    assert dashboard(client, make_user("bare-staff", is_staff=True)) == {}


def test_the_links_open_lists_that_the_admin_accepts(client, publisher, bank):
    for _count, link in dashboard(client, publisher).values():
        # An unknown filter would send the admin to "?e=1" with a 302.
        assert client.get(link).status_code == 200, link


def test_the_due_link_lists_as_many_questions_as_it_counts(client, publisher, bank):
    count, link = dashboard(client, publisher)["Due for review"]

    assert len(client.get(link).context["cl"].result_list) == count


def test_the_start_page_runs_the_same_queries_whatever_the_bank(
    client, topic, django_framework, editor, publisher, bank
):
    client.force_login(publisher)
    client.get(ADMIN_INDEX)  # warm up per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(ADMIN_INDEX).status_code == 200

    bulk_make_questions(300, topics=[topic], frameworks=[django_framework])
    for question in bulk_make_questions(
        30, topics=[topic], frameworks=[django_framework], status="draft"
    ):
        report(question)
    make_draft(topic=topic, author=publisher, last_reviewed_at=datetime(2020, 1, 1, tzinfo=UTC))

    with CaptureQueriesContext(connection) as large:
        assert client.get(ADMIN_INDEX).status_code == 200
    assert len(large) == len(small)
