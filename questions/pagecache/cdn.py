"""Headers that let a front cache (Varnish, a CDN) keep anonymous pages too.

A page that is the same for every anonymous visitor (an opted-in view, a request
without a session or messages cookie, a plain 200 that sets no cookie and uses
no CSRF token) is sent with `Cache-Control: public, max-age=0, s-maxage=...,
stale-while-revalidate=...` and without `Vary: Cookie`, as it reads no cookie.
`max-age=0` keeps browsers asking again, so a visitor who signs in never sees
their anonymous copy. Content changes purge the front caches (`purge.py`), so
`s-maxage` bounds only what no write announces: a scheduled question going live.

Two middleware, around the page cache. `SharedCacheMarkMiddleware`, inside it,
decides whether a page may be shared and stamps it with the next publication
date, so the stamp is stored with the page in the page cache.
`SharedCacheHeadersMiddleware`, outside it, turns the stamp into the seconds
left on every response, page-cache hits included, which run no query: a page
stored a while ago is never kept past the moment a scheduled question goes live.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils import timezone
from django.utils.cache import cc_delim_re, has_vary_header, patch_cache_control

from ..models import Question

# Carries the next publication date (a Unix time, or "none") from the inner
# middleware to the outer one, through the page cache; never sent to clients.
STAMP = "X-Shared-Cache-Until"
NO_PUBLICATION = "none"


class SharedCacheMarkMiddleware:
    """Stamp the pages a front cache may keep; mark every other page `private`.

    Goes right after `AnonymousPageCacheMiddleware`, outside the session, CSRF
    and messages middleware, so it sees every cookie they set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PAGE_CACHE_SHARED_SECONDS <= 0:
            return response
        if getattr(request, "_shared_cache_view", False) and _may_share(request, response):
            publication = _next_publication()
            response[STAMP] = (
                NO_PUBLICATION if publication is None else str(publication.timestamp())
            )
            _drop_vary_cookie(response)
        elif "Cache-Control" not in response:
            # A front cache that ignores `Vary: Cookie` must still never keep a
            # signed-in reader's page, a form's CSRF token or a draft.
            patch_cache_control(response, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._shared_cache_view = getattr(view_func, "cache_anonymous_page", False)


class SharedCacheHeadersMiddleware:
    """Give stamped pages their `Cache-Control` for this moment.

    Goes right before `AnonymousPageCacheMiddleware`, so that hits pass through it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        stamp = response.get(STAMP)
        if stamp is None:
            return response
        del response[STAMP]
        if settings.PAGE_CACHE_SHARED_SECONDS > 0:
            shared, stale = _lifetimes(stamp)
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={shared}, stale-while-revalidate={stale}"
            )
        return response


def _may_share(request, response):
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and user is not None
        and not user.is_authenticated
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A view that says how it may be cached (a draft's preview: no-cache) decides.
        and "Cache-Control" not in response
        and not has_vary_header(response, "*")
    )


def _lifetimes(stamp):
    """Return (s-maxage, stale-while-revalidate) for a page stamped `stamp`, in seconds."""
    shared, stale = settings.PAGE_CACHE_SHARED_SECONDS, settings.PAGE_CACHE_STALE_SECONDS
    if stamp == NO_PUBLICATION:
        return shared, stale
    # Rounded down: the page is gone from the front cache, stale copies
    # included, by the time the question is live.
    left = max(0, int(float(stamp) - timezone.now().timestamp()))
    shared = min(shared, left)
    return shared, min(stale, left - shared)


def _next_publication():
    return (
        Question.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def _drop_vary_cookie(response):
    if not response.has_header("Vary"):
        return
    kept = [field for field in cc_delim_re.split(response["Vary"]) if field.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
