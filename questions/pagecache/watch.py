"""What each worker knows of the content generation, and how it keeps up with Redis.

A worker subscribes to a channel on which every bump publishes the new
generation (`generation.py`), so it can serve pages from its own memory without
asking Redis whether they are still current. The subscription is read without
blocking at the start of each request: a bump published before the request
arrived is seen by it. A `PING` at most every 100 ms proves the subscription
alive: it is, while Redis has answered a ping sent in the last 250 ms. When it
is not (not yet confirmed, dropped, silent), the worker reads the generation
from Redis again, at most every 100 ms.

No thread: the connection is a plain redis-py `Connection` kept on the module's
watcher, opened when the worker starts (`config/gunicorn.py`) or on its first
request, and opened again at most once a second after it drops.
"""

import collections
import logging
import os
import select
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from redis import ConnectionPool, RedisError

from .breaker import breaker
from .generation import GENERATION_KEY

logger = logging.getLogger(__name__)

READ_EVERY = 0.1  # seconds a generation read from Redis stays good without a subscription
PING_EVERY = 0.1
SILENCE = 0.25  # the subscription is alive while Redis answered a ping sent this recently
RESUBSCRIBE_EVERY = 1.0
TIMEOUT = 0.25


class Watcher:
    """The generation one worker serves under, for one Redis and one key prefix."""

    def __init__(self, url, channel):
        self.pid = os.getpid()
        self.url = url
        self.channel = channel
        self.generation = None  # an int, or None until read
        # RESP2: messages come back as plain replies to read, not RESP3 pushes.
        self._pool = ConnectionPool.from_url(
            url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT, protocol=2
        )
        self._connection = None
        self._poll = None
        self._subscribed = False
        self._read_at = self._heard_at = self._pinged_at = float("-inf")
        self._tried_at = float("-inf")
        self._pings = collections.deque()  # when each unanswered PING was sent
        self._lock = threading.Lock()

    def current(self):
        """The generation to serve memory entries under, or None: read it from Redis first."""
        now = time.monotonic()
        # One thread at a time reads the connection (threaded workers); the
        # others go by what it has read so far.
        if self._lock.acquire(blocking=False):
            try:
                if self._connection is None:
                    if now - self._tried_at >= RESUBSCRIBE_EVERY and breaker.allows():
                        self.subscribe()
                else:
                    self._drain(now)
            finally:
                self._lock.release()
        if self.generation is not None and (self.live(now) or now - self._read_at < READ_EVERY):
            return self.generation
        return None

    def learned(self, generation):
        """Record a generation just read from Redis."""
        self._read_at = time.monotonic()
        self._raise_to(generation)

    def live(self, now=None) -> bool:
        now = time.monotonic() if now is None else now
        return self._subscribed and now - self._heard_at < SILENCE

    def subscribe(self, *, wait=0.0):
        """Send SUBSCRIBE; with `wait`, also wait that long for Redis to confirm it."""
        self._tried_at = time.monotonic()
        self.close()
        connection = self._pool.make_connection()
        try:
            connection.connect()
            connection.send_command("SUBSCRIBE", self.channel)
        except (RedisError, OSError):
            connection.disconnect()
            breaker.failed()
            logger.warning("Page cache: cannot subscribe to Redis.", exc_info=True)
            return
        self._connection = connection
        # One poll() tells a request whether anything arrived: cheaper than the
        # client's own check, which sets the socket's timeout twice around a recv.
        self._poll = select.poll()
        self._poll.register(connection._sock, select.POLLIN)
        self._pinged_at = self._tried_at
        self._pings.clear()
        if wait:
            deadline = time.monotonic() + wait
            while not self._subscribed and self._connection and time.monotonic() < deadline:
                self._drain(time.monotonic(), timeout=deadline - time.monotonic())

    def close(self):
        if self._connection is not None:
            self._connection.disconnect()
        self._connection = None
        self._subscribed = False

    def _drain(self, now, timeout=0.0):
        connection = self._connection
        try:
            # Every drain reads all that came, so nothing waits in the client's
            # buffer when the socket has nothing new.
            if timeout or self._poll.poll(0):
                while connection.can_read(timeout=timeout):
                    self._heard(connection.read_response())
                    timeout = 0.0
            if now - self._pinged_at >= PING_EVERY and len(self._pings) < 100:
                connection.send_command("PING")
                self._pinged_at = now
                self._pings.append(now)
        except (RedisError, OSError):
            logger.warning("Page cache: the Redis subscription dropped.", exc_info=True)
            self.close()

    def _heard(self, reply):
        kind = reply[0]
        # Alive as of when the ping was sent, not when its answer was read: an
        # answer may wait in the socket while the worker is idle.
        if kind == b"pong" and self._pings:
            self._heard_at = self._pings.popleft()
        elif kind == b"message":
            self._raise_to(int(reply[2]))
        elif kind == b"subscribe":
            # Bumps before this went unheard: the next request reads the generation.
            self._heard_at = self._tried_at
            self._subscribed = True
            self._read_at = float("-inf")
            self.generation = None

    def _raise_to(self, generation):
        # Generations only grow (increments of a clock reading), and two bumps'
        # messages may arrive in either order: the larger one is current.
        generation = int(generation)
        if self.generation is None or generation > self.generation:
            self.generation = generation


# (the process id, its watcher or None), kept on the module: the subscription
# lives as long as the worker. A forked child makes its own.
_watcher = (None, None)


def watcher():
    """This process's watcher for the default cache, or None unless that is Redis."""
    global _watcher
    pid, found = _watcher
    if pid == os.getpid():
        return found
    backend = caches["default"]
    found = None
    if isinstance(backend, RedisCache):
        found = Watcher(backend._servers[0], backend.make_and_validate_key(GENERATION_KEY))
    _watcher = (os.getpid(), found)
    return found


def _another_cache(setting, **kwargs):
    # Only tests swap caches: the next request watches the new one.
    global _watcher
    if setting == "CACHES":
        pid, found = _watcher
        if found is not None and pid == os.getpid():
            found.close()
        _watcher = (None, None)


setting_changed.connect(_another_cache)


def start():
    """Subscribe now, when a worker starts, rather than on its first request."""
    found = watcher()
    if found is not None:
        found.subscribe(wait=TIMEOUT)
