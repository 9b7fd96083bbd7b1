from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from questions.models import Question, Status, Topic
from tests.factories import make_draft, make_question, make_scheduled, make_topic


def test_published_queryset_and_is_published_agree():
    now = timezone.now()
    questions = [
        make_question(),
        make_draft(),
        make_scheduled(),
        make_question(publish_at=now - timedelta(seconds=1)),
        make_draft(publish_at=now - timedelta(days=1)),
    ]
    published = set(Question.objects.published().values_list("pk", flat=True))
    assert published == {q.pk for q in questions if q.is_published()}
    assert len(published) == 2


def test_publishing_without_a_date_sets_it_to_now():
    question = make_question(status=Status.PUBLISHED)
    assert question.publish_at is not None
    assert question.is_published()


def test_markdown_is_rendered_and_sanitised_on_save():
    question = make_question(body="Look: `x` <script>alert(1)</script>", answers=["**bold**"])
    assert question.body_html == "<p>Look: <code>x</code> </p>"
    assert question.answers.get().body_html == "<p><strong>bold</strong></p>"


def test_update_fields_keeps_rendered_html_in_step():
    question = make_question(body="old")
    question.body = "*new*"
    question.save(update_fields=["body"])
    question.refresh_from_db()
    assert question.body_html == "<p><em>new</em></p>"


def test_difficulty_rank_follows_difficulty():
    question = make_question(difficulty="advanced")
    assert question.difficulty_rank == 3


def test_database_refuses_a_published_question_without_date():
    question = make_question()
    with pytest.raises(IntegrityError):
        Question.objects.filter(pk=question.pk).update(publish_at=None)


def test_database_refuses_an_unknown_difficulty():
    question = make_question()
    with pytest.raises(IntegrityError):
        Question.objects.filter(pk=question.pk).update(difficulty="expert")


def test_topics_without_published_questions_are_hidden():
    shown = make_topic()
    hidden = make_topic()
    make_question(topic=shown)
    make_draft(topic=hidden)
    make_scheduled(topic=hidden)
    assert list(Topic.objects.visible()) == [shown]


def test_publish_keeps_a_future_date_and_unpublish_returns_to_draft():
    future = timezone.now() + timedelta(days=2)
    scheduled = make_draft(publish_at=future)
    plain = make_draft()
    Question.objects.filter(pk__in=[scheduled.pk, plain.pk]).publish()
    scheduled.refresh_from_db()
    plain.refresh_from_db()
    assert scheduled.status == plain.status == Status.PUBLISHED
    assert scheduled.publish_at == future and not scheduled.is_published()
    assert plain.is_published()
    Question.objects.filter(pk=plain.pk).unpublish()
    plain.refresh_from_db()
    assert plain.status == Status.DRAFT
