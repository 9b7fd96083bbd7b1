"""Drafts and scheduled questions: invisible to readers everywhere, previewable by editors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from questions.models import Question
from tests.factories import make_draft, make_framework, make_question, make_scheduled, make_topic
from tests.pages import attr, filter_errors, find, find_all, listed_titles, parse, text


@pytest.fixture
def bank(django_framework):
    """A topic mixing published, draft and scheduled questions, and topics of drafts only.

    The hidden questions carry the word "secret" and sit between the published
    ones in list order, so a leaking list, count or link shows.
    """
    flask = make_framework("flask", name="Flask")
    mixed = make_topic("Mixed", slug="mixed", position=1)
    hidden_topic = make_topic("Hidden", slug="hidden", position=2)
    return {
        "first": make_question("Public first?", topic=mixed, framework=django_framework),
        "draft": make_draft("Secret draft?", topic=mixed, framework=flask),
        "scheduled": make_scheduled("Secret scheduled?", topic=mixed, framework=flask),
        "last": make_question("Public last?", topic=mixed, framework=django_framework),
        "hidden_draft": make_draft("Secret hidden draft?", topic=hidden_topic, framework=flask),
        "hidden_scheduled": make_scheduled(
            "Secret hidden scheduled?", topic=hidden_topic, difficulty="advanced"
        ),
    }


@pytest.fixture(params=["anonymous", "reader"])
def visitor(request, client):
    """A client for someone who must never see unpublished content."""
    if request.param == "reader":
        client.force_login(request.getfixturevalue("reader"))
    return client


@pytest.fixture(params=["editor", "publisher", "superuser"])
def previewer(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


PUBLIC = {"Public first?", "Public last?"}


def test_visitors_see_no_unpublished_question_on_the_home_page(visitor, bank):
    page = parse(visitor.get("/"))

    cards = find_all(page, "li", css_class="topic-card")
    assert [text(card) for card in cards] == [
        "Mixed 2 questions Beginner 2 Intermediate 0 Advanced 0"
    ]
    frameworks = find(page, "nav", attrs={"aria-label": "Frameworks"})
    assert [text(link) for link in find_all(frameworks, "a")] == ["Django"]
    assert "Secret" not in visitor.get("/").content.decode()


@pytest.mark.parametrize("url", ["/questions/", "/topics/mixed/"])
def test_visitors_see_only_published_questions_in_lists(visitor, bank, url):
    response = visitor.get(url)

    assert set(listed_titles(response)) == PUBLIC
    assert "2 questions" in text(find(parse(response), "p", css_class="results-count"))
    assert "Secret" not in response.content.decode()
    assert find_all(parse(response), css_class="badge-draft") == []


@pytest.mark.parametrize("url", ["/questions/", "/topics/mixed/"])
@pytest.mark.parametrize("query", ["q=secret", "difficulty=advanced", "q=secret&framework=flask"])
def test_visitors_find_no_unpublished_question_through_filters(visitor, bank, url, query):
    response = visitor.get(f"{url}?{query}")

    assert response.status_code == 200
    assert listed_titles(response) == []
    assert "Secret" not in response.content.decode()


def test_visitors_cannot_choose_a_framework_that_only_drafts_use(visitor, bank):
    response = visitor.get("/questions/?framework=flask")

    select = find(parse(response), "select", attrs={"name": "framework"})
    assert [attr(option, "value") for option in find_all(select, "option")] == ["", "django"]
    assert "Framework: Select a valid choice" in filter_errors(response)
    assert set(listed_titles(response)) == PUBLIC
    assert "Secret" not in response.content.decode()


def test_visitors_get_404_for_a_topic_of_unpublished_questions(visitor, bank):
    assert visitor.get("/topics/hidden/").status_code == 404


@pytest.mark.parametrize("name", ["draft", "scheduled", "hidden_draft", "hidden_scheduled"])
def test_visitors_get_404_not_403_for_an_unpublished_question(visitor, bank, name):
    response = visitor.get(bank[name].get_absolute_url())

    assert response.status_code == 404
    assert "Secret" not in response.content.decode()


def test_previous_and_next_links_skip_unpublished_questions_for_visitors(visitor, bank):
    first = visitor.get(bank["first"].get_absolute_url())
    last = visitor.get(bank["last"].get_absolute_url())

    assert attr(find(parse(first), "a", attrs={"rel": "next"}), "href") == (
        bank["last"].get_absolute_url()
    )
    assert attr(find(parse(last), "a", attrs={"rel": "prev"}), "href") == (
        bank["first"].get_absolute_url()
    )
    assert "Secret" not in first.content.decode() + last.content.decode()


@pytest.mark.parametrize("name", ["draft", "scheduled", "hidden_draft"])
def test_editors_preview_unpublished_questions_with_a_banner(previewer, bank, name):
    response = previewer.get(bank[name].get_absolute_url())

    assert response.status_code == 200
    banner = text(find(parse(response), css_class="alert-draft"))
    expected = "Scheduled." if name == "scheduled" else "Draft."
    assert banner.startswith(expected)


@pytest.mark.parametrize(
    "url", ["/", "/questions/", "/topics/mixed/", "/topics/hidden/", "/questions/{draft}/"]
)
def test_pages_editors_see_are_never_cached(previewer, bank, url):
    response = previewer.get(url.format(draft=bank["draft"].slug))

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    for directive in ["no-cache", "no-store", "private"]:
        assert directive in cache_control


def test_editors_see_unpublished_questions_in_lists_marked_as_such(previewer, bank):
    response = previewer.get("/topics/mixed/")

    assert set(listed_titles(response)) == {*PUBLIC, "Secret draft?", "Secret scheduled?"}
    badges = [text(badge) for badge in find_all(parse(response), css_class="badge-draft")]
    assert sorted(badges) == ["Draft", "Scheduled"]
    assert previewer.get("/topics/hidden/").status_code == 200
    assert "Secret draft?" in listed_titles(previewer.get("/questions/?framework=flask"))


def test_editors_see_no_banner_on_a_published_question(previewer, bank):
    response = previewer.get(bank["first"].get_absolute_url())
    assert find_all(parse(response), css_class="alert-draft") == []


def test_a_scheduled_question_appears_once_its_date_has_passed(visitor, bank):
    scheduled = bank["scheduled"]
    assert visitor.get(scheduled.get_absolute_url()).status_code == 404

    Question.objects.filter(pk=scheduled.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1)
    )

    assert visitor.get(scheduled.get_absolute_url()).status_code == 200
    assert "Secret scheduled?" in listed_titles(visitor.get("/topics/mixed/"))
    assert "Secret scheduled?" in listed_titles(visitor.get("/questions/?q=secret"))
    cards = find_all(parse(visitor.get("/")), "li", css_class="topic-card")
    assert text(cards[0]) == "Mixed 3 questions Beginner 3 Intermediate 0 Advanced 0"
    frameworks = find(parse(visitor.get("/")), "nav", attrs={"aria-label": "Frameworks"})
    assert [text(link) for link in find_all(frameworks, "a")] == ["Django", "Flask"]
