"""Django's Redis cache backend, less a Redis client built for every call.

Django's client makes a new `redis.Redis` around its connection pool for each
cache operation, which costs more than the round trip to Redis itself on a
page-cache hit. A `redis.Redis` is safe to share between threads (each command
takes a connection from the pool), so each pool gets one, made once.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
