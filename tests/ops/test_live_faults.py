"""Faults under a running production server: the database goes away, the disk fills up.

gunicorn with the production settings. The site answers a clear 503 while its
database is away or full, never a 500, and recovers by itself, without a restart.
They start their own database servers, so they run once, in the SQLite pass of
`make test`. The restart needs PostgreSQL (in CI it must be there); the full disk
needs root and a tmpfs mount, and skips without them (tests/ops/test_disk_full.py
covers the same refusal everywhere, with SQLite's page limit).
"""

import os
import sqlite3
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.ops.live import Browser, PostgreSQLCluster, gunicorn, production_env
from tests.servers import manage, on_postgresql

SEED = """
from questions.models import Framework, Question, Status, Topic

topic = Topic.objects.create(name="Operations", slug="operations")
general = Framework.objects.create(name="General", slug="general")
Question.objects.create(
    topic=topic, framework=general, title="What is a backup?", slug="backup",
    status=Status.PUBLISHED,
)
"""
pytestmark = pytest.mark.skipif(
    on_postgresql(), reason="runs in the SQLite pass: it starts its own database servers"
)

UNAVAILABLE = "The site is unavailable for a moment"
CANNOT_SAVE = "The site cannot save right now"
PASSWORD = "correct-horse-battery-9"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The production settings serve the collected, hash-named files: collected once."""
    root = tmp_path_factory.mktemp("static")
    env = production_env("sqlite:///:memory:", root)
    manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    return root


@pytest.fixture
def postgresql():
    cluster = PostgreSQLCluster()
    try:
        cluster.initialise()
        yield cluster
    finally:
        cluster.remove()


class Load:
    """Readers asking for pages without pause, in the background; keeps every answer."""

    def __init__(self, port, paths):
        self.port, self.paths = port, paths
        self.answers = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        browser = Browser(self.port)
        while not self.done.is_set():
            for path in self.paths:
                response, content = browser.get(path)
                self.answers.append((response.status, response.getheader("Retry-After"), content))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.done.set()
        self.thread.join()

    def wait_for(self, status, timeout=30):
        """Wait until an answer with `status` comes; return how many answers came before it."""
        seen = len(self.answers)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(answer[0] == status for answer in self.answers[seen:]):
                return
            time.sleep(0.05)
        raise AssertionError(f"no {status} in {len(self.answers) - seen} answers")


def test_a_postgresql_restart_mid_load_is_a_503_then_the_site_recovers(
    postgresql, static_root, tmp_path
):
    env = production_env(postgresql.url, static_root)
    manage("migrate", "--no-input", env=env)
    manage("shell", "--no-imports", "-c", SEED, env=env)

    with (
        gunicorn(env, tmp_path / "gunicorn.log") as port,
        Load(port, ["/", "/topics/operations/", "/questions/backup/"]) as load,
    ):
        load.wait_for(200)
        postgresql.stop()
        load.wait_for(503)
        time.sleep(1)
        postgresql.start()
        load.wait_for(200)
        recovered = len(load.answers)
        time.sleep(1)

    statuses = [status for status, _, _ in load.answers]
    assert set(statuses) == {200, 503}, (tmp_path / "gunicorn.log").read_text()[-3000:]
    away = [answer for answer in load.answers if answer[0] == 503]
    assert all(retry == "30" and UNAVAILABLE in content for _, retry, content in away)
    # Recovered for good: once pages came back, every later one is a page.
    assert set(statuses[recovered:]) == {200}


@pytest.fixture
def small_disk():
    """A 32 MB tmpfs of the test's own (root only): a real disk that fills up."""
    if os.getuid() != 0:
        pytest.skip("needs root, to mount a small tmpfs")
    folder = Path(tempfile.mkdtemp(prefix="small-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"needs a tmpfs mount: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def fill(folder):
    """Write a file until the disk has no byte left; return it."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as file:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    file.write(b"\0" * size)
            except OSError:
                continue
    return filler


def sign_up(port, username):
    return Browser(port).submit(
        "/accounts/signup/",
        {"username": username, "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )


def test_a_sign_up_on_a_full_disk_is_refused_whole_then_works_once_there_is_room(
    small_disk, static_root, tmp_path
):
    database = small_disk / "db.sqlite3"
    env = production_env(f"sqlite:///{database}", static_root)
    manage("migrate", "--no-input", env=env)
    with sqlite3.connect(database) as connection:
        # An empty WAL: the next write must grow it, and so needs the disk.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    with gunicorn(env, tmp_path / "gunicorn.log", workers=1) as port:
        assert Browser(port).get("/")[0].status == 200
        filler = fill(small_disk)

        response, content = sign_up(port, "first")
        filler.unlink()
        again, _ = sign_up(port, "second")

    assert response.status == 503, content
    assert CANNOT_SAVE in content
    with sqlite3.connect(database) as connection:
        users = [name for (name,) in connection.execute("SELECT username FROM accounts_user")]
        sessions = connection.execute("SELECT count(*) FROM django_session").fetchone()[0]
    assert again.status == 302
    assert users == ["second"]
    assert sessions == 1
