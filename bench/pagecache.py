"""The page cache's own measurements (issue 12, targets 1-3), run with the cache on in Redis.

- Unknown parameters: the topic page with a new `utm_source` on every request
  must be served as fast as the static file asked for the same way, and add at
  most one entry to Redis.
- A stalled Redis: the topic page while `redis-server` is frozen with SIGSTOP
  must answer every request, none slower than `STALL_MAX_MS`, at no less than
  half the throughput of the same page with the page cache off; once Redis
  resumes, hits must come back within `RECOVERY_S`.
- Memory: what each worker's own copy of the pages holds after the run (entries
  and bytes, written by `config/gunicorn.py` when the worker exits), within its
  bounds (`PAGE_CACHE_MEMORY_ENTRIES`, `PAGE_CACHE_MEMORY_MB`).
"""

import time
import urllib.error
from pathlib import Path

from .processes import fetch, log, paused, wrk

UNIQUE_SCRIPT = Path(__file__).with_name("unique_query.lua")
STALL_MAX_MS = 1000
STALL_SHARE_OF_UNCACHED = 0.5
RECOVERY_S = 10
MEMORY_ENTRIES = 1000  # config/settings/base.py's defaults, which the bench keeps
MEMORY_BYTES = 32 * 2**20


def redis_keys(url) -> int:
    import redis

    return redis.Redis.from_url(url).dbsize()


def unknown_parameters(binary, base, urls, args, redis_url):
    log("  page cache on: a new utm_source on every request")
    before = redis_keys(redis_url)
    # The static file through the same script, so wrk's own cost of a new URL
    # per request (on the same cores) weighs on both alike.
    static = wrk(
        binary,
        base + urls["static"],
        duration=args.duration,
        connections=args.connections,
        script=UNIQUE_SCRIPT,
    )
    tracked = wrk(
        binary,
        base + urls["topic"],
        duration=args.duration,
        connections=args.connections,
        script=UNIQUE_SCRIPT,
    )
    return {
        **tracked,
        "vs_static": round(tracked["rps"] / static["rps"], 3),
        "new_entries": redis_keys(redis_url) - before,
    }


def stalled_redis(binary, base, urls, args, redis):
    log("  page cache on: redis-server paused (SIGSTOP)")
    with paused(redis):
        stalled = wrk(
            binary, base + urls["topic"], duration=args.duration, connections=args.connections
        )
    resumed = time.monotonic()
    recovery = None
    while time.monotonic() - resumed < RECOVERY_S * 2:
        try:
            _, headers, _ = fetch(base + urls["topic"])
        except (OSError, urllib.error.URLError):
            headers = {}
        if headers.get("X-Page-Cache") == "hit":
            recovery = round(time.monotonic() - resumed, 2)
            break
        time.sleep(0.1)
    return {**stalled, "hits_again_after_s": recovery}


def targets(unknown, stalled, uncached_topic_rps, workers):
    """The targets, as `run.py` prints them: (text, figure, met)."""
    rows = [
        (
            "a new utm_source on every request >= 100% of the static file asked so",
            f"{unknown['vs_static']:.0%}",
            unknown["vs_static"] >= 1.0,
        ),
        (
            f"{unknown['requests']:,} requests with unknown parameters add <= 1 Redis entry",
            f"{unknown['new_entries']} added",
            unknown["new_entries"] <= 1,
        ),
        (
            f"Redis paused: no errors, every request under {STALL_MAX_MS} ms",
            f"{stalled['errors']} errors, slowest {stalled['max_ms']:.0f} ms",
            stalled["errors"] == 0 and stalled["max_ms"] < STALL_MAX_MS,
        ),
    ]
    if uncached_topic_rps:
        share = stalled["rps"] / uncached_topic_rps
        rows.append(
            (
                "Redis paused: topic page >= 50% of its throughput with the page cache off",
                f"{share:.0%}",
                share >= STALL_SHARE_OF_UNCACHED,
            )
        )
    recovery = stalled["hits_again_after_s"]
    rows.append(
        (
            f"hits again within {RECOVERY_S} s of Redis resuming",
            "never" if recovery is None else f"{recovery} s",
            recovery is not None and recovery <= RECOVERY_S,
        )
    )
    if workers:
        entries = max(worker["entries"] for worker in workers)
        size = max(worker["bytes"] for worker in workers)
        rows.append(
            (
                f"each worker's memory copy within {MEMORY_ENTRIES:,} entries "
                f"and {MEMORY_BYTES / 2**20:.0f} MiB",
                ", ".join(
                    f"{worker['entries']} entries / {worker['bytes'] / 2**20:.1f} MiB"
                    for worker in workers
                ),
                entries <= MEMORY_ENTRIES and size <= MEMORY_BYTES,
            )
        )
    return rows
