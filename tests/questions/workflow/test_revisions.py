"""Revisions: what each action records, compare and revert with answers, recover, topics, cost.

Reverts run on SQLite and on PostgreSQL (`make test` runs the suite on both;
`scripts/with-postgres .venv/bin/pytest tests/questions/workflow` runs this one):
answers come back with the ids they had, which each database inserts its own way.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions import services
from questions.models import Answer, Question, State, Status, Topic
from questions.revisions.models import Action, Kind, Revision
from questions.revisions.snapshot import question_data
from tests import factories
from tests.pages import find, find_all, form_values, parse, text

from .conftest import (
    CHANGELIST,
    RECOVER,
    change_url,
    compare_url,
    history_url,
    reload,
    revert_url,
    revisions_of,
    saved,
)
from .public import assert_public


def answers_of(question):
    """(id, position, body) of each stored answer, in the order readers see them."""
    return list(
        Answer.objects.filter(question_id=question.pk)
        .order_by("position", "pk")
        .values_list("pk", "position", "body")
    )


def edit_answers(admin, question, **changes):
    """Post the change form with answers changed: {index: {"body"|"position"|"DELETE": ...}}."""
    values = admin.form(question)
    added = 0
    for key, value in changes.items():
        values[key] = value
    for key in changes:
        if key.startswith("answers-") and key.split("-")[1].isdigit():
            added = max(added, int(key.split("-")[1]) + 1)
    values["answers-TOTAL_FORMS"] = str(max(int(values["answers-TOTAL_FORMS"]), added))
    values["_save"] = "Save"
    return admin.client.post(change_url(question), values)


@pytest.fixture
def abc(concurrency, django_framework):
    """A draft with three answers: Alpha, Beta, Gamma."""
    return factories.make_draft(
        "What is a context switch?",
        slug="switch",
        topic=concurrency,
        framework=django_framework,
        answers=["Alpha.", "Beta.", "Gamma."],
    )


def rework(admin, question):
    """Change Alpha, delete Beta, move Gamma first, add Delta: one save, one revision."""
    return saved(
        edit_answers(
            admin,
            question,
            **{
                "answers-0-body": "Alpha, revised.",
                "answers-0-position": "2",
                "answers-1-DELETE": "on",
                "answers-2-position": "1",
                "answers-3-body": "Delta.",
                "answers-3-position": "3",
            },
        )
    )


# --- Compare ----------------------------------------------------------------------


def test_compare_shows_answers_added_changed_removed_and_moved(publisher_admin, abc):
    saved(publisher_admin.save(abc))  # the revision to compare from
    rework(publisher_admin, abc)
    older, newer = revisions_of(abc)

    response = publisher_admin.client.get(compare_url(abc, older, newer))

    assert response.status_code == 200
    changes = [(c.label, c.kind, str(c.old), str(c.new)) for c in response.context["changes"]]
    assert changes == [
        ("Answer 1", "moved", "moved from answer 3", ""),
        ("Answer 2", "changed", "<del>Alpha.</del>", "<ins>Alpha, revised.</ins>"),
        ("Answer 2", "moved", "moved from answer 1", ""),
        ("Answer 3", "added", "", "<ins>Delta.</ins>"),
        ("Answer 2", "removed", "<del>Beta.</del>", ""),
    ]
    rows = find_all(parse(response), "tr", css_class="change-removed")
    assert [text(row) for row in rows] == ["Answer 2 (removed) Beta."]
    # Either order of the two revisions compares old to new.
    swapped = publisher_admin.client.get(compare_url(abc, newer, older))
    assert [(c.label, c.kind) for c in swapped.context["changes"]] == [c[:2] for c in changes]


def test_compare_shows_fields_by_name_and_words_that_changed(publisher_admin, abc):
    flask = factories.make_framework("flask", name="Flask")
    saved(publisher_admin.save(abc))
    saved(publisher_admin.save(abc, title="What is a thread switch?", framework=str(flask.pk)))
    older, newer = revisions_of(abc)

    changes = publisher_admin.client.get(compare_url(abc, older, newer)).context["changes"]

    assert [(c.label, str(c.old), str(c.new)) for c in changes] == [
        ("Question", "What is a <del>context </del>switch?", "What is a <ins>thread </ins>switch?"),
        ("Framework", "<del>Django</del>", "<ins>Flask</ins>"),
    ]


def test_compare_answers_400_to_revisions_of_another_question(publisher_admin, abc, gil):
    saved(publisher_admin.save(abc))
    saved(publisher_admin.save(gil))
    mine, theirs = Revision.objects.of(abc).get(), Revision.objects.of(gil).get()

    assert publisher_admin.client.get(compare_url(abc, mine, theirs)).status_code == 400
    url = f"{CHANGELIST}{abc.pk}/revisions/compare/?from=x&to="
    assert publisher_admin.client.get(url).status_code == 400


# --- Revert -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_revert_restores_exactly_the_answers_of_that_time(request, who, abc):
    admin = request.getfixturevalue(f"{who}_admin")
    saved(admin.save(abc))
    at_first = answers_of(abc)
    alpha, beta, gamma = (pk for pk, _, _ in at_first)
    rework(admin, abc)
    reworked = answers_of(abc)
    delta = reworked[-1][0]
    assert reworked == [(gamma, 1, "Gamma."), (alpha, 2, "Alpha, revised."), (delta, 3, "Delta.")]
    first, second = revisions_of(abc)

    confirm = admin.client.get(revert_url(abc, first))
    assert confirm.status_code == 200
    assert {c.kind for c in confirm.context["changes"]} == {"moved", "changed", "added", "removed"}
    assert answers_of(abc) == reworked  # the confirmation page changes nothing
    assert admin.client.post(revert_url(abc, first)).status_code == 302

    # Beta is back with its id, Delta (added since) is gone, order and text as then.
    assert answers_of(abc) == at_first
    assert not Answer.objects.filter(pk=delta).exists()
    assert Answer.objects.get(pk=beta).body_html == "<p>Beta.</p>"
    revert = Revision.objects.of(abc).first()
    assert (revert.action, revert.user) == (Action.REVERTED, admin.user)
    assert revert.comment.startswith("Reverted to the revision of ")
    assert revert.data["answers"] == first.data["answers"]

    # And forward again: Delta comes back with its id, Beta goes.
    assert admin.revert(abc, second).status_code == 302
    assert answers_of(abc) == reworked
    assert len(revisions_of(abc)) == 4


def test_revert_restores_the_question_fields_too(publisher_admin, abc, flask_framework):
    saved(publisher_admin.save(abc))
    other = factories.make_topic("Networking", slug="networking")
    saved(
        publisher_admin.save(
            abc,
            title="Renamed?",
            slug="renamed",
            body="New body.",
            difficulty="advanced",
            topic=str(other.pk),
            framework=str(flask_framework.pk),
        )
    )

    assert publisher_admin.revert(abc, revisions_of(abc)[0]).status_code == 302

    abc = reload(abc)
    assert (abc.title, abc.slug, abc.body, abc.difficulty) == (
        "What is a context switch?",
        "switch",
        "",
        "beginner",
    )
    assert (abc.topic.slug, abc.framework.slug, abc.difficulty_rank) == ("concurrency", "django", 1)


@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_revert_of_a_published_question(request, who, pat, gil, live):
    admin = request.getfixturevalue(f"{who}_admin")
    saved(pat.save(gil))
    at_first = answers_of(gil)
    rework_live = {
        "answers-0-body": "Changed live.",
        "answers-1-DELETE": "on",
        "answers-2-body": "Added live.",
        "answers-2-position": "3",
    }
    saved(edit_answers(pat, gil, **rework_live))
    reworked = answers_of(gil)
    live.questions["gil"].answers = ["Changed live.", "Added live."]
    assert_public(live)

    assert admin.revert(gil, revisions_of(gil)[0]).status_code == 302

    if who == "editor":
        # Pending changes: nothing live moves until a publisher approves them.
        gil = reload(gil)
        assert gil.state == State.PENDING
        assert answers_of(gil) == reworked
        assert [a["id"] for a in gil.pending_revision.data["answers"]] == [a[0] for a in at_first]
        assert_public(live, never_shown=["Use processes"])
        assert pat.approve(gil).status_code == 302
    assert answers_of(gil) == at_first
    live.questions["gil"].answers = [
        "No: one thread runs bytecode at a time.",
        "Use processes for CPU-bound work.",
    ]
    assert_public(live, never_shown=["Changed live.", "Added live."], probes=["processes", "live"])


def test_a_revert_the_data_no_longer_allows_is_refused_with_a_message(
    publisher_admin, draft, concurrency
):
    """Regression: a revert to a slug another question took since was a 500."""
    saved(publisher_admin.save(draft))
    saved(publisher_admin.save(draft, slug="gather-renamed"))
    factories.make_draft("Another gather?", slug="gather", topic=concurrency)
    before = answers_of(draft)

    response = publisher_admin.client.post(revert_url(draft, revisions_of(draft)[0]))

    assert response.status_code == 302
    assert response["Location"] == history_url(draft)
    messages = [str(m) for m in publisher_admin.client.get(history_url(draft)).context["messages"]]
    assert messages[-1] == "Not reverted: Question with this Slug already exists."
    assert reload(draft).slug == "gather-renamed"
    assert answers_of(draft) == before
    assert Revision.objects.of(draft).first().action == Action.SAVED


def test_revert_of_a_revision_of_another_question_is_404(publisher_admin, abc, gil):
    saved(publisher_admin.save(gil))
    theirs = Revision.objects.of(gil).get()

    assert publisher_admin.client.get(revert_url(abc, theirs)).status_code == 404
    assert publisher_admin.client.post(revert_url(abc, theirs)).status_code == 404


def test_readers_cannot_open_history_compare_or_revert(client, reader, publisher_admin, abc):
    saved(publisher_admin.save(abc))
    revision = Revision.objects.of(abc).get()
    client.force_login(reader)

    for url in [history_url(abc), compare_url(abc, revision, revision), revert_url(abc, revision)]:
        assert client.get(url)["Location"].startswith("/admin/login/")
        assert client.post(url)["Location"].startswith("/admin/login/")
    assert answers_of(abc) == [(a.pk, a.position, a.body) for a in abc.answers.all()]


# --- Each action records a revision -----------------------------------------------


def add_question(admin, topic, framework, answers):
    values = form_values(admin.client.get(f"{CHANGELIST}add/"))
    values.update(
        topic=str(topic.pk),
        framework=str(framework.pk),
        difficulty="intermediate",
        title="What is a deadlock?",
        slug="deadlock",
        body="Two locks.",
        _save="Save",
    )
    for index, body in enumerate(answers):
        values[f"answers-{index}-body"] = body
        values[f"answers-{index}-position"] = str(index + 1)
    values["answers-TOTAL_FORMS"] = str(len(answers))
    saved(admin.client.post(f"{CHANGELIST}add/", values))
    return Question.objects.get(slug="deadlock")


def test_every_action_records_who_what_comment_and_the_full_content(
    editor_admin, publisher_admin, concurrency, django_framework
):
    editor, publisher = editor_admin.user, publisher_admin.user
    steps = []

    def step(expected_action, user, comment="", pending=False):
        question = Question.objects.filter(slug__startswith="deadlock").first()
        revision = Revision.objects.filter(kind=Kind.QUESTION).first()
        assert (revision.action, revision.user, revision.comment) == (
            expected_action,
            user,
            comment,
        )
        assert revision.object_id == steps[0].object_id if steps else True
        if question is not None and not pending:
            assert revision.data == question_data(question), expected_action
        # A deletion also keeps the author, for recovery to give back.
        assert set(revision.data) == {
            *("title", "slug", "body", "topic", "framework", "difficulty"),
            *("status", "publish_at", "checked_versions", "answers"),
            *(("author",) if expected_action == Action.DELETED else ()),
        }
        steps.append(revision)
        return question

    question = add_question(editor_admin, concurrency, django_framework, ["Each waits."])
    step(Action.CREATED, editor)
    saved(editor_admin.save(question, body="Two locks, taken in opposite orders."))
    step(Action.SAVED, editor)
    editor_admin.submit(question, note="Please check.")
    step(Action.SUBMITTED, editor, "Please check.")
    publisher_admin.request_changes(question, comment="Add how to avoid it.")
    step(Action.CHANGES_REQUESTED, publisher, "Add how to avoid it.")
    saved(
        edit_answers(
            editor_admin,
            question,
            **{"answers-1-body": "Take locks in one order.", "answers-1-position": "2"},
        )
    )
    step(Action.SAVED, editor)
    publisher_admin.approve(question, comment="Good.")
    step(Action.PUBLISHED, publisher, "Good.")
    saved(editor_admin.save(question, title="What is a deadlock, and how to avoid one?"))
    pending = step(Action.PENDING, editor, pending=True)
    assert steps[-1].data["title"] == "What is a deadlock, and how to avoid one?"
    assert pending.title == "What is a deadlock?"
    publisher_admin.approve(question)
    step(Action.APPROVED, publisher)
    publisher_admin.action("unpublish_selected", [question], confirm="yes")
    step(Action.UNPUBLISHED, publisher)
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    publisher_admin.approve(question, publish_at=later)
    step(Action.SCHEDULED, publisher)
    publisher_admin.revert(question, steps[0])
    revert = step(Action.REVERTED, publisher, Revision.objects.first().comment)
    assert revert.title == "What is a deadlock?" and revert.answers.count() == 1
    publisher_admin.client.post(f"{CHANGELIST}{question.pk}/delete/", {"post": "yes"})
    step(Action.DELETED, publisher)
    publisher_admin.recover(steps[-1])
    step(Action.RECOVERED, publisher)

    history = publisher_admin.client.get(history_url(question))
    rows = find_all(find(parse(history), "table", attrs={"id": "revision-list"}), "tr")[1:]
    assert len(rows) == len(steps) == 13
    assert "Changes requested" in text(rows[-4])
    assert "Add how to avoid it." in text(rows[-4]) and "publisher" in text(rows[-4])


# --- Recover ------------------------------------------------------------------------


def delete(admin, question):
    assert (
        admin.client.post(f"{CHANGELIST}{question.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    return Revision.objects.deleted().get(object_id=question.pk)


def test_recover_brings_a_deleted_question_back_as_a_draft_with_its_answers(
    publisher_admin, gil, live
):
    answers = answers_of(gil)
    revision = delete(publisher_admin, gil)
    del live.questions["gil"]
    assert_public(live, hidden_slugs=["gil"])

    listing = publisher_admin.client.get(RECOVER)
    assert "Does the GIL make Python parallel?" in text(parse(listing))
    response = publisher_admin.recover(revision)

    assert response.status_code == 302
    question = Question.objects.get(pk=revision.object_id)
    assert response["Location"] == change_url(question)
    assert (question.status, question.publish_at, question.slug) == (Status.DRAFT, None, "gil")
    assert answers_of(question) == answers
    assert question.answers.first().body_html == "<p>No: one thread runs bytecode at a time.</p>"
    assert "Does the GIL" not in text(parse(publisher_admin.client.get(RECOVER)))
    # A draft: readers see nothing until a publisher publishes it.
    assert_public(live, hidden_slugs=["gil"], never_shown=["Does the GIL"])
    # New rows still get fresh ids after rows were put back with old ones.
    fresh = factories.make_question(
        "After recovery?", topic=question.topic, answers=["One.", "Two."]
    )
    assert fresh.pk != question.pk
    assert not {pk for pk, _, _ in answers_of(fresh)} & {pk for pk, _, _ in answers}


def test_recover_gives_the_question_back_to_its_author_not_to_who_deleted_it(
    editor_admin, publisher_admin, gil
):
    Question.objects.filter(pk=gil.pk).update(author=editor_admin.user)
    revision = delete(publisher_admin, gil)

    publisher_admin.recover(revision)

    assert Question.objects.get(pk=gil.pk).author == editor_admin.user


def test_recover_renames_the_slug_when_it_was_taken_meanwhile(publisher_admin, gil, concurrency):
    revision = delete(publisher_admin, gil)
    factories.make_question("Another GIL question?", slug="gil", topic=concurrency)

    assert publisher_admin.recover(revision).status_code == 302

    assert Question.objects.get(pk=revision.object_id).slug == f"gil-{revision.object_id}"


def test_recover_refuses_a_question_whose_topic_is_gone(publisher_admin, pat):
    lonely = factories.make_topic("Lonely", slug="lonely")
    question = factories.make_draft("Alone?", slug="alone", topic=lonely)
    revision = delete(pat, question)
    assert (
        pat.client.post(f"/admin/questions/topic/{lonely.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )

    response = publisher_admin.recover(revision)

    assert response.status_code == 302
    messages = [str(m) for m in publisher_admin.client.get(RECOVER).context["messages"]]
    assert messages[-1] == "Its topic was deleted too: recover or create the topic first."
    assert not Question.objects.filter(pk=revision.object_id).exists()


def test_recover_refuses_what_is_not_deleted(publisher_admin, gil):
    saved(publisher_admin.save(gil))

    assert publisher_admin.recover(Revision.objects.of(gil).get()).status_code == 400
    assert publisher_admin.client.post(RECOVER, {"revision": "nope"}).status_code == 400


# --- Pending changes in the change form ----------------------------------------------


def test_the_form_shows_editors_the_pending_version_and_publishers_the_diff(
    editor_admin, publisher_admin, gil
):
    saved(editor_admin.save(gil, answers={0: "Pending wording."}))

    page = editor_admin.client.get(change_url(gil))
    assert "Changes waiting for review since" in page.content.decode()
    assert form_values(page)["answers-0-body"] == "Pending wording."
    assert "Live → pending" not in page.content.decode()

    page = publisher_admin.client.get(change_url(gil))
    changes = [(c.label, c.kind, str(c.new)) for c in page.context["pending_changes"]]
    assert changes == [("Answer 1", "changed", "<ins>Pending wording.</ins>")]
    assert "Publish changes" in page.content.decode()
    assert "Request changes" in page.content.decode()


def test_a_publishers_approval_keeps_ids_of_answers_added_and_removed_in_pending(
    editor_admin, publisher_admin, gil
):
    first, second = answers_of(gil)
    saved(
        edit_answers(
            editor_admin,
            gil,
            **{
                "answers-0-DELETE": "on",
                "answers-2-body": "Added in pending.",
                "answers-2-position": "3",
            },
        )
    )
    # The editor reopens the pending version: the added answer is there, the deleted one not.
    values = editor_admin.form(gil)
    assert values["answers-INITIAL_FORMS"] == "1"
    assert values["answers-1-body"] == "Added in pending."
    saved(editor_admin.save(gil, title="Does the GIL stop parallel threads?"))
    assert answers_of(gil) == [first, second]

    assert publisher_admin.approve(gil).status_code == 302

    added = Answer.objects.get(question=gil, body="Added in pending.")
    assert answers_of(gil) == [second, (added.pk, 3, "Added in pending.")]
    assert reload(gil).title == "Does the GIL stop parallel threads?"


def test_a_change_of_difficulty_is_saved_approved_and_recovered(
    editor_admin, publisher_admin, gil, draft, live
):
    """Regression: full_clean() checked the difficulty's rank before save() derived it."""
    saved(publisher_admin.save(draft, difficulty="intermediate"))
    assert (reload(draft).difficulty, reload(draft).difficulty_rank) == ("intermediate", 2)

    saved(editor_admin.save(gil, difficulty="advanced"))
    assert publisher_admin.approve(gil).status_code == 302
    assert (reload(gil).difficulty_rank, reload(gil).state) == (3, State.PUBLISHED)

    revision = delete(publisher_admin, gil)
    assert publisher_admin.recover(revision).status_code == 302
    assert Question.objects.get(pk=gil.pk).difficulty == "advanced"


# --- Dates and pending changes across unpublishing -----------------------------------


def test_publishing_an_already_live_question_again_keeps_its_date(publisher_admin, gil, live):
    """Regression: the publish action reset the date, making an old question "new" in the feed."""
    published_at = reload(gil).publish_at

    assert publisher_admin.action("publish_selected", [gil], confirm="yes").status_code == 302

    assert reload(gil).publish_at == published_at


def test_edits_of_an_unpublished_question_replace_its_old_pending_changes(
    editor_admin, publisher_admin, gil
):
    """Regression: the stale pending version hid later draft edits and overwrote them."""
    saved(editor_admin.save(gil, answers={0: "Pending before unpublishing."}))
    assert publisher_admin.action("unpublish_selected", [gil], confirm="yes").status_code == 302
    # The form still offers the newest work: the pending version.
    assert editor_admin.form(gil)["answers-0-body"] == "Pending before unpublishing."

    saved(editor_admin.save(gil, answers={0: "Edited as a draft."}))

    assert reload(gil).pending_revision is None
    assert editor_admin.form(gil)["answers-0-body"] == "Edited as a draft."
    assert publisher_admin.action("publish_selected", [gil], confirm="yes").status_code == 302
    assert reload(gil).answers.first().body == "Edited as a draft."


def test_pending_changes_of_a_live_question_cannot_be_scheduled(
    editor_admin, publisher_admin, gil, live
):
    """Scheduling them would take the live version down until the date."""
    saved(editor_admin.save(gil, answers={0: "Pending, for next week."}))
    later = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")

    response = publisher_admin.approve(gil, publish_at=later)

    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "its changes are published now, not at a date" in shown
    assert_public(live, never_shown=["Pending, for next week."])
    gil.refresh_from_db()
    assert (gil.state, gil.publish_at <= timezone.now()) == (State.PENDING, True)


# --- Topics ---------------------------------------------------------------------------


def topic_form(admin, topic, **changes):
    response = admin.client.get(f"/admin/questions/topic/{topic.pk}/change/")
    assert response.status_code == 200
    values = form_values(response)
    values.update(changes, _save="Save")
    return values


def test_an_editors_edit_of_a_visible_topic_waits_for_a_publisher(
    editor_admin, publisher_admin, concurrency, gil, live
):
    url = f"/admin/questions/topic/{concurrency.pk}/change/"
    values = topic_form(editor_admin, concurrency, description="Pending: the GIL explained.")

    saved(editor_admin.client.post(url, values))

    topic = Topic.objects.get(pk=concurrency.pk)
    assert topic.description == "Threads, processes and asyncio."
    pending = topic.pending_revision
    assert (pending.action, pending.user, pending.kind) == (
        Action.PENDING,
        editor_admin.user,
        "topic",
    )
    assert pending.data["description"] == "Pending: the GIL explained."
    assert_public(live, never_shown=["Pending: the GIL explained."])
    page = editor_admin.client.get(url)
    assert "Changes waiting for review since" in page.content.decode()
    assert form_values(page)["description"] == "Pending: the GIL explained."

    assert (
        editor_admin.client.post(f"/admin/questions/topic/{topic.pk}/approve/").status_code == 403
    )
    response = publisher_admin.client.post(f"/admin/questions/topic/{topic.pk}/approve/")

    assert response.status_code == 302
    topic = Topic.objects.get(pk=concurrency.pk)
    assert (topic.description, topic.pending_revision) == ("Pending: the GIL explained.", None)
    live.topics["concurrency"] = "Pending: the GIL explained."
    assert_public(live)
    assert Revision.objects.of(topic).first().action == Action.APPROVED


def test_an_editors_edit_of_a_topic_readers_cannot_see_is_saved_at_once(editor_admin, live):
    hidden = factories.make_topic("Hidden", slug="hidden", description="Old.")
    factories.make_draft(topic=hidden)
    url = f"/admin/questions/topic/{hidden.pk}/change/"

    saved(editor_admin.client.post(url, topic_form(editor_admin, hidden, description="New.")))

    hidden = Topic.objects.get(pk=hidden.pk)
    assert (hidden.description, hidden.pending_revision) == ("New.", None)
    assert Revision.objects.of(hidden).get().action == Action.SAVED
    live.topics["hidden"] = "New."
    assert_public(live, never_shown=["New."])


def test_an_editors_edit_of_a_topic_with_only_a_scheduled_question_waits(editor_admin, live):
    """Readers will see the topic once the question goes live, without anyone acting."""
    soon = factories.make_topic("Soon", slug="soon", description="Old.")
    factories.make_question(topic=soon, publish_at=timezone.now() + timedelta(days=1))
    url = f"/admin/questions/topic/{soon.pk}/change/"

    saved(editor_admin.client.post(url, topic_form(editor_admin, soon, description="New.")))

    soon = Topic.objects.get(pk=soon.pk)
    assert (soon.description, soon.pending_revision.data["description"]) == ("Old.", "New.")


@pytest.mark.parametrize("who", ["editor", "publisher"])
def test_the_history_of_a_topic(request, who, editor_admin, publisher_admin, concurrency, gil):
    url = f"/admin/questions/topic/{concurrency.pk}/change/"
    saved(editor_admin.client.post(url, topic_form(editor_admin, concurrency, position="3")))
    publisher_admin.client.post(f"/admin/questions/topic/{concurrency.pk}/approve/")
    admin = request.getfixturevalue(f"{who}_admin")

    response = admin.client.get(f"/admin/questions/topic/{concurrency.pk}/revisions/")

    assert response.status_code == 200
    rows = find_all(find(parse(response), "table", attrs={"id": "revision-list"}), "tr")[1:]
    assert [text(row).split(" ", 2)[2] for row in rows] == [
        "publisher Changes approved",
        "editor Saved as pending changes",
    ]
    # The admin's own history link leads here.
    history = admin.client.get(f"/admin/questions/topic/{concurrency.pk}/history/")
    assert history["Location"] == f"/admin/questions/topic/{concurrency.pk}/revisions/"


# --- Cost -----------------------------------------------------------------------------


def with_revisions(count, topic, users):
    question = factories.make_question(topic=topic)
    for number in range(count):
        services.record(question, action=Action.SAVED, user=users[number % len(users)])
    return question


def test_the_history_page_reads_revisions_in_a_constant_number_of_queries(
    publisher_admin, django_assert_num_queries, concurrency
):
    users = [factories.make_editor(f"e{n}") for n in range(5)] + [publisher_admin.user]
    few, many = with_revisions(3, concurrency, users), with_revisions(30, concurrency, users)
    publisher_admin.client.get(history_url(few))  # the session and permissions, once

    with CaptureQueriesContext(connection) as measured:
        response = publisher_admin.client.get(history_url(few))
    assert len(response.context["revisions"]) == 3

    with django_assert_num_queries(len(measured)):
        response = publisher_admin.client.get(history_url(many))
    assert len(response.context["revisions"]) == 30
    # Session, user, groups' permissions, the question, the revisions with their authors.
    assert len(measured) <= 8


def test_saving_a_question_with_ten_answers_takes_a_bounded_number_of_queries(
    publisher_admin, django_assert_max_num_queries, concurrency
):
    question = factories.make_draft(
        "Ten answers?", topic=concurrency, answers=[f"Answer {n}." for n in range(10)]
    )
    values = publisher_admin.form(question)
    for index in range(10):
        values[f"answers-{index}-body"] = f"Answer {index}, revised."
    values["_save"] = "Save"

    # Measured: 71 queries. Each changed answer is one UPDATE, and the form's id
    # fields one SELECT each (Django's inline formsets); the search text is indexed
    # once for the whole question; the rest is fixed.
    with django_assert_max_num_queries(75):
        saved(publisher_admin.client.post(change_url(question), values))

    assert [body for _, _, body in answers_of(question)] == [
        f"Answer {n}, revised." for n in range(10)
    ]


def test_an_editors_pending_save_of_ten_answers_writes_no_answer(editor_admin, concurrency):
    question = factories.make_question(
        "Ten live answers?", topic=concurrency, answers=[f"Answer {n}." for n in range(10)]
    )
    values = editor_admin.form(question)
    for index in range(10):
        values[f"answers-{index}-body"] = f"Answer {index}, revised."
    values["_save"] = "Save"

    with CaptureQueriesContext(connection) as queries:
        saved(editor_admin.client.post(change_url(question), values))

    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert not [sql for sql in writes if "questions_answer" in sql]
    assert reload(question).state == State.PENDING
    # Measured: 34 on SQLite and PostgreSQL, 10 of them the formset's id lookups.
    assert len(queries) <= 40


# --- Review states at the edges -------------------------------------------------------


def test_a_live_question_without_pending_changes_cannot_be_submitted(editor_admin, gil, live):
    response = editor_admin.submit(gil, note="Nothing changed.")

    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "Nothing to review" in shown
    assert (reload(gil).state, Question.objects.awaiting_review().count()) == (State.PUBLISHED, 0)


def test_unpublishing_with_pending_changes_keeps_them_as_the_draft_in_review(
    editor_admin, publisher_admin, gil, live
):
    saved(editor_admin.save(gil, title="Is the GIL gone in 3.13?"))

    publisher_admin.action("unpublish_selected", [gil], confirm="yes")

    question = reload(gil)
    assert (question.state, question.title, question.pending_revision) == (
        State.IN_REVIEW,
        "Is the GIL gone in 3.13?",
        None,
    )
    assert list(Question.objects.awaiting_review()) == [question]
    del live.questions["gil"]
    assert_public(live, hidden_slugs=["gil"], never_shown=["Is the GIL gone"])
    # The live version it replaced is one step back in the history.
    assert Revision.objects.of(question).filter(data__title=gil.title).exists()


def test_the_review_box_offers_what_each_state_allows(editor_admin, publisher_admin, gil):
    saved(editor_admin.save(gil, title="Is the GIL gone in 3.13?"))

    publisher_page = parse(publisher_admin.client.get(change_url(gil)))
    # Live: its changes go out now, so no date to schedule them at.
    assert find_all(publisher_page, "input", attrs={"name": "publish_at"}) == []
    assert "its changes go live as soon as you publish them" in text(publisher_page)

    publisher_admin.request_changes(gil)
    editor_page = parse(editor_admin.client.get(change_url(gil)))
    find(editor_page, "input", attrs={"value": "Submit for review"})
    editor_admin.submit(gil, note="Fixed.")
    assert reload(gil).review_state == "in_review"
