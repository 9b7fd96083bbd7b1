"""Security headers on every kind of response, cookie flags, and no inline code for CSP to block."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.test import Client

from tests import factories

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
# The values config/settings/prod.py sets (tests/test_settings.py checks them there).
PRODUCTION = {
    "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}
HSTS = "max-age=31536000; includeSubDomains; preload"
STYLESHEET = Path(django_settings.BASE_DIR) / "static" / "css" / "site.css"


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_hardened(response):
    assert csp_directives(response) == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def question(topic):
    return factories.make_question("What is CSRF?", topic=topic)


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def static_client(settings):
    """A client whose WhiteNoise serves straight from the app's static folders."""
    settings.WHITENOISE_USE_FINDERS = True
    return Client()


def test_html_page(client, question):
    response = client.get("/")

    assert response.status_code == 200
    assert "Routing and URLs" in response.content.decode()
    assert_hardened(response)
    assert response.headers["X-Frame-Options"] == "DENY"


def test_question_page(client, question):
    response = client.get(question.get_absolute_url())

    assert response.status_code == 200
    assert_hardened(response)


def test_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert_hardened(response)


def test_static_file_served_by_whitenoise(static_client):
    response = static_client.get("/static/css/site.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == STYLESHEET.read_bytes()
    assert response.headers["Content-Type"].startswith("text/css")
    assert_hardened(response)


def test_admin_login_page(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_hardened(response)


def test_admin_change_form(client, superuser, question):
    client.force_login(superuser)

    response = client.get(f"/admin/questions/question/{question.pk}/change/")

    assert response.status_code == 200
    assert "markdownx" in response.content.decode()
    assert_hardened(response)


def test_hsts_of_a_year_in_production(production, static_client, question):
    page = static_client.get("/", secure=True)
    static_file = static_client.get("/static/css/site.css", secure=True)

    assert page.headers["Strict-Transport-Security"] == HSTS
    assert static_file.status_code == 200
    assert static_file.headers["Strict-Transport-Security"] == HSTS


def test_cookies_are_http_only_and_same_site(client, reader):
    login_page = client.get("/accounts/login/")
    logged_in = client.post("/accounts/login/", {"username": "reader", "password": "pw"})

    csrf_cookie = login_page.cookies[django_settings.CSRF_COOKIE_NAME]
    session_cookie = logged_in.cookies[django_settings.SESSION_COOKIE_NAME]
    assert logged_in.status_code == 302
    for cookie in (csrf_cookie, session_cookie):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert not cookie["secure"]


def test_cookies_are_secure_in_production(production, client, reader):
    login_page = client.get("/accounts/login/", secure=True)
    logged_in = client.post(
        "/accounts/login/", {"username": "reader", "password": "pw"}, secure=True
    )

    assert login_page.cookies[django_settings.CSRF_COOKIE_NAME]["secure"] is True
    assert logged_in.cookies[django_settings.SESSION_COOKIE_NAME]["secure"] is True


def test_markdown_preview_works_with_an_http_only_csrf_cookie(editor):
    """markdownx cannot read the cookie, so it posts the form's token: that must pass CSRF."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    form_page = client.get("/admin/questions/question/add/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)

    preview = client.post(
        "/markdownx/markdownify/", {"content": "**bold**", "csrfmiddlewaretoken": token}
    )
    without_token = client.post("/markdownx/markdownify/", {"content": "**bold**"})

    assert preview.status_code == 200
    assert preview.content.decode() == "<p><strong>bold</strong></p>"
    assert without_token.status_code == 403


class InlineCodeFinder(HTMLParser):
    """Find what `script-src 'self'` and `style-src 'self'` would block in a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {name}=" for name in attrs if name == "style"]
        self.found += [f"{tag} {name}=" for name in attrs if name.startswith("on")]
        self.found += [
            f"{tag} {name}={value}"
            for name, value in attrs.items()
            if name in {"href", "src", "action"} and value.lower().startswith("javascript:")
        ]


def inline_code(response):
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder.found


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/questions/",
        "/topics/routing/",
        "question",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ],
)
def test_public_pages_have_no_inline_code(client, question, path):
    response = client.get(question.get_absolute_url() if path == "question" else path)

    assert response.status_code in {200, 404}
    assert inline_code(response) == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/questions/question/",
        "/admin/questions/question/add/",
        "change",
        "/admin/questions/topic/add/",
        "/admin/axes/accessattempt/",
    ],
)
def test_admin_pages_have_no_inline_code(client, superuser, question, path):
    client.force_login(superuser)

    url = f"/admin/questions/question/{question.pk}/change/" if path == "change" else path
    response = client.get(url)

    assert response.status_code == 200
    assert inline_code(response) == []


def test_locked_out_page_is_hardened(client, reader):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "reader", "password": "no"})

    assert response.status_code == 429
    assert_hardened(response)
    assert inline_code(response) == []


def test_server_error_page_has_no_inline_code():
    page = render_to_string("500.html")
    finder = InlineCodeFinder()
    finder.feed(page)

    assert finder.found == []
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert client.get(response["Location"]).status_code == 200
