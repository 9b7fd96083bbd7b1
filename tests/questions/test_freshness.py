"""Content that ages: when questions fall due for review, and what candidates are told."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from questions.freshness import due_for_review, due_q, mark_reviewed
from questions.freshness_admin import FrameworkVersionAdmin, FrameworkVersionInline
from questions.models import Framework, FrameworkVersion, Question
from tests.factories import bulk_make_questions, make_draft, make_framework, make_question
from tests.pages import find, find_all, parse, text

NOW = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)


def due(now=NOW):
    return set(due_for_review(Question.objects.all(), now=now))


def not_due(now=NOW):
    return set(Question.objects.exclude(due_q(now=now)))


def version(framework, number):
    return FrameworkVersion.objects.create(framework=framework, version=number)


def reviewed(question, at, *versions):
    question.last_reviewed_at = at
    question.save(update_fields=["last_reviewed_at"])
    question.checked_versions.add(*versions)
    return question


# Due for review


def test_a_published_question_never_reviewed_is_due(topic):
    question = make_question(topic=topic)

    assert due() == {question}


def test_drafts_are_never_due_their_publication_is_their_review(topic):
    make_draft(topic=topic)

    assert due() == set()


@pytest.mark.parametrize(
    ("last_review", "is_due"),
    [
        (datetime(2025, 4, 1, tzinfo=UTC), False),
        (datetime(2025, 3, 15, 10, 1, tzinfo=UTC), False),  # a minute short of twelve months
        (datetime(2025, 3, 15, 10, 0, tzinfo=UTC), True),  # twelve months to the minute
        (datetime(2025, 3, 14, 23, 0, tzinfo=UTC), True),
        (datetime(2024, 12, 31, tzinfo=UTC), True),
    ],
)
def test_a_question_is_due_twelve_calendar_months_after_its_last_review(topic, last_review, is_due):
    question = reviewed(make_question(topic=topic), last_review)

    assert (question in due()) is is_due
    assert (question in not_due()) is not is_due


def test_each_topic_sets_its_own_interval(topic):
    topic.review_interval_months = 6
    topic.save()
    seven_months_ago = datetime(2025, 8, 10, tzinfo=UTC)
    often = reviewed(make_question(topic=topic), seven_months_ago)
    yearly = reviewed(make_question(), seven_months_ago)

    assert due() == {often}
    assert not_due() == {yearly}


def test_a_review_at_the_end_of_a_long_month_is_due_at_the_end_of_a_short_one(topic):
    topic.review_interval_months = 1
    topic.save()
    question = reviewed(make_question(topic=topic), datetime(2026, 1, 31, 9, 0, tzinfo=UTC))

    assert question not in due(datetime(2026, 2, 27, 9, 0, tzinfo=UTC))
    assert question not in due(datetime(2026, 2, 28, 8, 59, tzinfo=UTC))
    assert question in due(datetime(2026, 2, 28, 9, 0, tzinfo=UTC))


def test_a_newer_framework_version_makes_questions_checked_against_an_older_one_due(
    topic, django_framework
):
    five_two = version(django_framework, "5.2")
    question = reviewed(make_question(topic=topic, framework=django_framework), NOW, five_two)
    assert question not in due()

    version(django_framework, "6.0")

    assert question in due()


def test_versions_compare_as_numbers_not_as_text(topic, django_framework):
    ten = version(django_framework, "5.10")
    question = reviewed(make_question(topic=topic, framework=django_framework), NOW, ten)

    version(django_framework, "5.9")

    assert question not in due()


def test_checked_against_the_newest_version_is_not_due(topic, django_framework):
    versions = [version(django_framework, number) for number in ("4.2", "5.2", "6.0")]
    question = reviewed(make_question(topic=topic, framework=django_framework), NOW, versions[-1])
    older = reviewed(make_question(topic=topic, framework=django_framework), NOW, versions[0])

    assert not_due() == {question}
    assert due() == {older}


def test_without_a_checked_version_of_its_framework_a_question_is_due_once_one_exists(
    topic, django_framework
):
    python = make_framework("python", name="Python")
    question = reviewed(
        make_question(topic=topic, framework=django_framework), NOW, version(python, "3.13")
    )
    assert question not in due(), "no Django version exists yet"

    version(django_framework, "5.2")

    assert question in due(), "Python 3.13 says nothing about Django"


def test_another_frameworks_new_version_changes_nothing(topic, django_framework, flask_framework):
    question = reviewed(
        make_question(topic=topic, framework=django_framework),
        NOW,
        version(django_framework, "5.2"),
    )

    version(flask_framework, "3.1")

    assert question not in due()


def test_due_for_review_takes_one_query_whatever_the_bank(
    topic, django_framework, flask_framework, django_assert_num_queries
):
    frameworks = [django_framework, flask_framework]
    for framework in frameworks:
        version(framework, "1.0")
    bulk_make_questions(5, topics=[topic], frameworks=frameworks)
    with django_assert_num_queries(1):
        assert len(list(due_for_review(Question.objects.all()))) == 5

    questions = bulk_make_questions(200, topics=[topic], frameworks=frameworks)
    mark_reviewed(questions=questions[:100], user=None, against_newest=True)

    with django_assert_num_queries(1):
        assert len(list(due_for_review(Question.objects.all()))) == 105
    with django_assert_num_queries(1):
        assert due_for_review(Question.objects.all()).count() == 105


# Marking reviewed


def test_mark_reviewed_records_who_and_when(topic, publisher):
    question = make_question(topic=topic)

    count = mark_reviewed(
        questions=Question.objects.filter(pk=question.pk), user=publisher, now=NOW
    )

    question.refresh_from_db()
    assert count == 1
    assert (question.last_reviewed_at, question.last_reviewed_by) == (NOW, publisher)
    assert question not in due(NOW + timedelta(days=1))


def test_mark_reviewed_updates_the_instances_it_is_given(topic, publisher):
    question = make_question(topic=topic)

    mark_reviewed(questions=[question], user=publisher, now=NOW)

    assert (question.last_reviewed_at, question.last_reviewed_by) == (NOW, publisher)


def test_marking_reviewed_against_the_newest_version_clears_a_new_version_due(
    topic, django_framework, publisher
):
    five_two = version(django_framework, "5.2")
    question = reviewed(make_question(topic=topic, framework=django_framework), NOW, five_two)
    six = version(django_framework, "6.0")

    mark_reviewed(questions=[question], user=publisher, now=NOW)
    assert question in due(), "still checked against 5.2 only"

    mark_reviewed(questions=[question], user=publisher, now=NOW, against_newest=True)
    assert question not in due()
    assert set(question.checked_versions.all()) == {five_two, six}


def test_mark_reviewed_takes_the_same_queries_for_many_questions(
    topic, django_framework, flask_framework, publisher, django_assert_max_num_queries
):
    frameworks = [django_framework, flask_framework]
    for framework in frameworks:
        version(framework, "1.0")
    few = bulk_make_questions(2, topics=[topic], frameworks=frameworks)
    many = bulk_make_questions(100, topics=[topic], frameworks=frameworks)
    mark_reviewed(questions=few, user=publisher, against_newest=True)

    with django_assert_max_num_queries(6):
        mark_reviewed(questions=many, user=publisher, against_newest=True)
    assert due_for_review(Question.objects.filter(pk__in=[q.pk for q in many])).count() == 0


# The admin


def test_the_question_list_filters_by_due_for_review(client, publisher, topic):
    due_question = make_question("Due?", topic=topic)
    fresh = reviewed(make_question("Fresh?", topic=topic), datetime.now(UTC))
    client.force_login(publisher)

    listed = {
        value: set(
            client.get("/admin/questions/question/", {"due": value}).context["cl"].result_list
        )
        for value in ("yes", "no")
    }

    assert listed == {"yes": {due_question}, "no": {fresh}}


def test_framework_versions_admin_is_valid_and_editors_may_add_versions(editor):
    request = RequestFactory().get("/")
    request.user = editor
    version_admin = FrameworkVersionAdmin(FrameworkVersion, admin.site)
    inline = FrameworkVersionInline(Framework, admin.site)

    assert version_admin.check() == []
    assert inline.check() == []
    assert version_admin.has_add_permission(request)
    assert version_admin.has_change_permission(request)
    assert not version_admin.has_delete_permission(request)


# The question page


def question_page(client, question):
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    return parse(response)


def test_the_question_page_says_what_the_answers_were_checked_against_and_when(
    client, topic, django_framework
):
    question = reviewed(
        make_question(topic=topic, framework=django_framework),
        datetime(2026, 3, 2, tzinfo=UTC),
        version(django_framework, "5.2"),
    )

    trust = find(question_page(client, question), "p", css_class="question-trust")

    assert text(trust) == "Checked against Django 5.2 · reviewed March 2026"


def test_the_question_page_shows_what_is_known_of_it(client, topic, django_framework):
    only_reviewed = reviewed(make_question(topic=topic), datetime(2025, 11, 20, tzinfo=UTC))
    only_checked = reviewed(
        make_question(topic=topic, framework=django_framework),
        None,
        version(django_framework, "5.2"),
    )

    assert [
        text(p)
        for p in find_all(question_page(client, only_reviewed), "p", css_class="question-trust")
    ] == ["Reviewed November 2025"]
    assert [
        text(p)
        for p in find_all(question_page(client, only_checked), "p", css_class="question-trust")
    ] == ["Checked against Django 5.2"]


def test_the_question_page_says_nothing_when_nothing_is_known(client, topic):
    question = make_question(topic=topic)

    assert find_all(question_page(client, question), "p", css_class="question-trust") == []


def test_the_trust_line_costs_the_same_queries_for_any_number_of_versions(
    client, topic, django_framework, flask_framework, django_assert_num_queries
):
    python = make_framework("python", name="Python")
    question = reviewed(
        make_question(topic=topic, framework=django_framework),
        NOW,
        version(django_framework, "5.2"),
    )
    client.get(question.get_absolute_url())  # warm up per-process caches
    with CaptureQueriesContext(connection) as one_version:
        client.get(question.get_absolute_url())
    question.checked_versions.add(
        version(django_framework, "6.0"), version(python, "3.13"), version(flask_framework, "3.1")
    )

    with django_assert_num_queries(len(one_version)):
        response = client.get(question.get_absolute_url())
    assert "Python 3.13" in text(find(parse(response), "p", css_class="question-trust"))


def test_marking_reviewed_refreshes_cached_pages(
    client, settings, topic, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    question = make_question(topic=topic)
    assert find_all(question_page(client, question), "p", css_class="question-trust") == []

    with django_capture_on_commit_callbacks(execute=True):
        mark_reviewed(questions=[question], user=None, now=datetime(2026, 3, 2, tzinfo=UTC))

    trust = find(question_page(client, question), "p", css_class="question-trust")
    assert text(trust) == "Reviewed March 2026"
    cache.clear()
