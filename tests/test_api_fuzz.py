"""Hostile query strings and paths against the API: never a 5xx, always a JSON body."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tests.test_fuzz import FUZZ, hostile_text, raw_query

ENDPOINTS = [
    "/api/v1/topics/",
    "/api/v1/frameworks/",
    "/api/v1/questions/",
    "/api/v1/questions/what-is-csrf/",
    "/api/v1/questions/a-draft/",
]
API_KEYS = ["topic", "framework", "difficulty", "q", "page", "format", "page_size", "x"]


@pytest.fixture
def bank(settings):
    """A published question and a draft; no throttle, so every example reaches the view."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"},
    }
    cache.clear()
    topic = factories.make_topic("Security", slug="security")
    factories.make_question("What is CSRF?", slug="what-is-csrf", topic=topic, body="`csrf`")
    factories.make_draft("A draft?", slug="a-draft", topic=topic)


def assert_json_answer(response):
    assert response.status_code < 500
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    if response.status_code >= 400:
        assert isinstance(body.get("detail"), str)


@FUZZ
@given(url=st.sampled_from(ENDPOINTS), query=raw_query)
def test_hostile_query_strings(client, bank, url, query):
    assert_json_answer(client.get(url, QUERY_STRING=query))


@FUZZ
@given(
    url=st.sampled_from(ENDPOINTS),
    params=st.dictionaries(st.sampled_from(API_KEYS), hostile_text, min_size=1, max_size=4),
)
def test_hostile_filter_values(client, bank, url, params):
    assert_json_answer(client.get(url, params))


@FUZZ
@given(segment=hostile_text.filter(lambda text: text and "/" not in text))
def test_hostile_slugs(client, bank, segment):
    response = client.get(f"/api/v1/questions/{quote(segment, safe='')}/")

    assert response.status_code < 500
    if response.status_code != 404 or response.headers["Content-Type"] == "application/json":
        return
    # Not a slug at all: the URL resolver's own (HTML) 404, before the API.
    assert response.headers["Content-Type"].startswith("text/html")


def test_the_fuzzing_reaches_the_filters(client, bank):
    response = client.get("/api/v1/questions/", {"difficulty": "\x00", "q": "<script>"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"difficulty"}
