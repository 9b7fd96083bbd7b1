"""What the public pages keep per content generation: list items, the home page's
topics, a topic's lookups and counts, a question's answers and neighbours."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions import content_memo, listing
from questions.models import Answer, Question, Status
from questions.pagecache.breaker import breaker
from questions.practice.models import Note, Progress, ProgressState
from tests.factories import make_draft, make_framework, make_question, make_reader
from tests.pages import find, find_all, form_values, listed_titles, parse, text


@pytest.fixture(autouse=True)
def memo_on(settings):
    # The suite's cache is each process's own memory, where the memo is off.
    settings.CONTENT_MEMO = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed: only then is the generation bumped."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def items(response):
    return [text(item) for item in find_all(parse(response), "li", css_class="question-item")]


def test_a_list_item_is_rendered_once_per_content_generation(client, topic):
    question = make_question("How does reverse() work?", topic=topic)
    client.get("/questions/")
    # update() announces nothing: the generation stays, and so does the stored item.
    Question.objects.filter(pk=question.pk).update(title="Changed behind our back?")

    assert listed_titles(client.get("/questions/")) == ["How does reverse() work?"]


@pytest.mark.parametrize("change", ["question", "topic", "framework"])
def test_a_stored_list_item_follows_its_question_topic_and_framework(
    client, committed, topic, django_framework, change
):
    question = make_question("How does reverse() work?", topic=topic, framework=django_framework)
    assert items(client.get("/questions/")) == [
        "How does reverse() work? Difficulty: Beginner Django in Routing and URLs"
    ]

    with committed():
        if change == "question":
            question.title = "How does `reverse()` work?"
            question.save()
        elif change == "topic":
            topic.name = "URLs"
            topic.save()
        else:
            django_framework.name = "Django 6"
            django_framework.save()

    expected = {
        "question": "How does reverse() work? Difficulty: Beginner Django in Routing and URLs",
        "topic": "How does reverse() work? Difficulty: Beginner Django in URLs",
        "framework": "How does reverse() work? Difficulty: Beginner Django 6 in Routing and URLs",
    }[change]
    response = client.get("/questions/")
    assert items(response) == [expected]
    if change == "question":
        assert "How does <code>reverse()</code> work?" in response.content.decode()


def test_a_draft_never_shows_through_a_stored_item(client, committed, editor, topic):
    live = make_question("Live question?", topic=topic)
    make_draft("Secret draft?", topic=topic)
    editors = signed_in(editor)
    url = topic.get_absolute_url()

    assert listed_titles(editors.get(url)) == ["Live question?", "Secret draft?"]
    assert listed_titles(client.get(url)) == ["Live question?"]
    # Editors' lists are their own: the draft's state shows, whoever came first.
    assert len(find_all(parse(editors.get(url)), "span", css_class="badge-draft")) == 1

    with committed():
        live.status = Status.DRAFT
        live.save()

    assert client.get(url).status_code == 404
    assert "No questions are published yet" in text(parse(client.get("/")))
    assert listed_titles(client.get("/questions/")) == []


def test_reader_badges_are_put_in_apart_from_the_stored_item(client, topic):
    question = make_question("How does reverse() work?", topic=topic)
    reader, other = make_reader("ada"), make_reader("bob")
    Progress.objects.create(user=reader, question=question, state=ProgressState.KNOWN)
    url = topic.get_absolute_url()
    client.get(url)

    mine = parse(signed_in(reader).get(url))
    assert text(find(mine, "span", css_class="badge-known")) == "Your progress: Known"
    for response in (client.get(url), signed_in(other).get(url)):
        assert find_all(parse(response), "span", css_class="badge-known") == []


def test_a_list_keeps_its_filters_in_stored_item_links(client, topic, django_framework):
    question = make_question(topic=topic, framework=django_framework)
    client.get(topic.get_absolute_url())

    page = parse(client.get(f"{topic.get_absolute_url()}?framework=django&difficulty=beginner"))

    link = find(page, "a", css_class="question-link")
    expected = f"{question.get_absolute_url()}?framework=django&difficulty=beginner"
    assert dict(link.attributes)["href"] == expected


def test_home_counts_follow_a_scheduled_question_going_live(client, topic):
    make_question(topic=topic)
    soon = timezone.now() + timedelta(seconds=1)
    scheduled = make_question("Soon?", topic=topic, publish_at=soon)
    assert "1 question" in text(find(parse(client.get("/")), "li", css_class="topic-card"))
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.05)

    assert "2 questions" in text(find(parse(client.get("/")), "li", css_class="topic-card"))
    assert "Soon?" in listed_titles(client.get(topic.get_absolute_url()))
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_a_question_page_follows_its_answers_and_neighbours(client, committed, topic):
    first = make_question("First?", topic=topic, answers=["Old answer."])
    page = client.get(first.get_absolute_url())
    assert "Old answer." in page.content.decode()
    assert find_all(parse(page), "a", attrs={"rel": "next"}) == []

    with committed():
        answer = Answer.objects.get(question=first)
        answer.body = "New answer."
        answer.save()
        second = make_question("Second?", topic=topic)

    page = client.get(first.get_absolute_url())
    assert "New answer." in page.content.decode()
    assert "Old answer." not in page.content.decode()
    next_link = find(parse(page), "a", attrs={"rel": "next"})
    assert dict(next_link.attributes)["href"] == second.get_absolute_url()


def test_the_filter_form_offers_a_framework_once_a_question_of_it_is_published(
    client, committed, topic, django_framework, flask_framework
):
    make_question(topic=topic, framework=django_framework)
    draft = make_draft(topic=topic, framework=flask_framework)

    def offered():
        form = find(
            parse(client.get(topic.get_absolute_url())), "select", attrs={"name": "framework"}
        )
        return [text(option) for option in find_all(form, "option")]

    assert offered() == ["Any framework", "Django"]
    with committed():
        draft.status = Status.PUBLISHED
        draft.save()
    assert offered() == ["Any framework", "Django", "Flask"]


def test_the_stored_filter_form_is_per_kind_of_visitor(client, topic, reader):
    make_question(topic=topic)
    url = f"{topic.get_absolute_url()}?difficulty=beginner"
    client.get(url)

    def fields(response):
        return [dict(s.attributes)["name"] for s in find_all(parse(response), "select")]

    assert fields(signed_in(reader).get(url)) == ["framework", "difficulty", "progress"]
    assert fields(client.get(url)) == ["framework", "difficulty"]


def filter_form_html(response):
    html = response.content.decode()
    return html[
        html.index('<form class="filters"') : html.index(
            "</form>", html.index('<form class="filters"')
        )
    ]


@pytest.mark.parametrize(
    "words", ["reverse", '"><script>alert(1)</script>', "café & crème", "it's", "a" * 200]
)
def test_a_stored_filter_form_shows_each_search_as_a_fresh_one_does(
    client, settings, topic, django_framework, words
):
    make_question("How does reverse() work?", topic=topic, framework=django_framework)
    url = topic.get_absolute_url()
    other = client.get(url, {"q": "something else", "framework": "django"})
    asked = {"q": words, "framework": "django"}

    stored = client.get(url, asked)
    settings.CONTENT_MEMO = False
    fresh = client.get(url, asked)

    assert other.status_code == stored.status_code == fresh.status_code == 200
    assert filter_form_html(stored) == filter_form_html(fresh)
    assert form_values(stored)["q"] == words
    assert "<script>" not in filter_form_html(stored)


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/", 0), ("topic", 1), ("filtered", 1), ("list", 1), ("question", 0)],
)
def test_a_page_seen_before_in_this_generation_asks_the_database_little(
    client, topic, django_framework, django_assert_num_queries, url, queries
):
    question = make_question(topic=topic, framework=django_framework, answers=["One.", "Two."])
    make_question(topic=topic, framework=django_framework)
    url = {
        "topic": topic.get_absolute_url(),
        # The framework asked for is looked up in the memo, not the database.
        "filtered": f"{topic.get_absolute_url()}?framework=django&difficulty=beginner",
        "list": "/questions/?framework=django",
        "question": question.get_absolute_url(),
    }.get(url, url)
    first = client.get(url)

    # The topic page asks for its questions; the rest comes from the memo.
    with django_assert_num_queries(queries):
        second = client.get(url)
    assert second.content == first.content


def test_a_page_of_stored_items_asks_only_for_its_ids(client, topic, reader):
    for number in range(3):
        make_question(f"Question {number}?", topic=topic)
    url = topic.get_absolute_url()
    first = client.get(url)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert second.content == first.content
    (page,) = [query["sql"] for query in queries]
    assert '"title"' not in page and '"questions_question"."id"' in page
    # A reader's badges need the rows: they are fetched with the page.
    with CaptureQueriesContext(connection) as queries:
        assert listed_titles(signed_in(reader).get(url)) == listed_titles(first)
    assert any('"title"' in query["sql"] for query in queries)


def test_a_page_renders_the_items_it_has_not_stored_from_its_rows(client, topic):
    make_question("Question one?", topic=topic)
    make_question("Question two?", topic=topic)
    client.get("/")  # The memo started, without the items.

    with CaptureQueriesContext(connection) as queries:
        response = client.get(topic.get_absolute_url())

    assert listed_titles(response) == ["Question one?", "Question two?"]
    titles = [query["sql"] for query in queries if '"title"' in query["sql"]]
    assert len(titles) == 1  # The page's rows, once for all its items.


def test_a_page_whose_row_went_between_its_two_queries_still_renders(client, topic):
    gone = make_question("Gone between the queries?", topic=topic)
    make_question("Still here?", topic=topic)
    page = listing.listed(content_memo.Memo(generation=1), Question.objects.order_by("pk"))
    Question.objects.filter(pk=gone.pk).delete()

    assert [question.title for question in page[1:]] == ["Still here?"]
    with pytest.raises(AttributeError):
        _ = page[0].title
    assert 'class="question-link"' in render_to_string(
        "includes/question_item.html", {"question": page[0]}
    )


def test_the_memo_is_off_where_the_cache_is_each_process_own(settings):
    del settings.CONTENT_MEMO
    assert not content_memo.enabled()
    shared = {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:1"}
    with override_settings(CACHES={"default": shared}):
        assert content_memo.enabled()


def test_editors_get_no_memo(rf, editor, reader):
    request = rf.get("/")
    request.user = editor
    assert content_memo.for_request(request) is None
    request = rf.get("/")
    request.user = reader
    assert content_memo.for_request(request) is not None


def test_the_memo_keeps_a_bounded_number_of_values(rf, reader):
    request = rf.get("/")
    request.user = reader
    memo = content_memo.for_request(request)
    for number in range(content_memo.MAX_ENTRIES + 10):
        memo.get(number, lambda number=number: number)
    assert len(memo.values) <= content_memo.MAX_ENTRIES

    page = "x" * (content_memo.MAX_CHARACTERS // 3)
    for number in range(5):
        memo.get(("page", number), lambda: page)
    assert len(memo.values) <= 3
    assert memo.characters <= content_memo.MAX_CHARACTERS


def test_a_topic_keeps_offering_the_framework_a_link_asks_for(
    client, topic, django_framework, flask_framework
):
    make_question(topic=topic, framework=django_framework)
    make_question(framework=flask_framework)
    make_draft(framework=make_framework("fastapi", name="FastAPI"))
    client.get(topic.get_absolute_url())

    def offered(query):
        response = client.get(f"{topic.get_absolute_url()}?{query}")
        form = find(parse(response), "select", attrs={"name": "framework"})
        return [text(option) for option in find_all(form, "option")], listed_titles(response)

    assert offered("framework=flask") == (["Any framework", "Django", "Flask"], [])
    # A framework readers cannot see is refused, and offered nowhere.
    options, titles = offered("framework=fastapi")
    assert options == ["Any framework", "Django"]
    assert len(titles) == 1


def test_a_question_page_follows_its_topic_and_framework(
    client, committed, topic, django_framework
):
    question = make_question(topic=topic, framework=django_framework)
    url = question.get_absolute_url()
    meta = find(parse(client.get(url)), "p", css_class="question-meta")
    assert text(meta) == "Difficulty: Beginner Django Routing and URLs"

    with committed():
        topic.name = "URLs"
        topic.save()
        django_framework.name = "Django 6"
        django_framework.save()

    meta = find(parse(client.get(url)), "p", css_class="question-meta")
    assert text(meta) == "Difficulty: Beginner Django 6 URLs"
    assert text(find(parse(client.get(url)), "nav", css_class="breadcrumbs")) == (
        "Topics URLs Question"
    )


def test_no_memo_while_the_cache_is_left_alone_after_a_failure(rf, reader):
    breaker.failed()
    try:
        request = rf.get("/")
        request.user = reader
        assert content_memo.for_request(request) is None
    finally:
        breaker.reset()
    request = rf.get("/")
    request.user = reader
    assert content_memo.for_request(request) is not None


def test_a_question_page_kept_for_anonymous_visitors_never_shows_a_readers_marks(
    client, committed, topic
):
    question = make_question("How does reverse() work?", topic=topic)
    reader = make_reader("ada")
    Progress.objects.create(user=reader, question=question, state=ProgressState.KNOWN)
    Note.objects.create(user=reader, question=question, text="Remember namespaces.")
    url = question.get_absolute_url()
    client.get(url)

    mine = signed_in(reader).get(url).content.decode()
    assert "Remember namespaces." in mine
    assert 'value="known" aria-pressed="true"' in mine
    anonymous = client.get(url).content.decode()
    assert "Remember namespaces." not in anonymous
    assert 'aria-pressed="true"' not in anonymous
    assert "signup-pitch" in anonymous

    with committed():
        question.status = Status.DRAFT
        question.save()
    assert client.get(url).status_code == 404
