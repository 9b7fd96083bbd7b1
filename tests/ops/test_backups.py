"""`manage.py backup` and `restore_backup`: the whole database, consistent, all or nothing.

Each test works on scratch databases on the server the suite runs on: SQLite files
in the normal pass, PostgreSQL databases (pg_dump, pg_restore) in the PostgreSQL
pass of `make test`.
"""

import os
import shutil
import subprocess
import sys
import threading
import uuid
from urllib.parse import urlsplit

import dj_database_url
import pytest
from django.conf import settings

from tests.ops.databases import connect, count, every_row, is_sqlite
from tests.servers import manage, on_postgresql, scratch_database

SEED = """
from django.contrib.sessions.backends.db import SessionStore

from accounts.models import User
from questions.models import Question
from questions.practice.models import Bookmark, Note, Progress

reader = User.objects.get(username="reader")
first, second = Question.objects.published()[:2]
Bookmark.objects.create(user=reader, question=first)
Progress.objects.create(user=reader, question=second, state="known")
Note.objects.create(user=reader, question=first, text="Ask about the WAL.")
session = SessionStore()
session["_auth_user_id"] = str(reader.pk)
session.create()
"""


def environment(url, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        **extra,
    }


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A migrated database with the starter bank, accounts and a reader's progress."""
    with scratch_database(tmp_path_factory.mktemp("seeded")) as url:
        env = environment(url)
        manage("migrate", "--no-input", env=env)
        manage("load_starter_content", env=env)
        manage("create_demo_accounts", env=env)
        manage("shell", "--no-imports", "-c", SEED, env=env)
        yield url


@pytest.fixture
def site(seeded, tmp_path):
    """A copy of the seeded database of its own, for a test to change."""
    if is_sqlite(seeded):
        copy = tmp_path / "site.sqlite3"
        # No process holds the seeded database open: its file and its WAL are the whole of it.
        original = dj_database_url.parse(seeded)["NAME"]
        shutil.copyfile(original, copy)
        if os.path.exists(f"{original}-wal"):
            shutil.copyfile(f"{original}-wal", f"{copy}-wal")
        yield f"sqlite:///{copy}"
        return
    import psycopg

    name = f"site_{uuid.uuid4().hex[:12]}"
    template = urlsplit(seeded).path.lstrip("/")
    with psycopg.connect(seeded, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield urlsplit(seeded)._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh(tmp_path_factory):
    """An empty database on the same server: where a lost site is restored."""
    with scratch_database(tmp_path_factory.mktemp("fresh")) as url:
        yield url


def test_a_backup_restored_into_a_fresh_database_holds_every_row(site, fresh, tmp_path):
    backup = tmp_path / "site.backup"

    manage("backup", str(backup), env=environment(site))
    manage("restore_backup", "--no-input", str(backup), env=environment(fresh))

    # It holds password hashes: for the site's user alone.
    assert backup.stat().st_mode & 0o777 == 0o600

    original, restored = every_row(site), every_row(fresh)
    assert restored == original
    for table in ("accounts_user", "django_session", "practice_bookmark", "practice_note"):
        assert original.get(table), f"nothing in {table}: the comparison proves little"
    # The restored database is a working site: fully migrated, and it takes new rows.
    manage("migrate", "--check", env=environment(fresh))
    manage("shell", "-c", "Topic.objects.create(name='New', slug='new')", env=environment(fresh))


def test_a_restore_replaces_what_the_database_held(site, tmp_path):
    backup = tmp_path / "site.backup"
    manage("backup", str(backup), env=environment(site))
    before = every_row(site)
    manage("shell", "-c", "User.objects.create_user('later')", env=environment(site))

    manage("restore_backup", "--no-input", str(backup), env=environment(site))

    assert every_row(site) == before


def test_a_backup_taken_while_the_site_writes_is_one_snapshot(site, tmp_path):
    """Each write adds a group and a session together: a snapshot holds both or neither."""
    stop, written = threading.Event(), []

    def write():
        with connect(site) as (connection, marker):
            while not stop.is_set():
                name = f"snapshot-{len(written)}"
                with connection.transaction() if not is_sqlite(site) else connection:
                    connection.execute(f"INSERT INTO auth_group (name) VALUES ({marker})", [name])
                    connection.execute(
                        "INSERT INTO django_session (session_key, session_data, expire_date)"
                        f" VALUES ({marker}, '', '2099-01-01')",
                        [name],
                    )
                written.append(name)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 50:
            threading.Event().wait(0.01)
        during = len(written)
        manage("backup", str(tmp_path / "site.backup"), env=environment(site))
        after = len(written)
    finally:
        stop.set()
        writer.join()

    (tmp_path / "copy").mkdir()
    with scratch_database(tmp_path / "copy") as copy:
        manage("restore_backup", "--no-input", str(tmp_path / "site.backup"), env=environment(copy))
        groups = count(copy, "SELECT count(*) FROM auth_group WHERE name LIKE 'snapshot-%'")
        sessions = count(
            copy, "SELECT count(*) FROM django_session WHERE session_key LIKE 'snapshot-%'"
        )
    assert groups == sessions
    assert during < groups < after, "the backup was not taken while the writes went on"


def leftovers(folder):
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("target", ["missing-folder/site.backup", "."])
def test_a_bad_path_is_a_clear_error(site, tmp_path, target):
    done = run_manage("backup", str(tmp_path / target), env=environment(site))

    assert done.returncode == 1
    assert done.stderr.startswith("CommandError: ")
    assert "Traceback" not in done.stderr


def test_a_failed_backup_leaves_nothing_behind(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    if on_postgresql():
        # Everything but pg_dump: the interpreter is named by its full path.
        env = environment(os.environ["DATABASE_URL"], PATH=str(tmp_path))
        says = "pg_dump was not found"
    else:
        broken = tmp_path / "broken.sqlite3"
        broken.write_bytes(b"not a database, however long it is " * 200)
        env = environment(f"sqlite:///{broken}")
        says = "file is not a database"

    done = run_manage("backup", str(out / "site.backup"), "--skip-checks", env=env)

    assert done.returncode == 1
    assert says in done.stderr
    assert leftovers(out) == []


def test_a_file_that_is_not_a_backup_is_refused_and_the_database_kept(site, tmp_path):
    before = every_row(site)
    bogus = tmp_path / "bogus.backup"
    bogus.write_text("hello")

    done = run_manage("restore_backup", "--no-input", str(bogus), env=environment(site))

    assert done.returncode == 1
    assert "is not a backup written by `manage.py backup`" in done.stderr
    assert every_row(site) == before
