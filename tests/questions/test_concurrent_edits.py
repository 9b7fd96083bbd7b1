"""Two editors open the same question in the admin; the second save must not undo the first."""

import pytest
from django.test import Client

from questions.forms import STALE_EDIT_MESSAGE, version_of
from questions.models import Question, Status
from tests import factories
from tests.pages import form_values


def open_change_form(client, question):
    response = client.get(change_url(question))
    assert response.status_code == 200
    return form_values(response)


def change_url(question):
    return f"/admin/questions/question/{question.pk}/change/"


def save(client, question, form):
    return client.post(change_url(question), form)


def editor_client(username):
    client = Client()
    client.force_login(factories.make_editor(username))
    return client


@pytest.fixture
def question(topic):
    return factories.make_draft("What is a QuerySet?", topic=topic, answers=["Lazy."])


@pytest.fixture
def alice():
    return editor_client("alice")


@pytest.fixture
def bob():
    return editor_client("bob")


def test_the_form_carries_the_version_it_was_opened_at(alice, question):
    form = open_change_form(alice, question)

    assert form["version"] == version_of(question.updated_at, None)
    assert form["title"] == "What is a QuerySet?"


def test_second_save_of_the_same_version_is_refused(alice, bob, question):
    alices_form = open_change_form(alice, question)
    bobs_form = open_change_form(bob, question)

    first = save(alice, question, {**alices_form, "title": "What is a lazy QuerySet?"})
    second = save(bob, question, {**bobs_form, "title": "What is a Manager?"})

    assert first.status_code == 302
    assert second.status_code == 200
    assert str(STALE_EDIT_MESSAGE) in second.content.decode()
    assert second.context["adminform"].form.errors.as_data()["__all__"][0].code == "stale"
    question.refresh_from_db()
    assert question.title == "What is a lazy QuerySet?"


def test_after_reloading_the_second_editor_can_save(alice, bob, question):
    bobs_stale_form = open_change_form(bob, question)
    save(alice, question, {**open_change_form(alice, question), "title": "Alice's title?"})
    assert save(bob, question, {**bobs_stale_form, "title": "Bob's title?"}).status_code == 200

    reloaded = open_change_form(bob, question)
    response = save(bob, question, {**reloaded, "title": "Bob's title?"})

    assert reloaded["title"] == "Alice's title?"
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Bob's title?"


def test_one_editor_saving_twice_in_a_row_is_not_refused(alice, question):
    save(alice, question, {**open_change_form(alice, question), "title": "First?"})

    response = save(alice, question, {**open_change_form(alice, question), "title": "Second?"})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Second?"


def test_an_answer_edited_meanwhile_is_not_overwritten(alice, bob, question):
    bobs_form = open_change_form(bob, question)
    alices_form = open_change_form(alice, question)
    save(alice, question, {**alices_form, "answers-0-body": "Lazy: nothing runs until iterated."})

    response = save(bob, question, {**bobs_form, "title": "Bob's title?"})

    assert response.status_code == 200
    assert str(STALE_EDIT_MESSAGE) in response.content.decode()
    assert question.answers.get().body == "Lazy: nothing runs until iterated."


def test_publishing_meanwhile_is_not_undone(client, alice, question):
    alices_form = open_change_form(alice, question)
    client.force_login(factories.make_publisher("pat"))
    client.post(
        "/admin/questions/question/",
        {"action": "publish_selected", "_selected_action": [question.pk], "confirm": "yes"},
    )
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED

    response = save(alice, question, {**alices_form, "title": "Alice's title?"})

    assert response.status_code == 200
    assert str(STALE_EDIT_MESSAGE) in response.content.decode()
    question.refresh_from_db()
    assert question.title == "What is a QuerySet?"


@pytest.mark.parametrize("version", [None, "", "yesterday", "2024-13-45T99:00:00+00:00"])
def test_a_missing_or_forged_version_is_refused(alice, question, version):
    form = open_change_form(alice, question)
    if version is None:
        del form["version"]
    else:
        form["version"] = version

    response = save(alice, question, {**form, "title": "Changed?"})

    assert response.status_code == 200
    assert str(STALE_EDIT_MESSAGE) in response.content.decode()
    assert Question.objects.get(pk=question.pk).title == "What is a QuerySet?"


def test_adding_a_question_needs_no_version(alice, topic, django_framework):
    response = alice.post(
        "/admin/questions/question/add/",
        {
            "topic": topic.pk,
            "framework": django_framework.pk,
            "difficulty": "beginner",
            "title": "What is middleware?",
            "slug": "what-is-middleware",
            "body": "",
            "version": "",
            "answers-TOTAL_FORMS": "0",
            "answers-INITIAL_FORMS": "0",
            "answers-MIN_NUM_FORMS": "0",
            "answers-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    assert Question.objects.filter(slug="what-is-middleware").exists()


def test_the_refusal_keeps_what_was_typed_and_shows_the_difference_answers_included(
    alice, bob, question
):
    bobs_form = open_change_form(bob, question)
    save(alice, question, {**open_change_form(alice, question), "title": "Alice's title?"})

    response = save(
        bob,
        question,
        {**bobs_form, "title": "Bob's title?", "answers-0-body": "Lazy until evaluated."},
    )

    assert response.status_code == 200
    typed = form_values(response)
    assert (typed["title"], typed["answers-0-body"]) == ("Bob's title?", "Lazy until evaluated.")
    changes = {change.label: change for change in response.context["stale_changes"]}
    assert set(changes) == {"Question", "Answer 1"}
    assert "<del>Alice&#x27;s" in changes["Question"].old
    assert "<ins>Bob&#x27;s" in changes["Question"].new
    assert (changes["Answer 1"].old, changes["Answer 1"].new) == (
        "<del>Lazy.</del>",
        "<ins>Lazy until evaluated.</ins>",
    )
    question.refresh_from_db()
    assert question.title == "Alice's title?"
    assert question.answers.get().body == "Lazy."
