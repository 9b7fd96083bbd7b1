from datetime import timedelta
from django.utils import timezone
from questions import services
from questions.models import Status, State
from questions.revisions.models import Revision
from .conftest import saved, reload


def test_a_unpublish_pending_then_edit_then_publish(editor_admin, publisher_admin, gil):
    saved(editor_admin.save(gil, answers={0: "Stale pending."}))
    assert publisher_admin.action("unpublish_selected", [gil], confirm="yes").status_code == 302
    g = reload(gil); print("after unpublish", g.status, g.pending_revision_id, g.state)
    print("form shows", editor_admin.form(gil)["answers-0-body"])
    saved(editor_admin.save(gil, answers={0: "Latest draft edit."}))
    g = reload(gil); print("after edit", g.pending_revision_id, [a.body for a in g.answers.all()])
    print("form shows", editor_admin.form(gil)["answers-0-body"])
    assert publisher_admin.action("publish_selected", [gil], confirm="yes").status_code == 302
    g = reload(gil); print("after publish", [a.body for a in g.answers.all()])


def test_b_schedule_pending(editor_admin, publisher_admin, gil):
    saved(editor_admin.save(gil, answers={0: "Pending."}))
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    r = publisher_admin.approve(gil, publish_at=later)
    g = reload(gil); print("after scheduled approve", r.status_code, g.state, g.is_published(), g.publish_at)


def test_c_recover_author(editor_admin, publisher, draft):
    print("author", draft.author)
    draft.author = editor_admin.user; draft.save()
    services.delete_question(question=draft, user=publisher)
    rev = Revision.objects.deleted().get()
    q = services.recover(revision=rev, user=publisher)
    print("recovered author", q.author)


def test_y_republish(publisher_admin, gil):
    before = reload(gil).publish_at
    publisher_admin.action("publish_selected", [gil], confirm="yes")
    print("publish_at", before, reload(gil).publish_at)
