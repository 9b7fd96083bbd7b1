"""Requests a browser would never send, from an editor: none of them changes what readers see.

Each test posts what an editor could forge by hand (fields the form does not
offer, actions the page does not show, URLs meant for publishers) and checks
that the live question is exactly as it was, that every public page still shows
it (`assert_public`), and, where saving is the behaviour, that the edit was
kept as pending changes instead.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from questions.models import Answer, ReviewState, State, Status, Topic
from questions.revisions.models import Action, Revision
from questions.revisions.snapshot import question_data
from tests import factories

from .conftest import CHANGELIST, RECOVER, change_url, reload, review_url, saved
from .public import assert_public

FORGED_DATE = {"publish_at_0": "2020-01-01", "publish_at_1": "10:00:00"}


def stored(question):
    """Everything readers could be shown of `question`, as the database holds it now."""
    question = reload(question)
    answers = list(question.answers.values_list("pk", "body", "body_html", "position"))
    return (
        question_data(question),
        question.body_html,
        question.status,
        question.publish_at,
        question.updated_at,
        question.last_reviewed_at,
        answers,
    )


def check(live, *never_shown):
    assert_public(live, hidden_slugs=["gather"], never_shown=never_shown, probes=["parallel"])


def test_status_and_publish_date_posted_to_a_published_question_are_ignored(
    editor_admin, gil, live
):
    before = stored(gil)
    publish_at = reload(gil).publish_at

    response = editor_admin.save(
        gil, title="Is Python parallel now?", status="draft", **FORGED_DATE
    )

    saved(response)
    assert stored(gil) == before
    pending = reload(gil).pending_revision
    assert pending.action == Action.PENDING
    assert pending.data["title"] == "Is Python parallel now?"
    # The pending version keeps the live status and date: approving it changes neither.
    assert pending.data["status"] == Status.PUBLISHED
    assert pending.data["publish_at"] == publish_at.isoformat()
    check(live, "Is Python parallel now?")


def test_status_published_posted_to_a_draft_keeps_it_a_draft(editor_admin, draft, live):
    saved(
        editor_admin.save(draft, title="Is gather concurrent?", status="published", **FORGED_DATE)
    )

    draft = reload(draft)
    assert (draft.status, draft.publish_at, draft.title) == (
        Status.DRAFT,
        None,
        "Is gather concurrent?",
    )
    check(live, "Is gather concurrent?")


def test_an_earlier_date_posted_to_a_scheduled_question_does_not_publish_it(
    editor_admin, concurrency, live
):
    later = timezone.now() + timedelta(days=3)
    scheduled = factories.make_question(
        "When is it out?", slug="soon", topic=concurrency, publish_at=later
    )

    saved(editor_admin.save(scheduled, title="Out now?", status="published", **FORGED_DATE))

    scheduled = reload(scheduled)
    assert (scheduled.publish_at, scheduled.title) == (later, "When is it out?")
    assert scheduled.pending_revision.data["publish_at"] == later.isoformat()
    assert_public(live, hidden_slugs=["soon"], never_shown=["When is it out?", "Out now?"])


def test_a_changed_answer_to_a_published_question_is_kept_as_pending(editor_admin, gil, live):
    before = stored(gil)
    values = editor_admin.form(gil)
    values.update({"answers-0-body": "The GIL is gone.", "_save": "Save"})

    saved(editor_admin.client.post(change_url(gil), values))

    assert stored(gil) == before
    pending = reload(gil).pending_revision
    assert [a["body"] for a in pending.data["answers"]] == [
        "The GIL is gone.",
        "Use processes for CPU-bound work.",
    ]
    check(live, "The GIL is gone.")


def test_answers_added_reordered_and_deleted_on_a_published_question_wait(editor_admin, gil, live):
    before = stored(gil)
    first = gil.answers.order_by("position").first()
    values = editor_admin.form(gil)
    values.update(
        {
            "answers-0-position": "2",
            "answers-1-position": "1",
            "answers-1-DELETE": "on",
            "answers-2-body": "A new third answer.",
            "answers-2-position": "3",
            "answers-TOTAL_FORMS": "3",
            "_save": "Save",
        }
    )

    saved(editor_admin.client.post(change_url(gil), values))

    assert stored(gil) == before
    pending = reload(gil).pending_revision.data["answers"]
    assert [(a["id"], a["body"]) for a in pending] == [
        (first.pk, first.body),
        (None, "A new third answer."),
    ]
    check(live, "A new third answer.")


@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_deleting_every_answer_of_a_published_question_is_refused(request, who, gil, live):
    admin = request.getfixturevalue(f"{who}_admin")
    before = stored(gil)
    values = admin.form(gil)
    values.update({"answers-0-DELETE": "on", "answers-1-DELETE": "on", "_save": "Save"})

    response = admin.client.post(change_url(gil), values)

    assert response.status_code == 200
    assert "A published question needs at least one answer." in response.content.decode()
    assert stored(gil) == before
    assert reload(gil).pending_revision is None
    check(live)


def test_posting_no_answer_forms_at_all_is_refused_too(editor_admin, gil, live):
    before = stored(gil)
    values = {
        key: value
        for key, value in editor_admin.form(gil).items()
        if not key.startswith("answers-")
    }
    values.update({"answers-TOTAL_FORMS": "0", "answers-INITIAL_FORMS": "0", "_save": "Save"})
    values.update({"answers-MIN_NUM_FORMS": "0", "answers-MAX_NUM_FORMS": "1000"})

    response = editor_admin.client.post(change_url(gil), values)

    assert response.status_code == 200
    assert stored(gil) == before
    assert reload(gil).pending_revision is None
    check(live)


def test_an_answer_id_of_another_question_does_not_reach_that_question(
    editor_admin, gil, draft, live
):
    """The draft's form, posted with an answer id of the published question."""
    before = stored(gil)
    foreign = gil.answers.first()
    values = editor_admin.form(draft)
    values.update(
        {
            "answers-1-id": str(foreign.pk),
            "answers-1-body": "Hijacked: the GIL is gone.",
            "answers-1-position": "2",
            "answers-TOTAL_FORMS": "2",
            "_save": "Save",
        }
    )

    response = editor_admin.client.post(change_url(draft), values)

    assert response.status_code in (200, 302)
    assert stored(gil) == before
    assert not Answer.objects.filter(question=gil, body__contains="Hijacked").exists()
    check(live, "Hijacked")


@pytest.mark.parametrize(
    "data",
    [
        {"action": "approve"},
        {"action": "approve", "publish_at": "2020-01-01 10:00"},
        {"action": "request_changes", "comment": "Rejected by an editor."},
    ],
)
def test_an_editor_posting_a_publishers_review_action_is_refused(
    editor_admin, erin, gil, draft, live, data
):
    saved(erin.save(gil, answers={0: "Pending: the GIL is gone."}))
    assert erin.submit(draft).status_code == 302
    before = stored(gil), stored(draft)

    responses = [editor_admin.client.post(review_url(q), data) for q in (gil, draft)]

    assert [r.status_code for r in responses] == [403, 403]
    assert (stored(gil), stored(draft)) == before
    assert (reload(gil).state, reload(draft).state) == (State.PENDING, State.IN_REVIEW)
    assert reload(gil).review_state == ReviewState.IN_REVIEW
    assert not Revision.objects.filter(
        action__in=[Action.APPROVED, Action.PUBLISHED, Action.CHANGES_REQUESTED]
    ).exists()
    check(live, "Pending: the GIL is gone.", draft.title)


def test_a_review_url_answers_get_with_a_redirect_and_unknown_actions_with_400(
    editor_admin, gil, live
):
    assert editor_admin.client.get(f"{review_url(gil)}?action=approve").status_code == 302
    assert editor_admin.client.post(review_url(gil), {"action": "publish"}).status_code == 400
    assert reload(gil).state == State.PUBLISHED
    check(live)


@pytest.mark.parametrize(
    "action",
    ["publish_selected", "unpublish_selected", "mark_reviewed_selected", "delete_selected"],
)
@pytest.mark.parametrize("confirm", ["yes", None])
def test_an_editor_posting_the_publish_actions_changes_nothing(
    editor_admin, erin, gil, draft, live, action, confirm
):
    saved(erin.save(gil, answers={0: "Pending: the GIL is gone."}))
    before = stored(gil), stored(draft)
    extra = {"confirm": confirm} if confirm else {}

    response = editor_admin.action(action, [gil, draft], index=0, **extra)

    assert response.status_code in (200, 302)
    assert (stored(gil), stored(draft)) == before
    assert reload(gil).pending_revision is not None
    check(live, "Pending: the GIL is gone.", draft.title)


def test_an_editor_posting_recover_is_refused(editor_admin, pat, concurrency, live):
    question = factories.make_draft("Gone?", slug="gone", topic=concurrency)
    assert pat.client.post(f"{CHANGELIST}{question.pk}/delete/", {"post": "yes"}).status_code == 302
    revision = Revision.objects.deleted().get(object_id=question.pk)

    assert editor_admin.client.get(RECOVER).status_code == 403
    assert editor_admin.recover(revision).status_code == 403
    assert editor_admin.client.post(RECOVER, {"revision": "x"}).status_code == 403

    assert not type(question).objects.filter(pk=question.pk).exists()
    assert_public(live, hidden_slugs=["gone", "gather"], never_shown=["Gone?"])


def test_an_editor_cannot_delete_a_published_question(editor_admin, gil, live):
    before = stored(gil)

    response = editor_admin.client.post(f"{CHANGELIST}{gil.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert stored(gil) == before
    check(live)


def test_an_editors_revert_of_a_published_question_is_pending(editor_admin, pat, gil, live):
    saved(pat.save(gil, answers={0: "Live wording."}))
    first = Revision.objects.of(gil).get()
    saved(pat.save(gil, answers={0: "Newer live wording."}))
    live.questions["gil"].answers[0] = "Newer live wording."
    before = stored(gil)

    # Straight to the POST, without the confirmation page.
    response = editor_admin.client.post(f"{CHANGELIST}{gil.pk}/revisions/{first.pk}/revert/")

    assert response.status_code == 302
    assert stored(gil) == before
    assert reload(gil).pending_revision.data["answers"][0]["body"] == "Live wording."
    check(live, "Live wording.")


def test_an_editor_posting_a_topic_approval_is_refused(editor_admin, concurrency, live):
    saved(
        editor_admin.client.post(
            f"/admin/questions/topic/{concurrency.pk}/change/",
            {
                "name": "Concurrency",
                "slug": "concurrency",
                "position": "0",
                "review_interval_months": "12",
                "description": "Pending: threads are free.",
                "_save": "Save",
            },
        )
    )
    assert Topic.objects.get(pk=concurrency.pk).pending_revision is not None

    response = editor_admin.client.post(f"/admin/questions/topic/{concurrency.pk}/approve/")

    assert response.status_code == 403
    topic = Topic.objects.get(pk=concurrency.pk)
    assert topic.description == "Threads, processes and asyncio."
    assert topic.pending_revision is not None
    check(live, "threads are free")


def test_an_editors_topic_position_from_the_list_waits_for_a_publisher(
    editor_admin, concurrency, live
):
    other = factories.make_topic("Security", slug="security", position=5)
    factories.make_question("What is CSRF?", slug="csrf", topic=other)
    values = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(concurrency.pk),
        "form-0-position": "9",
        "form-1-id": str(other.pk),
        "form-1-position": "5",
        "_save": "Save",
    }

    response = editor_admin.client.post("/admin/questions/topic/", values)

    assert response.status_code == 302
    assert Topic.objects.get(pk=concurrency.pk).position == 0
    assert Topic.objects.get(pk=concurrency.pk).pending_revision.data["position"] == 9
