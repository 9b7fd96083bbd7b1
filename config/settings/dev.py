"""Local development: DEBUG on, a throwaway secret, static files served unhashed."""

from .base import *  # noqa: F403
from .base import STORAGES, env, env_list

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "django-insecure-dev-only-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Only here: demo accounts with well-known passwords may be created.
DEMO_ACCOUNTS_ALLOWED = True
