"""conftest for `python django pytest` blocks: the same Django set-up, through pytest-django."""

from snippet_settings import SETTINGS


def pytest_configure(config):
    from django.conf import settings

    settings.configure(ROOT_URLCONF="bank.test_snippet", **SETTINGS)
