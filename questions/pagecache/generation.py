"""The content generation: one number that every cached page is stored under.

Kept in the shared cache and bumped after any commit that changes what the public
pages show, so one write invalidates every page on every server at once. This
module imports no models, so the models can announce their writes through it.
"""

import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

from .purge import purge_after_commit

GENERATION_KEY = "page-cache:generation"


def bump_content_generation():
    """Invalidate every cached page once the current transaction commits.

    Outside a transaction, at once. If the cache cannot be reached the write
    still stands; this process bumps again once the cache answers (the page
    cache calls `retry_failed_bump`), and pages are stale at most
    `PAGE_CACHE_SECONDS` if it never does.
    """
    transaction.on_commit(_bump, robust=True)
    # After the bump, so a front cache refetches pages of the new generation.
    purge_after_commit()


_unannounced = False


def _bump():
    global _unannounced
    _unannounced = True
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        generation = start_generation()
    _announce(generation)
    _unannounced = False


def bump_pending() -> bool:
    """Whether this process changed the content without the cache having heard of it."""
    return _unannounced


def retry_failed_bump():
    """Bump now if this process's last bump failed (the cache was down): call once it answers.

    Pages stored before the outage would otherwise come back when the cache does,
    stale until `PAGE_CACHE_SECONDS` end.
    """
    if _unannounced:
        _bump()


def _announce(generation):
    """Tell every worker subscribed through Redis (`watch.py`), so none has to ask."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        channel = backend.make_and_validate_key(GENERATION_KEY)
        backend._cache.get_client(write=True).publish(channel, generation)


def start_generation():
    """Start counting where nothing is stored yet, and return the current generation."""
    # A clock reading rather than 1: a generation lost with the cache (restart,
    # eviction) must never come back and make entries stored under it current.
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)
