"""The processes a benchmark run starts (gunicorn, wrk, Redis) and how it stops them.

Each runs in its own process group, so stopping it stops what it started too.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = Path(__file__).with_name("report.lua")
WORKERS = 2


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_wrk():
    """Return the path of wrk, installing Debian's package when we are allowed to."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing Debian's package")
        quiet = {
            "stdout": subprocess.DEVNULL,
            "check": False,
            "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        }
        if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet).returncode:
            subprocess.run(["apt-get", "update", "-q"], **quiet)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("The benchmark needs wrk: `sudo apt-get install wrk` (Debian/Ubuntu).")
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env, timeout=600):
    """Run a setup step in its own process group; stop the whole group if it overruns."""
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        finally:
            stop_group(process)
    if process.returncode:
        raise SystemExit(f"{' '.join(map(str, command))} failed ({process.returncode})")
    return output


def stop_group(process, grace=10):
    """Stop a process we started and everything it started (it leads its own group)."""
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def fetch(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


@contextmanager
def gunicorn(env, workdir, *, ready_path):
    """Serve the project with gunicorn on a free loopback port until the block ends.

    It is ready once `ready_path` (a static file) answers.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--config", "python:config.gunicorn"]
    command += ["--workers", str(WORKERS), "--worker-class", "sync"]
    command += ["--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5"]
    command += ["--log-level", "warning"]
    log_file = open(workdir / "gunicorn.log", "a")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {workdir / 'gunicorn.log'}")
            try:
                fetch(base + ready_path)
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not answer within 30 s") from None
                time.sleep(0.2)
        yield base, process
    finally:
        stop_group(process)
        log_file.close()


def worker_rss(master_pid):
    """Resident memory of each gunicorn worker, in MiB, read from /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


def wrk(binary, url, *, duration, connections, script=LUA_SCRIPT):
    """One wrk run against `url`; the figures come from report.lua's JSON line."""
    command = [binary, "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", str(script), url]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, start_new_session=True
    ) as process:
        try:
            output, _ = process.communicate(timeout=duration + 30)
        finally:
            stop_group(process)
    line = next((x for x in output.splitlines() if x.startswith("WRK-REPORT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no report for {url}:\n{output}")
    raw = json.loads(line.removeprefix("WRK-REPORT "))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["non2xx"] + raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
        "requests": raw["requests"],
        "bytes_per_request": raw["bytes"] // max(raw["requests"], 1),
    }


@contextmanager
def redis_server(workdir):
    """A private, memory-only Redis on a free port if Debian's redis-server is installed.

    The page cache is only on by default with Redis (prod.py): each worker's
    local memory would miss the other workers' invalidations. Yields its URL, or
    None without redis-server.
    """
    with redis_process(workdir) as (url, _):
        yield url


@contextmanager
def redis_process(workdir):
    """As `redis_server`, yielding (URL, the process) so it can be paused; (None, None) without."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None, None
        return
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir)]
    command += ["--save", "", "--appendonly", "no"]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        with suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)
        stop_group(process)


@contextmanager
def paused(process):
    """Freeze a process (SIGSTOP) until the block ends: a stalled Redis, not a stopped one."""
    os.kill(process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(process.pid, signal.SIGCONT)


def page_cache_stats(folder):
    """What each worker's page cache held when it exited (config/gunicorn.py writes them)."""
    return [json.loads(path.read_text()) for path in sorted(Path(folder).glob("worker-*.json"))]
