"""What every question of the starter bank must carry, checked without running anything."""

import math
import re
import tomllib
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

from questions.starter_blocks import MARKERS, iter_blocks

CONTENT_DIR = Path(__file__).resolve().parents[2] / "questions" / "starter_content"


def read_topics(directory: Path = CONTENT_DIR) -> list[dict]:
    """Every topic file of the bank as plain data (no Django needed)."""
    topics = []
    for path in sorted(directory.glob("*.toml")):
        if path.name != "frameworks.toml":
            with open(path, "rb") as handle:
                topics.append(tomllib.load(handle))
    return topics


OFFICIAL_HOSTS = frozenset(
    {
        "docs.djangoproject.com",
        "www.djangoproject.com",
        "docs.python.org",
        "peps.python.org",
        "flask.palletsprojects.com",
        "jinja.palletsprojects.com",
        "werkzeug.palletsprojects.com",
        "quart.palletsprojects.com",
        "docs.sqlalchemy.org",
        "alembic.sqlalchemy.org",
        "www.postgresql.org",
        "dev.mysql.com",
        "www.sqlite.org",
        "sqlite.org",
        "www.django-rest-framework.org",
        "docs.celeryq.dev",
        "docs.pytest.org",
        "pytest-django.readthedocs.io",
        "pytest-asyncio.readthedocs.io",
        "hypothesis.readthedocs.io",
        "playwright.dev",
        "developer.mozilla.org",
        "datatracker.ietf.org",
        "www.rfc-editor.org",
        "cheatsheetseries.owasp.org",
        "owasp.org",
        "docs.gunicorn.org",
        "gunicorn.org",
        "redis.io",
        "docs.docker.com",
        "opentelemetry.io",
        "nginx.org",
        "flask-login.readthedocs.io",
        "flask-migrate.readthedocs.io",
        "flask-caching.readthedocs.io",
        "flask-sqlalchemy.palletsprojects.com",
        "fastapi.tiangolo.com",
        "openid.net",
        "oauth.net",
        "spec.openapis.org",
        "graphql.org",
        "html.spec.whatwg.org",
        "websockets.spec.whatwg.org",
        "www.python-httpx.org",
        "requests.readthedocs.io",
        "channels.readthedocs.io",
        "docs.pydantic.dev",
        "www.uvicorn.org",
        "uvicorn.dev",
        "uwsgi-docs.readthedocs.io",
        "drf-spectacular.readthedocs.io",
        "packaging.python.org",
        "pip.pypa.io",
        "docs.pypi.org",
        "www.cve.org",
        "nvd.nist.gov",
        "docs.github.com",
        "asgi.readthedocs.io",
        "wsgi.readthedocs.io",
        "whitenoise.readthedocs.io",
        "django-filter.readthedocs.io",
        "docs.aiohttp.org",
        "py-spy.readthedocs.io",
        "prometheus.io",
        "www.pgbouncer.org",
        "coverage.readthedocs.io",
        "pytest-xdist.readthedocs.io",
        "argon2-cffi.readthedocs.io",
        "cryptography.io",
        "www.w3.org",
        "w3c.github.io",
        "pyyaml.org",
        "granian.dev",
    }
)
FRAMEWORKS = frozenset({"django", "flask", "python", "general"})
DIFFICULTIES = frozenset({"beginner", "intermediate", "advanced"})
VERSION = re.compile(r"^[A-Za-z][\w.+-]*(?: [A-Za-z][\w.+-]*)* \d+(?:\.\d+)*\+?$")
CLAIMED_OUTPUT = re.compile(r"#\s*(?:->|=>|prints?\b|outputs?\s*:|output\b)", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Titles closer than this (0..1, on their words) read as the same question twice.
SIMILAR_TITLES = 0.7
# Questions whose title and short answer weigh the same words this much (TF-IDF cosine,
# 0..1) teach the same thing twice. In the bank of before, the duplicates later merged
# (N+1, Flask's session, Flask's test client) scored 0.41 to 0.62; the closest pair the
# bank keeps (related questions, each with its own angle) scores 0.33. Folding a narrow
# question into a broader one (ProxyFix into Gunicorn) scores far lower: that takes a reader.
SIMILAR_QUESTIONS = 0.4
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "to",
        "for",
        "with",
        "how",
        "what",
        "why",
        "when",
        "which",
        "is",
        "are",
        "do",
        "does",
        "you",
        "your",
        "it",
        "its",
        "be",
        "can",
        "should",
        "would",
        "between",
        "vs",
        "versus",
    ]
)


def markdown_values(item: dict):
    """(name, Markdown) for each Markdown value of a question."""
    if item.get("body"):
        yield "body", item["body"]
    for number, answer in enumerate(item.get("answers", []), start=1):
        yield f"answer {number}", answer


def question_problems(item: dict) -> list[str]:
    """Everything wrong with one question's structure, as readable sentences."""
    problems = []
    for key in ("slug", "title", "framework", "difficulty", "answers", "checked", "read_more"):
        if not item.get(key):
            problems.append(f"missing `{key}`")
    if item.get("slug") and not SLUG.match(item["slug"]):
        problems.append(f"slug {item['slug']!r} is not lowercase-with-hyphens")
    if item.get("framework") and item["framework"] not in FRAMEWORKS:
        problems.append(f"framework {item['framework']!r} is not one of {sorted(FRAMEWORKS)}")
    if item.get("difficulty") and item["difficulty"] not in DIFFICULTIES:
        problems.append(f"difficulty {item['difficulty']!r} is not one of {sorted(DIFFICULTIES)}")
    answers = item.get("answers") or []
    if answers and len(answers) < 2:
        problems.append("needs a short answer and at least one deeper answer")
    for version in item.get("checked") or []:
        if not isinstance(version, str) or not VERSION.match(version):
            problems.append(f"`checked` entry {version!r} is not like 'Django 5.2'")
    links = item.get("read_more") or []
    if links and not 1 <= len(links) <= 3:
        problems.append(f"`read_more` has {len(links)} links, not 1 to 3")
    for link in links:
        problems.extend(_link_problems(link))
    for alias in item.get("aliases", []):
        if not SLUG.match(alias):
            problems.append(f"alias {alias!r} is not a slug")
    for where, markdown in markdown_values(item):
        problems.extend(f"{where}: {problem}" for problem in block_problems(markdown))
    return problems


def _link_problems(link) -> list[str]:
    if not isinstance(link, dict) or not link.get("title") or not link.get("url"):
        return [f"`read_more` entry {link!r} needs a title and a url"]
    parts = urlsplit(link["url"])
    if parts.scheme != "https":
        return [f"{link['url']} is not https"]
    if parts.hostname not in OFFICIAL_HOSTS:
        return [f"{parts.hostname} is not an official documentation host (rules.OFFICIAL_HOSTS)"]
    return []


def block_problems(markdown: str) -> list[str]:
    problems = []
    for block in iter_blocks(markdown):
        where = f"code block at line {block.line}"
        if not block.closed:
            problems.append(f"{where} is never closed")
        if not block.language:
            problems.append(f"{where} names no language (e.g. ```text fragment)")
            continue
        unknown = block.markers - MARKERS
        if unknown:
            problems.append(f"{where}: unknown marker(s) {sorted(unknown)}")
        elif block.is_fragment:
            if len(block.markers) > 1:
                problems.append(f"{where}: `fragment` goes alone")
        elif not block.is_runnable:
            problems.append(
                f"{where} ({block.language} {' '.join(sorted(block.markers))}) is neither "
                "runnable nor marked `fragment`"
            )
        elif block.context != "doctest":
            for number, line in enumerate(block.code.splitlines(), start=1):
                if CLAIMED_OUTPUT.search(line):
                    problems.append(
                        f"{where}, line {number}: claims an output in a comment "
                        f"({line.strip()!r}); assert it instead"
                    )
    return problems


def title_words(title: str) -> list[str]:
    text = unicodedata.normalize("NFKC", title).casefold()
    words = re.findall(r"[a-z0-9_+.]+", text)
    return [word.strip(".") for word in words if word.strip(".") not in STOP_WORDS]


def title_similarity(first: str, second: str) -> float:
    a, b = title_words(first), title_words(second)
    if not a or not b:
        return 0.0
    sequence = SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    overlap = len(set(a) & set(b)) / len(set(a) | set(b))
    return max(sequence, overlap)


def similar_titles(items: list[dict], threshold: float = SIMILAR_TITLES):
    """Pairs of (slug, slug, score) whose titles read as the same question."""
    for first, second in combinations(items, 2):
        score = title_similarity(first["title"], second["title"])
        if score >= threshold:
            yield first["slug"], second["slug"], round(score, 2)


def question_words(item: dict) -> list[str]:
    """The words of a question's title and short answer, a plural `s` folded away."""
    text = f"{item['title']}\n{item['answers'][0]}"
    words = title_words(text)
    return [word[:-1] if len(word) > 3 and word[-1] == "s" != word[-2] else word for word in words]


def _tf_idf(items: list[dict]) -> list[dict[str, float]]:
    # A word every question uses weighs nothing; one that only two questions share
    # weighs the most, so a shared subject ("django", "cache") counts less than
    # shared points ("select_related", "prefetch_related", "201").
    counts = [Counter(question_words(item)) for item in items]
    spread = Counter(word for count in counts for word in count)
    vectors = []
    for count in counts:
        vector = {
            word: (1 + math.log(n)) * math.log(len(items) / spread[word])
            for word, n in count.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        vectors.append({word: weight / norm for word, weight in vector.items()})
    return vectors


def question_similarity(first: dict[str, float], second: dict[str, float]) -> float:
    return sum(weight * second.get(word, 0.0) for word, weight in first.items())


def similar_questions(items: list[dict], threshold: float = SIMILAR_QUESTIONS):
    """Pairs of (slug, slug, score) whose titles and short answers teach the same thing,
    weighed against the words of all `items` (the whole bank)."""
    vectors = _tf_idf(items)
    for (first, a), (second, b) in combinations(zip(items, vectors, strict=True), 2):
        score = question_similarity(a, b)
        if score >= threshold:
            yield first["slug"], second["slug"], round(score, 2)


def bank_problems(topics: list[dict]) -> list[str]:
    """Problems that need the whole bank: duplicate slugs and aliases, similar titles
    and questions."""
    problems = []
    items = [item for topic in topics for item in topic.get("questions", [])]
    slugs = [item["slug"] for item in items if item.get("slug")]
    seen = set()
    for slug in slugs:
        if slug in seen:
            problems.append(f"slug {slug!r} is used twice")
        seen.add(slug)
    aliases = [alias for item in items for alias in item.get("aliases", [])]
    for alias in aliases:
        if alias in seen:
            problems.append(f"alias {alias!r} is also a question's slug")
        if aliases.count(alias) > 1:
            problems.append(f"alias {alias!r} points at two questions")
    for first, second, score in similar_titles([item for item in items if item.get("title")]):
        problems.append(f"titles of {first!r} and {second!r} are {score:.0%} alike")
    complete = [item for item in items if item.get("title") and item.get("answers")]
    for first, second, score in similar_questions(complete):
        problems.append(
            f"questions {first!r} and {second!r} teach the same thing ({score:.0%} alike): "
            "merge them, or give each its own angle"
        )
    return sorted(set(problems))
