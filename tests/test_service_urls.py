"""DATABASE_URL and REDIS_URL select the database and the cache, in a fresh process."""

import json
import os
import subprocess
import sys

from django.conf import settings

DUMP = """
import json
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "database": {key: database[key] for key in
                 ["ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "CONN_MAX_AGE",
                  "CONN_HEALTH_CHECKS"]},
    "journal": database.get("OPTIONS", {}).get("init_command", ""),
    "cache": settings.CACHES["default"],
    "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
}))
"""


def production_settings(**environ):
    """The production settings a process started with exactly these variables would use."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="example.com",
        **environ,
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", DUMP],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_urls_sqlite_in_the_project_and_no_shared_cache():
    found = production_settings()

    assert found["database"]["ENGINE"] == "django.db.backends.sqlite3"
    assert found["database"]["NAME"] == str(settings.BASE_DIR / "db.sqlite3")
    assert found["database"]["CONN_MAX_AGE"] == 60
    assert "journal_mode=WAL" in found["journal"]
    assert found["cache"] == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    assert found["page_cache_seconds"] == 0


def test_postgresql_and_redis_from_their_urls():
    found = production_settings(
        DATABASE_URL="postgres://bank:s3cret@db.internal:6543/questions",
        REDIS_URL="redis://cache.internal:6380/2",
        DJANGO_CACHE_KEY_PREFIX="iq",
    )

    assert found["database"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "questions",
        "USER": "bank",
        "PASSWORD": "s3cret",
        "HOST": "db.internal",
        "PORT": 6543,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
    assert found["journal"] == ""
    assert found["cache"] == {
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": "redis://cache.internal:6380/2",
        "KEY_PREFIX": "iq",
        # A stalled Redis costs a request 250 ms at most (then the breaker skips it).
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    assert found["page_cache_seconds"] == 300


def test_a_sqlite_path_and_an_explicit_page_cache_time(tmp_path):
    found = production_settings(
        DATABASE_URL=f"sqlite:///{tmp_path / 'bank.sqlite3'}",
        DJANGO_PAGE_CACHE_SECONDS="60",
        DJANGO_CONN_MAX_AGE="600",
    )

    assert found["database"]["NAME"] == str(tmp_path / "bank.sqlite3")
    assert found["database"]["CONN_MAX_AGE"] == 600
    assert found["page_cache_seconds"] == 60
