"""Two app servers behind one load balancer: what one publishes, the other shows at once.

Two gunicorn instances with production settings share one PostgreSQL database and
one Redis. Anonymous pages are cached in Redis; a publisher logs into the admin of
one server and publishes a question; the other server's cached topic page shows it
on the next request. Runs in the PostgreSQL pass of `make test`, with the Redis
that `scripts/with-redis` starts.
"""

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie
from typing import NamedTuple
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings

from tests.servers import free_port, manage, on_postgresql, scratch_database, stop, wait_for_port

pytestmark = pytest.mark.scaleout

# What a load balancer forwards: one host name for every server, HTTPS ended
# in front of them.
HOST = "127.0.0.1"
FORWARDED = {"Host": HOST, "X-Forwarded-Proto": "https"}
PASSWORD = secrets.token_urlsafe(16)

SEED = f"""
import json

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import PUBLISHERS
from questions.models import Answer, Framework, Question, Status, Topic

topic = Topic.objects.create(name="Routing", slug="routing")
django = Framework.objects.create(name="Django", slug="django")
shown = Question.objects.create(
    topic=topic, framework=django, title="What does reverse() do?", slug="reverse",
    status=Status.PUBLISHED,
)
draft = Question.objects.create(
    topic=topic, framework=django, title="What is a URL namespace?", slug="namespaces",
)
# Publishing needs an answer.
Answer.objects.create(question=draft, body="A prefix that keeps URL names apart.", position=1)
publisher = User.objects.create_user("publisher", password={PASSWORD!r}, is_staff=True)
publisher.groups.add(Group.objects.get(name=PUBLISHERS))
print(json.dumps({{"draft": draft.pk}}))
"""


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not on_postgresql():
        pytest.skip("runs in the PostgreSQL pass of make test (scripts/with-postgres)")
    if not url:
        message = "needs Redis: apt-get install redis-server, run through scripts/with-redis"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


class Deployment(NamedTuple):
    env: dict
    draft: int


@pytest.fixture
def production(tmp_path, redis_url):
    """Production settings on a seeded scratch database and their own key space in Redis."""
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
            yield Deployment(env, seeded["draft"])
        finally:
            client = redis.Redis.from_url(redis_url)
            if keys := list(client.scan_iter(f"{tmp_path.name}:*")):
                client.delete(*keys)


@pytest.fixture
def servers(production, tmp_path):
    """Start two gunicorn instances on the same database and cache; stop both afterwards."""
    processes, sites = [], []
    try:
        for name in ("a", "b"):
            port, log_path = free_port(), tmp_path / f"gunicorn-{name}.log"
            with open(log_path, "wb") as log:
                processes.append(
                    subprocess.Popen(
                        [
                            *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                            *("--config", "python:config.gunicorn"),
                            *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
                        ],
                        cwd=settings.BASE_DIR,
                        env=production.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            wait_for_port(port, processes[-1], log_path)
            sites.append(Site(port))
        yield sites
    finally:
        for process in processes:
            stop(process)


class Site:
    """A browser for one server: keeps its cookies, says what the load balancer says."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = cookies if cookies is not None else {}

    def request(self, method, path, form=None):
        headers = {**FORWARDED}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def as_anonymous(self):
        return Site(self.port)

    def signed_in_as(self, other):
        """The same browser session on this server (sessions live in the database)."""
        return Site(self.port, cookies=dict(other.cookies))

    def log_in(self, username, password):
        _, page = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response, _ = self.post(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        assert response.status == 302, "the admin login was refused"

    def admin_action(self, action, pk):
        _, page = self.get("/admin/questions/question/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response, _ = self.post(
            "/admin/questions/question/",
            {
                "csrfmiddlewaretoken": token,
                "action": action,
                "_selected_action": pk,
                "confirm": "yes",
            },
        )
        assert response.status == 302, f"the {action} action was refused"


def topic_page(site):
    response, content = site.as_anonymous().get("/topics/routing/")
    assert response.status == 200
    return response.getheader("X-Page-Cache"), content


def test_a_question_published_on_one_server_shows_at_once_on_the_other(production, servers):
    draft = production.draft
    a, b = servers

    # Warm the cache through both: one shared cache, so B serves what A stored.
    assert topic_page(a)[0] == "miss"
    cache_state, content = topic_page(b)
    assert cache_state == "hit"
    assert "What does reverse() do?" in content
    assert "What is a URL namespace?" not in content
    assert topic_page(a)[0] == "hit"

    a.log_in("publisher", PASSWORD)
    a.admin_action("publish_selected", draft)

    cache_state, content = topic_page(b)
    assert cache_state == "miss"
    assert "What is a URL namespace?" in content
    assert topic_page(a) == ("hit", content)
    response, _ = b.as_anonymous().get("/questions/namespaces/")
    assert response.status == 200

    # The session is in the database too: the same publisher unpublishes through B.
    b.signed_in_as(a).admin_action("unpublish_selected", draft)

    cache_state, content = topic_page(a)
    assert cache_state == "miss"
    assert "What is a URL namespace?" not in content
    response, _ = a.as_anonymous().get("/questions/namespaces/")
    assert response.status == 404
