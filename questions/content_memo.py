"""Values worked out once per content generation and kept in this process's memory.

What the public pages derive from the content alone (a list item's HTML, the home
page's topics and counts) stays the same until the content generation changes: a
commit that changes anything readers see bumps it in the shared cache, which every
process reads once per request. A value that also depends on the clock (what is
published *now*) is dropped when the next scheduled question goes live.

Only for what everyone who cannot preview drafts sees alike: editors' pages are
always worked out afresh. Off unless the cache is shared by every process (a
local-memory cache would let one worker's write miss another's memory), and off
when the cache cannot be reached; `settings.CONTENT_MEMO` overrides the choice.
"""

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import Question, can_preview
from .pagecache.breaker import breaker
from .pagecache.generation import GENERATION_KEY, bump_pending, start_generation
from .pagecache.watch import watcher

logger = logging.getLogger(__name__)

# Bound this process's memory: past this many values, or about this many
# characters of text in them, they are all dropped and worked out again.
MAX_ENTRIES = 20_000
MAX_CHARACTERS = 32 * 1024 * 1024
# Bounds how long a change that announces itself to no one (a framework version
# renamed in a shell) can go unseen, as the page cache's timeout does for pages.
MAX_AGE_SECONDS = 300
_LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
_UNKNOWN = object()


def enabled() -> bool:
    choice = getattr(settings, "CONTENT_MEMO", None)
    if choice is not None:
        return bool(choice)
    return settings.CACHES["default"]["BACKEND"] not in _LOCAL_BACKENDS


@dataclass
class Memo:
    """The values of one content generation."""

    generation: object
    started: float = field(default_factory=time.monotonic)
    values: dict = field(default_factory=dict)
    # Values that hold until the next scheduled question is published.
    timed: dict = field(default_factory=dict)
    until: object = _UNKNOWN
    characters: int = 0

    def get(self, key, compute):
        """The value under `key`, worked out with `compute()` the first time."""
        return self._get(self.values, key, compute)

    def get_timed(self, key, compute, *, keep_none=True):
        """As get(), for a value that also depends on what is published by now.

        With `keep_none=False` a None is worked out again every time: what a
        visitor's made-up key finds (nothing) takes no room.
        """
        if self.until is _UNKNOWN:
            self.until = _next_publication()
        elif self.until is not None and timezone.now() >= self.until:
            self.timed, self.until = {}, _next_publication()
        return self._get(self.timed, key, compute, keep_none=keep_none)

    def _get(self, values, key, compute, *, keep_none=True):
        try:
            return values[key]
        except KeyError:
            pass
        value = compute()
        if value is None and not keep_none:
            return None
        size = _characters(value)
        if (
            len(self.values) + len(self.timed) >= MAX_ENTRIES
            or self.characters + size > MAX_CHARACTERS
        ):
            self.values.clear()
            self.timed.clear()
            self.characters = 0
        values[key] = value
        self.characters += size
        return value


def _characters(value) -> int:
    """About how much text `value` holds: its strings, and its rows' string fields."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_characters(item) for item in value.values())
    if isinstance(value, list | tuple | set):
        return sum(_characters(item) for item in value)
    if hasattr(value, "_meta"):
        return sum(len(item) for item in vars(value).values() if isinstance(item, str))
    return 0


_current = Memo(generation=None)


def for_request(request):
    """The memo for what `request` shows, or None when it must work everything out.

    None for editors (they may see drafts) and whenever the memo is off. The
    generation is read once per request, and must be read before the content
    is: a value worked out from rows that a write is replacing is then kept
    under a generation that this write makes stale.
    """
    if request is None:
        return None
    try:
        return request._content_memo
    except AttributeError:
        pass
    request._content_memo = memo = _memo_for(request)
    return memo


def _memo_for(request):
    if not enabled() or can_preview(request.user):
        return None
    global _current
    generation = _generation()
    if generation is None:
        return None
    if _current.generation != generation or time.monotonic() - _current.started > MAX_AGE_SECONDS:
        _current = Memo(generation=generation)
    return _current


def _generation():
    """The content generation now, as the page cache knows it; None when it cannot tell.

    Each worker follows it without asking Redis (`pagecache.watch`); a cache that
    failed is left alone for a while (`pagecache.breaker`), and a write of this
    process that the cache has not heard of yet leaves nothing to trust.
    """
    if bump_pending():
        return None
    shared = watcher()
    generation = shared.current() if shared is not None else None
    if generation is not None:
        return generation
    if not breaker.allows():
        return None
    try:
        generation = cache.get(GENERATION_KEY) or start_generation()
    except Exception:
        breaker.failed()
        logger.warning("Cache unreachable; content memo skipped.", exc_info=True)
        return None
    if shared is not None and generation is not None:
        shared.learned(generation)
    return generation


def _next_publication():
    return (
        Question.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
