"""Throwaway databases, free ports and child processes for tests that run real servers."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf import settings


def database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def on_postgresql() -> bool:
    url = database_url()
    return bool(url) and dj_database_url.parse(url)["ENGINE"].endswith("postgresql")


@contextlib.contextmanager
def scratch_database(tmp_path):
    """Yield the URL of an empty database on the server the suite runs on.

    On PostgreSQL a new database next to the test database, dropped afterwards
    even if a server still holds a connection; otherwise a SQLite file.
    """
    if not on_postgresql():
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    import psycopg

    name = f"scratch_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url(), dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlsplit(database_url())._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args, env, timeout=300) -> str:
    """Run `manage.py` in a child process; fail the test with its output if it fails."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


def stop(process: subprocess.Popen, timeout=10):
    """Ask a child process to stop, then make it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout=30):
    """Wait until `process` listens on `port`; fail with the end of its `log` if it does not."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listened on port {port}:\n{log.read_text()[-3000:]}")
