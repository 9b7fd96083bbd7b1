"""Settings shared by every environment; the others import and adjust these."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """Read a `DJANGO_`-prefixed environment variable."""
    return os.environ.get(f"DJANGO_{name}", default)


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "accounts",
    "questions",
    "questions.practice",
    "questions.revisions",
    "questions.reports",
    "config.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "markdownx",
    "csp",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

# WhiteNoise answers static files from its own middleware, so the header
# middleware sits above it: static files get the CSP too.
MIDDLEWARE = [
    # django-csp's, with the policy string built once (config/csp.py).
    "config.csp.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session, CSRF and messages middleware, so it sees every cookie
    # they set before deciding whether a page may be stored for everyone, and a
    # hit skips them; inside the ones that add the security headers to a hit.
    # Around it, the front cache's headers, so its hits get them too (pagecache/cdn.py).
    "questions.pagecache.cdn.SharedCacheHeadersMiddleware",
    "questions.pagecache.middleware.AnonymousPageCacheMiddleware",
    "questions.pagecache.cdn.SharedCacheMarkMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default. WAL lets readers work while a writer commits,
# IMMEDIATE takes the write lock at BEGIN so two writers queue instead of failing
# with "database is locked" half-way through, and the timeout is how long they queue.
# Connections persist (CONN_MAX_AGE) for SQLite too: a connection idle between
# requests holds no lock in WAL mode, and opening one per request (connect, the
# PRAGMAs, Django's function registrations) costs more than a page's queries.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

# REDIS_URL selects a cache shared by every worker and server, which the page
# cache needs to stay consistent; without it each process keeps its own.
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", ""),
            # A stalled Redis must cost a request little: fail fast, and the
            # page cache's breaker (questions/pagecache/breaker.py) stops asking.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long anonymous visitors' pages may be served from the cache (0: never).
# Content changes invalidate them at once (questions/cache.py); this bounds the
# rest, such as a template changed by a deploy.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# Each worker's own copy of the pages it serves, with Redis: at most this many
# pages and megabytes (questions/pagecache/memory.py).
PAGE_CACHE_MEMORY_ENTRIES = int(env("PAGE_CACHE_MEMORY_ENTRIES", "1000"))
PAGE_CACHE_MEMORY_MB = int(env("PAGE_CACHE_MEMORY_MB", "32"))
# After the cache fails, pages render without it for this long.
PAGE_CACHE_BREAKER_SECONDS = float(env("PAGE_CACHE_BREAKER_SECONDS", "5"))
# A front cache (Varnish, a CDN) may keep anonymous pages for this long
# (s-maxage), then serve them stale while it refetches; every content change
# sends a ban to each purge URL (questions/pagecache/cdn.py, purge.py). Off
# unless there is something to purge.
PAGE_CACHE_PURGE_URLS = env_list("PAGE_CACHE_PURGE_URLS")
PAGE_CACHE_PURGE_TIMEOUT = float(env("PAGE_CACHE_PURGE_TIMEOUT", "0.5"))
PAGE_CACHE_SHARED_SECONDS = int(
    env("PAGE_CACHE_SHARED_SECONDS", "300" if PAGE_CACHE_PURGE_URLS else "0")
)
PAGE_CACHE_STALE_SECONDS = int(env("PAGE_CACHE_STALE_SECONDS", "30"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "questions:home"
LOGOUT_REDIRECT_URL = "questions:home"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any password check.
    "accounts.backends.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "questions@localhost")

# django-markdownx: the editor posts to our own staff-only endpoints (see
# questions/editor_views.py) and previews through the same function that renders
# the public pages, so what an editor sees is what a reader gets.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "questions.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "markdownx/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"]

QUESTIONS_PER_PAGE = 20
# How long a search's ranked matches are kept for its later pages (0: not kept);
# a new content generation makes them stale at once.
SEARCH_CACHE_SECONDS = int(env("SEARCH_CACHE_SECONDS", "600"))

# Headers on every response (prod.py adds HSTS and Secure cookies). Nothing of
# ours reads a cookie from JavaScript: markdownx falls back to the form's
# csrfmiddlewaretoken input when it cannot read the csrftoken cookie.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Scripts and styles come from our own static files only; no inline code runs.
# data: is allowed for images alone (an image cannot run script), so a
# stylesheet may inline a small icon.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# django-axes counts failed logins three ways within the cool-off, and any count
# that reaches its limit locks (a 429 with accounts/locked_out.html) until the
# cool-off has passed; accounts.backends.LoginLockoutHandler gives each its limit.
# - 5 for one username from one address: guessing one account's password.
# - 20 for one address across usernames: password spraying (one common password
#   tried on many accounts). Four times the pair's limit, so one person's typos
#   lock only their own username, never everyone behind the same office or
#   campus NAT; spraying still gets 19 guesses per address per cool-off.
# - 10 for one username across addresses: guessing one account from a botnet.
#   Twice the pair's, so the owner mistyping on laptop and phone is not locked
#   out everywhere. It is the one count a stranger can use to lock the owner
#   out of their own account, so it stays well above what typos reach and the
#   lock lasts only the cool-off.
LOGIN_FAILURE_LIMITS = {("username", "ip_address"): 5, "ip_address": 20, "username": 10}
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMITS[("username", "ip_address")]
AXES_LOCKOUT_PARAMETERS = [
    list(parameter) if isinstance(parameter, tuple) else parameter
    for parameter in LOGIN_FAILURE_LIMITS
]
AXES_HANDLER = "accounts.backends.LoginLockoutHandler"
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
# A success proves the password, so it clears that pair's failures (and only
# that pair's: other usernames, and this username elsewhere, keep theirs, so a
# sprayer's own account cannot wipe its address's count).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# No banner on every manage.py command; failures and lockouts are still logged.
AXES_VERBOSE = False
# How many reverse proxies in front of the app append to X-Forwarded-For: with
# 0, REMOTE_ADDR is the client; behind nginx, 1. Lockouts count by this address.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.backends.client_ip_address"
AXES_USERNAME_CALLABLE = "accounts.backends.attempted_username"

# The public API (questions/api): read-only, JSON only, the same for everyone.
# No authentication at all, so a signed-in editor's session cannot show drafts
# there and no CSRF applies. Every client is throttled by address, counted in
# the default cache, behind TRUSTED_PROXY_COUNT proxies as for django-axes.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["questions.api.throttles.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "60/minute")},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The docs page loads Swagger UI from our own static files (the sidecar), never a CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "Interview questions API",
    "DESCRIPTION": "The published interview questions, their topics, frameworks and answers.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "config.log_filters.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "filters": ["without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Bad Host headers, too many fields, forged session data: one line each.
    "loggers": {"django.security": {"handlers": ["one_line"], "propagate": False}},
}


def require(name):
    """Return a required `DJANGO_` variable or refuse to start without it."""
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"Set the DJANGO_{name} environment variable.")
    return value
