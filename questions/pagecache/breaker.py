"""Stop asking a cache that does not answer, for a few seconds.

The cache client's timeouts (`CACHES` OPTIONS, 250 ms) bound one call; without
a breaker a stalled Redis would still cost every anonymous request that much.
After one failure every call to Redis fails at once (`config/redis_cache.py`),
and the page cache is skipped (pages render as if it were off), until
`PAGE_CACHE_BREAKER_SECONDS` have passed; then the next call tries again.
"""

import threading
import time

from django.conf import settings
from django.core.signals import setting_changed


class Breaker:
    def __init__(self):
        self._open_until = 0.0
        self._lock = threading.Lock()
        self.trips = 0  # failures that opened it, for the bench and the tests
        self.skipped = 0  # calls it spared the cache

    def allows(self) -> bool:
        """Whether to call the cache now; counts the calls it refuses."""
        if time.monotonic() >= self._open_until:
            return True
        self.skipped += 1
        return False

    def failed(self):
        with self._lock:
            now = time.monotonic()
            if now >= self._open_until:
                self.trips += 1
            self._open_until = now + settings.PAGE_CACHE_BREAKER_SECONDS

    def reset(self):
        self._open_until = 0.0
        self.trips = self.skipped = 0


breaker = Breaker()


def _another_cache(setting, **kwargs):
    # Only tests swap caches; a failure of the old one says nothing of the new.
    if setting == "CACHES":
        breaker.reset()


setting_changed.connect(_another_cache)
