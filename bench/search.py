"""Time every shape of search in-process on a large bank; print each target met or missed.

Seeds a throwaway SQLite database (bench/seed.py's bank, `--questions` of it,
100,000 by default), then requests the search page through Django's test client,
in this process, with the page cache off: the most common word, many words, one
letter, the widest two-letter prefix, a misspelt word ("did you mean"), each on
page 1 and on its last page. Each figure is the median of `--repeat` requests;
"cold" clears the cache first, so the search runs from scratch; "warm" is a
later page of a search whose ranked ids are cached. Run with
`python -m bench.search` (`--help` for the options).
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .run import bench_env

TARGET_MS = 50.0
SEED = 5


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7, help="requests per figure")
    parser.add_argument(
        "--database-url", help="a database to seed instead of a throwaway SQLite file (emptied)"
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        help="a SQLite file: seeded and kept if it does not exist, else searched as it is",
    )
    return parser.parse_args(argv)


def setup(workdir, database_url, reuse, seeded):
    """Django on the benchmark's settings and database, migrated."""
    os.environ.update(bench_env(workdir))
    os.environ.pop("REDIS_URL", None)
    if database_url or reuse:
        os.environ["DATABASE_URL"] = database_url or f"sqlite:///{reuse.resolve()}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--no-input", verbosity=0)
    if not seeded:
        if database_url:
            call_command("flush", "--no-input", verbosity=0)
        call_command("migrate", "--no-input", verbosity=0)


def seed(questions, topics):
    import random

    from . import seed as bank

    rng = random.Random(SEED)
    texts = bank.templates()
    frameworks = bank.make_frameworks()
    topic_rows, _ = bank.make_topics(topics)
    bank.create_questions(
        count=questions, topics=topic_rows, frameworks=frameworks, texts=texts, rng=rng, offset=0
    )
    return texts


def shapes(texts):
    """The searches to time: (label, query), from the words of the seeded bank."""
    from questions.search.query import STOP_WORDS, WORD

    documents = Counter()
    for text in texts:
        document = text.document
        documents.update(set(WORD.findall(f"{document.title} {document.body} {document.answers}")))
    ranked = sorted(documents.items(), key=lambda item: (-item[1], item[0]))
    common = next(word for word, _ in ranked if word.lower() not in STOP_WORDS).lower()
    longest = max((text.title for text in texts), key=lambda title: len(WORD.findall(title)))
    # Two letters swapped where they differ: a typo that matches nothing.
    at = next(i for i in range(1, len(common) - 1) if common[i] != common[i + 1])
    misspelt = common[:at] + common[at + 1] + common[at] + common[at + 2 :]
    # The two letters most words start with: the widest prefix a search may ask for.
    starts = Counter()
    for word, count in documents.items():
        if len(word) > 2 and word.lower() not in STOP_WORDS:
            starts[word[:2].lower()] += count
    widest = max(starts, key=lambda start: (starts[start], start))
    return [
        (f"the most common word ({common!r})", common),
        (f"many words ({len(WORD.findall(longest))}: {longest[:40]!r}...)", longest),
        ("one letter ('d')", "d"),
        (f"the widest two-letter prefix ({widest!r})", widest),
        (f"a misspelt word, no match ({misspelt!r})", misspelt),
    ]


def request_ms(client, path, *, cold):
    from django.core.cache import cache

    if cold:
        cache.clear()
    started = time.perf_counter()
    response = client.get(path, HTTP_HOST="127.0.0.1", secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed, response


def measure(client, query, repeat):
    """(page 1 cold, last page cold, last page warm, count text, pages) for `query`."""
    from urllib.parse import urlencode

    path = f"/questions/?{urlencode({'q': query})}"
    request_ms(client, path, cold=True)  # Warm the process (templates, stems), not the cache.
    first = [request_ms(client, path, cold=True) for _ in range(repeat)]
    content = first[-1][1].content.decode()
    status = re.search(r'id="results-count"[^>]*>\s*(.*?)\s*</p>', content, re.DOTALL)
    summary = " ".join(status.group(1).split()) if status else "?"
    pages = re.search(r"page \d+ of (\d+)", summary)
    last = int(pages.group(1)) if pages else 1
    last_path = f"{path}&page={last}"
    last_cold = [request_ms(client, last_path, cold=True)[0] for _ in range(repeat)]
    request_ms(client, path, cold=True)
    last_warm = [request_ms(client, last_path, cold=False)[0] for _ in range(repeat)]
    return (
        statistics.median(ms for ms, _ in first),
        statistics.median(last_cold),
        statistics.median(last_warm),
        summary,
        last,
    )


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        started = time.monotonic()
        seeded = bool(args.reuse and args.reuse.exists())
        setup(workdir, args.database_url, args.reuse, seeded)
        if seeded:
            from . import seed as bank

            texts = bank.templates()
        else:
            texts = seed(args.questions, args.topics)
        from django.db import connection
        from django.test import Client

        from questions.models import Question

        total = Question.objects.count()
        print(
            f"{total:,} questions on {connection.vendor}, ready in "
            f"{time.monotonic() - started:.0f} s; median of {args.repeat} requests each, "
            "in-process, page cache off"
        )
        client = Client()
        # The same list without a search: what any list page costs on this machine now.
        request_ms(client, "/questions/", cold=True)
        reference = statistics.median(
            request_ms(client, "/questions/", cold=True)[0] for _ in range(args.repeat)
        )
        print(
            f"reference: /questions/ without a search {reference:.1f} ms; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        rows, targets = [], []
        for label, query in shapes(texts):
            first, last_cold, last_warm, summary, last = measure(client, query, args.repeat)
            rows.append((label, first, last_cold, last_warm, summary))
            for page, figure in (("page 1", first), (f"last page ({last})", last_cold)):
                targets.append((f"{label}, {page}", figure))
        print(f"{'search':<58} {'page 1':>8} {'last':>8} {'warm':>8}  count shown")
        for label, first, last_cold, last_warm, summary in rows:
            print(f"{label:<58} {first:>8.1f} {last_cold:>8.1f} {last_warm:>8.1f}  {summary}")
        print("(ms; 'warm': the last page once page 1 has cached the ranked ids)")
        for text, figure in targets:
            mark = "met " if figure <= TARGET_MS else "MISS"
            print(f"  [{mark}] search at {total:,}: {text} <= {TARGET_MS:.0f} ms: {figure:.1f} ms")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
