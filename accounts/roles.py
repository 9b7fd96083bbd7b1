"""The groups every database has, and what each may do.

Used by the tests that check them and mirrored by the data migrations that
create them (migrations keep their own copy, as they must not change later).
Group membership and staff status go together: see `accounts.signals`.
"""

READERS = "Readers"
EDITORS = "Editors"
PUBLISHERS = "Publishers"
STAFF_GROUPS = (EDITORS, PUBLISHERS)

_CONTENT = ("topic", "question", "answer", "frameworkversion")
_EDITING = [
    *(f"{action}_{model}" for model in _CONTENT for action in ("view", "add", "change")),
    # Editors add frameworks (FastAPI) but do not rename the live ones.
    "view_framework",
    "add_framework",
    # An answer deleted from a published question is a pending change like any other.
    "delete_answer",
    # Former slugs redirect readers: editors see them, publishers manage them.
    "view_questionalias",
]
_PUBLISHING = [
    *_EDITING,
    "change_framework",
    *(f"delete_{model}" for model in ("topic", "framework", "question", "frameworkversion")),
    "publish_question",
    *(f"{action}_questionalias" for action in ("add", "change", "delete")),
]

# app label -> codenames. Nobody below the superuser touches users or groups:
# editing users is as good as being a superuser.
GROUP_PERMISSIONS = {
    READERS: {},
    EDITORS: {
        "questions": _EDITING,
        "revisions": ["view_revision"],
        "reports": ["view_report", "change_report"],
    },
    PUBLISHERS: {
        "questions": _PUBLISHING,
        "revisions": ["view_revision"],
        "reports": ["view_report", "change_report", "delete_report"],
    },
}
