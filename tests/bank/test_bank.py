"""The starter bank is checked like code: its structure, its titles, and every runnable block.

Each runnable block runs in a fresh interpreter (`tests/bank/runner.py`, Python 3.13 from
`.venv-bank` where the machine has it), two at a time, once per session; a block that
fails or claims an output it does not assert fails here.
"""

import os
import textwrap
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pytest

from questions.starter_blocks import Block, iter_blocks, strip_markers

from .rules import (
    SIMILAR_TITLES,
    bank_problems,
    block_problems,
    markdown_values,
    question_problems,
    read_topics,
    similar_questions,
    title_similarity,
)
from .runner import run

TOPICS = read_topics()
QUESTIONS = [item for topic in TOPICS for item in topic["questions"]]
BLOCKS = [
    pytest.param(block, id=f"{item['slug']}-{where.replace(' ', '')}-line{block.line}")
    for item in QUESTIONS
    for where, markdown in markdown_values(item)
    for block in iter_blocks(markdown)
    if block.is_runnable
]
# The blocks touch no database of ours, so the PostgreSQL pass need not run them again.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.parametrize("item", QUESTIONS, ids=[item["slug"] for item in QUESTIONS])
def test_every_question_carries_versions_links_and_marked_blocks(item):
    assert question_problems(item) == []


def test_the_bank_has_no_repeated_slug_alias_or_title():
    assert bank_problems(TOPICS) == []


def test_the_bank_is_big_and_balanced():
    assert len(QUESTIONS) >= 160
    assert len(TOPICS) >= 10
    for topic in TOPICS:
        levels = {item["difficulty"] for item in topic["questions"]}
        assert len(topic["questions"]) >= 12, topic["topic"]["slug"]
        assert levels == {"beginner", "intermediate", "advanced"}, topic["topic"]["slug"]
    advanced = sum(item["difficulty"] == "advanced" for item in QUESTIONS)
    assert advanced * 4 >= len(QUESTIONS)
    slugs = {topic["topic"]["slug"] for topic in TOPICS}
    assert {"caching", "async-concurrency"} <= slugs


@cache
def outcomes():
    """Every runnable block's outcome, computed once, two blocks at a time."""
    blocks = [param.values[0] for param in BLOCKS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(blocks, pool.map(run, blocks), strict=True))


@pytest.mark.skipif(ON_POSTGRES, reason="the blocks touch no database: run in the SQLite pass")
@pytest.mark.parametrize("block", BLOCKS)
def test_every_runnable_block_runs(block):
    outcome = outcomes()[block]
    assert outcome.ok, outcome.output[-4000:]


def test_most_questions_have_a_runnable_block():
    runnable = {
        item["slug"]
        for item in QUESTIONS
        for _, markdown in markdown_values(item)
        if any(block.is_runnable for block in iter_blocks(markdown))
    }
    assert len(runnable) * 2 >= len(QUESTIONS)


# The checker itself, on material of our own.


def block(markdown: str) -> Block:
    (found,) = iter_blocks(textwrap.dedent(markdown))
    return found


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("print('hi')\n", True),
        ("assert sum([1, 2]) == 4, 'wrong sum'\n", False),
        ("import sys\nsys.exit(3)\n", False),
        ("while True:\n    pass\n", None),
    ],
)
def test_the_runner_fails_a_wrong_block(source, ok, monkeypatch):
    if ok is None:
        monkeypatch.setattr("tests.bank.runner.TIMEOUT", 2)
        ok = False
    assert run(Block("python", frozenset(), source, 1)).ok is ok


def test_a_django_block_gets_tables_urls_and_fails_on_a_wrong_count():
    code = textwrap.dedent(
        """
        from django.db import models
        from django.http import HttpResponse
        from django.test import Client
        from django.urls import path


        class Shelf(models.Model):
            books = models.ManyToManyField("Book")


        class Book(models.Model):
            title = models.CharField(max_length=50)


        def count(request):
            return HttpResponse(str(Book.objects.count()))


        urlpatterns = [path("count/", count)]
        Shelf.objects.create().books.add(Book.objects.create(title="Dune"))
        assert Client().get("/count/").content == b"COUNT"
        """
    )
    wrong = run(Block("python", frozenset({"django"}), code, 1))
    assert not wrong.ok
    assert "AssertionError" in wrong.output
    assert run(Block("python", frozenset({"django"}), code.replace("COUNT", "1"), 1)).ok


def test_pytest_and_doctest_blocks_fail_when_their_tests_do():
    failing_test = "def test_it():\n    assert 2 + 2 == 5\n"
    assert not run(Block("python", frozenset({"pytest"}), failing_test, 1)).ok
    assert not run(Block("python", frozenset({"pytest"}), "x = 1\n", 1)).ok  # no test collected
    assert not run(Block("pycon", frozenset(), ">>> 2 + 2\n5\n", 1)).ok
    assert run(Block("pycon", frozenset(), ">>> 2 + 2\n4\n", 1)).ok


def test_fences_are_read_with_their_markers_and_shown_without_them():
    markdown = textwrap.dedent(
        """
        Intro.

        ```python django
        x = 1
        ```

        - In a list:

          ~~~bash fragment
          make test
          ~~~
        """
    )
    first, second = iter_blocks(markdown)
    assert (first.language, first.markers, first.code) == ("python", {"django"}, "x = 1\n")
    assert (second.language, second.is_fragment, second.code) == ("bash", True, "make test\n")
    shown = strip_markers(markdown)
    assert "```python\n" in shown and "~~~bash\n" in shown
    assert "django" not in shown and "fragment" not in shown


@pytest.mark.parametrize(
    ("markdown", "problem"),
    [
        ("```bash\nls\n```\n", "neither runnable nor marked `fragment`"),
        ("```\nls\n```\n", "names no language"),
        ("```python quick\nx = 1\n```\n", "unknown marker"),
        ("```python\nprint(2 + 2)  # -> 4\n```\n", "claims an output"),
        ("```python\nprint(2 + 2)  # prints 4\n```\n", "claims an output"),
        ("```python\nx = 1\n", "never closed"),
    ],
)
def test_the_checker_refuses_unmarked_and_unproven_blocks(markdown, problem):
    problems = block_problems(markdown)
    assert problems and problem in problems[0]


def test_a_question_needs_versions_and_official_links():
    item = {
        "slug": "demo",
        "title": "Demo?",
        "framework": "django",
        "difficulty": "beginner",
        "answers": ["Short.", "Long."],
        "checked": ["Django five"],
        "read_more": [{"title": "A blog", "url": "https://blog.example.com/django"}],
    }
    problems = question_problems(item)
    assert any("is not like 'Django 5.2'" in problem for problem in problems)
    assert any("not an official documentation host" in problem for problem in problems)
    item["checked"] = ["Django 5.2"]
    item["read_more"] = [{"title": "Docs", "url": "https://docs.djangoproject.com/en/5.2/"}]
    assert question_problems(item) == []


@pytest.mark.parametrize(
    ("first", "second", "alike"),
    [
        (
            "What is the N+1 query problem, and how do you fix it in Django?",
            "What's the N+1 queries problem and how can you fix it in Django?",
            True,
        ),
        (
            "How does Flask's default session work, and what are its limits?",
            "What does Flask's default session store, and what are its security limits?",
            True,
        ),
        (
            "What is the N+1 query problem, and how do you fix it in Django?",
            "How would you write a test that catches an N+1 query problem in a Django view?",
            False,
        ),
        (
            "How should a web application store user passwords?",
            "How should a web application get its configuration and secrets in production?",
            False,
        ),
    ],
)
def test_near_duplicate_titles_are_told_apart_from_related_ones(first, second, alike):
    assert (title_similarity(first, second) >= SIMILAR_TITLES) is alike


# Two questions the bank once carried side by side (commit c812f95, before they were
# merged), one retitled so that only their answers give them away, and a related
# question with its own angle.
REPEATED = [
    {
        "slug": "n-plus-one",
        "title": "What is the N+1 query problem, and how do you fix it in Django?",
        "answers": [
            "N+1 means one query loads a list of N rows, then the code runs one more query per "
            "row to fetch related data. Here that is 1 query for the books, 100 for the authors "
            'and 100 for the tags: 201 queries. The fix is `select_related("author")`, which '
            "pulls foreign-key and one-to-one relations into the same query with a JOIN, plus "
            '`prefetch_related("tags")`, which loads many-to-many and reverse relations in '
            "one extra query and matches them up in Python."
        ],
    },
    {
        "slug": "book-list-201-queries",
        "title": "Why does this book list page run 201 queries, and how do you get it down to two?",
        "answers": [
            "About 201: one for the books, then one per book for `author` and another per book "
            "for `tags`, because each related access lazily runs its own query. "
            '`select_related("author")` follows forward foreign keys and one-to-one relations '
            'with a SQL JOIN in the same query. `prefetch_related("tags")` handles '
            "many-to-many and reverse foreign keys with one extra query per relation, joined "
            "up in Python. Using both brings this page to 2 queries, however many books there "
            "are."
        ],
    },
    {
        "slug": "n-plus-one-test",
        "title": "How would you write a test that catches an N+1 query problem in a Django view?",
        "answers": [
            "Wrap the request in a query-count assertion: `django_assert_num_queries` with "
            "pytest-django, or `assertNumQueries` in a `TestCase`. Create several rows first, "
            "since with a single row a page with an N+1 problem runs as few queries as a fixed "
            "one; the count must then stay the same whether the list shows 3 rows or 30."
        ],
    },
]


def test_a_question_repeated_under_another_title_is_caught():
    first, second, related = REPEATED
    assert title_similarity(first["title"], second["title"]) < SIMILAR_TITLES
    assert title_similarity(first["title"], related["title"]) < SIMILAR_TITLES
    # Against today's bank, without the questions these grew into.
    others = [item for item in QUESTIONS if "n-plus-one" not in item["slug"]]
    others = [item for item in others if item["slug"] != "testing-django-query-counts"]
    found = [(a, b) for a, b, _ in similar_questions([*others, *REPEATED])]
    assert found == [("n-plus-one", "book-list-201-queries")]
    (problem,) = bank_problems([{"questions": [*others, first, second]}])
    assert problem.startswith("questions 'n-plus-one' and 'book-list-201-queries' teach the same")
