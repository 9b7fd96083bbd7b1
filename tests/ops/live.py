"""A production server on a database of its own, and a browser for it, for the fault tests."""

import contextlib
import glob
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.servers import free_port, stop, wait_for_port

HOST = "127.0.0.1"


def production_env(database_url, static_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def gunicorn(env, log_path, workers=2):
    """Serve the site under `env` with gunicorn; yield its port."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                *("--bind", f"{HOST}:{port}", "--workers", str(workers), "--timeout", "30"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log_path)
        yield port
    finally:
        stop(process)


class Browser:
    """Keeps its cookies; GETs and POSTs forms with their CSRF token."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
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

    def submit(self, path, form):
        """Fetch the form's page for its token, then post `form` to it."""
        response, page = self.get(path)
        assert response.status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **form})


def missing(what):
    """Skip a test that needs `what`, except in CI, where it must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs {what}")
    pytest.skip(f"needs {what}")


class PostgreSQLCluster:
    """A PostgreSQL server of the test's own, which it may stop and start at will."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        initdb = found[-1] if found else shutil.which("initdb")
        if initdb is None:
            missing("PostgreSQL (apt-get install postgresql)")
        self.bindir = Path(initdb).parent
        # PostgreSQL refuses to run as root; as root it runs as the postgres user, which
        # cannot enter pytest's (private) folders, hence a folder of its own in /tmp.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        self.folder = Path(tempfile.mkdtemp(prefix="fault-postgres-"))
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self.port = free_port()
        self.url = f"postgres://postgres@{HOST}:{self.port}/postgres"

    def run(self, program, *args):
        subprocess.run(
            [*self.as_owner, str(self.bindir / program), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def initialise(self):
        self.run(
            "initdb", "-D", f"{self.folder}/data", "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        self.start()

    def start(self):
        options = f"-c listen_addresses={HOST} -p {self.port} -k {self.folder} -c fsync=off"
        self.run(
            "pg_ctl", "-D", f"{self.folder}/data", "-l", f"{self.folder}/server.log",
            "-w", "-t", "30", "-o", options, "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", f"{self.folder}/data", "-m", mode, "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
