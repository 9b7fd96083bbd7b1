"""The site under a hostile mix: wrk on every public page and, at the same time, on
cache-busting parameters, broad searches, huge query strings, unknown hosts and
missing pages. `python -m bench.hostile` (part of `make bench`).

Targets: no 5xx at all; the public pages' p99 under the mix no worse than three
times their p99 alone; Redis memory growth during the mix reported (the page
cache keys on the canonical query, so busting parameters add no entries).
"""

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .processes import ensure_wrk, gunicorn, log, redis_server, stop_group
from .run import TWIN_PATH, bench_env, prepare

MIX_SCRIPT = Path(__file__).with_name("mix.lua")
P99_FACTOR = 3
MAX_REDIS_GROWTH_MB = 8


def with_query(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


def hostile_paths(urls: dict) -> list[str]:
    """What an attacker or a careless crawler asks for; `{n}` is a fresh number each time."""
    # Under gunicorn's 4,094-byte request line: Django itself must refuse these.
    many = "&".join(["a"] * 1_100)
    long_value = "x" * 3_000
    return [
        with_query(urls["topic"], "utm_source={n}"),
        with_query(urls["topic_filtered"], "ref={n}&utm_campaign={n}"),
        with_query(urls["question"], "fbclid={n}"),
        "/questions/?q=django",
        "/questions/?q=the",
        "/questions/?q=a",
        "/questions/?q=e*",
        "/questions/?q=django&page={n}",
        f"/questions/?{many}",
        with_query(urls["topic"], f"q={long_value}"),
        "/questions/no-such-question-{n}/",
        "HOST evil.example /",
        "HOST evil.example /questions/?q={n}",
    ]


def mix(binary, base, paths, workdir, name, *, duration, connections):
    listing = workdir / f"{name}.paths"
    listing.write_text("\n".join(paths) + "\n")
    command = [binary, "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", str(MIX_SCRIPT), base, "--", str(listing)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)


def report(process, duration):
    try:
        output, _ = process.communicate(timeout=duration + 60)
    finally:
        stop_group(process)
    line = next((x for x in output.splitlines() if x.startswith("MIX-REPORT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no report:\n{output}")
    raw = json.loads(line.removeprefix("MIX-REPORT "))
    raw["rps"] = raw["requests"] / (raw["duration_us"] / 1e6)
    raw["p99_ms"] = raw["p99_us"] / 1000
    return raw


def redis_used_mb(url) -> float:
    import redis

    return redis.Redis.from_url(url).info("memory")["used_memory"] / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per phase")
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    binary = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    try:
        env = bench_env(workdir)
        log(f"Seeding {args.questions:,} questions in {workdir}")
        urls = prepare(env, args.questions)["urls"]
        normal = [path for name, path in urls.items() if name != "static"]
        with redis_server(workdir) as redis_url:
            if redis_url:
                env = {**env, "REDIS_URL": redis_url}
                env.pop("DJANGO_PAGE_CACHE_SECONDS", None)
            with gunicorn(env, workdir, ready_path=f"/static/{TWIN_PATH}") as (base, _):
                warm = mix(binary, base, normal, workdir, "warm", duration=2, connections=2)
                report(warm, 2)
                log("  quiet: the public pages alone")
                quiet = report(
                    mix(
                        binary,
                        base,
                        normal,
                        workdir,
                        "quiet",
                        duration=args.duration,
                        connections=args.connections,
                    ),
                    args.duration,
                )
                before = redis_used_mb(redis_url) if redis_url else None
                log("  loaded: the public pages and the hostile mix at once")
                pages = mix(
                    binary,
                    base,
                    normal,
                    workdir,
                    "pages",
                    duration=args.duration,
                    connections=args.connections,
                )
                attack = mix(
                    binary,
                    base,
                    hostile_paths(urls),
                    workdir,
                    "attack",
                    duration=args.duration,
                    connections=args.connections,
                )
                loaded, hostile = report(pages, args.duration), report(attack, args.duration)
                after = redis_used_mb(redis_url) if redis_url else None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(table(quiet, loaded, hostile, before, after))
    fives = quiet["status_5xx"] + loaded["status_5xx"] + hostile["status_5xx"]
    sockets = quiet["socket_errors"] + loaded["socket_errors"] + hostile["socket_errors"]
    return 0 if fives == 0 and sockets == 0 else 1


def table(quiet, loaded, hostile, before, after) -> str:
    lines = [
        "hostile mix: the public pages alone, then with the mix at the same time",
        f"{'run':<34} {'req/s':>8} {'p99 ms':>8} {'5xx':>6} {'4xx':>7} {'sockets':>8}",
    ]
    for label, run in (
        ("public pages, alone", quiet),
        ("public pages, under the mix", loaded),
        ("hostile mix", hostile),
    ):
        lines.append(
            f"{label:<34} {run['rps']:>8.0f} {run['p99_ms']:>8.1f} {run['status_5xx']:>6} "
            f"{run['status_4xx']:>7} {run['socket_errors']:>8}"
        )
    fives = quiet["status_5xx"] + loaded["status_5xx"] + hostile["status_5xx"]
    slowdown = loaded["p99_ms"] / max(quiet["p99_ms"], 0.001)
    marks = [
        (fives == 0, f"zero 5xx under the mix: {fives}"),
        (
            slowdown <= P99_FACTOR,
            f"public pages' p99 under the mix <= {P99_FACTOR}x alone: {slowdown:.1f}x",
        ),
    ]
    if before is not None:
        growth = after - before
        marks.append(
            (
                growth <= MAX_REDIS_GROWTH_MB,
                f"Redis memory growth during the mix <= {MAX_REDIS_GROWTH_MB} MB: {growth:.1f} MB",
            )
        )
    else:
        lines.append("  (no redis-server installed: Redis memory not measured)")
    lines += [f"  [{'met ' if met else 'MISS'}] {text}" for met, text in marks]
    return "\n".join(lines)


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    log(f"{time.monotonic() - started:.0f} s")
    sys.exit(code)
