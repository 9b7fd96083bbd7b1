"""The content memo on a real, private Redis: on by itself, and out of the way when Redis stalls."""

import time

import pytest
from django.test import override_settings

from questions import content_memo
from questions.pagecache import watch
from questions.pagecache.breaker import breaker
from tests.factories import make_question
from tests.pages import listed_titles
from tests.questions.pagecache.redis_server import redis_server  # noqa: F401 (a fixture)


@pytest.fixture
def shared(redis_server, settings):  # noqa: F811
    """Redis is the cache, as in production; the memo is on because of it alone."""
    del settings.CONTENT_MEMO
    settings.PAGE_CACHE_BREAKER_SECONDS = 30
    breaker.reset()
    with override_settings(CACHES=redis_server.cache_settings()):
        yield redis_server
        found = watch.watcher()
        if found is not None:
            found.close()
    breaker.reset()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def commands(server):
    return server.client().info("stats")["total_commands_processed"]


def test_a_publish_shows_through_the_memo_at_once(client, committed, shared, topic):
    assert content_memo.enabled()
    question = make_question("How does reverse() work?", topic=topic)
    url = topic.get_absolute_url()
    assert listed_titles(client.get(url)) == ["How does reverse() work?"]

    with committed():
        question.title = "How does `reverse()` resolve names?"
        question.save()
        make_question("What is a URLconf?", topic=topic)

    assert listed_titles(client.get(url)) == [
        "How does reverse() resolve names?",
        "What is a URLconf?",
    ]


def test_a_paused_redis_leaves_pages_rendering_without_the_memo(client, shared, topic):
    make_question("How does reverse() work?", topic=topic)
    url = topic.get_absolute_url()
    client.get(url)
    trips, skipped = breaker.trips, breaker.skipped
    shared.pause()
    try:
        pages = [client.get(url) for _ in range(5)]
    finally:
        shared.resume()

    assert [page.status_code for page in pages] == [200] * 5
    assert all(listed_titles(page) == ["How does reverse() work?"] for page in pages)
    # One read timed out (250 ms) and opened the breaker; the others never asked.
    assert breaker.trips == trips + 1
    assert breaker.skipped >= skipped + 4


def test_the_memo_asks_redis_nothing_once_subscribed(client, shared, topic):
    make_question(topic=topic)
    url = topic.get_absolute_url()
    deadline = time.monotonic() + 5
    while not watch.watcher().live():
        assert time.monotonic() < deadline, "the subscription was never confirmed"
        client.get(url)
        time.sleep(0.02)
    client.get(url)
    # INFO itself is a command: count what asking costs.
    first = commands(shared)
    before = commands(shared)

    client.get(url)
    client.get(url)

    # Only the subscription's own PING, if one fell due.
    assert commands(shared) - before - (before - first) <= 1
