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
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header

from ..models import Question
from .generation import GENERATION_KEY, start_generation

logger = logging.getLogger(__name__)

# Versioned: servers of two releases may share the cache while one replaces the
# other, and each must only read the entries it wrote.
KEY_PREFIX = "page-cache:v2:"
HEADER = "X-Page-Cache"


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
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_share_page(request):
            return self.get_response(request)
        key = KEY_PREFIX + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or start_generation()
        except Exception:
            # The cache is an accelerator: when it is down, render uncached.
            logger.warning("Page cache unreachable; serving uncached.", exc_info=True)
            return self.get_response(request)
        hit = _rebuild(found.get(key), generation)
        if hit is not None:
            return hit
        # Read before the page is rendered: a page rendered from older data is
        # then stored under an older generation, or not at all.
        request._page_cache_lookup = (key, generation)
        response = self.get_response(request)
        entry = getattr(request, "_page_cache_entry", None)
        if entry is None:
            return response
        if request.method == "GET" and self._cacheable(request, response):
            self._store(*entry, response)
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
        )

    def _store(self, key, generation, next_publication, response):
        timeout = settings.PAGE_CACHE_SECONDS
        if next_publication is not None:
            # Rounded down, so the entry is gone by the time the question is live.
            until = (next_publication - timezone.now()).total_seconds()
            timeout = min(timeout, int(until))
        if timeout > 0:
            try:
                cache.set(key, _pack(generation, response), timeout)
            except Exception:
                logger.warning("Page cache unreachable; page not stored.", exc_info=True)


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


def _next_publication():
    return (
        Question.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def _pack(generation, response):
    """Return the page as one byte string: generation, headers, then the body.

    Header names and values never hold a newline (Django refuses them), so a
    blank line ends the headers. One flat value: a hit reads back the page with
    no structure to unpickle around it.
    """
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    tag = str(generation).encode()
    return b"%s\n%s\n\n%s" % (tag, headers.encode("latin-1"), response.content)


def _rebuild(stored, generation):
    """Return the stored page as a response, or None unless it is of `generation`."""
    if stored is None:
        return None
    stored_generation, _, rest = stored.partition(b"\n")
    if stored_generation != str(generation).encode():
        return None
    headers, _, content = rest.partition(b"\n\n")
    response = HttpResponse(content)
    for line in headers.decode("latin-1").split("\n") if headers else ():
        name, _, value = line.partition(": ")
        response[name] = value
    response[HEADER] = "hit"
    return response
