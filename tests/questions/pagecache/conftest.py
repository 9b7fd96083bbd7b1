"""Every page-cache test runs with the cache on and empty."""

import pytest
from django.core.cache import cache
from django.test import Client

from questions.pagecache.breaker import breaker
from questions.pagecache.middleware import memory
from tests.factories import make_question


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    memory().clear()
    breaker.reset()
    yield
    cache.clear()
    memory().clear()
    breaker.reset()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed: the suite's own never does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def question(topic):
    return make_question("How does URL reversing work?", topic=topic, answers=["With reverse()."])


@pytest.fixture
def publisher_client(publisher):
    client = Client()
    client.force_login(publisher)
    return client
