"""The public API (questions/api): published content only, as JSON, with HTTP's caching rules."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils.http import parse_http_date
from openapi_schema_validator import OAS30Validator
from openapi_schema_validator import validate as validate_schema
from openapi_spec_validator import validate
from rest_framework.fields import DateTimeField

from questions.models import Difficulty, Status
from tests import factories

PUBLISHED_AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
API = "http://testserver/api/v1"
SITE = "http://testserver"


def timestamp(value):
    return DateTimeField().to_representation(value)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The throttle's counts and the Last-Modified dates live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bank(django_framework, flask_framework):
    """A published question, and the content readers must never see through the API."""
    security = factories.make_topic(
        "Security", slug="security", description="Keep *secrets* secret.", position=1
    )
    routing = factories.make_topic("Routing and URLs", slug="routing", position=2)
    hidden_topic = factories.make_topic("Unfinished", slug="unfinished", position=3)
    factories.make_framework("tornado", name="Tornado")
    csrf = factories.make_question(
        "What is CSRF?",
        slug="what-is-csrf",
        topic=security,
        framework=django_framework,
        body="See `csrf_token`.",
        answers=["Use the **token**.", "Check the `Origin`."],
        publish_at=PUBLISHED_AT,
    )
    urls = factories.make_question(
        "How does Flask route URLs?",
        slug="flask-routing",
        topic=routing,
        framework=flask_framework,
        difficulty=Difficulty.ADVANCED,
        publish_at=PUBLISHED_AT,
    )
    draft = factories.make_draft(
        "A draft about zanzibarite?",
        slug="a-draft",
        topic=hidden_topic,
        framework=factories.make_framework("pyramid", name="Pyramid"),
        body="zanzibarite",
    )
    scheduled = factories.make_scheduled(
        "A scheduled question about quuxotic?",
        slug="scheduled",
        topic=security,
        framework=factories.make_framework("tornado"),
        body="quuxotic",
    )
    return {"csrf": csrf, "urls": urls, "draft": draft, "scheduled": scheduled}


def get_json(client, url, data=None, status=200, **headers):
    response = client.get(url, data, **headers)
    assert response.status_code == status, response.content
    assert response.headers["Content-Type"] == "application/json"
    return response.json()


def slugs(client, **params):
    return [item["slug"] for item in get_json(client, "/api/v1/questions/", params)["results"]]


# The resources, exactly.


def test_question_list(client, bank):
    assert get_json(client, "/api/v1/questions/") == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "slug": "what-is-csrf",
                "title": "What is CSRF?",
                "difficulty": "beginner",
                "topic": {"slug": "security", "name": "Security"},
                "framework": {"slug": "django", "name": "Django"},
                "published_at": "2025-03-01T09:30:00Z",
                "url": f"{API}/questions/what-is-csrf/",
                "site_url": f"{SITE}/questions/what-is-csrf/",
            },
            {
                "slug": "flask-routing",
                "title": "How does Flask route URLs?",
                "difficulty": "advanced",
                "topic": {"slug": "routing", "name": "Routing and URLs"},
                "framework": {"slug": "flask", "name": "Flask"},
                "published_at": "2025-03-01T09:30:00Z",
                "url": f"{API}/questions/flask-routing/",
                "site_url": f"{SITE}/questions/flask-routing/",
            },
        ],
    }


def test_question_detail_with_answers_as_markdown_and_html(client, bank):
    csrf = bank["csrf"]
    csrf.checked_versions.create(framework=csrf.framework, version="5.2")
    first, second = csrf.answers.all()

    assert get_json(client, "/api/v1/questions/what-is-csrf/") == {
        "slug": "what-is-csrf",
        "title": "What is CSRF?",
        "difficulty": "beginner",
        "topic": {"slug": "security", "name": "Security"},
        "framework": {"slug": "django", "name": "Django"},
        "published_at": "2025-03-01T09:30:00Z",
        "url": f"{API}/questions/what-is-csrf/",
        "site_url": f"{SITE}/questions/what-is-csrf/",
        "updated_at": timestamp(csrf.updated_at),
        "body": "See `csrf_token`.",
        "body_html": "<p>See <code>csrf_token</code>.</p>",
        "answers": [
            {
                "id": first.pk,
                "position": 1,
                "body": "Use the **token**.",
                "body_html": "<p>Use the <strong>token</strong>.</p>",
            },
            {
                "id": second.pk,
                "position": 2,
                "body": "Check the `Origin`.",
                "body_html": "<p>Check the <code>Origin</code>.</p>",
            },
        ],
        "checked_against": ["Django 5.2"],
    }


def test_topics_with_published_questions_only(client, bank):
    assert get_json(client, "/api/v1/topics/") == [
        {
            "slug": "security",
            "name": "Security",
            "description": "Keep *secrets* secret.",
            "description_html": "<p>Keep <em>secrets</em> secret.</p>",
            "question_count": 1,
            "site_url": f"{SITE}/topics/security/",
        },
        {
            "slug": "routing",
            "name": "Routing and URLs",
            "description": "",
            "description_html": "",
            "question_count": 1,
            "site_url": f"{SITE}/topics/routing/",
        },
    ]


def test_frameworks_with_published_questions_only(client, bank):
    assert get_json(client, "/api/v1/frameworks/") == [
        {
            "slug": "django",
            "name": "Django",
            "question_count": 1,
            "site_url": f"{SITE}/questions/?framework=django",
        },
        {
            "slug": "flask",
            "name": "Flask",
            "question_count": 1,
            "site_url": f"{SITE}/questions/?framework=flask",
        },
    ]


# Filters, as on the site.


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "security"}, ["what-is-csrf"]),
        ({"topic": "routing"}, ["flask-routing"]),
        ({"framework": "flask"}, ["flask-routing"]),
        ({"difficulty": "advanced"}, ["flask-routing"]),
        ({"difficulty": "intermediate"}, []),
        ({"q": "csrf"}, ["what-is-csrf"]),
        ({"q": "route flask"}, ["flask-routing"]),
        ({"topic": "security", "framework": "flask"}, []),
        (
            {"topic": "", "framework": "", "difficulty": "", "q": ""},
            ["what-is-csrf", "flask-routing"],
        ),
        ({"unknown": "ignored"}, ["what-is-csrf", "flask-routing"]),
    ],
)
def test_filters(client, bank, params, expected):
    assert slugs(client, **params) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"framework": "nope"}, "framework"),
        # Only drafts and scheduled questions: as unknown as a made-up slug.
        ({"framework": "pyramid"}, "framework"),
        ({"framework": "tornado"}, "framework"),
        ({"topic": "unfinished"}, "topic"),
        ({"topic": "a\x00b"}, "topic"),
        ({"difficulty": "expert"}, "difficulty"),
        ({"q": "a" * 201}, "q"),
    ],
)
def test_an_invalid_filter_value_is_a_400_that_says_which(client, bank, params, field):
    body = get_json(client, "/api/v1/questions/", params, status=400)

    assert list(body["errors"]) == [field]
    assert body["detail"].startswith(f"Invalid filter values. {field}: ")


def test_pagination(client, bank, settings):
    topic = bank["csrf"].topic
    factories.bulk_make_questions(
        settings.QUESTIONS_PER_PAGE + 3,
        topics=[topic],
        frameworks=[topic.questions.first().framework],
    )
    total = settings.QUESTIONS_PER_PAGE + 5

    first = get_json(client, "/api/v1/questions/", {"topic": "security"})
    second = get_json(client, first["next"])

    assert first["count"] == second["count"] == settings.QUESTIONS_PER_PAGE + 4
    assert first["previous"] is None
    assert first["next"] == f"{API}/questions/?page=2&topic=security"
    assert len(first["results"]) == settings.QUESTIONS_PER_PAGE
    assert second["next"] is None
    assert second["previous"] == f"{API}/questions/?topic=security"
    assert len(second["results"]) == 4
    assert get_json(client, "/api/v1/questions/")["count"] == total
    assert not {item["slug"] for item in first["results"]} & {
        item["slug"] for item in second["results"]
    }


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "99999999999999999999"])
def test_a_page_out_of_range_is_a_json_404(client, bank, page):
    body = get_json(client, "/api/v1/questions/", {"page": page}, status=404)

    assert body == {"detail": "Invalid page."}


# Drafts and scheduled questions never show.


@pytest.mark.parametrize("signed_in", [None, "editor", "superuser"])
def test_drafts_and_scheduled_questions_never_show(client, bank, request, signed_in):
    """Not even to an editor signed in on the site: the API reads no session."""
    if signed_in:
        client.force_login(request.getfixturevalue(signed_in))

    assert slugs(client) == ["what-is-csrf", "flask-routing"]
    assert slugs(client, q="zanzibarite") == []
    assert slugs(client, q="quuxotic") == []
    assert slugs(client, topic="security") == ["what-is-csrf"]
    for slug in ("a-draft", "scheduled"):
        body = get_json(client, f"/api/v1/questions/{slug}/", status=404)
        assert body == {"detail": "No Question matches the given query."}
    assert [t["slug"] for t in get_json(client, "/api/v1/topics/")] == ["security", "routing"]
    assert [f["slug"] for f in get_json(client, "/api/v1/frameworks/")] == ["django", "flask"]


def test_a_scheduled_question_shows_once_its_date_has_come(client, bank):
    scheduled = bank["scheduled"]
    scheduled.publish_at = PUBLISHED_AT
    scheduled.save()

    assert "scheduled" in slugs(client)
    assert get_json(client, "/api/v1/questions/scheduled/")["title"] == scheduled.title


def test_an_unpublished_question_leaves_the_api(client, bank):
    csrf = bank["csrf"]
    csrf.status = Status.DRAFT
    csrf.save()

    assert slugs(client) == ["flask-routing"]
    get_json(client, "/api/v1/questions/what-is-csrf/", status=404)


def test_unknown_slug_is_a_json_404(client, bank):
    assert get_json(client, "/api/v1/questions/no-such-question/", status=404) == {
        "detail": "No Question matches the given query."
    }


# HTTP: conditional requests, throttling, CORS, methods.


@pytest.mark.parametrize(
    "url", ["/api/v1/questions/", "/api/v1/questions/what-is-csrf/", "/api/v1/topics/"]
)
def test_if_none_match_answers_304_until_the_content_changes(client, bank, url):
    first = client.get(url)
    etag = first.headers["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    csrf = bank["csrf"]
    csrf.title = "What is CSRF, and how does Django stop it?"
    csrf.save()
    csrf.topic.description = "Changed."
    csrf.topic.save()
    changed = client.get(url, headers={"If-None-Match": etag})

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_if_modified_since_answers_304_until_the_content_changes(client, bank):
    url = "/api/v1/questions/what-is-csrf/"
    first = client.get(url)
    last_modified = first.headers["Last-Modified"]

    again = client.get(url, headers={"If-Modified-Since": last_modified})
    csrf = bank["csrf"]
    csrf.title = "What is CSRF, and how does Django stop it?"
    csrf.save()
    changed = client.get(url, headers={"If-Modified-Since": last_modified})

    assert first.headers["Cache-Control"] == "public, no-cache"
    assert again.status_code == 304
    assert again.headers["Last-Modified"] == last_modified
    assert changed.status_code == 200
    assert changed.json()["title"] == csrf.title
    assert parse_http_date(changed.headers["Last-Modified"]) > parse_http_date(last_modified)


def test_a_different_query_is_a_different_etag(client, bank):
    everything = client.get("/api/v1/questions/")
    filtered = client.get("/api/v1/questions/", {"framework": "flask"})

    assert everything.headers["ETag"] != filtered.headers["ETag"]
    assert (
        client.get(
            "/api/v1/questions/",
            {"framework": "flask"},
            headers={"If-None-Match": everything["ETag"]},
        ).status_code
        == 200
    )


def test_anonymous_clients_are_throttled_with_retry_after(client, bank, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    other_address = Client(REMOTE_ADDR="10.0.0.2")

    allowed = [client.get("/api/v1/questions/").status_code for _ in range(3)]
    throttled = client.get("/api/v1/topics/")

    assert allowed == [200, 200, 200]
    assert throttled.status_code == 429
    assert 0 < int(throttled.headers["Retry-After"]) <= 60
    assert throttled.headers["Access-Control-Allow-Origin"] == "*"
    assert throttled.json()["detail"].startswith("Request was throttled.")
    assert other_address.get("/api/v1/topics/").status_code == 200


def test_a_forwarded_for_header_does_not_escape_the_throttle(client, bank, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"},
    }

    codes = [
        client.get("/api/v1/topics/", headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code
        for n in range(3)
    ]

    assert codes == [200, 200, 429]


@pytest.mark.parametrize(
    "url", ["/api/v1/questions/", "/api/v1/questions/what-is-csrf/", "/api/v1/frameworks/"]
)
def test_any_origin_may_read_without_credentials(client, bank, url):
    response = client.get(url, headers={"Origin": "https://elsewhere.example"})
    missing = client.get("/api/v1/questions/nope/")

    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert not response.cookies
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_for_a_conditional_get_is_allowed(client, bank):
    response = client.options(
        "/api/v1/questions/",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/questions/", "/api/v1/questions/what-is-csrf/"])
def test_the_api_is_read_only(client, editor, bank, method, url):
    client.force_login(editor)

    response = getattr(client, method)(url, {"title": "Changed"}, content_type="application/json")

    assert response.status_code == 405
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    assert "GET" in response.headers["Allow"]
    bank["csrf"].refresh_from_db()
    assert bank["csrf"].title == "What is CSRF?"


def test_head_is_answered_like_get(client, bank):
    response = client.head("/api/v1/questions/")

    assert response.status_code == 200
    assert response.headers["ETag"] == client.get("/api/v1/questions/").headers["ETag"]


# A constant number of queries, whatever the data size.


def make_bank_of(count, topic, framework):
    factories.bulk_make_questions(count, topics=[topic], frameworks=[framework], answers=3)
    factories.bulk_make_questions(
        count, topics=[topic], frameworks=[framework], status=Status.DRAFT
    )
    factories.bulk_make_questions(count, topics=[factories.make_topic()], frameworks=[framework])


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/questions/", 4),
        ("/api/v1/questions/?topic=routing&framework=django&difficulty=beginner", 6),
        # The ranked ids (SQLite: the words, then their prefixes; PostgreSQL: one query
        # between SET LOCAL and RESET), then the page as without a search.
        ("/api/v1/questions/?q=bulk", 6 if connection.vendor == "sqlite" else 7),
        ("/api/v1/topics/", 1),
        ("/api/v1/frameworks/", 1),
    ],
)
def test_lists_take_a_constant_number_of_queries(
    client, topic, django_framework, django_assert_num_queries, count, url, queries
):
    make_bank_of(count, topic, django_framework)

    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("answers", [3, 30])
def test_the_detail_takes_a_constant_number_of_queries(
    client, topic, django_framework, django_assert_num_queries, answers
):
    question = factories.make_question(
        topic=topic, framework=django_framework, answers=[f"Answer {n}" for n in range(answers)]
    )

    with django_assert_num_queries(3):
        assert client.get(f"/api/v1/questions/{question.slug}/").status_code == 200


# The schema and its docs page.


def test_the_schema_is_valid_openapi_3(client, bank):
    response = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    schema = response.json()

    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/topics/",
        "/api/v1/frameworks/",
        "/api/v1/questions/",
        "/api/v1/questions/{slug}/",
    }
    list_parameters = {
        p["name"] for p in schema["paths"]["/api/v1/questions/"]["get"]["parameters"]
    }
    assert list_parameters == {"topic", "framework", "difficulty", "q", "page"}
    assert set(schema["paths"]["/api/v1/questions/{slug}/"]) - {"parameters"} == {"get"}
    assert set(schema["paths"]["/api/v1/questions/"]["get"]["responses"]) == {
        "200", "400", "404", "429"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("url", "status", "component"),
    [
        ("/api/v1/topics/", 200, None),
        ("/api/v1/frameworks/", 200, None),
        ("/api/v1/questions/", 200, "PaginatedQuestionList"),
        ("/api/v1/questions/what-is-csrf/", 200, "QuestionDetail"),
        ("/api/v1/questions/?framework=nope", 400, "FilterError"),
        ("/api/v1/questions/nope/", 404, "Error"),
    ],
)
def test_the_answers_match_the_schema(client, bank, url, status, component):
    schema = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    spec = schema.json()
    path = url.split("?")[0].replace("what-is-csrf", "{slug}").replace("nope/", "{slug}/")
    declared = spec["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]
    if component:
        assert declared["schema"] == {"$ref": f"#/components/schemas/{component}"}

    response = client.get(url)

    assert response.status_code == status
    validate_schema(
        response.json(), {**declared["schema"], "components": spec["components"]}, OAS30Validator
    )


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.inline_scripts, self.inline_styles = [], [], 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = True
            self.urls.append(attrs.get("src"))
        elif tag == "link":
            self.urls.append(attrs["href"])
        elif tag == "style" or "style" in attrs:
            self.inline_styles += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def test_the_docs_page_loads_only_same_origin_assets(client, bank):
    response = client.get("/api/docs/")
    assets = Assets()
    assets.feed(response.content.decode())

    assert response.status_code == 200
    assert "script-src 'self';" in response.headers["Content-Security-Policy"] + ";"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert assets.inline_scripts == []
    assert assets.inline_styles == 0
    assert len(assets.urls) == 6
    for url in assets.urls:
        assert url.startswith(("/static/", "/api/docs/?")), url
        asset = client.get(url)
        assert asset.status_code == 200, url
    script = client.get("/api/docs/?script=")
    assert script.headers["Content-Type"] == "application/javascript"
    assert "/api/schema/" in script.content.decode()


def test_the_api_answers_when_the_cache_is_down(client, bank, settings):
    """The throttle and Last-Modified live in the cache; neither may turn into a 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: every cache call is refused at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/api/v1/questions/what-is-csrf/")
    again = client.get(
        "/api/v1/questions/what-is-csrf/", headers={"If-None-Match": response["ETag"]}
    )

    assert response.status_code == 200
    assert "Last-Modified" not in response.headers
    assert again.status_code == 304
