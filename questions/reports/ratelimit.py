"""How many reports one visitor may send: a fixed window per client address and per session.

The counters live in the shared cache, so every app server counts the same
visitor together.
"""

import logging
import time

from django.core.cache import cache

from accounts.backends import client_ip_address

logger = logging.getLogger(__name__)

REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60
KEY_PREFIX = "reports:rate:"


def is_limited(request) -> bool:
    """Whether the visitor has used up this window's reports."""
    try:
        counts = cache.get_many(_keys(request))
    except Exception:
        # An unreachable cache must not stop readers from reporting mistakes.
        logger.warning("Report rate limit unreachable; not checked.", exc_info=True)
        return False
    return any(count >= REPORTS_PER_WINDOW for count in counts.values())


def count_report(request) -> bool:
    """Count one report against each of the visitor's limits; False if one is over."""
    allowed = True
    try:
        for key in _keys(request):
            # add() starts the window's counter; the key expires with its window.
            cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=WINDOW_SECONDS + 60)
                count = 1
            allowed = allowed and count <= REPORTS_PER_WINDOW
    except Exception:
        logger.warning("Report rate limit unreachable; not counted.", exc_info=True)
        return True
    return allowed


def seconds_until_reset() -> int:
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS


def _keys(request):
    window = int(time.time()) // WINDOW_SECONDS
    keys = [f"{KEY_PREFIX}address:{client_ip_address(request) or 'unknown'}:{window}"]
    if session_key := request.session.session_key:
        keys.append(f"{KEY_PREFIX}session:{session_key}:{window}")
    return keys
