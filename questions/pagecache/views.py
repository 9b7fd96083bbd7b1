"""The opt-in that lets the page cache keep a view's pages."""


class CacheForAnonymousMixin:
    """Let `AnonymousPageCacheMiddleware` serve this view's pages from the cache.

    Only for pages that are the same for every anonymous visitor at a given URL
    and change only with the content (not, say, a random practice question).
    """

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.cache_anonymous_page = True
        return view
