"""Every committed write that changes a page shows at once; nothing else invalidates."""

import pytest
from django.core.management import call_command
from django.db import transaction

from questions.articles.importer import read_article
from questions.articles.service import import_articles
from questions.bank import export_bank, restore_bank
from questions.models import Question
from tests.factories import make_draft, make_question
from tests.pages import listed_titles
from tests.questions.pagecache.visits import fetch, warm
from tests.questions.test_concurrent_edits import open_change_form


def test_saving_a_question_shows_at_once(client, committed, question):
    warm(client, "/topics/routing/")

    with committed():
        question.title = "How does reverse() find a URL?"
        question.save()

    response = fetch(client, "/topics/routing/")
    assert response["X-Page-Cache"] == "miss"
    assert listed_titles(response) == ["How does reverse() find a URL?"]


def test_renaming_a_topic_shows_on_every_page(client, committed, question, topic):
    for url in ["/", "/topics/routing/", question.get_absolute_url()]:
        assert b"Routing and URLs" in warm(client, url).content

    with committed():
        topic.name = "URL routing"
        topic.save()

    for url in ["/", "/topics/routing/", question.get_absolute_url()]:
        response = fetch(client, url)
        assert response["X-Page-Cache"] == "miss"
        assert b"URL routing" in response.content
        assert b"Routing and URLs" not in response.content


def test_an_answer_edited_in_the_admin_shows_at_once(client, committed, publisher_client, question):
    url = question.get_absolute_url()
    assert b"With reverse()." in warm(client, url).content
    form = open_change_form(publisher_client, question)
    form["answers-0-body"] = "With `reverse()` and the names in the URLconf."

    with committed():
        saved = publisher_client.post(f"/admin/questions/question/{question.pk}/change/", form)

    assert saved.status_code == 302
    response = fetch(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert b"and the names in the URLconf." in response.content
    assert b"With reverse()." not in response.content


def test_a_question_deleted_in_the_admin_disappears_at_once(
    client, committed, publisher_client, question, topic
):
    other = make_question("What is a path converter?", topic=topic)
    warm(client, "/topics/routing/")
    warm(client, question.get_absolute_url())

    with committed():
        deleted = publisher_client.post(
            f"/admin/questions/question/{question.pk}/delete/", {"post": "yes"}
        )

    assert deleted.status_code == 302
    assert listed_titles(fetch(client, "/topics/routing/")) == [other.title]
    assert client.get(question.get_absolute_url()).status_code == 404


def admin_action(client, action, *questions):
    return client.post(
        "/admin/questions/question/",
        {"action": action, "_selected_action": [q.pk for q in questions], "confirm": "yes"},
    )


def test_publishing_from_the_admin_shows_at_once(
    client, committed, publisher_client, question, topic
):
    draft = make_draft("What does include() do?", topic=topic)
    warm(client, "/topics/routing/")
    warm(client, "/")

    with committed():
        assert admin_action(publisher_client, "publish_selected", draft).status_code == 302

    assert listed_titles(fetch(client, "/topics/routing/")) == [question.title, draft.title]
    assert fetch(client, draft.get_absolute_url())["X-Page-Cache"] == "miss"
    assert b"2 questions" in fetch(client, "/").content


def test_unpublishing_from_the_admin_hides_at_once(
    client, committed, publisher_client, question, topic
):
    other = make_question("What is a path converter?", topic=topic)
    warm(client, "/topics/routing/")
    warm(client, question.get_absolute_url())

    with committed():
        assert admin_action(publisher_client, "unpublish_selected", question).status_code == 302

    assert listed_titles(fetch(client, "/topics/routing/")) == [other.title]
    assert client.get(question.get_absolute_url()).status_code == 404


def test_queryset_publish_and_unpublish_invalidate_outside_the_admin(client, committed, topic):
    draft = make_draft("What does include() do?", topic=topic)
    make_question("Already public?", topic=topic)
    warm(client, "/topics/routing/")

    with committed():
        Question.objects.filter(pk=draft.pk).publish()
    assert draft.title in listed_titles(warm(client, "/topics/routing/"))

    with committed():
        Question.objects.filter(pk=draft.pk).unpublish()
    assert draft.title not in listed_titles(fetch(client, "/topics/routing/"))


def test_an_import_that_publishes_shows_at_once(client, committed, question):
    warm(client, "/topics/routing/")
    article = read_article(
        b"# Routing and URLs\n\n1. What is a path converter?\n\nIt turns a URL part into a value.\n"
    )

    with committed():
        import_articles(
            articles=[article], topic_name="Routing and URLs", framework="django", publish=True
        )

    response = fetch(client, "/topics/routing/")
    assert response["X-Page-Cache"] == "miss"
    assert listed_titles(response) == [question.title, "What is a path converter?"]


def test_a_bank_restore_shows_at_once(client, committed, question):
    url = question.get_absolute_url()
    warm(client, url)
    bank = export_bank()
    bank["questions"][0]["title"] = "How does reverse() build a URL?"
    bank["questions"][0]["answers"][0]["body"] = "From the pattern's name and arguments."

    with committed():
        restore_bank(bank)

    response = fetch(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert b"How does reverse() build a URL?" in response.content
    assert b"From the pattern" in response.content
    assert listed_titles(fetch(client, "/topics/routing/")) == ["How does reverse() build a URL?"]


def test_migrate_drops_pages_of_the_previous_release(client, committed, question):
    warm(client, "/topics/routing/")

    with committed():
        call_command("migrate", verbosity=0)

    assert fetch(client, "/topics/routing/")["X-Page-Cache"] == "miss"


def test_a_write_that_rolls_back_does_not_invalidate(client, committed, question):
    warm(client, "/topics/routing/")

    with committed() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        question.title = "Never committed?"
        question.save()
        raise RuntimeError

    assert callbacks == []
    response = fetch(client, "/topics/routing/")
    assert response["X-Page-Cache"] == "hit"
    assert listed_titles(response) == ["How does URL reversing work?"]
