"""The anonymous page cache: which pages are stored, for whom, and for how long."""

import time
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse
from django.utils import timezone
from django.views import View

from questions.models import Status
from questions.pagecache.middleware import HEADER
from questions.pagecache.views import CacheForAnonymousMixin
from tests.factories import make_draft, make_question, make_scheduled
from tests.pages import listed_titles
from tests.questions.pagecache.visits import fetch, warm


@pytest.mark.parametrize(
    "url", ["/", "/questions/", "/topics/routing/", "/questions/how-does-url-reversing-work/"]
)
def test_a_second_anonymous_visit_is_served_from_the_cache_without_sql(
    client, question, url, django_assert_num_queries
):
    question.slug = "how-does-url-reversing-work"
    question.save()
    first = fetch(client, url)

    with django_assert_num_queries(0):
        second = fetch(client, url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_carries_every_security_header_of_a_rendered_page(client, question):
    miss, hit = client.get("/topics/routing/"), client.get("/topics/routing/")

    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    for name in [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Content-Type",
        "Content-Length",
    ]:
        assert hit[name] == miss[name], name
    assert "object-src 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert not hit.cookies


def test_a_visitor_with_a_session_cookie_never_gets_a_stored_page(client, settings, question):
    warm(client, "/topics/routing/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"

    responses = [fetch(client, "/topics/routing/") for _ in range(2)]

    assert all(HEADER not in response for response in responses)


def test_each_query_string_is_a_page_of_its_own(client, topic):
    make_question("Beginner one?", topic=topic, difficulty="beginner")
    make_question("Advanced one?", topic=topic, difficulty="advanced")
    warm(client, "/topics/routing/")

    filtered = fetch(client, "/topics/routing/?difficulty=advanced")

    assert filtered["X-Page-Cache"] == "miss"
    assert listed_titles(filtered) == ["Advanced one?"]
    assert listed_titles(fetch(client, "/topics/routing/")) == ["Beginner one?", "Advanced one?"]


def test_a_scheduled_question_shows_once_its_time_has_come(client, question, topic):
    publish_at = timezone.now() + timedelta(seconds=1.5)
    scheduled = make_question(
        "What is a URL namespace?", topic=topic, status=Status.PUBLISHED, publish_at=publish_at
    )
    assert listed_titles(warm(client, "/topics/routing/")) == [question.title]

    time.sleep(max(0, (publish_at - timezone.now()).total_seconds()) + 0.05)

    response = fetch(client, "/topics/routing/")
    assert response["X-Page-Cache"] == "miss"
    assert listed_titles(response) == [question.title, scheduled.title]
    assert fetch(client, scheduled.get_absolute_url()).status_code == 200


def test_a_far_scheduled_question_does_not_shorten_caching_of_others(client, question, topic):
    make_scheduled("Next week's question?", topic=topic)
    warm(client, "/topics/routing/")


def test_signed_in_readers_always_get_their_own_fresh_page(client, reader, question):
    warm(client, "/topics/routing/")
    reader_client = Client()
    reader_client.force_login(reader)

    for _ in range(2):
        response = fetch(reader_client, "/topics/routing/")
        assert "X-Page-Cache" not in response
        assert b"Log out" in response.content
        assert b"reader" in response.content

    anonymous = fetch(client, "/topics/routing/")
    assert anonymous["X-Page-Cache"] == "hit"
    assert b"Log out" not in anonymous.content


def test_an_editors_preview_never_reaches_the_cache(client, editor, question, topic):
    draft = make_draft("A draft about routing?", topic=topic)
    editor_client = Client()
    editor_client.force_login(editor)

    previews = [fetch(editor_client, "/topics/routing/") for _ in range(2)]

    assert all("X-Page-Cache" not in preview for preview in previews)
    assert all(draft.title in listed_titles(preview) for preview in previews)
    anonymous = fetch(client, "/topics/routing/")
    assert anonymous["X-Page-Cache"] == "miss"
    assert listed_titles(anonymous) == [question.title]


def test_a_visitor_with_a_pending_message_sees_it_and_nobody_else_does(client, question):
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "Thanks for your feedback.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    with_message = fetch(client, "/topics/routing/")
    assert b"Thanks for your feedback." in with_message.content
    assert "X-Page-Cache" not in with_message

    del client.cookies["messages"]
    others = fetch(client, "/topics/routing/")
    assert others["X-Page-Cache"] == "miss"
    assert b"Thanks for your feedback." not in others.content


def test_nothing_is_cached_when_the_setting_is_zero(client, settings, question):
    settings.PAGE_CACHE_SECONDS = 0
    responses = [fetch(client, "/topics/routing/") for _ in range(2)]
    assert all("X-Page-Cache" not in response for response in responses)


class SetsCookie(CacheForAnonymousMixin, View):
    def get(self, request):
        response = HttpResponse("chose a variant")
        response.set_cookie("variant", "b")
        return response


class ShowsCsrfToken(CacheForAnonymousMixin, View):
    def get(self, request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


class Private(CacheForAnonymousMixin, View):
    def get(self, request):
        return HttpResponse("private", headers={"Cache-Control": "private"})


class NotFound(CacheForAnonymousMixin, View):
    def get(self, request):
        return HttpResponse("gone", status=404)


class Plain(CacheForAnonymousMixin, View):
    def get(self, request):
        return HttpResponse(f"rendered at {time.monotonic_ns()}")


class NotOptedIn(View):
    def get(self, request):
        return HttpResponse(f"rendered at {time.monotonic_ns()}")


urlpatterns = [
    path("cookie/", SetsCookie.as_view()),
    path("csrf/", ShowsCsrfToken.as_view()),
    path("private/", Private.as_view()),
    path("missing/", NotFound.as_view()),
    path("plain/", Plain.as_view()),
    path("not-opted-in/", NotOptedIn.as_view()),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/cookie/", "/csrf/", "/private/", "/missing/"])
def test_responses_that_are_not_for_everyone_are_never_stored(client, url):
    responses = [client.get(url) for _ in range(2)]
    assert [response["X-Page-Cache"] for response in responses] == ["miss", "miss"]


@pytest.mark.urls(__name__)
def test_a_plain_page_of_an_opted_in_view_is_stored_and_others_are_not(client):
    first, second = client.get("/plain/"), client.get("/plain/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content

    first, second = client.get("/not-opted-in/"), client.get("/not-opted-in/")
    assert "X-Page-Cache" not in second
    assert second.content != first.content


@pytest.mark.urls(__name__)
def test_a_response_that_sets_a_cookie_still_reaches_its_visitor_with_the_cookie(client):
    response = client.get("/cookie/")
    assert response.cookies["variant"].value == "b"


def test_an_unreachable_cache_serves_pages_uncached(client):
    """A cache outage must cost speed, never availability."""
    make_question("Is the cache optional?")
    # Nothing listens on port 1 of loopback: every cache call fails at once.
    unreachable = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get(reverse("questions:question_list"))
    assert response.status_code == 200
    assert "Is the cache optional?" in response.content.decode()
    assert response.get(HEADER) != "hit"
