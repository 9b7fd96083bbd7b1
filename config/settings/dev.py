"""Local development: DEBUG on, a throwaway secret, static files served unhashed."""

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env, env_list

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "django-insecure-dev-only-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# runserver answers each request in a new thread, so a kept connection would
# only linger until the thread's end: close it with the request, as Django advises.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Off unless asked for, so a changed template shows on the next reload.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "0"))
# Only here: demo accounts with well-known passwords may be created.
DEMO_ACCOUNTS_ALLOWED = True
