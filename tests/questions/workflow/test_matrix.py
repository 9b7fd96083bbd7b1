"""Who may do what in the editorial workflow, and what readers see after every step.

Each cell of role by action drives the admin through form posts, as a browser
would, then reads every public page as an anonymous visitor (`assert_public`:
question page, topic page, /questions/, search, the feed, the sitemap). The
test's `live` changes only when a publisher acts: an editor's step must leave
every public page as it was, and keep the editor's text off all of them.
"""

from dataclasses import replace

import pytest
from django.core.cache import cache
from django.test import Client

from questions.models import Question, ReviewState, State, Status
from questions.reports.models import Report, ReportKind, ReportStatus
from questions.revisions.models import Action, Revision
from tests import factories
from tests.pages import form_values

from .conftest import CHANGELIST, RECOVER, Admin, change_url, reload, revisions_of, saved
from .public import LiveQuestion, assert_public

# The draft, the question deleted in the recover cell, and the one the journey unpublishes:
# whenever they are not live, their pages answer 404.
HIDDEN = ["gather", "race", "gil"]
# Words searched for after each step: each finds exactly the live questions holding it.
PROBES = ["bytecode", "parallel", "gather", "processes", "wording"]


def check(live, *never_shown):
    assert_public(live, hidden_slugs=HIDDEN, never_shown=never_shown, probes=PROBES)


@pytest.fixture(params=["editor", "publisher"])
def actor(request) -> Admin:
    return Admin(request.getfixturevalue(request.param))


def is_publisher(actor) -> bool:
    return actor.user.groups.filter(name="Publishers").exists()


def latest(question) -> Revision:
    return Revision.objects.of(question).first()


# --- Edit a draft ---------------------------------------------------------------


def test_edit_draft(actor, draft, live):
    check(live, draft.title)

    saved(
        actor.save(
            draft,
            title="What does asyncio.gather return?",
            answers={0: "A list of results, in the order given."},
        )
    )

    draft = reload(draft)
    assert draft.title == "What does asyncio.gather return?"
    assert [a.body for a in draft.answers.all()] == ["A list of results, in the order given."]
    assert draft.status == Status.DRAFT and draft.state == State.DRAFT
    revision = latest(draft)
    assert (revision.action, revision.user) == (Action.SAVED, actor.user)
    assert revision.data["title"] == "What does asyncio.gather return?"
    check(live, "asyncio.gather return", "A list of results")


# --- Edit a published question --------------------------------------------------

NEW_ANSWER = "Yes: the GIL makes Python fully parallel."


def test_edit_published(actor, gil, live):
    check(live)

    response = saved(actor.save(gil, title="Is Python ever parallel?", answers={0: NEW_ANSWER}))

    gil = reload(gil)
    revision = latest(gil)
    assert revision.user == actor.user
    assert revision.data["title"] == "Is Python ever parallel?"
    assert revision.data["answers"][0]["body"] == NEW_ANSWER
    if is_publisher(actor):
        assert (gil.state, revision.action) == (State.PUBLISHED, Action.SAVED)
        live.questions["gil"] = replace(
            live.questions["gil"],
            title="Is Python ever parallel?",
            answers=[NEW_ANSWER, live.questions["gil"].answers[1]],
        )
        check(live)
    else:
        # Kept as pending changes; the live rows are untouched.
        assert (gil.state, revision.action) == (State.PENDING, Action.PENDING)
        assert gil.pending_revision == revision
        assert gil.title == "Does the GIL make Python parallel?"
        assert gil.answers.first().body == "No: one thread runs bytecode at a time."
        assert response["Location"] == change_url(gil)  # back to the form, with a message
        form = actor.form(gil)
        assert form["title"] == "Is Python ever parallel?"  # the pending version
        assert form["answers-0-body"] == NEW_ANSWER
        check(live, NEW_ANSWER, "Is Python ever parallel?")


# --- Submit for review ----------------------------------------------------------


def test_submit(actor, draft, live):
    response = actor.submit(draft, note="Ready for a look.")

    assert response.status_code == 302
    draft = reload(draft)
    assert draft.state == State.IN_REVIEW
    assert draft.submitted_by == actor.user and draft.submitted_at is not None
    revision = latest(draft)
    assert (revision.action, revision.user, revision.comment) == (
        Action.SUBMITTED,
        actor.user,
        "Ready for a look.",
    )
    queue = actor.client.get(f"{CHANGELIST}?review=queue")
    assert list(queue.context["cl"].result_list) == [draft]
    check(live, draft.title)


# --- Approve --------------------------------------------------------------------

PENDING_ANSWER = "Processes, or a free-threaded build of CPython 3.13."


@pytest.fixture
def waiting(erin, gil, draft, live):
    """Another editor's pending change to the live question, and a draft submitted."""
    saved(erin.save(gil, answers={1: PENDING_ANSWER}))
    assert erin.submit(draft).status_code == 302
    check(live, PENDING_ANSWER, draft.title)


def test_approve(actor, waiting, gil, draft, live):
    to_gil, to_draft = actor.approve(gil), actor.approve(draft)

    gil, draft = reload(gil), reload(draft)
    if is_publisher(actor):
        assert (to_gil.status_code, to_draft.status_code) == (302, 302)
        assert (gil.state, draft.state) == (State.PUBLISHED, State.PUBLISHED)
        assert (latest(gil).action, latest(draft).action) == (Action.APPROVED, Action.PUBLISHED)
        assert latest(gil).user == actor.user
        assert gil.last_reviewed_by == actor.user
        live.questions["gil"].answers[1] = PENDING_ANSWER
        live.add(
            LiveQuestion(
                slug="gather",
                title="What does asyncio gather do?",
                topic="concurrency",
                answers=["It awaits several awaitables together."],
            )
        )
        assert_public(live, probes=PROBES)
    else:
        assert (to_gil.status_code, to_draft.status_code) == (403, 403)
        assert (gil.state, draft.state) == (State.PENDING, State.IN_REVIEW)
        check(live, PENDING_ANSWER, draft.title)


# --- Request changes ------------------------------------------------------------


def test_request_changes(actor, waiting, erin, gil, live):
    response = actor.request_changes(gil, comment="Say when the GIL is released.")

    gil = reload(gil)
    if is_publisher(actor):
        assert response.status_code == 302
        assert gil.review_state == ReviewState.CHANGES_REQUESTED
        assert gil.review_comment == "Say when the GIL is released."
        revision = latest(gil)
        assert (revision.action, revision.user, revision.comment) == (
            Action.CHANGES_REQUESTED,
            actor.user,
            "Say when the GIL is released.",
        )
        assert revision.data["answers"][1]["body"] == PENDING_ANSWER  # what was reviewed
        # The author sees the comment on the form, which still holds the pending version.
        page = erin.client.get(change_url(gil)).content.decode()
        assert "Say when the GIL is released." in page
        assert gil.pending_revision is not None
    else:
        assert response.status_code == 403
        assert gil.review_state == ReviewState.IN_REVIEW
        assert gil.review_comment == ""
    check(live, PENDING_ANSWER, "Say when the GIL is released.")


# --- Revert ---------------------------------------------------------------------


def test_revert(actor, pat, gil, live):
    saved(pat.save(gil, answers={0: "First live wording."}))
    live.questions["gil"].answers[0] = "First live wording."
    check(live)
    saved(pat.save(gil, answers={0: "Second live wording."}))
    live.questions["gil"].answers[0] = "Second live wording."
    check(live, "First live wording.")
    first = revisions_of(gil)[0]

    response = actor.revert(gil, first)

    assert response.status_code == 302
    gil = reload(gil)
    revision = latest(gil)
    assert revision.user == actor.user
    assert revision.data["answers"][0]["body"] == "First live wording."
    if is_publisher(actor):
        assert (revision.action, gil.state) == (Action.REVERTED, State.PUBLISHED)
        live.questions["gil"].answers[0] = "First live wording."
        check(live, "Second live wording.")
    else:
        assert (revision.action, gil.state) == (Action.PENDING, State.PENDING)
        assert gil.answers.first().body == "Second live wording."
        check(live, "First live wording.")


# --- Recover --------------------------------------------------------------------


@pytest.fixture
def deleted(pat, concurrency, live):
    """A published question a publisher deleted: its last revision says so."""
    question = factories.make_question(
        "What is a race condition?",
        slug="race",
        topic=concurrency,
        answers=["Two threads and one unlucky order.", "Locks prevent it."],
    )
    answer_ids = list(question.answers.values_list("pk", flat=True))
    live.add(
        LiveQuestion(
            slug="race",
            title="What is a race condition?",
            topic="concurrency",
            answers=["Two threads and one unlucky order.", "Locks prevent it."],
        )
    )
    assert_public(live, probes=PROBES)
    response = pat.client.post(f"{CHANGELIST}{question.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    del live.questions["race"]
    check(live, "race condition")
    return Revision.objects.deleted().get(object_id=question.pk), answer_ids


def test_recover(actor, deleted, live):
    revision, answer_ids = deleted

    listing = actor.client.get(RECOVER)
    response = actor.recover(revision)

    if is_publisher(actor):
        assert listing.status_code == 200
        assert "What is a race condition?" in listing.content.decode()
        assert response.status_code == 302
        question = Question.objects.get(pk=revision.object_id)  # its id from before
        assert question.status == Status.DRAFT
        assert list(question.answers.values_list("pk", "body")) == list(
            zip(
                answer_ids,
                ["Two threads and one unlucky order.", "Locks prevent it."],
                strict=True,
            )
        )
        assert (latest(question).action, latest(question).user) == (Action.RECOVERED, actor.user)
    else:
        assert (listing.status_code, response.status_code) == (403, 403)
        assert not Revision.objects.filter(action=Action.RECOVERED).exists()
    # Recovered as a draft: readers still do not see it.
    check(live, "race condition")


# --- Resolve a report -----------------------------------------------------------

REPORT_TEXT = "Threads still take turns: the second answer is incomplete."


def test_resolve_report(actor, pat, gil, live):
    report = Report.objects.create(question=gil, kind=ReportKind.WRONG, text=REPORT_TEXT)
    check(live, REPORT_TEXT)
    saved(pat.save(gil, answers={1: "Use processes for CPU-bound work; threads for I/O."}))
    fix = latest(gil)
    live.questions["gil"].answers[1] = "Use processes for CPU-bound work; threads for I/O."
    check(live, REPORT_TEXT)

    response = actor.client.post(
        "/admin/reports/report/",
        {"action": "mark_resolved", "_selected_action": [report.pk], "index": 0},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert (report.resolved_by, report.fixed_in) == (actor.user, fix)
    check(live, REPORT_TEXT)


# --- Report a problem: anonymous visitors and readers ---------------------------


@pytest.fixture(params=["anonymous", "reader"])
def visitor(request):
    """A browser-like client: it must send the CSRF token the form carries."""
    client = Client(enforce_csrf_checks=True)
    if request.param == "reader":
        client.force_login(request.getfixturevalue("reader"))
    return request.param, client


def test_report(visitor, gil, draft, live):
    role, client = visitor
    url = "/questions/gil/report/"
    values = form_values(client.get(url))
    values.update(kind=ReportKind.OUTDATED, text=REPORT_TEXT)
    if role == "anonymous":
        values["email"] = "candidate@example.com"

    assert client.post(url, {**values, "csrfmiddlewaretoken": "forged"}).status_code == 403
    response = client.post(url, values)

    assert response.status_code == 302
    assert response["Location"] == "/questions/gil/"
    report = Report.objects.get()
    assert (report.question, report.kind, report.text) == (gil, "outdated", REPORT_TEXT)
    if role == "reader":
        assert (report.reporter.username, report.email) == ("reader", "")
    else:
        assert (report.reporter, report.email) == (None, "candidate@example.com")
    # A draft cannot be reported: readers do not know it exists.
    assert client.get("/questions/gather/report/").status_code == 404
    assert client.post("/questions/gather/report/", values).status_code == 404
    assert Report.objects.count() == 1
    check(live, REPORT_TEXT, "candidate@example.com")


# --- A whole journey, checked after every step -----------------------------------


def test_a_change_goes_live_only_when_a_publisher_approves_it(
    editor_admin, publisher_admin, gil, live
):
    original = list(live.questions["gil"].answers)
    check(live)

    saved(editor_admin.save(gil, answers={0: NEW_ANSWER}))  # pending
    check(live, NEW_ANSWER)

    saved(editor_admin.save(gil, body="Think of CPython threads and the eval loop."))
    assert reload(gil).pending_revision.data["answers"][0]["body"] == NEW_ANSWER  # kept
    check(live, NEW_ANSWER, "eval loop")

    assert (
        publisher_admin.request_changes(gil, comment="The first answer is wrong.").status_code
        == 302
    )
    check(live, NEW_ANSWER, "eval loop")

    saved(editor_admin.save(gil, answers={0: "No: threads take turns on the GIL."}))
    assert reload(gil).review_state == ReviewState.IN_REVIEW  # back in the queue
    check(live, "threads take turns", "eval loop")

    assert publisher_admin.approve(gil).status_code == 302
    live.questions["gil"].answers[0] = "No: threads take turns on the GIL."
    live.questions["gil"].body = "Think of CPython threads and the eval loop."
    check(live, NEW_ANSWER)

    # Back to the editor's first pending version, from before the request for changes.
    first_pending = revisions_of(gil)[0]
    assert first_pending.action == Action.PENDING
    assert editor_admin.revert(gil, first_pending).status_code == 302  # pending again
    assert reload(gil).state == State.PENDING
    check(live, NEW_ANSWER)

    assert publisher_admin.approve(gil).status_code == 302
    live.questions["gil"].answers = [NEW_ANSWER, original[1]]
    live.questions["gil"].body = "Think of CPython threads."
    check(live, "eval loop")

    confirm = publisher_admin.action("unpublish_selected", [gil])
    assert confirm.status_code == 200  # asks first; nothing changed yet
    check(live, "eval loop")
    assert publisher_admin.action("unpublish_selected", [gil], confirm="yes").status_code == 302
    del live.questions["gil"]
    check(live, NEW_ANSWER)

    saved(editor_admin.save(gil, answers={0: "No: one thread at a time holds the GIL."}))
    check(live, "one thread at a time")

    assert publisher_admin.action("publish_selected", [gil], confirm="yes").status_code == 302
    live.add(
        LiveQuestion(
            slug="gil",
            title="Does the GIL make Python parallel?",
            topic="concurrency",
            body="Think of CPython threads.",
            answers=["No: one thread at a time holds the GIL.", original[1]],
        )
    )
    check(live, NEW_ANSWER)


# --- With the page cache on -------------------------------------------------------


def test_the_page_cache_serves_the_live_version_until_a_publisher_acts(
    settings, django_capture_on_commit_callbacks, editor_admin, publisher_admin, gil
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    anonymous = Client()
    url = "/questions/gil/"
    assert anonymous.get(url)["X-Page-Cache"] == "miss"
    assert anonymous.get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        saved(editor_admin.save(gil, answers={0: NEW_ANSWER}))
    after_edit = anonymous.get(url)
    assert NEW_ANSWER not in after_edit.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert publisher_admin.approve(gil).status_code == 302
    after_approval = anonymous.get(url)
    assert after_approval["X-Page-Cache"] == "miss"
    assert NEW_ANSWER in after_approval.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert publisher_admin.action("unpublish_selected", [gil], confirm="yes").status_code == 302
    assert anonymous.get(url).status_code == 404
