"""Hostile headers and parameter counts: no public URL answers a 5xx.

tests/test_fuzz.py throws hostile values at every public URL; this throws what
surrounds them: the Host header, the Cookie header (garbage session ids, huge
and non-ASCII cookies) and the number of parameters (none to 2,000, keys
repeated or not), with DEBUG off, as in production, and the page cache on, since
it decides from the cookies whether a page may be shared.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.test_fuzz import FUZZ, QUERY_KEYS, fill, hostile_text, make_bank, routes


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PAGE_CACHE_SECONDS = 300
    yield
    # The API's throttle counts live in the cache: leave none to the tests that follow.
    cache.clear()


def fresh_cache():
    """Each example starts unthrottled, so it reaches the API's views, not its 429."""
    cache.clear()


@pytest.fixture
def bank():
    return make_bank()


@pytest.fixture
def client():
    # A failure comes back as the page a visitor would get, so its status is checked.
    return Client(raise_request_exception=False)


def as_wsgi(text):
    """What a server hands over for a header's bytes: latin-1 text, whatever was sent."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


HOSTS = [
    "evil.example",
    "",
    " ",
    "testserver:",
    "testserver:abc",
    "testserver:99999999",
    "testserver:-1",
    "testserver.",
    "TESTSERVER",
    "testserver, evil.example",
    "testserver/evil",
    "testserver@evil.example",
    "testserver\x00",
    "testserver\r\nX-Injected: 1",
    "[::1]",
    "[::1",
    "[testserver]:80",
    "127.0.0.1:8000",
    "xn--",
    "tëstserver",
    "t" * 300,
    "a." * 200,
    "%74estserver",
]
host = st.one_of(st.sampled_from(HOSTS), st.text(max_size=60)).map(as_wsgi)

SESSION_IDS = [
    "",
    "x",
    "0" * 32,
    "a" * 40,
    "../../etc/passwd",
    "' OR 1=1 --",
    "\x00",
    "é" * 32,
    "x" * 5_000,
    ".eJyrVkrPz0lMyU3MS1WyUkpJTVOqBQBF8gZt:1sX",
]
cookie_name = st.sampled_from(["sessionid", "csrftoken", "messages", "theme", "x", "", "a b"])
cookie_value = st.one_of(st.sampled_from(SESSION_IDS), hostile_text, st.text(max_size=40))
cookie_header = st.one_of(
    st.lists(st.tuples(cookie_name, cookie_value), max_size=6).map(
        lambda pairs: "; ".join(f"{name}={value}" for name, value in pairs)
    ),
    st.sampled_from(
        [
            "sessionid",
            "=",
            ";;;;",
            'sessionid="unterminated',
            "sessionid=" + "x" * 60_000,
            "; ".join(f"c{n}=1" for n in range(2_000)),
            "sessionid=a; sessionid=b; sessionid=c",
            "csrftoken=\x00; sessionid=\x01",
        ]
    ),
    st.text(max_size=200),
).map(as_wsgi)


@st.composite
def parameters(draw):
    """A query string of 0 to 2,000 parameters, keys repeated or all different."""
    count = draw(st.sampled_from([0, 1, 999, 1_000, 1_001, 2_000]) | st.integers(0, 2_000))
    keys = draw(
        st.sampled_from(
            [
                lambda n: "q",
                lambda n: QUERY_KEYS[n % len(QUERY_KEYS)],
                lambda n: f"p{n}",
                lambda n: "difficulty",
            ]
        )
    )
    value = draw(st.sampled_from(["", "1", "beginner", "x" * 20]))
    return "&".join(f"{keys(n)}={value}" for n in range(count))


@FUZZ
@given(route=routes, value=host)
def test_hostile_host_headers(client, bank, route, value):
    fresh_cache()
    response = client.get(fill(route, bank), HTTP_HOST=value)

    assert response.status_code < 500


@FUZZ
@given(route=routes, value=cookie_header)
def test_hostile_cookie_headers(client, bank, route, value):
    fresh_cache()
    response = client.get(fill(route, bank), HTTP_COOKIE=value)

    assert response.status_code < 500


@FUZZ
@given(route=routes, query=parameters())
def test_any_number_of_query_parameters(client, bank, route, query):
    fresh_cache()
    response = client.get(fill(route, bank), QUERY_STRING=query)

    assert response.status_code < 500


@FUZZ
@given(route=routes, body=parameters())
def test_any_number_of_form_fields(client, bank, route, body):
    fresh_cache()
    response = client.post(
        fill(route, bank), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code < 500


def test_the_hostile_headers_reach_the_pages(client, bank):
    """The fuzzing above must reach the views, not stop at a 400 for every request."""
    page = bank["question"].get_absolute_url()

    assert client.get(page, HTTP_COOKIE="sessionid=" + "x" * 5_000).status_code == 200
    assert client.get(page, QUERY_STRING="&".join(["q=1"] * 1_000)).status_code == 200
    assert client.get(page, HTTP_HOST="evil.example").status_code == 400
