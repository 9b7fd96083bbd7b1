"""Which pages a front cache (Varnish, a CDN) may keep, and for how long."""

import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from questions.models import Status
from questions.pagecache.cdn import STAMP
from tests.factories import make_draft, make_question
from tests.questions.pagecache.visits import fetch, warm

PUBLIC = "public, max-age=0, s-maxage=300, stale-while-revalidate=30"

# One URL for each view that lets anonymous pages be cached.
SHARED_PAGES = {
    "questions:home": "/",
    "questions:question_list": "/questions/?difficulty=beginner&q=url",
    "questions:topic_detail": "/topics/routing/?page=1",
    "questions:question_detail": "/questions/how-does-url-reversing-work/",
}

# Pages with a form an anonymous visitor posts: they set the CSRF cookie.
FORM_PAGES = [
    "/practice/mock/",
    "/accounts/login/",
    "/accounts/signup/",
    "/questions/how-does-url-reversing-work/report/",
]


@pytest.fixture(autouse=True)
def front_cache(settings):
    settings.PAGE_CACHE_SHARED_SECONDS = 300
    settings.PAGE_CACHE_STALE_SECONDS = 30


@pytest.fixture(autouse=True)
def _slug(question):
    question.slug = "how-does-url-reversing-work"
    question.save()


def scheduled_in(topic, *, seconds):
    return make_question(
        "What is a path converter?",
        topic=topic,
        status=Status.PUBLISHED,
        publish_at=timezone.now() + timedelta(seconds=seconds),
    )


def lifetimes(response):
    found = dict(re.findall(r"(s-maxage|stale-while-revalidate)=(\d+)", response["Cache-Control"]))
    return int(found["s-maxage"]), int(found["stale-while-revalidate"])


def assert_shared(response):
    assert response["Cache-Control"] == PUBLIC
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies
    assert STAMP not in response


def assert_private(response):
    assert "public" not in response.get("Cache-Control", "")
    assert "s-maxage" not in response.get("Cache-Control", "")
    assert STAMP not in response


def opted_in_views(resolver=None, namespace=""):
    """The names of every URL whose view lets its anonymous pages be cached."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= opted_in_views(pattern, inner)
        elif isinstance(pattern, URLPattern) and getattr(
            pattern.callback, "cache_anonymous_page", False
        ):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_view_that_caches_anonymous_pages_is_checked_here():
    assert opted_in_views() == set(SHARED_PAGES)


@pytest.mark.parametrize("url", SHARED_PAGES.values())
def test_anonymous_pages_are_public_for_shared_caches_and_set_no_cookie(client, url):
    miss = fetch(client, url)
    hit = fetch(client, url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert_shared(miss)
    assert_shared(hit)


@pytest.mark.parametrize("url", SHARED_PAGES.values())
def test_pages_are_public_with_the_page_cache_off_too(client, settings, url):
    settings.PAGE_CACHE_SECONDS = 0

    assert_shared(fetch(client, url))


@pytest.mark.parametrize("url", SHARED_PAGES.values())
def test_nothing_changes_without_a_front_cache(client, settings, url):
    settings.PAGE_CACHE_SHARED_SECONDS = 0

    response = warm(client, url)

    assert "Cache-Control" not in response
    assert "Cookie" in response["Vary"]
    assert STAMP not in response


@pytest.mark.parametrize("url", SHARED_PAGES.values())
def test_a_signed_in_readers_pages_are_private(reader, url):
    client = Client()
    client.force_login(reader)

    response = fetch(client, url)

    assert_private(response)
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_visitor_with_a_session_gets_private_pages(client):
    # An anonymous visitor's session: a mock interview in progress.
    started = client.post("/practice/mock/", {"questions": 1, "minutes": 2})
    assert started.status_code == 302
    assert settings.SESSION_COOKIE_NAME in client.cookies

    response = fetch(client, "/topics/routing/")

    assert_private(response)
    assert not response.cookies


def test_a_visitor_with_a_message_waiting_gets_a_private_page(client):
    client.cookies[CookieStorage.cookie_name] = "anything"

    assert_private(fetch(client, "/topics/routing/"))


def test_a_draft_is_never_public(client, editor, topic):
    draft = make_draft("What is a URL namespace?", topic=topic)
    editors = Client()
    editors.force_login(editor)

    preview = fetch(editors, draft.get_absolute_url())
    missing = client.get(draft.get_absolute_url())

    assert "no-cache" in preview["Cache-Control"]
    assert_private(preview)
    assert missing.status_code == 404
    assert_private(missing)
    assert "private" in missing["Cache-Control"]


@pytest.mark.parametrize("url", FORM_PAGES)
def test_pages_that_post_set_the_csrf_cookie_and_stay_private(client, url):
    response = fetch(client, url)

    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert_private(response)


def test_an_anonymous_visitor_posts_a_form_with_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    fetch(client, "/topics/routing/")
    assert settings.CSRF_COOKIE_NAME not in client.cookies

    form = fetch(client, "/practice/mock/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    started = client.post(
        "/practice/mock/", {"csrfmiddlewaretoken": token, "questions": 1, "minutes": 2}
    )
    refused = Client(enforce_csrf_checks=True).post(
        "/practice/mock/", {"questions": 1, "minutes": 2}
    )

    assert started.status_code == 302
    assert refused.status_code == 403


def test_a_scheduled_question_bounds_how_long_pages_are_kept(client, topic):
    scheduled_in(topic, seconds=100)

    shared, stale = lifetimes(fetch(client, "/topics/routing/"))

    assert 95 <= shared <= 100
    assert stale == 0


def test_a_page_cache_hit_counts_down_to_the_scheduled_question(client, topic):
    scheduled_in(topic, seconds=6)
    miss = fetch(client, "/topics/routing/")
    time.sleep(2)

    hit = fetch(client, "/topics/routing/")

    assert hit["X-Page-Cache"] == "hit"
    assert lifetimes(hit)[0] <= lifetimes(miss)[0] - 2
