"""Parse and validate a bank document before anything is written."""

import json
import re
from collections import Counter
from datetime import datetime

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from questions.models import Answer, Difficulty, Framework, Question, Status, Topic

from .export import FORMAT, VERSION


class BankError(ValueError):
    """The document cannot be restored; the message says why."""


_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_MAX_ERRORS = 10


def load_bank(raw: bytes | str) -> dict:
    """Parse an export file's JSON, or raise `BankError`; `restore_bank` validates it."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        data = json.loads(text)
    except UnicodeDecodeError:
        raise BankError("The file is not UTF-8 text, so it is not a bank export.") from None
    except json.JSONDecodeError as error:
        raise BankError(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    return data


def validate_bank(data) -> None:
    """Raise `BankError` listing what is wrong with the document, if anything."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BankError(f'The file is not a bank export (no "format": "{FORMAT}").')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BankError('The file has no valid "version" number.')
    if version > VERSION:
        raise BankError(
            f"The file is version {version} of the bank format, written by a newer release; "
            f"this one reads version {VERSION}. Upgrade the site, then restore."
        )
    errors: list[str] = []
    expected = {"format", "version", "authors", "frameworks", "topics", "questions"}
    _check_keys(data, expected, "the document", errors)
    authors = data.get("authors")
    if not isinstance(authors, list) or not all(_is_username(name) for name in authors):
        errors.append('"authors" must be a list of usernames.')
        authors = []
    frameworks = _check_items(data, "frameworks", _FRAMEWORK_FIELDS, errors)
    topics = _check_items(data, "topics", _TOPIC_FIELDS, errors)
    questions = _check_items(data, "questions", _QUESTION_FIELDS, errors)
    _check_unique(frameworks, "frameworks", ("slug", "name"), errors)
    _check_unique(topics, "topics", ("slug", "name"), errors)
    _check_unique(questions, "questions", ("slug",), errors)
    known = {
        "topic": {item["slug"] for item in topics},
        "framework": {item["slug"] for item in frameworks},
        "author": set(authors),
    }
    for index, question in enumerate(questions):
        where = f"questions[{index}] ({question['slug']})"
        for name, slugs in known.items():
            value = question[name]
            if value is not None and value not in slugs:
                listed = "authors" if name == "author" else f"{name}s"
                errors.append(f'{where}: {name} "{value}" is not in "{listed}".')
        if question["status"] == Status.PUBLISHED and question["publish_at"] is None:
            errors.append(f"{where}: a published question needs a publish_at date.")
        for position, answer in enumerate(question["answers"]):
            errors += _field_errors(answer, _ANSWER_FIELDS, f"{where}.answers[{position}]")
            if answer.get("author") is not None and answer.get("author") not in known["author"]:
                errors.append(f'{where}.answers[{position}]: author is not in "authors".')
    if errors:
        shown = "\n".join(f"- {error}" for error in errors[:_MAX_ERRORS])
        more = f"\n- and {len(errors) - _MAX_ERRORS} more" if len(errors) > _MAX_ERRORS else ""
        raise BankError(f"The file is not a valid bank export:\n{shown}{more}")


def _text(max_length=None, *, blank=False):
    def check(value):
        if not isinstance(value, str):
            return "must be text"
        if not blank and not value.strip():
            return "must not be empty"
        if max_length and len(value) > max_length:
            return f"must be at most {max_length} characters"
        return None

    return check


def _max_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def _slug(model: type[models.Model]):
    """A check for a slug that `model`'s slug field can hold."""
    max_length = _max_length(model, "slug")

    def check(value):
        if not isinstance(value, str) or not _SLUG.match(value) or len(value) > max_length:
            return f"must be a slug (letters, digits, - and _) of at most {max_length} characters"
        return None

    return check


def _position(model: type[models.Model]):
    """A check for a number that `model`'s position column holds on every database."""
    # The standard column ranges: SQLite would take any 64-bit number, PostgreSQL not.
    field_type = model._meta.get_field("position").get_internal_type()
    low, high = BaseDatabaseOperations.integer_field_ranges[field_type]

    def check(value):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


def _date_value(*, null=False):
    def check(value):
        if value is None and null:
            return None
        if _parse_date(value) is None:
            return "must be an ISO 8601 date and time with a time zone"
        return None

    return check


def _choice(values):
    def check(value):
        return None if value in values else f"must be one of {', '.join(values)}"

    return check


def _reference(value):
    return None if value is None or isinstance(value, str) else "must be text or null"


def _answers(value):
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return "must be a list of objects"
    return None


# The limits are the models' own, so a document that passes can be saved.
_FRAMEWORK_FIELDS = {
    "slug": _slug(Framework),
    "name": _text(_max_length(Framework, "name")),
    "position": _position(Framework),
}
_TOPIC_FIELDS = {
    "slug": _slug(Topic),
    "name": _text(_max_length(Topic, "name")),
    "position": _position(Topic),
    "description": _text(blank=True),
    "created_at": _date_value(),
    "updated_at": _date_value(),
}
_QUESTION_FIELDS = {
    "slug": _slug(Question),
    "topic": _slug(Topic),
    "framework": _slug(Framework),
    "difficulty": _choice(Difficulty.values),
    "title": _text(_max_length(Question, "title")),
    "body": _text(blank=True),
    "status": _choice(Status.values),
    "publish_at": _date_value(null=True),
    "author": _reference,
    "created_at": _date_value(),
    "updated_at": _date_value(),
    "answers": _answers,
}
_ANSWER_FIELDS = {
    "position": _position(Answer),
    "body": _text(),
    "author": _reference,
    "created_at": _date_value(),
    "updated_at": _date_value(),
}


def _check_keys(item: dict, expected: set, where: str, errors: list[str]) -> None:
    missing, unknown = expected - item.keys(), item.keys() - expected
    if missing:
        errors.append(f"{where}: missing {', '.join(sorted(missing))}.")
    if unknown:
        errors.append(f"{where}: unknown {', '.join(sorted(unknown))}.")


def _field_errors(item: dict, fields: dict, where: str) -> list[str]:
    errors: list[str] = []
    _check_keys(item, set(fields), where, errors)
    for name, check in fields.items():
        if name in item and (problem := check(item[name])):
            errors.append(f"{where}: {name} {problem}.")
    return errors


def _check_items(data: dict, key: str, fields: dict, errors: list[str]) -> list[dict]:
    """The items of `data[key]` that are well formed; the others become errors."""
    items = data.get(key)
    if not isinstance(items, list):
        errors.append(f'"{key}" must be a list.')
        return []
    valid = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(f"{key}[{index}] must be an object.")
            continue
        problems = _field_errors(item, fields, f"{key}[{index}]")
        errors += problems
        if not problems:
            valid.append(item)
    return valid


def _check_unique(items: list[dict], key: str, names: tuple[str, ...], errors: list[str]) -> None:
    for name in names:
        counts = Counter(item[name] for item in items)
        for value, count in counts.items():
            if count > 1:
                errors.append(f'{key}: {name} "{value}" appears {count} times.')


def _is_username(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 150


def _parse_date(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
