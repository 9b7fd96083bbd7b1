"""gunicorn settings: `gunicorn -c python:config.gunicorn config.wsgi:application`.

Each worker subscribes to the page cache's generation as soon as it has loaded
the application, so its first requests can already be served from its memory.
With `PAGE_CACHE_STATS_DIR` set (the benchmark sets it), each worker writes what
its page cache held to a JSON file there when it exits.
"""

import json
import os
from pathlib import Path


def post_worker_init(worker):
    from questions.pagecache import watch

    watch.start()


def worker_exit(server, worker):
    folder = os.environ.get("PAGE_CACHE_STATS_DIR")
    if not folder:
        return
    from questions.pagecache.breaker import breaker
    from questions.pagecache.middleware import memory

    pages = memory()
    stats = {
        "entries": len(pages),
        "bytes": pages.bytes,
        "breaker_trips": breaker.trips,
        "breaker_skipped": breaker.skipped,
    }
    Path(folder, f"worker-{os.getpid()}.json").write_text(json.dumps(stats))
