"""The question admin as editors and publishers use it, through real form posts.

Forms are posted back the way a browser would: the values the page rendered
(management forms and hidden fields included), with the changes a user makes.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from questions.models import Question, Status
from tests.factories import make_draft, make_question, make_scheduled, make_topic
from tests.pages import form_values

CHANGELIST = "/admin/questions/question/"
ADD = "/admin/questions/question/add/"


def change_url(question):
    return f"/admin/questions/question/{question.pk}/change/"


def delete_url(question):
    return f"/admin/questions/question/{question.pk}/delete/"


def as_user(client, user):
    client.force_login(user)
    return client


def offered_actions(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    form = response.context["action_form"]
    if form is None:  # the admin leaves the form out when no action is allowed
        return set()
    return {name for name, _ in form.fields["action"].choices if name}


def run_action(client, action, questions):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [q.pk for q in questions], "confirm": "yes"},
    )


def add_form(client, *, topic, framework, answers, **changes):
    """The add page's own form, filled in with a question and its answers."""
    values = form_values(client.get(ADD))
    values.update(
        topic=topic.pk,
        framework=framework.pk,
        difficulty="intermediate",
        title="What does select_related do?",
        slug="what-does-select-related-do",
        body="It follows **foreign keys** in one query.",
        _save="Save",
    )
    for index, body in enumerate(answers):
        values.update(
            {
                f"answers-{index}-body": body,
                f"answers-{index}-position": str(index + 1),
                f"answers-{index}-id": "",
                f"answers-{index}-question": "",
            }
        )
    values["answers-TOTAL_FORMS"] = str(len(answers))
    values.update(changes)
    return values


def test_editor_adds_a_question_with_inline_answers(client, editor, topic, django_framework):
    as_user(client, editor)
    data = add_form(
        client,
        topic=topic,
        framework=django_framework,
        answers=["A join, done by the database.", "```python\nBook.objects.select_related()\n```"],
    )
    assert data["answers-INITIAL_FORMS"] == "0"

    response = client.post(ADD, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    question = Question.objects.get(slug="what-does-select-related-do")
    assert question.author == editor
    assert question.status == Status.DRAFT
    assert question.publish_at is None
    assert not question.is_published()
    assert question.body_html == "<p>It follows <strong>foreign keys</strong> in one query.</p>"
    answers = list(question.answers.all())
    assert [answer.position for answer in answers] == [1, 2]
    assert all(answer.author == editor for answer in answers)
    assert '<div class="highlight">' in answers[1].body_html


def test_an_invalid_add_saves_nothing(client, editor, topic, django_framework):
    as_user(client, editor)
    data = add_form(client, topic=topic, framework=django_framework, answers=["An answer."])
    data["difficulty"] = "expert"

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Question.objects.exists()


def test_editor_cannot_add_a_published_question_with_a_forged_post(
    client, editor, topic, django_framework
):
    as_user(client, editor)
    data = add_form(
        client,
        topic=topic,
        framework=django_framework,
        answers=["Yes."],
        status="published",
        publish_at_0="2020-01-01",
        publish_at_1="10:00:00",
    )

    assert client.post(ADD, data).status_code == 302

    question = Question.objects.get()
    assert question.status == Status.DRAFT
    assert question.publish_at is None


def test_status_and_publish_date_are_read_only_for_editors(client, editor, publisher):
    question = make_draft()

    form = as_user(client, editor).get(change_url(question)).context["adminform"].form
    assert "status" not in form.fields
    assert "publish_at" not in form.fields
    assert "title" in form.fields

    form = as_user(client, publisher).get(change_url(question)).context["adminform"].form
    assert {"status", "publish_at"} <= set(form.fields)


def test_editor_cannot_publish_a_draft_with_a_forged_change_post(client, editor):
    question = make_draft("Old title?")
    as_user(client, editor)
    data = form_values(client.get(change_url(question)))
    data.update(
        title="New title?",
        status="published",
        publish_at_0="2020-01-01",
        publish_at_1="10:00:00",
        _save="Save",
    )

    response = client.post(change_url(question), data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "New title?"
    assert question.status == Status.DRAFT
    assert question.publish_at is None


def test_editor_edits_answers_of_an_existing_question(client, editor):
    question = make_draft(answers=["First.", "Second."])
    first = question.answers.first()
    as_user(client, editor)
    data = form_values(client.get(change_url(question)))
    assert data["answers-INITIAL_FORMS"] == "2"
    data.update({"answers-0-body": "First, *revised*.", "_save": "Save"})

    assert client.post(change_url(question), data).status_code == 302

    first.refresh_from_db()
    assert first.body_html == "<p>First, <em>revised</em>.</p>"
    assert first.author is None  # edited, not written, by the editor
    assert question.answers.count() == 2


def test_publisher_publishes_through_the_change_form(client, publisher):
    question = make_draft()
    as_user(client, publisher)
    data = form_values(client.get(change_url(question)))
    data.update(status="published", publish_at_0="", publish_at_1="", _save="Save")

    assert client.post(change_url(question), data).status_code == 302

    question.refresh_from_db()
    assert question.status == Status.PUBLISHED
    assert question.is_published()


def test_publisher_schedules_through_the_change_form(client, publisher):
    question = make_draft()
    later = timezone.localtime() + timedelta(days=7)
    as_user(client, publisher)
    data = form_values(client.get(change_url(question)))
    data.update(
        status="published",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
        _save="Save",
    )

    assert client.post(change_url(question), data).status_code == 302

    question.refresh_from_db()
    assert question.is_scheduled
    assert client.logout() is None
    assert client.get(question.get_absolute_url()).status_code == 404


def test_publish_actions_are_offered_to_publishers_only(client, editor, publisher):
    make_draft()
    assert offered_actions(as_user(client, editor)) == set()
    assert offered_actions(as_user(client, publisher)) == {
        "publish_selected",
        "unpublish_selected",
        "mark_reviewed_selected",
        "delete_selected",
    }


def test_publisher_publishes_and_unpublishes_with_the_actions(client, publisher):
    drafts = [make_draft(), make_draft()]
    future = timezone.now() + timedelta(days=3)
    scheduled = make_draft(publish_at=future)
    untouched = make_draft()
    as_user(client, publisher)

    response = run_action(client, "publish_selected", [*drafts, scheduled])

    assert response.status_code == 302
    for question in [*drafts, scheduled, untouched]:
        question.refresh_from_db()
    assert all(question.is_published() for question in drafts)
    assert scheduled.is_scheduled and scheduled.publish_at == future
    assert untouched.status == Status.DRAFT
    messages = [str(m) for m in client.get(CHANGELIST).context["messages"]]
    assert "3 questions published." in messages

    run_action(client, "unpublish_selected", drafts)

    assert {q.status for q in Question.objects.filter(pk__in=[q.pk for q in drafts])} == {
        Status.DRAFT
    }


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "delete_selected"])
def test_editor_forging_an_action_changes_nothing(client, editor, action):
    draft = make_draft()
    published = make_question()
    as_user(client, editor)

    response = run_action(client, action, [draft, published])

    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert published.is_published()


def test_editor_cannot_delete_a_question(client, editor):
    question = make_draft()
    as_user(client, editor)

    assert client.get(delete_url(question)).status_code == 403
    assert client.post(delete_url(question), {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    assert b"deletelink" not in client.get(change_url(question)).content


def test_publisher_deletes_a_question(client, publisher):
    question = make_draft()
    as_user(client, publisher)

    assert client.get(delete_url(question)).status_code == 200
    response = client.post(delete_url(question), {"post": "yes"})

    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


def test_changelist_links_to_the_site_view_or_preview(client, editor):
    draft = make_draft()
    published = make_question()
    scheduled = make_scheduled()
    content = as_user(client, editor).get(CHANGELIST).content.decode()

    assert f'<a href="{published.get_absolute_url()}">View</a>' in content
    assert f'<a href="{draft.get_absolute_url()}">Preview</a>' in content
    assert f'<a href="{scheduled.get_absolute_url()}">Preview</a>' in content


def test_changelist_filters_by_status_and_searches_titles(client, editor):
    draft = make_draft("Draft about caching?")
    make_question("Published about caching?")
    make_question("Something else?")
    as_user(client, editor)

    drafts = client.get(CHANGELIST, {"status__exact": "draft"}).context["cl"].result_list
    assert list(drafts) == [draft]
    found = client.get(CHANGELIST, {"q": "caching"}).context["cl"].result_list
    assert {q.title for q in found} == {"Draft about caching?", "Published about caching?"}


def test_topic_autocomplete_answers_editors(client, editor):
    topic = make_topic("Routing and URLs", slug="routing")
    make_topic("Security", slug="security")
    as_user(client, editor)

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "questions",
            "model_name": "question",
            "field_name": "topic",
            "term": "rout",
        },
    )

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(topic.pk)]


@pytest.mark.parametrize("query", ["topic=x", "framework=%00", "topic=1%00", "title=a%00b"])
def test_bad_prefill_values_on_the_add_form_are_dropped(client, editor, topic, query):
    as_user(client, editor)
    response = client.get(f"/admin/questions/question/add/?{query}")
    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()


def test_a_valid_prefill_still_selects_the_topic(client, editor, topic):
    as_user(client, editor)
    response = client.get(f"/admin/questions/question/add/?topic={topic.pk}")
    assert f'<option value="{topic.pk}" selected>{topic.name}</option>' in response.content.decode()
