"""A private redis-server for one test, which the test may pause, stop and start again."""

import os
import shutil
import signal
import subprocess
import time

import pytest
import redis

from tests.servers import free_port, stop, wait_for_port


class RedisServer:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", str(self.folder), "--save", "", "--appendonly", "no"]
        log = self.folder / "redis.log"
        with open(log, "ab") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, log)
        # Listening is not yet answering: wait for a PING.
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process is not None:
            self.resume()
            stop(self.process)
            self.process = None

    def client(self):
        return redis.Redis.from_url(self.url)

    def cache_settings(self):
        """`CACHES` as production has them (config/settings/base.py), on this server."""
        return {
            "default": {
                "BACKEND": "config.redis_cache.RedisCache",
                "LOCATION": self.url,
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            }
        }


@pytest.fixture
def redis_server(tmp_path):
    if shutil.which("redis-server") is None:
        message = "needs Debian's redis-server (apt-get install redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
