from .conftest import saved, reload
from .public import assert_public, live_from
from questions.models import State

def test_flow(editor_admin, publisher_admin, gil, draft, live):
    assert_public(live, hidden_slugs=["gather"], never_shown=["asyncio gather"], probes=["bytecode", "parallel"])
    saved(editor_admin.save(gil, answers={0: "Yes, the GIL makes Python fully parallel."}))
    assert reload(gil).state == State.PENDING
    assert_public(live, hidden_slugs=["gather"], never_shown=["fully parallel"], probes=["bytecode", "fully"])
    r = publisher_admin.approve(gil)
    assert r.status_code == 302
    live.add(live_from(gil))
    assert_public(live, probes=["bytecode", "fully"])
