"""Export the whole question bank as one versioned JSON document, and restore it.

The document (format "pyinterview-bank", version 1)::

    {
      "format": "pyinterview-bank",
      "version": 1,
      "authors": ["ada", ...],
      "frameworks": [{"slug", "name", "position"}, ...],
      "topics": [{"slug", "name", "position", "description", "created_at", "updated_at"}],
      "questions": [{"slug", "topic", "framework", "difficulty", "title", "body", "status",
                     "publish_at", "author", "created_at", "updated_at",
                     "answers": [{"position", "body", "author", "created_at", "updated_at"}]}]
    }

Topics, frameworks and questions are identified by slug, authors by username.
Dates are ISO 8601 in UTC with microseconds. Lists are sorted by slug (answers
by position, then age) and the JSON is written with fixed indentation, so
exporting, restoring into a fresh database and exporting again gives the same
bytes. Rendered HTML and search text are not exported: they are derived on save.

Restoring validates the whole document first and then writes in one
transaction, updating rows that share a slug and creating the others; rows the
document does not mention are left alone. An author missing from the database
is created as an inactive account without a password, so nobody can sign in as
them until an administrator says so. A malformed document, one of a newer
version, or one that contradicts the database (a topic name taken by another
slug) is refused with a `BankError` and changes nothing.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Prefetch

from .models import Answer, Difficulty, Framework, Question, Status, Topic

FORMAT = "pyinterview-bank"
VERSION = 1


class BankError(ValueError):
    """The document cannot be restored; the message says why."""


# --- Export -----------------------------------------------------------------


def export_bank() -> dict:
    """The whole bank as plain data, in a stable order."""
    questions = (
        Question.objects.select_related("topic", "framework", "author")
        .prefetch_related(
            Prefetch("answers", Answer.objects.select_related("author").order_by("position", "pk"))
        )
        .order_by("slug")
    )
    questions_data = [_question_data(question) for question in questions]
    authors = {
        username
        for question in questions_data
        for username in [question["author"], *(a["author"] for a in question["answers"])]
        if username is not None
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "authors": sorted(authors),
        "frameworks": [_framework_data(f) for f in Framework.objects.order_by("slug")],
        "topics": [_topic_data(topic) for topic in Topic.objects.order_by("slug")],
        "questions": questions_data,
    }


def dump_bank(data: dict) -> str:
    """The document as JSON text; the same data always gives the same text."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_bank_json() -> str:
    return dump_bank(export_bank())


def _framework_data(framework: Framework) -> dict:
    return {"slug": framework.slug, "name": framework.name, "position": framework.position}


def _topic_data(topic: Topic) -> dict:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "position": topic.position,
        "description": topic.description,
        "created_at": _date(topic.created_at),
        "updated_at": _date(topic.updated_at),
    }


def _question_data(question: Question) -> dict:
    return {
        "slug": question.slug,
        "topic": question.topic.slug,
        "framework": question.framework.slug,
        "difficulty": question.difficulty,
        "title": question.title,
        "body": question.body,
        "status": question.status,
        "publish_at": _date(question.publish_at),
        "author": _username(question.author),
        "created_at": _date(question.created_at),
        "updated_at": _date(question.updated_at),
        "answers": [_answer_data(answer) for answer in question.answers.all()],
    }


def _answer_data(answer: Answer) -> dict:
    return {
        "position": answer.position,
        "body": answer.body,
        "author": _username(answer.author),
        "created_at": _date(answer.created_at),
        "updated_at": _date(answer.updated_at),
    }


def _date(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


def _username(user) -> str | None:
    return None if user is None else user.get_username()


# --- Validation -------------------------------------------------------------

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


def _slug(max_length):
    def check(value):
        if not isinstance(value, str) or not _SLUG.match(value) or len(value) > max_length:
            return f"must be a slug (letters, digits, - and _) of at most {max_length} characters"
        return None

    return check


def _position(value):
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 32767:
        return "must be a whole number from 0 to 32767"
    return None


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


_FRAMEWORK_FIELDS = {"slug": _slug(80), "name": _text(80), "position": _position}
_TOPIC_FIELDS = {
    "slug": _slug(120),
    "name": _text(120),
    "position": _position,
    "description": _text(blank=True),
    "created_at": _date_value(),
    "updated_at": _date_value(),
}
_QUESTION_FIELDS = {
    "slug": _slug(200),
    "topic": _slug(120),
    "framework": _slug(80),
    "difficulty": _choice(Difficulty.values),
    "title": _text(300),
    "body": _text(blank=True),
    "status": _choice(Status.values),
    "publish_at": _date_value(null=True),
    "author": _reference,
    "created_at": _date_value(),
    "updated_at": _date_value(),
    "answers": _answers,
}
_ANSWER_FIELDS = {
    "position": _position,
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


# --- Restore ----------------------------------------------------------------


@dataclass
class RestoreReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> list[str]:
        lines = [
            f"{kind.capitalize()}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in ("frameworks", "topics", "questions")
        ]
        if self.created["authors"]:
            lines.append(
                f"{self.created['authors']} author account(s) created, inactive and without a "
                "password: an administrator can activate them."
            )
        return lines


def restore_bank(data: dict) -> RestoreReport:
    """Write the document into the database, all of it or nothing; see the module docstring."""
    validate_bank(data)
    report = RestoreReport()
    with transaction.atomic():
        users = _restore_authors(data["authors"], report)
        frameworks = {item["slug"]: _restore_framework(item, report) for item in data["frameworks"]}
        topics = {item["slug"]: _restore_topic(item, report) for item in data["topics"]}
        existing = {
            question.slug: question
            for question in Question.objects.filter(
                slug__in=[item["slug"] for item in data["questions"]]
            )
            .select_related("topic", "framework", "author")
            .prefetch_related(
                Prefetch(
                    "answers", Answer.objects.select_related("author").order_by("position", "pk")
                )
            )
        }
        for item in data["questions"]:
            question = existing.get(item["slug"])
            if question is not None and _question_data(question) == item:
                report.unchanged["questions"] += 1
                continue
            (report.updated if question else report.created)["questions"] += 1
            _restore_question(item, question, topics, frameworks, users)
    return report


def _restore_authors(usernames: list[str], report: RestoreReport) -> dict:
    User = get_user_model()
    users = {user.get_username(): user for user in User.objects.filter(username__in=usernames)}
    for username in usernames:
        if username not in users:
            users[username] = User.objects.create_user(username=username, is_active=False)
            report.created["authors"] += 1
    return users


def _restore_framework(item: dict, report: RestoreReport) -> Framework:
    framework = Framework.objects.filter(slug=item["slug"]).first()
    _refuse_taken_name(Framework, item, "framework")
    if framework is not None and _framework_data(framework) == item:
        report.unchanged["frameworks"] += 1
        return framework
    (report.updated if framework else report.created)["frameworks"] += 1
    framework = framework or Framework(slug=item["slug"])
    framework.name, framework.position = item["name"], item["position"]
    framework.save()
    return framework


def _restore_topic(item: dict, report: RestoreReport) -> Topic:
    topic = Topic.objects.filter(slug=item["slug"]).first()
    _refuse_taken_name(Topic, item, "topic")
    if topic is not None and _topic_data(topic) == item:
        report.unchanged["topics"] += 1
        return topic
    (report.updated if topic else report.created)["topics"] += 1
    topic = topic or Topic(slug=item["slug"])
    topic.name, topic.position = item["name"], item["position"]
    topic.description = item["description"]
    topic.save()
    _set_dates(topic, item)
    return topic


def _restore_question(item, question, topics, frameworks, users) -> None:
    if question is None:
        question = Question(slug=item["slug"])
    else:
        # Answers have no identity of their own: the document's list replaces the old one.
        question.answers.all().delete()
    question.topic = topics[item["topic"]]
    question.framework = frameworks[item["framework"]]
    question.difficulty = item["difficulty"]
    question.title = item["title"]
    question.body = item["body"]
    question.status = item["status"]
    question.publish_at = _parse_date(item["publish_at"])
    question.author = users.get(item["author"])
    question.save()
    for answer_item in item["answers"]:
        answer = Answer.objects.create(
            question=question,
            position=answer_item["position"],
            body=answer_item["body"],
            author=users.get(answer_item["author"]),
        )
        _set_dates(answer, answer_item)
    _set_dates(question, item)


def _refuse_taken_name(model: type[models.Model], item: dict, kind: str) -> None:
    other = model.objects.filter(name=item["name"]).exclude(slug=item["slug"]).first()
    if other is not None:
        raise BankError(
            f'The {kind} "{item["name"]}" has the slug "{item["slug"]}" in the file but '
            f'"{other.slug}" in the database. Rename or re-slug one of them, then restore.'
        )


def _set_dates(obj: models.Model, item: dict) -> None:
    # created_at and updated_at are set by save() itself; put the exported ones back.
    type(obj).objects.filter(pk=obj.pk).update(
        created_at=_parse_date(item["created_at"]), updated_at=_parse_date(item["updated_at"])
    )
