"""Export the whole bank as plain data in a stable order, and as JSON text."""

import json
from datetime import UTC, datetime

from django.db.models import Prefetch

from questions.models import Answer, Framework, Question, Topic

FORMAT = "pyinterview-bank"
VERSION = 1


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
