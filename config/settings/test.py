"""Settings for the test suite: fast hashing, in-memory cache and mail."""

from .base import *  # noqa: F403
from .base import BASE_DIR, STORAGES

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off by default: the suite's writes are rolled back, never committed, so they
# never invalidate. tests/questions/pagecache/ turns it on.
PAGE_CACHE_SECONDS = 0
# Likewise for the search's ranked matches; tests/questions/search/ turn it on.
SEARCH_CACHE_SECONDS = 0
# No front cache either; tests/questions/pagecache/ turn it on.
PAGE_CACHE_PURGE_URLS = []
PAGE_CACHE_SHARED_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files straight from the source folders, as collectstatic never ran.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "artifacts" / "test-media"
DEMO_ACCOUNTS_ALLOWED = True
