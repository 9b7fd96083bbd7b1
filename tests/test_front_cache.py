"""Varnish in front of two app servers: anonymous pages come from it, and a publish purges them.

Debian's `varnish` runs config/varnish/varnish.vcl in front of two gunicorn instances with
production settings, one PostgreSQL database and one Redis (the set-up of
test_scale_out.py). Anonymous readers get their second visit from Varnish;
signed-in readers, editors' previews and drafts' 404s never come from it; a
publish or an unpublish through either server bans the pages at once. Runs in the
PostgreSQL pass of `make test`, with the Redis that `scripts/with-redis` starts.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest
import redis
from django.conf import settings

from tests.servers import free_port, manage, on_postgresql, scratch_database, stop, wait_for_port
from tests.test_scale_out import HOST, PASSWORD, SEED, Site

pytestmark = pytest.mark.scaleout

DEPLOY = Path(settings.BASE_DIR) / "config" / "varnish"
TOPIC, DRAFT = "/topics/routing/", "/questions/namespaces/"

SITE_VCL = """
backend app_a {{ .host = "127.0.0.1"; .port = "{a}"; }}
backend app_b {{ .host = "127.0.0.1"; .port = "{b}"; }}
acl purgers {{ "127.0.0.1"; }}
sub vcl_init {{
    new app = directors.round_robin();
    app.add_backend(app_a);
    app.add_backend(app_b);
}}
"""


@pytest.fixture(scope="module")
def varnishd():
    path = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
    if path is None:
        message = "needs Varnish: apt-get install varnish"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


class Front(NamedTuple):
    varnish: Site
    servers: list[Site]
    draft: int


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The scale-out test's deployment, set up once for this module (migrating takes a while)."""
    redis_url = os.environ.get("REDIS_URL")
    if not on_postgresql():
        pytest.skip("runs in the PostgreSQL pass of make test (scripts/with-postgres)")
    if not redis_url:
        message = "needs Redis: apt-get install redis-server, run through scripts/with-redis"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    tmp_path = tmp_path_factory.mktemp("front-cache")
    with scratch_database(tmp_path) as database_url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "DJANGO_CACHE_KEY_PREFIX": tmp_path.name,
            "DJANGO_PAGE_CACHE_SECONDS": "300",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
        }
        manage("migrate", "--no-input", env=env)
        manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
        seeded = json.loads(manage("shell", "--no-imports", "-c", SEED, env=env))
        try:
            yield env, seeded["draft"], tmp_path
        finally:
            client = redis.Redis.from_url(redis_url)
            if keys := list(client.scan_iter(f"{tmp_path.name}:*")):
                client.delete(*keys)


@pytest.fixture(scope="module")
def front(production, varnishd):
    """Two gunicorn instances that purge one Varnish, and that Varnish in front of both."""
    production_env, draft, tmp_path = production
    varnish_port = free_port()
    env = {
        **production_env,
        "DJANGO_PAGE_CACHE_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/",
        # Varnish adds the client to X-Forwarded-For.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
    }
    # Varnish drops root for its own users, which must reach its files.
    workdir = Path(tempfile.mkdtemp(prefix="varnish-"))
    workdir.chmod(0o755)
    processes = []
    try:
        ports = []
        for name in ("a", "b"):
            port, log_path = free_port(), tmp_path / f"gunicorn-{name}.log"
            with open(log_path, "wb") as log:
                processes.append(
                    subprocess.Popen(
                        [
                            *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                            *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
                        ],
                        cwd=settings.BASE_DIR,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            wait_for_port(port, processes[-1], log_path)
            ports.append(port)
        (workdir / "varnish-site.vcl").write_text(SITE_VCL.format(a=ports[0], b=ports[1]))
        log_path = tmp_path / "varnish.log"
        with open(log_path, "wb") as log:
            processes.append(
                subprocess.Popen(
                    [
                        *(varnishd, "-F", "-n", str(workdir / "state")),
                        *("-a", f"127.0.0.1:{varnish_port}", "-s", "malloc,32m"),
                        *("-f", str(DEPLOY / "varnish.vcl")),
                        # The test's backends first, then the shipped policy.
                        *("-p", f"vcl_path={workdir}:{DEPLOY}"),
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        wait_for_port(varnish_port, processes[-1], log_path)
        yield Front(Site(varnish_port), [Site(port) for port in ports], draft)
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def from_varnish(response):
    """Whether Varnish answered from its cache: a hit names two transactions."""
    return len(response.getheader("X-Varnish", "").split()) == 2


def visit(site, path):
    response, content = site.get(path)
    assert response.getheader("X-Varnish"), "not through Varnish"
    return response, content


def test_anonymous_pages_come_from_varnish_and_a_publish_purges_them(front):
    varnish, (_, b), draft = front
    anonymous = varnish.as_anonymous

    first, content = visit(anonymous(), TOPIC)
    second, cached = visit(anonymous(), TOPIC)
    assert first.status == second.status == 200
    assert from_varnish(second)
    assert int(second.getheader("Age")) >= 0
    assert cached == content
    assert "What does reverse() do?" in content
    assert "What is a URL namespace?" not in content
    assert second.getheader("Cache-Control").startswith("public, max-age=0, s-maxage=300")
    assert "cookie" not in (second.getheader("Vary") or "").lower()
    assert second.getheader("Set-Cookie") is None

    # Signed in, every page comes from the app servers, with the reader's own header.
    publisher = anonymous()
    publisher.log_in("publisher", PASSWORD)
    for _ in range(2):
        response, content = visit(publisher, TOPIC)
        assert not from_varnish(response)
        assert "Log out" in content
        # A draft: the publisher's preview, everyone else's 404, neither from Varnish.
        response, content = visit(publisher, DRAFT)
        assert (response.status, from_varnish(response)) == (200, False)
        assert "What is a URL namespace?" in content
        response, _ = visit(anonymous(), DRAFT)
        assert (response.status, from_varnish(response)) == (404, False)

    publisher.admin_action("publish_selected", draft)

    response, content = visit(anonymous(), TOPIC)
    assert not from_varnish(response)
    assert "What is a URL namespace?" in content
    response, cached = visit(anonymous(), TOPIC)
    assert from_varnish(response)
    assert cached == content
    response, _ = visit(anonymous(), DRAFT)
    assert response.status == 200

    # Through the other server, not through Varnish: it purges Varnish too.
    b.signed_in_as(publisher).admin_action("unpublish_selected", draft)

    response, content = visit(anonymous(), TOPIC)
    assert not from_varnish(response)
    assert "What is a URL namespace?" not in content
    for _ in range(2):
        response, _ = visit(anonymous(), DRAFT)
        assert (response.status, from_varnish(response)) == (404, False)


def test_anonymous_forms_keep_their_csrf_cookie_through_varnish(front):
    varnish = front.varnish
    visit(varnish.as_anonymous(), TOPIC)

    visitor = varnish.as_anonymous()
    response, form = visit(visitor, "/practice/mock/")
    assert not from_varnish(response)
    assert "csrftoken" in visitor.cookies
    # A CSRF cookie alone does not keep a visitor from the cached pages.
    response, _ = visit(visitor, TOPIC)
    assert from_varnish(response)

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response, _ = visitor.post(
        "/practice/mock/", {"csrfmiddlewaretoken": token, "questions": 1, "minutes": 2}
    )
    assert response.status == 302
    assert "sessionid" in visitor.cookies
    # With a session (a mock interview), the visitor's pages come from the app.
    response, _ = visit(visitor, TOPIC)
    assert not from_varnish(response)


def test_only_the_app_servers_may_purge(front):
    varnish = front.varnish
    visit(varnish.as_anonymous(), TOPIC)

    # Loopback is one /8: this address is not the servers' 127.0.0.1.
    stranger = http.client.HTTPConnection(
        "127.0.0.1", varnish.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    try:
        stranger.request("BAN", "/")
        refused = stranger.getresponse()
    finally:
        stranger.close()

    assert refused.status == 403
    response, _ = visit(varnish.as_anonymous(), TOPIC)
    assert from_varnish(response)


def test_the_app_servers_own_cache_hits_are_public_too(front):
    for server in front.servers:
        server.get(TOPIC)
        response, _ = server.get(TOPIC)

        assert response.getheader("X-Page-Cache") == "hit"
        assert response.getheader("Cache-Control").startswith("public, max-age=0, s-maxage=300")
        assert response.getheader("X-Shared-Cache-Until") is None
