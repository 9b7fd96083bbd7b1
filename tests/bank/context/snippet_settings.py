"""Django settings for the bank's `python django` blocks: contrib apps, DRF, and SQLite
(a file in the block's folder, so threads share it).

The block itself is the module `bank.snippet` (or `bank.test_snippet` under pytest) of the
installed app `bank`, so its models need no app_label and its `urlpatterns` is the URLconf.
"""

SETTINGS = {
    "DEBUG": False,
    "SECRET_KEY": "bank-snippet-not-secret",
    "ALLOWED_HOSTS": ["testserver", "localhost", "127.0.0.1", "example.com"],
    "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "snippet.sqlite3"}},
    "INSTALLED_APPS": [
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
        "rest_framework",
        "bank",
    ],
    "MIDDLEWARE": [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ],
    "TEMPLATES": [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "django.contrib.messages.context_processors.messages",
                ]
            },
        }
    ],
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "USE_TZ": True,
    "TIME_ZONE": "UTC",
    "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
    "STATIC_URL": "/static/",
    "MEDIA_URL": "/media/",
}
