"""The content generation: one number that every cached page is stored under.

Kept in the shared cache and bumped after any commit that changes what the public
pages show, so one write invalidates every page on every server at once. This
module imports no models, so the models can announce their writes through it.
"""

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "page-cache:generation"


def bump_content_generation():
    """Invalidate every cached page once the current transaction commits.

    Outside a transaction, at once. If the cache cannot be reached the write
    still stands, and pages are stale at most `PAGE_CACHE_SECONDS`.
    """
    transaction.on_commit(_bump, robust=True)


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        start_generation()


def start_generation():
    """Start counting where nothing is stored yet, and return the current generation."""
    # A clock reading rather than 1: a generation lost with the cache (restart,
    # eviction) must never come back and make entries stored under it current.
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)
