"""The error pages as production serves them: gunicorn, `config.settings.prod`, hashed static.

Each page is asked for with the request that causes it, over real HTTP, and
must come back as our page (not gunicorn's or a traceback), with the security
headers, and with static files that the manifest knows.
"""

import http.client
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from tests.servers import free_port, manage, stop, wait_for_port

HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("prod")
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": f"sqlite:///{workdir / 'prod.sqlite3'}",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
    }
    manage("migrate", "--no-input", "--verbosity", "0", env=env)
    manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    return env, workdir


@pytest.fixture(scope="module")
def server(production):
    env, workdir = production
    port, log_path = free_port(), workdir / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                *("--bind", f"{HOST}:{port}", "--workers", "1"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_for_port(port, process, log_path)
    yield port, log_path
    stop(process)


def ask(port, method, path, *, host=HOST, headers=None, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.putrequest(method, path, skip_host=True)
    connection.putheader("Host", host)
    # As the TLS-terminating proxy in front of gunicorn says (SECURE_PROXY_SSL_HEADER).
    connection.putheader("X-Forwarded-Proto", "https")
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


# Short enough for gunicorn's 4,094-byte request line, so Django must refuse it.
MANY = "&".join(["a"] * 1_100)
CASES = [
    ("bad host", "GET", "/", {"host": "evil.example"}, 400, "Bad request"),
    ("bad host, admin", "GET", "/admin/", {"host": "evil.example"}, 400, "Bad request"),
    ("too many parameters", "GET", f"/questions/?{MANY}", {}, 400, "Bad request"),
    ("missing page", "GET", "/no-such-page/", {}, 404, "Page not found"),
    ("missing question", "GET", "/questions/no-such-question/", {}, 404, "Page not found"),
    (
        "post without a CSRF token",
        "POST",
        "/accounts/login/",
        {
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            "body": b"username=a&password=b",
        },
        403,
        "Forbidden",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "extra", "status", "says"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_error_page_is_ours_with_its_headers(server, method, path, extra, status, says):
    port, log_path = server
    got, headers, page = ask(port, method, path, **extra)

    assert got == status
    assert says in page
    assert "Traceback" not in page and "Internal Server Error" not in page
    assert headers.get("X-Content-Type-Options") == "nosniff"
    if "text/html" in headers.get("Content-Type", ""):
        assert "Content-Security-Policy" in headers
    assert "Traceback" not in log_path.read_text()


def test_the_pages_static_files_come_from_the_manifest(server):
    port, _ = server
    _, _, page = ask(port, "GET", "/no-such-page/")
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page)
    assert stylesheets, "the 404 page links no stylesheet"
    for href in stylesheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), f"{href} is not a hashed name"
        status, headers, _ = ask(port, "GET", href)
        assert status == 200
        assert "max-age=315360000" in headers.get("Cache-Control", "")


SERVER_ERROR = """
from django.test import RequestFactory
from django.views.defaults import server_error
response = server_error(RequestFactory().get("/"))
print(response.status_code, "Server error" in response.content.decode())
"""


def test_the_server_error_page_renders_under_production_settings(production):
    env, _ = production
    out = manage("shell", "--no-imports", "-c", SERVER_ERROR, env=env)
    assert out.strip().splitlines()[-1] == "500 True"
