"""A question (with its answers) or a topic as plain data, and back.

The shape of `Revision.data` for a question::

    {"title", "slug", "body", "topic": id, "framework": id, "difficulty",
     "status", "publish_at": ISO date or null, "checked_versions": [ids],
     "answers": [{"id": id or null, "position", "body"}]}

and for a topic ``{"name", "slug", "description", "position", "review_interval_months"}``.

Answers keep their ids, so applying an old snapshot updates the answers that
still exist, brings back (with their ids) the ones deleted since, and deletes the
ones added since.
"""

from django.utils.dateparse import parse_datetime

QUESTION_FIELDS = ("title", "slug", "body", "difficulty")
TOPIC_FIELDS = ("name", "slug", "description", "position", "review_interval_months")


def question_data(question, answers=None, checked_versions=None) -> dict:
    """The snapshot of `question`; `answers` and `checked_versions` default to the stored ones."""
    if answers is None:
        answers = question.answers.order_by("position", "pk")
    if checked_versions is None:
        checked_versions = question.checked_versions.values_list("pk", flat=True)
    return {
        **{name: getattr(question, name) for name in QUESTION_FIELDS},
        "topic": question.topic_id,
        "framework": question.framework_id,
        "status": question.status,
        "publish_at": question.publish_at.isoformat() if question.publish_at else None,
        "checked_versions": sorted(checked_versions),
        "answers": [
            {"id": answer.pk, "position": answer.position, "body": _text(answer.body)}
            for answer in sorted(answers, key=lambda answer: (answer.position, answer.pk or 0))
        ],
    }


def topic_data(topic) -> dict:
    return {name: getattr(topic, name) for name in TOPIC_FIELDS}


def load_question(question, data: dict) -> None:
    """Set `question`'s content fields from `data` in memory (status and dates untouched)."""
    for name in QUESTION_FIELDS:
        setattr(question, name, data[name])
    question.topic_id = data["topic"]
    question.framework_id = data["framework"]


def load_topic(topic, data: dict) -> None:
    for name in TOPIC_FIELDS:
        setattr(topic, name, data[name])


def publish_date(data: dict):
    return parse_datetime(data["publish_at"]) if data.get("publish_at") else None


def _text(body: str) -> str:
    # Text from the admin's textareas comes with Windows line endings.
    return body.replace("\r\n", "\n")
