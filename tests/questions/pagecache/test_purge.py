"""Content changes purge the front caches: once per commit, at once, never failing the write."""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from questions.models import Status
from questions.pagecache.purge import REPEAT_AFTER
from tests.factories import make_draft, make_question


class FrontCache(ThreadingHTTPServer):
    """A purge endpoint on loopback that records what it is sent."""

    daemon_threads = True

    def __init__(self, status=200):
        self.status, self.received = status, []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    def do_BAN(self):
        self.server.received.append((self.command, self.path))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_caches():
    servers = [FrontCache(), FrontCache()]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def purging(settings, front_caches):
    settings.PAGE_CACHE_PURGE_URLS = [server.url for server in front_caches]
    settings.PAGE_CACHE_PURGE_TIMEOUT = 0.5
    return front_caches


def publish(client, *questions):
    response = client.post(
        "/admin/questions/question/",
        {
            "action": "publish_selected",
            "_selected_action": [q.pk for q in questions],
            "confirm": "yes",
        },
    )
    assert response.status_code == 302


def test_a_publish_bans_the_pages_of_every_front_cache_at_once(
    committed, publisher_client, purging, topic
):
    drafts = [make_draft(f"Question {n}?", topic=topic, answers=["Yes."]) for n in range(3)]

    with committed():
        publish(publisher_client, *drafts)

    assert [server.received for server in purging] == [[("BAN", "/")], [("BAN", "/")]]


def test_the_ban_is_sent_again_once_every_server_knows_the_new_generation(
    committed, publisher_client, purging, topic
):
    draft = make_draft("What is a URL namespace?", topic=topic, answers=["A prefix."])

    with committed():
        publish(publisher_client, draft)
    time.sleep(REPEAT_AFTER + 0.5)

    assert [len(server.received) for server in purging] == [2, 2]


def test_each_commit_purges_once_however_many_rows_it_writes(committed, purging, topic):
    with committed():
        for n in range(5):
            make_question(f"Question {n}?", topic=topic, answers=["Yes."])
    with committed():
        make_question("One more?", topic=topic)

    assert [len(server.received) for server in purging] == [2, 2]


def test_a_write_that_rolls_back_purges_nothing(committed, purging, question):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        question.title = "Never saved?"
        question.save()
        raise RuntimeError

    assert [server.received for server in purging] == [[], []]


def test_nothing_is_sent_before_the_commit(purging, question):
    question.title = "Not committed yet?"
    question.save()

    assert [server.received for server in purging] == [[], []]


def test_an_unreachable_or_refusing_front_cache_is_logged_and_the_write_stands(
    caplog, committed, publisher_client, settings, topic
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    refusing = FrontCache(status=403)
    threading.Thread(target=refusing.serve_forever, daemon=True).start()
    settings.PAGE_CACHE_PURGE_URLS = [closed, refusing.url]
    draft = make_draft("What is a URL namespace?", topic=topic, answers=["A prefix."])

    try:
        with caplog.at_level(logging.WARNING, "questions.pagecache.purge"), committed():
            publish(publisher_client, draft)
    finally:
        refusing.shutdown()
        refusing.server_close()

    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    warnings = [record.getMessage() for record in caplog.records]
    assert any(closed in message and "not purged" in message for message in warnings)
    assert any(refusing.url in message and "403" in message for message in warnings)


def test_a_stalled_front_cache_delays_the_writer_by_the_timeout_at_most(
    committed, publisher_client, settings, topic
):
    # Accepts connections and never answers.
    stalled = socket.create_server(("127.0.0.1", 0))
    settings.PAGE_CACHE_PURGE_URLS = [f"http://127.0.0.1:{stalled.getsockname()[1]}/"]
    settings.PAGE_CACHE_PURGE_TIMEOUT = 0.2
    draft = make_draft("What is a URL namespace?", topic=topic, answers=["A prefix."])

    try:
        started = time.monotonic()
        with committed():
            publish(publisher_client, draft)
        elapsed = time.monotonic() - started
    finally:
        stalled.close()

    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    # Without a timeout the writer would wait for as long as the front cache stalls.
    assert elapsed < 5
