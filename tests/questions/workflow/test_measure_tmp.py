from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests import factories
from .conftest import change_url, saved
from .test_revisions import with_revisions, history_url


def test_m(publisher_admin, editor_admin, concurrency):
    question = factories.make_draft("Ten answers?", topic=concurrency, answers=[f"Answer {n}." for n in range(10)])
    values = publisher_admin.form(question)
    for index in range(10):
        values[f"answers-{index}-body"] = f"Answer {index}, revised."
    values["_save"] = "Save"
    with CaptureQueriesContext(connection) as q:
        saved(publisher_admin.client.post(change_url(question), values))
    print("ten live", len(q))
    values = publisher_admin.form(question)
    values["_save"] = "Save"
    with CaptureQueriesContext(connection) as q:
        saved(publisher_admin.client.post(change_url(question), values))
    print("ten unchanged", len(q))
    question = factories.make_question("Ten live answers?", topic=concurrency, answers=[f"Answer {n}." for n in range(10)])
    values = editor_admin.form(question)
    for index in range(10):
        values[f"answers-{index}-body"] = f"Answer {index}, revised."
    values["_save"] = "Save"
    with CaptureQueriesContext(connection) as q:
        saved(editor_admin.client.post(change_url(question), values))
    print("ten pending", len(q))
    for s in q: print("   ", s["sql"][:150])
    users=[publisher_admin.user]
    few = with_revisions(3, concurrency, users)
    publisher_admin.client.get(history_url(few))
    with CaptureQueriesContext(connection) as q:
        publisher_admin.client.get(history_url(few))
    print("history", len(q))
    for s in q: print("   ", s["sql"][:150])
