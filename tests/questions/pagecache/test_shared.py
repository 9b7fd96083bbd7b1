"""The page cache on a real Redis: each worker's memory, the published generation, outages."""

import time

import pytest
from django.test import override_settings

from questions.pagecache import watch
from questions.pagecache.breaker import breaker
from questions.pagecache.generation import GENERATION_KEY
from questions.pagecache.middleware import memory
from tests.pages import listed_titles
from tests.questions.pagecache.redis_server import redis_server  # noqa: F401 (a fixture)
from tests.questions.pagecache.visits import fetch, warm

URL = "/topics/routing/"


@pytest.fixture
def shared(redis_server, settings):  # noqa: F811
    """The default cache is the private Redis; its breaker opens for half a second."""
    settings.PAGE_CACHE_BREAKER_SECONDS = 0.5
    with override_settings(CACHES=redis_server.cache_settings()):
        yield redis_server
        found = watch.watcher()
        if found is not None:
            found.close()
    memory().clear()


def commands(server):
    return server.client().info("stats")["total_commands_processed"]


def subscribed(client):
    """Fetch until this worker's subscription is confirmed (its first request opens it)."""
    deadline = time.monotonic() + 5
    while not watch.watcher().live():
        assert time.monotonic() < deadline, "the subscription was never confirmed"
        fetch(client, URL)
        time.sleep(0.02)


def test_hits_come_from_the_workers_memory_without_asking_redis(client, shared, question):
    warm(client, URL)
    subscribed(client)
    fetch(client, URL)
    before = commands(shared)

    pages = [fetch(client, URL) for _ in range(50)]

    assert {page["X-Page-Cache"] for page in pages} == {"hit"}
    # The INFO that counts, and a PING every 100 ms at most: nothing per hit.
    assert commands(shared) - before <= 5


def test_a_bump_reaches_the_memory_through_the_subscription_at_once(
    client, committed, shared, question
):
    warm(client, URL)
    subscribed(client)
    # A generation changed without being announced is not seen while the
    # subscription is alive: the memory trusts it.
    shared.client().incr(f":1:{GENERATION_KEY}")
    assert fetch(client, URL)["X-Page-Cache"] == "hit"

    with committed():
        question.title = "How does reverse() find a URL?"
        question.save()

    response = fetch(client, URL)
    assert response["X-Page-Cache"] == "miss"
    assert listed_titles(response) == ["How does reverse() find a URL?"]


def test_without_the_subscription_the_generation_is_read_every_100_ms(client, shared, question):
    warm(client, URL)
    subscribed(client)
    shared.client().client_kill_filter(_type="pubsub")
    fetch(client, URL)  # sees the subscription close
    assert not watch.watcher().live()

    shared.client().incr(f":1:{GENERATION_KEY}")
    time.sleep(0.15)

    assert fetch(client, URL)["X-Page-Cache"] == "miss"


def test_a_paused_redis_costs_one_timeout_then_nothing(client, settings, shared, question):
    settings.PAGE_CACHE_BREAKER_SECONDS = 5
    warm(client, URL)
    shared.pause()
    try:
        durations, rendered = [], 0
        started = time.monotonic()
        # Until a few pages were rendered: the first once 250 ms of pings went unanswered.
        while rendered < 4 and time.monotonic() - started < 4:
            began = time.monotonic()
            response = client.get(URL)
            durations.append(time.monotonic() - began)
            assert response.status_code == 200
            assert question.title in listed_titles(response)
            rendered += response.get("X-Page-Cache") != "hit"
    finally:
        shared.resume()

    assert max(durations) < 2
    # Served from memory while Redis had answered a ping lately, then
    # rendered. Only the call that opened the breaker waited for the 250 ms
    # timeout; the breaker failed every later one at once, the page cache's
    # and the views' alike.
    assert rendered == 4
    assert breaker.trips == 1
    assert breaker.skipped >= rendered - 1

    # Redis answers the subscription again: the memory serves, breaker or not.
    time.sleep(0.3)
    pages = [fetch(client, URL).get("X-Page-Cache") for _ in range(3)]
    assert "hit" in pages


def test_a_stopped_redis_renders_pages_and_a_restarted_one_serves_them_again(
    client, shared, question
):
    warm(client, URL)
    shared.stop()
    # Past the 100 ms a generation read from Redis is trusted without it.
    time.sleep(0.15)

    for _ in range(10):
        began = time.monotonic()
        response = client.get(URL)
        assert response.status_code == 200
        assert time.monotonic() - began < 2
        assert response.get("X-Page-Cache") != "hit"
    assert breaker.trips >= 1

    shared.start()
    time.sleep(0.6)
    states = [fetch(client, URL).get("X-Page-Cache") for _ in range(4)]
    assert states[-1] == "hit"


def test_a_publish_while_redis_is_paused_shows_once_it_resumes(client, committed, shared, question):
    assert listed_titles(warm(client, URL)) == [question.title]
    shared.pause()
    try:
        with committed():
            question.title = "How does reverse() find a URL?"
            question.save()
    finally:
        shared.resume()

    time.sleep(0.6)
    titles = [listed_titles(fetch(client, URL)) for _ in range(3)]
    assert titles == [["How does reverse() find a URL?"]] * 3
