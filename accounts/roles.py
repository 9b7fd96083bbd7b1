"""The groups every database has, and what each may do.

Used by the data migration that creates the groups and by the tests that check
them, so the matrix lives in exactly one place.
"""

READERS = "Readers"
EDITORS = "Editors"
PUBLISHERS = "Publishers"

_EDITING = [
    f"{action}_{model}"
    for model in ("topic", "framework", "question", "answer")
    for action in ("view", "add", "change")
]
_DELETING = [f"delete_{model}" for model in ("topic", "framework", "question", "answer")]

# app label -> codenames. Nobody below the superuser touches users or groups:
# editing users is as good as being a superuser.
GROUP_PERMISSIONS = {
    READERS: {},
    EDITORS: {"questions": _EDITING},
    PUBLISHERS: {"questions": [*_EDITING, *_DELETING, "publish_question"]},
}
