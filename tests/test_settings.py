"""Production settings, loaded in a fresh process with a controlled environment."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

SECRET_KEY = secrets.token_urlsafe(50)
HOSTS = "example.com"
# Printed by a process that runs the production settings, to check their values.
DUMP_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SILENCED_SYSTEM_CHECKS": settings.SILENCED_SYSTEM_CHECKS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_CONTENT_TYPE_NOSNIFF": settings.SECURE_CONTENT_TYPE_NOSNIFF,
    "SECURE_REFERRER_POLICY": settings.SECURE_REFERRER_POLICY,
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
    "SESSION_COOKIE": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                       settings.SESSION_COOKIE_SAMESITE],
    "CSRF_COOKIE": [settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY,
                    settings.CSRF_COOKIE_SAMESITE],
    "CSP": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "AXES_COOLOFF_SECONDS": settings.AXES_COOLOFF_TIME.total_seconds(),
    "AXES_FAILURE_LIMIT": settings.AXES_FAILURE_LIMIT,
    "TRUSTED_PROXY_COUNT": settings.TRUSTED_PROXY_COUNT,
}))
"""


def manage(*args, **environ):
    """Run manage.py under the production settings with only the `DJANGO_` variables given."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.prod", **environ)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**environ):
    result = manage("shell", "--no-imports", "-c", DUMP_SETTINGS, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_passes_with_nothing_silenced():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS=HOSTS,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_fails_with_a_weak_secret_key():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="short",
        DJANGO_ALLOWED_HOSTS=HOSTS,
    )

    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.parametrize("secret_key", [None, ""])
def test_refuses_to_start_without_a_secret_key(secret_key):
    environ = {"DJANGO_ALLOWED_HOSTS": HOSTS}
    if secret_key is not None:
        environ["DJANGO_SECRET_KEY"] = secret_key

    result = manage("check", **environ)

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the DJANGO_SECRET_KEY environment variable." in (
        result.stderr
    )


@pytest.mark.parametrize("hosts", [None, "", " , "])
def test_refuses_to_start_without_allowed_hosts(hosts):
    environ = {"DJANGO_SECRET_KEY": SECRET_KEY}
    if hosts is not None:
        environ["DJANGO_ALLOWED_HOSTS"] = hosts

    result = manage("check", **environ)

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the DJANGO_ALLOWED_HOSTS environment variable" in (
        result.stderr
    )


def test_production_values():
    values = production_settings(
        DJANGO_SECRET_KEY=SECRET_KEY, DJANGO_ALLOWED_HOSTS="example.com, www.example.com"
    )

    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["example.com", "www.example.com"],
        "SILENCED_SYSTEM_CHECKS": [],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "SESSION_COOKIE": [True, True, "Lax"],
        "CSRF_COOKIE": [True, True, "Lax"],
        "CSP": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'"],
        },
        "AXES_COOLOFF_SECONDS": 15 * 60,
        "AXES_FAILURE_LIMIT": 5,
        "TRUSTED_PROXY_COUNT": 0,
    }


def test_lockout_settings_come_from_the_environment():
    values = production_settings(
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS=HOSTS,
        DJANGO_AXES_COOLOFF_MINUTES="45",
        DJANGO_TRUSTED_PROXY_COUNT="1",
    )

    assert values["AXES_COOLOFF_SECONDS"] == 45 * 60
    assert values["TRUSTED_PROXY_COUNT"] == 1
