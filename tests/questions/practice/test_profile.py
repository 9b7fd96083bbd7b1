"""The reader's profile: their own marks on published questions, and where to go next."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.models import Question
from questions.practice.models import Bookmark, Note, Progress
from tests.factories import make_draft, make_question, make_reader
from tests.pages import attr, find, find_all, parse, text

PROFILE = "/accounts/profile/"


@pytest.fixture
def marked(reader, topic):
    """The reader's marks on published questions and on a draft; another reader's beside them."""
    first = make_question("First question?", topic=topic, slug="first")
    second = make_question("Second question?", topic=topic, slug="second")
    third = make_question("Third question?", topic=topic, slug="third")
    draft = make_draft("Draft question?", topic=topic)
    Progress.objects.create(user=reader, question=first, state="known")
    Progress.objects.create(user=reader, question=second, state="known")
    Progress.objects.create(user=reader, question=third, state="learning")
    Progress.objects.create(user=reader, question=draft, state="known")
    Bookmark.objects.create(user=reader, question=second)
    Bookmark.objects.create(user=reader, question=draft)
    Note.objects.create(user=reader, question=first, text="Mine: line one\nline two")
    Note.objects.create(user=reader, question=draft, text="Note on a draft.")
    other = make_reader("other")
    Progress.objects.create(user=other, question=third, state="known")
    Bookmark.objects.create(user=other, question=first)
    Note.objects.create(user=other, question=second, text="Someone else's note.")
    return {"first": first, "second": second, "third": third}


def test_the_profile_needs_a_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PROFILE}"


def test_the_profile_counts_lists_and_links_only_the_readers_published_marks(
    client, reader, marked
):
    client.force_login(reader)
    response = client.get(PROFILE)

    assert response.status_code == 200
    page = parse(response)
    counts = [text(item) for item in find_all(find(page, "ul", css_class="profile-counts"), "li")]
    assert counts == ["2 known", "1 learning", "1 bookmarked"]
    bookmarks = find(page, "section", attrs={"aria-labelledby": "bookmarks-title"})
    assert [text(link) for link in find_all(bookmarks, "a", css_class="question-link")] == [
        "Second question?"
    ]
    notes = find_all(page, "li", css_class="note-item")
    assert len(notes) == 1
    assert text(find(notes[0], "a")) == "First question?"
    assert attr(find(notes[0], "a"), "href") == "/questions/first/#note"
    assert text(find(notes[0], "p", css_class="note-text")) == "Mine: line one line two"
    content = response.content.decode()
    assert "Someone else" not in content
    assert "Draft question?" not in content
    assert "Note on a draft." not in content


def test_the_profile_links_to_the_password_change_and_filtered_lists(client, reader, marked):
    client.force_login(reader)
    links = {attr(link, "href") for link in find_all(parse(client.get(PROFILE)), "a")}
    assert {
        "/accounts/password/change/",
        "/questions/?progress=known",
        "/questions/?progress=learning",
        "/questions/?progress=bookmarked",
        "/practice/?progress=learning",
    } <= links


def test_bookmarks_are_removed_from_the_profile_in_one_click(client, reader, marked):
    client.force_login(reader)
    form = find(parse(client.get(PROFILE)), "li", css_class="question-item")
    form = find(form, "form")
    data = {
        attr(field, "name"): attr(field, "value")
        for field in find_all(form, "input")
        if attr(field, "name") != "csrfmiddlewaretoken"
    }
    response = client.post(attr(form, "action"), data)

    assert response["Location"] == PROFILE
    assert not Bookmark.objects.filter(user=reader, question=marked["second"]).exists()
    assert "No bookmarks yet." in text(parse(client.get(PROFILE)))


def test_an_empty_profile_says_how_to_fill_it(client, reader):
    client.force_login(reader)
    page = text(parse(client.get(PROFILE)))
    assert "No bookmarks yet." in page
    assert "No notes yet." in page
    assert "0 known" in page


def test_the_header_links_the_signed_in_reader_to_their_profile(client, reader):
    client.force_login(reader)
    link = find(parse(client.get("/")), "a", css_class="account-name")
    assert attr(link, "href") == PROFILE
    assert text(link) == "Your profile: reader"


def test_the_profile_runs_the_same_queries_for_few_and_many_marks(client, reader, topic):
    def mark(count):
        for _ in range(count):
            question = make_question(topic=topic)
            Bookmark.objects.create(user=reader, question=question)
            Note.objects.create(user=reader, question=question, text="N.")
            Progress.objects.create(user=reader, question=question, state="known")

    mark(2)
    client.force_login(reader)
    client.get(PROFILE)
    with CaptureQueriesContext(connection) as few:
        client.get(PROFILE)
    mark(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(PROFILE)
    assert "32 known" in text(parse(response))
    assert len(many) == len(few)


def test_profile_marks_never_include_unpublished_questions(client, reader, marked):
    Question.objects.filter(pk=marked["second"].pk).unpublish()
    client.force_login(reader)
    page = parse(client.get(PROFILE))
    counts = [text(item) for item in find_all(find(page, "ul", css_class="profile-counts"), "li")]
    assert counts == ["1 known", "1 learning", "0 bookmarked"]
    assert "No bookmarks yet." in text(page)


def test_practising_the_learning_questions_is_offered_only_when_there_are_some(
    client, reader, marked
):
    client.force_login(reader)
    assert "?progress=learning" in _practice_links(client)
    Progress.objects.filter(user=reader, state="learning").update(state="known")
    assert "?progress=learning" not in _practice_links(client)


def _practice_links(client):
    page = parse(client.get(PROFILE))
    return " ".join(attr(link, "href") or "" for link in find_all(page, "a", css_class="button"))


def test_the_profile_links_every_account_setting(client, reader):
    client.force_login(reader)
    section = find(
        parse(client.get(PROFILE)), "section", attrs={"aria-labelledby": "account-title"}
    )

    links = {text(link): attr(link, "href") for link in find_all(section, "a")}
    assert links == {
        "Change your password": reverse("accounts:password_change"),
        "Change your email address": reverse("accounts:email"),
        "Delete your account": reverse("accounts:delete_account"),
    }


# The marks are listed a page at a time: a reader with hundreds of bookmarks and notes
# gets a page of each, not every one of them at once.


def many_marks(reader, topic, count, *, bookmarks=True, notes=True):
    for _ in range(count):
        question = make_question(topic=topic)
        if bookmarks:
            Bookmark.objects.create(user=reader, question=question)
        if notes:
            Note.objects.create(user=reader, question=question, text="N.")


def section(response, name):
    return find(parse(response), "section", attrs={"aria-labelledby": f"{name}-title"})


def bookmark_titles(response):
    return [
        text(link)
        for link in find_all(section(response, "bookmarks"), "a", css_class="question-link")
    ]


def note_titles(response):
    return [
        text(find(item, "a"))
        for item in find_all(section(response, "notes"), "li", css_class="note-item")
    ]


def page_link(response, name, rel):
    links = [link for link in find_all(section(response, name), "a") if attr(link, "rel") == rel]
    return attr(links[0], "href") if links else None


def test_the_profile_shows_a_page_of_bookmarks_and_links_to_the_next(
    client, reader, topic, settings
):
    per_page = settings.QUESTIONS_PER_PAGE
    many_marks(reader, topic, per_page + 3, notes=False)
    client.force_login(reader)

    first = client.get(PROFILE)

    assert first.status_code == 200
    assert len(bookmark_titles(first)) == per_page
    assert page_link(first, "bookmarks", "prev") is None
    next_url = page_link(first, "bookmarks", "next")
    assert next_url == "?page=2#bookmarks-title"
    second = client.get(PROFILE + next_url.split("#")[0])
    assert second.status_code == 200
    assert len(bookmark_titles(second)) == 3
    assert set(bookmark_titles(first)).isdisjoint(bookmark_titles(second))
    assert page_link(second, "bookmarks", "next") is None
    assert page_link(second, "bookmarks", "prev") == "?page=1#bookmarks-title"
    assert "Page 2 of 2" in text(section(second, "bookmarks"))


def test_the_profile_pages_notes_on_their_own(client, reader, topic, settings):
    per_page = settings.QUESTIONS_PER_PAGE
    many_marks(reader, topic, per_page + 2)
    client.force_login(reader)

    first = client.get(PROFILE)
    assert len(note_titles(first)) == per_page
    next_url = page_link(first, "notes", "next")
    assert next_url == "?notes_page=2#notes-title"

    second = client.get(PROFILE + next_url.split("#")[0])
    assert len(note_titles(second)) == 2
    # The bookmarks stay on their first page, and their links keep the notes' page.
    assert len(bookmark_titles(second)) == per_page
    assert page_link(second, "bookmarks", "next") == "?notes_page=2&page=2#bookmarks-title"


def test_a_profile_with_one_page_of_marks_has_no_page_links(client, reader, marked):
    client.force_login(reader)
    page = parse(client.get(PROFILE))

    assert not find_all(page, "nav", css_class="pagination")


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=0",
        "page=-1",
        "page=",
        "page=1e9",
        "page=%00",
        "notes_page=abc",
        "notes_page=99999",
        "page=2&page=x",
    ],
)
def test_bad_profile_page_numbers_show_a_page_never_an_error(
    client, reader, topic, settings, query
):
    many_marks(reader, topic, settings.QUESTIONS_PER_PAGE + 1)
    client.force_login(reader)

    response = client.get(f"{PROFILE}?{query}")

    assert response.status_code == 200
    assert bookmark_titles(response)
    assert note_titles(response)


def test_the_profile_queries_do_not_grow_with_the_number_of_marks(
    client, reader, topic, settings, django_assert_num_queries
):
    per_page = settings.QUESTIONS_PER_PAGE
    many_marks(reader, topic, per_page + 1)
    client.force_login(reader)
    client.get(PROFILE)
    with CaptureQueriesContext(connection) as few:
        client.get(PROFILE)
    with CaptureQueriesContext(connection) as few_second_page:
        client.get(f"{PROFILE}?page=2&notes_page=2")

    many_marks(reader, topic, 4 * per_page)
    with django_assert_num_queries(len(few)):
        response = client.get(PROFILE)
    assert len(bookmark_titles(response)) == per_page
    with django_assert_num_queries(len(few_second_page)):
        client.get(f"{PROFILE}?page=4&notes_page=4")


def test_removing_a_bookmark_leads_back_to_the_same_page(client, reader, topic, settings):
    many_marks(reader, topic, settings.QUESTIONS_PER_PAGE + 2, notes=False)
    client.force_login(reader)
    page_two = section(client.get(f"{PROFILE}?page=2&junk=<x>"), "bookmarks")
    item = find_all(page_two, "li", css_class="question-item")[0]
    form = find(item, "form")
    data = {
        attr(field, "name"): attr(field, "value")
        for field in find_all(form, "input")
        if attr(field, "name") != "csrfmiddlewaretoken"
    }

    response = client.post(attr(form, "action"), data)

    assert response["Location"] == f"{PROFILE}?page=2"
