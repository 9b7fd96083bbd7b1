"""The page cache for anonymous visitors, shared by every worker and server.

Every entry is stored with the content generation it was rendered under: a
number kept in the same cache and bumped after any commit that changes what the
public pages show. An entry from an older generation is never served, so one
write invalidates every page at once on every server, without knowing which
pages it touched. The generation is read before the page is rendered and bumped
only after the commit: a page rendered from data that a write is replacing is
stored under a generation that this write makes stale.

The one change that no write announces, a scheduled question going live, is
covered by never keeping an entry past the next scheduled publish date.

With Redis, each worker also keeps the pages it serves in its own bounded
memory (`memory.py`) and follows the generation through a subscription
(`watch.py`), so most hits touch no socket. A page's key is its path and known
parameters only (`keys.py`). Redis failing costs one short timeout, then
`breaker.py` keeps the page cache out of the way for a few seconds.
"""

import functools
import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import has_vary_header

from ..models import Question
from .breaker import breaker
from .entries import HEADER, make_entry, pack, to_response, unpack
from .generation import GENERATION_KEY, bump_pending, retry_failed_bump, start_generation
from .keys import canonical_get, page_key
from .memory import MemoryCache
from .watch import watcher

logger = logging.getLogger(__name__)

# Versioned: servers of two releases may share the cache while one replaces the
# other, and each must only read the entries it wrote.
KEY_PREFIX = "page-cache:v3:"

__all__ = ["HEADER", "AnonymousPageCacheMiddleware", "memory"]


@functools.cache
def memory() -> MemoryCache:
    """This worker's own copy of the pages (only with Redis, whose generation it can follow)."""
    return MemoryCache(
        max_entries=settings.PAGE_CACHE_MEMORY_ENTRIES,
        max_bytes=settings.PAGE_CACHE_MEMORY_MB * 1024 * 1024,
    )


class AnonymousPageCacheMiddleware:
    """Serve and store the pages of opted-in views for anonymous visitors.

    Never for a signed-in visitor (their pages carry their own progress and
    tokens), nor for a response that sets a cookie, carries a CSRF token, shows
    a message, is not a plain 200, or asks not to be stored.

    A stored page is looked up before the session, CSRF, auth and messages
    middleware and URL resolution run, which is most of the cost of a hit; a
    request without a session cookie or a messages cookie cannot belong to a
    signed-in visitor nor carry a message. Whether a page may be stored is
    still decided after them, by the view and the response.

    With Redis, a hit comes first from this worker's memory, served while the
    generation the worker follows (`watch.py`) is the one it was stored under;
    then from Redis, which every worker and server shares. When Redis fails,
    `breaker.py` has pages rendered without the cache for a few seconds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_share_page(request):
            return self.get_response(request)
        key = page_key(request, KEY_PREFIX)
        shared = watcher()
        generation = shared.current() if shared is not None else None
        if generation is not None and not bump_pending():
            entry = memory().get(key, generation)
            if entry is not None:
                return to_response(entry)
        if not breaker.allows():
            return self.get_response(request)
        try:
            if bump_pending():
                retry_failed_bump()
                generation = None
            if generation is None:
                found = cache.get_many([GENERATION_KEY, key])
                generation = found.get(GENERATION_KEY) or start_generation()
                stored = found.get(key)
                if shared is not None:
                    shared.learned(generation)
            else:
                stored = cache.get(key)
        except Exception:
            # The cache is an accelerator: when it is down, render uncached.
            breaker.failed()
            logger.warning("Page cache unreachable; serving uncached.", exc_info=True)
            return self.get_response(request)
        entry = unpack(stored, generation)
        if entry is not None:
            if shared is not None:
                memory().set(key, entry)
            return to_response(entry)
        # Read before the page is rendered: a page rendered from older data is
        # then stored under an older generation, or not at all.
        request._page_cache_lookup = (key, generation)
        response = self.get_response(request)
        lookup = getattr(request, "_page_cache_entry", None)
        if lookup is None:
            return response
        if request.method == "GET" and self._cacheable(request, response):
            self._store(*lookup, response, in_memory=shared is not None)
        response[HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        lookup = getattr(request, "_page_cache_lookup", None)
        if (
            lookup is not None
            and getattr(view_func, "cache_anonymous_page", False)
            and not request.user.is_authenticated
            and not len(get_messages(request))
        ):
            # The page is stored under its known parameters only: render it
            # without the others (links back to it included), so it is that
            # address's page.
            request.GET = canonical_get(request)
            request.META["QUERY_STRING"] = request.GET.urlencode()
            # Stored only under the key of what is rendered, however it was found.
            if page_key(request, KEY_PREFIX) == lookup[0]:
                request._page_cache_entry = (*lookup, _next_publication())

    def _cacheable(self, request, response):
        cache_control = response.get("Cache-Control", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
            and not has_vary_header(response, "*")
            and not _refused_filters(response)
        )

    def _store(self, key, generation, next_publication, response, *, in_memory):
        timeout = settings.PAGE_CACHE_SECONDS
        if next_publication is not None:
            # Rounded down, so the entry is gone by the time the question is live.
            until = (next_publication - timezone.now()).total_seconds()
            timeout = min(timeout, int(until))
        if timeout <= 0:
            return
        entry = make_entry(generation, timeout, response)
        try:
            cache.set(key, pack(entry), timeout)
        except Exception:
            breaker.failed()
            logger.warning("Page cache unreachable; page not stored.", exc_info=True)
            return
        if in_memory:
            memory().set(key, entry)


def _may_share_page(request):
    # A session cookie may carry a signed-in user or an anonymous visitor's own
    # state, a messages cookie a message for this visitor alone; either way the
    # page is that visitor's, not everyone's.
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _refused_filters(response):
    """Whether the page shows a filter form's errors (`?framework=no-such-thing`).

    Such a page is rendered for whoever asks but not stored: any number of made-up
    values would otherwise each take an entry, as unknown parameters would.
    """
    context = getattr(response, "context_data", None) or {}
    filterset = context.get("filter")
    form = getattr(filterset, "form", None) if getattr(filterset, "is_bound", False) else None
    return form is not None and bool(form.errors)


def _next_publication():
    return (
        Question.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
