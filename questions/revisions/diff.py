"""Compare two snapshots of a question or topic, field by field and answer by answer."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# Words and the white space after them: a diff at this grain reads like an edit.
_TOKENS = re.compile(r"\S+\s*|\s+")

LABELS = {
    "title": _("Question"),
    "slug": _("Slug"),
    "body": _("Details"),
    "topic": _("Topic"),
    "framework": _("Framework"),
    "difficulty": _("Difficulty"),
    "status": _("Status"),
    "publish_at": _("Publish date"),
    "checked_versions": _("Checked against"),
    "name": _("Name"),
    "description": _("Description"),
    "position": _("Position"),
    "review_interval_months": _("Review every (months)"),
}


@dataclass(frozen=True)
class Change:
    label: str
    kind: str  # "changed", "added" or "removed"
    old: SafeString
    new: SafeString


def inline_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts escaped, with what was removed in <del> and what was added in <ins>."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    before, after = [], []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = escape("".join(old_tokens[a1:a2])), escape("".join(new_tokens[b1:b2]))
        if op == "equal":
            before.append(removed)
            after.append(added)
            continue
        if removed:
            before.append(f"<del>{removed}</del>")
        if added:
            after.append(f"<ins>{added}</ins>")
    return mark_safe("".join(before)), mark_safe("".join(after))


def compare(old: dict, new: dict, names: dict | None = None) -> list[Change]:
    """What changed from `old` to `new`; `names` turns ids (topic, framework...) into text."""
    names = names or {}
    changes = []
    for key, label in LABELS.items():
        if key not in old and key not in new:
            continue
        before, after = _shown(key, old.get(key), names), _shown(key, new.get(key), names)
        if before != after:
            changes.append(Change(str(label), "changed", *inline_diff(before, after)))
    if "answers" in old or "answers" in new:
        changes += _compare_answers(old.get("answers", []), new.get("answers", []))
    return changes


def _compare_answers(old: list[dict], new: list[dict]) -> list[Change]:
    """Answers matched by id (an answer keeps its id when edited or moved).

    Answers not saved yet (pending changes add them) have no id: they match
    by their text.
    """
    changes = []
    old_by_key = {_key(answer): answer for answer in old}
    matched = set()
    for number, answer in enumerate(new, start=1):
        label = str(_("Answer %(number)s") % {"number": number})
        previous = old_by_key.get(_key(answer))
        if previous is None:
            changes.append(Change(label, "added", mark_safe(""), _ins(answer["body"])))
            continue
        matched.add(_key(previous))
        if previous["body"] != answer["body"]:
            changes.append(Change(label, "changed", *inline_diff(previous["body"], answer["body"])))
        old_number = old.index(previous) + 1
        if old_number != number:
            moved = str(_("moved from answer %(number)s") % {"number": old_number})
            changes.append(Change(label, "moved", mark_safe(escape(moved)), mark_safe("")))
    for number, answer in enumerate(old, start=1):
        if _key(answer) not in matched:
            label = str(_("Answer %(number)s") % {"number": number})
            changes.append(Change(label, "removed", _del(answer["body"]), mark_safe("")))
    return changes


def _key(answer: dict):
    return answer.get("id") or ("new", answer["body"])


def _shown(key, value, names) -> str:
    if value is None:
        return ""
    if key == "checked_versions":
        return ", ".join(sorted(names.get(("version", pk), str(pk)) for pk in value))
    if key in ("topic", "framework"):
        return names.get((key, value), str(value))
    return str(value)


def _ins(text):
    return mark_safe(f"<ins>{escape(text)}</ins>")


def _del(text):
    return mark_safe(f"<del>{escape(text)}</del>")
