"""Every error page renders for the request that causes it, without touching its host or data.

With DEBUG off, as in production: a page that failed while saying "bad request"
would be a 500 with a traceback in the logs.
"""

import pytest
from django.test import Client

from tests.factories import make_question

MANY = "&".join(f"p{n}=1" for n in range(1_100))


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.fixture
def client():
    # Errors come back as the pages visitors get, not as exceptions in the test.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/", "/questions/", "/no-such-page/", "/admin/"])
def test_a_host_we_do_not_serve_gets_the_bad_request_page(client, db, path):
    response = client.get(path, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        # Lists read their filters from the query string: too many is a bad request.
        ("/questions/", 400, "Bad request"),
        ("/topics/routing/", 400, "Bad request"),
        ("/no-such-page/", 404, "Page not found"),
        # The home page reads no parameter, so it has nothing to refuse.
        ("/", 200, "Topics"),
    ],
)
def test_too_many_query_parameters_get_a_clear_answer(client, db, path, status, says):
    from tests.factories import make_topic

    make_question(topic=make_topic("Routing", slug="routing"))

    response = client.get(f"{path}?{MANY}")

    assert response.status_code == status
    assert says in response.content.decode()


def test_a_404_with_an_odd_host_header_port_still_renders(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_server_error_page_needs_nothing_from_the_request(db):
    from django.template.loader import get_template

    assert "Something went wrong" in get_template("500.html").render({})
    assert "Bad request" in get_template("400.html").render({})


def test_plain_text_responses_name_their_charset(client, db):
    assert client.get("/robots.txt")["Content-Type"] == "text/plain; charset=utf-8"
