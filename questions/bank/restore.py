"""Write a validated bank document into the database, all of it or nothing."""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Prefetch

from questions import services
from questions.models import Answer, Framework, Question, Topic
from questions.revisions.models import Action

from .export import _framework_data, _question_data, _topic_data
from .schema import BankError, _parse_date, validate_bank

_AS_DATA = {Framework: _framework_data, Topic: _topic_data}
_DATES = {"created_at", "updated_at"}


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


def restore_bank(data: dict, *, user=None) -> RestoreReport:
    """Write the document into the database, all of it or nothing; see the module docstring.

    `user` is who restores it, or None from the command line. Restoring can
    rewrite published questions, so it is for administrators only; every
    question and topic it writes gets a "restored" revision.
    """
    if user is not None and not user.is_superuser:
        raise PermissionDenied("Only administrators may restore the bank.")
    validate_bank(data)
    report = RestoreReport()
    with transaction.atomic():
        users = _restore_authors(data["authors"], report)
        frameworks = {
            item["slug"]: _restore_by_slug(Framework, item, report) for item in data["frameworks"]
        }
        topics = {item["slug"]: _restore_by_slug(Topic, item, report) for item in data["topics"]}
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
            question = _restore_question(item, question, topics, frameworks, users)
            services.record(question, action=Action.RESTORED, user=user)
    return report


def _restore_authors(usernames: list[str], report: RestoreReport) -> dict:
    User = get_user_model()
    users = {user.get_username(): user for user in User.objects.filter(username__in=usernames)}
    for username in usernames:
        if username not in users:
            users[username] = User.objects.create_user(username=username, is_active=False)
            report.created["authors"] += 1
    return users


def _restore_by_slug(model: type[models.Model], item: dict, report: RestoreReport):
    """The framework or topic with the item's slug, created or updated to match the item."""
    kind = model._meta.model_name
    row = model.objects.filter(slug=item["slug"]).first()
    _refuse_taken_name(model, item, kind)
    if row is not None and _AS_DATA[model](row) == item:
        report.unchanged[f"{kind}s"] += 1
        return row
    (report.updated if row else report.created)[f"{kind}s"] += 1
    row = row or model(slug=item["slug"])
    for name in item.keys() - {"slug", *_DATES}:
        setattr(row, name, item[name])
    row.save()
    if "created_at" in item:  # frameworks have no dates
        _set_dates(row, item)
    return row


def _restore_question(item, question, topics, frameworks, users) -> Question:
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
    return question


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
