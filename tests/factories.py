"""Small factories for the tests: real model instances, saved through the ORM."""

import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import User
from accounts.roles import EDITORS, GROUP_PERMISSIONS, PUBLISHERS, READERS
from questions.markdown import render_markdown
from questions.models import (
    DIFFICULTY_RANK,
    Answer,
    Difficulty,
    Framework,
    Question,
    Status,
    Topic,
)
from questions.search.models import SearchDocument

_sequence = itertools.count(1)


def make_roles():
    """The groups of the role matrix, as the data migration makes them.

    A transactional test (a live server, a real file lock) starts from tables that
    an earlier one emptied, groups included.
    """
    for name, by_app in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def make_user(username=None, *, group=None, is_staff=None, is_superuser=False, password="pw"):
    username = username or f"user{next(_sequence)}"
    if is_staff is None:
        is_staff = group in (EDITORS, PUBLISHERS)
    user = User.objects.create_user(
        username=username,
        password=password,
        email=f"{username}@example.com",
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_reader(username=None):
    return make_user(username, group=READERS)


def make_editor(username=None):
    return make_user(username, group=EDITORS)


def make_publisher(username=None):
    return make_user(username, group=PUBLISHERS)


def make_topic(name=None, **fields):
    number = next(_sequence)
    name = name or f"Topic {number}"
    fields.setdefault("slug", f"topic-{number}")
    return Topic.objects.create(name=name, **fields)


def make_framework(slug=None, **fields):
    number = next(_sequence)
    slug = slug or f"framework-{number}"
    fields.setdefault("name", slug.title())
    return Framework.objects.get_or_create(slug=slug, defaults=fields)[0]


def make_question(
    title=None,
    *,
    topic=None,
    framework=None,
    difficulty=Difficulty.BEGINNER,
    status=Status.PUBLISHED,
    publish_at=None,
    answers=("An answer.",),
    **fields,
):
    number = next(_sequence)
    question = Question.objects.create(
        title=title or f"Question {number}?",
        slug=fields.pop("slug", f"question-{number}"),
        topic=topic or make_topic(),
        framework=framework or make_framework("django"),
        difficulty=difficulty,
        status=status,
        publish_at=publish_at,
        **fields,
    )
    for position, body in enumerate(answers, start=1):
        Answer.objects.create(question=question, body=body, position=position)
    return question


def make_draft(title=None, **kwargs):
    return make_question(title, status=Status.DRAFT, **kwargs)


def make_scheduled(title=None, **kwargs):
    return make_question(
        title, status=Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=3), **kwargs
    )


def bulk_make_questions(count, *, topics, frameworks, status=Status.PUBLISHED, answers=2):
    """Create `count` questions, each with `answers` answers, in a few INSERTs.

    `bulk_create` skips `save()`, so the columns it derives (difficulty rank,
    rendered HTML, publish date) are filled in here the same way.
    """
    levels = list(Difficulty)
    body = "Explain `this` with **care**."
    body_html = render_markdown(body)
    answer_body = "Because of *reasons*."
    answer_html = render_markdown(answer_body)
    publish_at = timezone.now() - timedelta(days=1) if status == Status.PUBLISHED else None
    questions = []
    for index in range(count):
        number = next(_sequence)
        level = levels[index % len(levels)]
        questions.append(
            Question(
                topic=topics[index % len(topics)],
                framework=frameworks[index % len(frameworks)],
                difficulty=level,
                difficulty_rank=DIFFICULTY_RANK[level],
                title=f"Bulk question {number}?",
                slug=f"bulk-question-{number}",
                body=body,
                body_html=body_html,
                status=status,
                publish_at=publish_at,
            )
        )
    questions = Question.objects.bulk_create(questions)
    Answer.objects.bulk_create(
        Answer(question=question, body=answer_body, body_html=answer_html, position=position)
        for question in questions
        for position in range(1, answers + 1)
    )
    SearchDocument.objects.bulk_create(
        SearchDocument.for_question(question, [Answer(body_html=answer_html)] * answers)
        for question in questions
    )
    return questions
