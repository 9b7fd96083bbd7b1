"""Django's Redis cache backend, less a Redis client built for every call.

Django's client makes a new `redis.Redis` around its connection pool for each
cache operation, which costs more than the round trip to Redis itself on a
page-cache hit. A `redis.Redis` is safe to share between threads (each command
takes a connection from the pool), so each pool gets one, made once.
"""

import redis as redis_py
from django.core.cache.backends import redis

from questions.pagecache.breaker import breaker


class GuardedRedis(redis_py.Redis):
    """A client that stops calling a Redis that timed out or refused, for a few seconds.

    With short timeouts (`CACHES` OPTIONS) one call to a stalled Redis costs
    250 ms; the breaker (questions/pagecache/breaker.py) spares the calls after
    it, for every user of the cache, by failing them at once.
    """

    def execute_command(self, *args, **options):
        if not breaker.allows():
            raise redis_py.ConnectionError("Redis failed a moment ago; not asking again yet.")
        try:
            return super().execute_command(*args, **options)
        except (redis_py.ConnectionError, redis_py.TimeoutError):
            breaker.failed()
            raise


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._client = GuardedRedis
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
