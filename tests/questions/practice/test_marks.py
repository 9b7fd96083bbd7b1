"""Bookmarks, progress states and private notes: one click, no JavaScript, each reader's own."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from questions.models import Status
from questions.practice.models import NOTE_MAX_LENGTH, Bookmark, Note, Progress
from tests.factories import (
    bulk_make_questions,
    make_draft,
    make_framework,
    make_question,
    make_reader,
    make_topic,
)
from tests.pages import attr, filter_errors, find, find_all, listed_titles, parse, text

OFF_SITE = ["https://evil.example/", "//evil.example", "/\\evil.example", "https:evil.example"]


@pytest.fixture
def question(topic):
    return make_question("What is a URLconf?", topic=topic, slug="urlconf")


@pytest.fixture
def other_reader():
    return make_reader("other")


def endpoint(question, action):
    return f"/accounts/questions/{question.pk}/{action}/"


def pressed(response):
    """The progress button shown as current, and the bookmark button's state."""
    page = parse(response)
    states = [
        attr(button, "value")
        for button in find_all(find(page, "form", css_class="progress-form"), "button")
        if attr(button, "aria-pressed") == "true"
    ]
    bookmark = find(find(page, "form", css_class="bookmark-form"), "button")
    return states, attr(bookmark, "aria-pressed") == "true"


def test_a_reader_bookmarks_and_unbookmarks_with_plain_posts(client, reader, question):
    client.force_login(reader)
    url = question.get_absolute_url()

    response = client.post(endpoint(question, "bookmark"), {"bookmarked": "yes", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert Bookmark.objects.filter(user=reader, question=question).count() == 1
    assert pressed(client.get(url)) == (["new"], True)

    client.post(endpoint(question, "bookmark"), {"bookmarked": "yes", "next": url})
    assert Bookmark.objects.filter(user=reader).count() == 1

    client.post(endpoint(question, "bookmark"), {"bookmarked": "no", "next": url})
    assert not Bookmark.objects.exists()
    assert pressed(client.get(url)) == (["new"], False)


def test_a_reader_moves_a_question_through_the_states(client, reader, question):
    client.force_login(reader)
    url = question.get_absolute_url()

    for state in ("learning", "known"):
        response = client.post(endpoint(question, "progress"), {"state": state, "next": url})
        assert response["Location"] == url
        assert Progress.objects.get(user=reader, question=question).state == state
        assert pressed(client.get(url)) == ([state], False)

    client.post(endpoint(question, "progress"), {"state": "new", "next": url})
    assert not Progress.objects.exists()
    assert pressed(client.get(url)) == (["new"], False)


def test_the_question_page_forms_post_back_to_the_page(client, reader, question):
    client.force_login(reader)
    url = f"{question.get_absolute_url()}?difficulty=beginner"
    page = parse(client.get(url))

    for form in find_all(page, "form", attrs={"method": "post"}):
        if attr(form, "action").startswith("/accounts/questions/"):
            assert find(form, "input", attrs={"name": "csrfmiddlewaretoken"})
            assert attr(find(form, "input", attrs={"name": "next"}), "value") == url


def test_a_reader_writes_edits_and_deletes_a_private_note(client, reader, question):
    client.force_login(reader)
    url = question.get_absolute_url()

    client.post(endpoint(question, "note"), {"text": "  Mention include().  ", "next": url})
    assert Note.objects.get(user=reader, question=question).text == "Mention include()."
    textarea = find(parse(client.get(url)), "textarea", attrs={"name": "text"})
    assert text(textarea) == "Mention include()."
    assert attr(textarea, "maxlength") == str(NOTE_MAX_LENGTH)

    client.post(endpoint(question, "note"), {"text": "And path converters.", "next": url})
    assert Note.objects.get(user=reader).text == "And path converters."

    client.post(endpoint(question, "note"), {"text": "   ", "next": url})
    assert not Note.objects.exists()


@pytest.mark.parametrize("note", ["x" * (NOTE_MAX_LENGTH + 1), "null \x00 byte"])
def test_a_note_that_cannot_be_saved_is_shown_again_with_the_reason(client, reader, question, note):
    client.force_login(reader)
    Note.objects.create(user=reader, question=question, text="Kept.")

    response = client.post(endpoint(question, "note"), {"text": note, "next": "/"})

    assert response.status_code == 400
    page = parse(response)
    assert find(page, "p", css_class="error")
    assert find(page, "textarea", attrs={"name": "text"})
    assert Note.objects.get(user=reader).text == "Kept."


def test_the_database_refuses_an_overlong_note(reader, question):
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.create(user=reader, question=question, text="x" * (NOTE_MAX_LENGTH + 1))


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("bookmark", {"bookmarked": "maybe"}),
        ("bookmark", {}),
        ("progress", {"state": "mastered"}),
        ("progress", {"state": ""}),
        ("progress", {}),
    ],
)
def test_bad_values_are_a_400_and_change_nothing(client, reader, question, action, data):
    client.force_login(reader)
    response = client.post(endpoint(question, action), data)

    assert response.status_code == 400
    assert not Bookmark.objects.exists()
    assert not Progress.objects.exists()


@pytest.mark.parametrize("action", ["bookmark", "progress", "note"])
def test_drafts_and_missing_questions_are_404(client, reader, topic, action):
    client.force_login(reader)
    draft = make_draft(topic=topic)
    data = {"bookmarked": "yes", "state": "known", "text": "Hi"}

    assert client.post(endpoint(draft, action), data).status_code == 404
    assert client.post(f"/accounts/questions/999999/{action}/", data).status_code == 404
    assert client.post(f"/accounts/questions/{10**30}/{action}/", data).status_code == 404
    assert not (Bookmark.objects.exists() or Progress.objects.exists() or Note.objects.exists())


@pytest.mark.parametrize("action", ["bookmark", "progress", "note"])
def test_the_endpoints_answer_posts_only(client, reader, question, action):
    client.force_login(reader)
    assert client.get(endpoint(question, action)).status_code == 405


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_next_never_leads_off_site(client, reader, question, next_url):
    client.force_login(reader)
    response = client.post(endpoint(question, "bookmark"), {"bookmarked": "yes", "next": next_url})
    assert response["Location"] == question.get_absolute_url()


@pytest.mark.parametrize("action", ["bookmark", "progress", "note"])
def test_anonymous_visitors_are_asked_to_log_in_and_nothing_is_saved(client, question, action):
    url = question.get_absolute_url()
    data = {"bookmarked": "yes", "state": "known", "text": "Hi", "next": url}
    response = client.post(endpoint(question, action), data)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert not (Bookmark.objects.exists() or Progress.objects.exists() or Note.objects.exists())


def test_the_writes_need_the_csrf_token(reader, question):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(endpoint(question, "bookmark"), {"bookmarked": "yes"})
    assert response.status_code == 403
    assert not Bookmark.objects.exists()


def test_anonymous_visitors_see_what_signing_up_gives_on_the_question_page(client, question):
    page = parse(client.get(question.get_absolute_url()))

    assert not find_all(page, "form", css_class="progress-form")
    assert not find_all(page, "textarea")
    pitch = find(page, "aside", css_class="signup-pitch")
    assert "keep private notes" in text(pitch)
    assert attr(find_all(pitch, "a")[0], "href") == "/accounts/signup/?next=/questions/urlconf/"


def test_editors_previewing_a_draft_get_no_buttons(client, editor, topic):
    client.force_login(editor)
    draft = make_draft(topic=topic)
    page = parse(client.get(draft.get_absolute_url()))
    assert not find_all(page, "form", css_class="progress-form")
    assert not find_all(page, "section", css_class="reader-note")


def test_one_reader_never_sees_another_readers_marks(client, reader, other_reader, question):
    Bookmark.objects.create(user=other_reader, question=question)
    Progress.objects.create(user=other_reader, question=question, state="known")
    Note.objects.create(user=other_reader, question=question, text="Other's secret.")
    client.force_login(reader)

    response = client.get(question.get_absolute_url())
    assert pressed(response) == (["new"], False)
    assert "Other's secret." not in response.content.decode()
    topic_page = client.get(question.topic.get_absolute_url())
    assert "Known" not in text(find(parse(topic_page), "ol", css_class="question-list"))
    progress = find(parse(topic_page), "section", css_class="reader-progress")
    assert "You know 0 of 1 question" in text(progress)
    assert listed_titles(client.get("/questions/?progress=known")) == []
    assert listed_titles(client.get("/questions/?progress=bookmarked")) == []


def test_a_reader_cannot_change_another_readers_marks(client, reader, other_reader, question):
    Progress.objects.create(user=other_reader, question=question, state="known")
    Note.objects.create(user=other_reader, question=question, text="Theirs.")
    client.force_login(reader)

    client.post(endpoint(question, "progress"), {"state": "new"})
    client.post(endpoint(question, "note"), {"text": ""})

    assert Progress.objects.get(user=other_reader).state == "known"
    assert Note.objects.get(user=other_reader).text == "Theirs."


@pytest.fixture
def graded(topic, reader, other_reader, django_framework):
    """A routing topic with marks on several questions, and drafts beside them."""
    questions = {}
    for title, difficulty in [
        ("Beginner one?", "beginner"),
        ("Beginner two?", "beginner"),
        ("Intermediate one?", "intermediate"),
        ("Advanced one?", "advanced"),
        ("Advanced two?", "advanced"),
    ]:
        questions[title] = make_question(
            title, topic=topic, framework=django_framework, difficulty=difficulty
        )
    draft = make_draft("Draft?", topic=topic, framework=django_framework)
    Progress.objects.create(user=reader, question=questions["Beginner one?"], state="known")
    Progress.objects.create(user=reader, question=questions["Advanced two?"], state="known")
    Progress.objects.create(user=reader, question=questions["Intermediate one?"], state="learning")
    Progress.objects.create(user=reader, question=draft, state="known")
    Bookmark.objects.create(user=reader, question=questions["Advanced one?"])
    Bookmark.objects.create(user=reader, question=draft)
    for question in questions.values():
        Progress.objects.create(user=other_reader, question=question, state="known")
    return questions


def test_the_topic_page_shows_the_readers_progress_per_difficulty(client, reader, graded):
    client.force_login(reader)
    section = find(parse(client.get("/topics/routing/")), "section", css_class="reader-progress")

    assert "You know 2 of 5 questions and are learning 1." in text(section)
    levels = [text(item) for item in find_all(section, "li")]
    assert levels == [
        "Beginner 1 of 2 known",
        "Intermediate 0 of 1 known",
        "Advanced 1 of 2 known",
    ]
    bars = [(attr(bar, "value"), attr(bar, "max")) for bar in find_all(section, "progress")]
    assert bars == [("1", "2"), ("0", "1"), ("1", "2")]


def test_the_topic_page_tells_anonymous_visitors_what_an_account_gives(client, graded):
    page = parse(client.get("/topics/routing/"))
    assert not find_all(page, "section", css_class="reader-progress")
    assert "how many of these questions you know" in text(find(page, "aside"))


def test_lists_mark_the_readers_own_states(client, reader, graded):
    client.force_login(reader)
    items = find_all(parse(client.get("/topics/routing/")), "li", css_class="question-item")
    marks = {
        text(find(item, "a")): [text(badge) for badge in find_all(item, css_class="badge-state")]
        for item in items
    }
    assert marks == {
        "Beginner one?": ["Your progress: Known"],
        "Beginner two?": [],
        "Intermediate one?": ["Your progress: Learning"],
        "Advanced one?": ["★ Bookmarked"],
        "Advanced two?": ["Your progress: Known"],
    }


@pytest.mark.parametrize(
    ("progress", "titles"),
    [
        ("known", ["Beginner one?", "Advanced two?"]),
        ("learning", ["Intermediate one?"]),
        ("new", ["Beginner two?", "Advanced one?"]),
        ("bookmarked", ["Advanced one?"]),
    ],
)
@pytest.mark.parametrize("url", ["/questions/", "/topics/routing/"])
def test_readers_filter_by_their_progress(client, reader, graded, progress, titles, url):
    client.force_login(reader)
    response = client.get(f"{url}?progress={progress}")
    assert listed_titles(response) == titles
    assert filter_errors(response) == ""


def test_the_progress_filter_carries_to_previous_and_next(client, reader, graded):
    client.force_login(reader)
    response = client.get(f"{graded['Beginner one?'].get_absolute_url()}?progress=known")
    nav = find(parse(response), "nav", css_class="prev-next")
    assert [text(link) for link in find_all(nav, "a")] == ["Next → Advanced two?"]


def test_anonymous_visitors_get_a_message_and_the_full_list(client, graded):
    response = client.get("/questions/?progress=known")

    assert listed_titles(response) == [
        "Beginner one?",
        "Beginner two?",
        "Intermediate one?",
        "Advanced one?",
        "Advanced two?",
    ]
    assert "log in to filter by your own progress" in filter_errors(response)
    assert not find_all(parse(response), "select", attrs={"name": "progress"})


def test_a_bad_progress_value_is_reported_and_ignored(client, reader, graded):
    client.force_login(reader)
    response = client.get("/questions/?progress=mastered")
    assert len(listed_titles(response)) == 5
    assert "Your progress:" in filter_errors(response)


def test_a_bookmark_on_a_question_later_unpublished_disappears(client, reader, graded):
    client.force_login(reader)
    graded["Advanced one?"].__class__.objects.filter(pk=graded["Advanced one?"].pk).unpublish()

    assert listed_titles(client.get("/questions/?progress=bookmarked")) == []
    section = find(parse(client.get("/topics/routing/")), "section", css_class="reader-progress")
    assert "You know 2 of 4 questions" in text(section)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/topics/t0/",
        "/topics/t0/?progress=known",
        "/topics/t0/?progress=new&difficulty=advanced",
        "/questions/?progress=bookmarked",
        "/questions/{slug}/",
    ],
)
def test_pages_with_progress_run_the_same_queries_at_5_and_200_questions(client, reader, url):
    topics = [make_topic(slug="t0"), make_topic()]
    frameworks = [make_framework("f0"), make_framework()]

    def mark(questions):
        for index, question in enumerate(questions):
            Progress.objects.create(
                user=reader, question=question, state=("known", "learning")[index % 2]
            )
            Bookmark.objects.create(user=reader, question=question)
            Note.objects.create(user=reader, question=question, text="Note.")

    first = bulk_make_questions(5, topics=topics, frameworks=frameworks)
    mark(first[:2])
    url = url.format(slug=first[0].slug)
    client.force_login(reader)
    count_queries(client, url)  # Warm the session and permission caches.
    small = count_queries(client, url)

    more = bulk_make_questions(195, topics=topics, frameworks=frameworks)
    bulk_make_questions(40, topics=topics, frameworks=frameworks, status=Status.DRAFT)
    mark(more[:120])
    assert count_queries(client, url) == small
