"""What every question of the starter bank must carry, checked without running anything."""

import re
import tomllib
import unicodedata
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


def bank_problems(topics: list[dict]) -> list[str]:
    """Problems that need the whole bank: duplicate slugs and aliases, similar titles."""
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
    return sorted(set(problems))
