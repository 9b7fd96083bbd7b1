"""Seed the benchmark database with a large bank, in seconds.

The questions and answers reuse the starter bank's text, so pages carry the
sizes and code blocks of real content. Each distinct text goes through the real
`render_markdown` once and its HTML is reused, and rows go in with
`bulk_create`: rendering 50,000 answers one by one would take minutes and
measure nothing the benchmark is about.

Run by `bench/run.py` with the benchmark's environment; prints the URLs to
load as one JSON line.
"""

import argparse
import json
import math
import os
import random
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

DRAFT_SHARE = 0.05
SCHEDULED_SHARE = 0.01
CHUNK = 5_000
AREAS = ["Routing", "ORM", "Templates", "Forms", "Security", "Testing", "Deployment", "Caching"]
AREAS += ["Async", "REST APIs"]
ASPECTS = ["basics", "in practice", "pitfalls", "performance", "at scale"]
FILTER_FRAMEWORK = "django"
FILTER_DIFFICULTY = "intermediate"
SEARCH_WORD = "middleware"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000, help="spread over the topics")
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument(
        "--big-topic", type=int, default=10_000, help="questions in one extra topic (last page)"
    )
    parser.add_argument(
        "--twin", type=Path, required=True, help="write a copy of a topic page here"
    )
    parser.add_argument("--seed", type=int, default=5)
    return parser.parse_args(argv)


@dataclass
class Template:
    """One starter question, rendered and indexed once, copied into many rows."""

    title: str
    body: str
    body_html: str
    answers: list  # of (Markdown, HTML)
    document: object  # an unsaved SearchDocument, to copy per question


def templates():
    from questions.markdown import render_markdown
    from questions.models import Answer, Question
    from questions.search.models import SearchDocument
    from questions.starter import read_content

    _, topics = read_content()
    result = []
    for data in topics:
        for item in data["questions"]:
            body = item.get("body", "").strip()
            answers = [(text.strip(), render_markdown(text.strip())) for text in item["answers"]]
            question = Question(title=item["title"].strip(), body_html=render_markdown(body))
            document = SearchDocument.for_question(
                question, [Answer(body_html=html) for _, html in answers]
            )
            result.append(Template(question.title, body, question.body_html, answers, document))
    return result


def make_topics(count):
    from django.utils.text import slugify

    from questions.models import Topic

    description = (
        "Questions about **{name}** for Python web developers: what interviewers ask, "
        "from the first principles to the production incident.\n\n"
        "Each answer starts short and goes deeper; code is in `Python` unless said otherwise."
    )
    topics = []
    for index in range(count):
        area, aspect = AREAS[index % len(AREAS)], ASPECTS[index // len(AREAS) % len(ASPECTS)]
        name = f"{area}: {aspect}" + (f" ({index // 50 + 1})" if index >= 50 else "")
        topic = Topic(name=name, slug=slugify(name), position=index)
        topic.description = description.format(name=name)
        topic.save()
        topics.append(topic)
    big = Topic(name="Everything at once", slug="everything", position=count)
    big.description = description.format(name="everything at once")
    big.save()
    return topics, big


def make_frameworks():
    from questions.models import Framework
    from questions.starter import read_content

    frameworks, _ = read_content()
    return [
        Framework.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "position": item["position"]}
        )[0]
        for item in frameworks
    ]


def create_questions(*, count, topics, frameworks, texts, rng, offset):
    """Insert `count` questions (and their answers) spread over `topics`."""
    from django.db import transaction
    from django.utils import timezone

    from questions.models import (
        DIFFICULTY_RANK,
        Answer,
        Difficulty,
        Question,
        SearchDocument,
        Status,
    )

    now = timezone.now()
    levels = list(Difficulty)
    for start in range(0, count, CHUNK):
        questions, sources = [], []
        for index in range(start, min(start + CHUNK, count)):
            number = offset + index
            source = texts[number % len(texts)]
            level = rng.choice(levels)
            roll = rng.random()
            if roll < DRAFT_SHARE:
                status, publish_at = Status.DRAFT, None
            elif roll < DRAFT_SHARE + SCHEDULED_SHARE:
                status, publish_at = Status.PUBLISHED, now + timedelta(days=rng.randint(1, 60))
            else:
                status, publish_at = Status.PUBLISHED, now - timedelta(days=rng.randint(1, 700))
            questions.append(
                Question(
                    topic=topics[index % len(topics)],
                    framework=rng.choice(frameworks),
                    difficulty=level,
                    difficulty_rank=DIFFICULTY_RANK[level],
                    title=source.title,
                    slug=f"q{number}",
                    body=source.body,
                    body_html=source.body_html,
                    status=status,
                    publish_at=publish_at,
                )
            )
            sources.append(source)
        pairs = list(zip(questions, sources, strict=True))
        with transaction.atomic():
            Question.objects.bulk_create(questions)
            Answer.objects.bulk_create(
                Answer(question=question, body=text, body_html=html, position=position)
                for question, source in pairs
                for position, (text, html) in enumerate(source.answers, start=1)
            )
            # bulk_create skips save(), which keeps the search index: fill it likewise.
            SearchDocument.objects.bulk_create(
                SearchDocument(
                    question=question,
                    title=source.document.title,
                    body=source.document.body,
                    answers=source.document.answers,
                )
                for question, source in pairs
            )


def pick_question(topic):
    """A published question with several answers in the middle of `topic`: it has neighbours."""
    from django.db.models import Count

    from questions.models import Question

    candidates = (
        Question.objects.published()
        .filter(topic=topic)
        .annotate(answer_count=Count("answers"))
        .filter(answer_count__gte=2)
        .order_by("difficulty_rank", "id")
    )
    return candidates[candidates.count() // 2]


def write_twin(path, url):
    """Save the page at `url` as a file: the static file the pages are compared with."""
    from django.test import Client

    response = Client().get(url, HTTP_HOST="127.0.0.1", secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code} while seeding")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(response.content)
    return len(response.content)


def settle():
    """On PostgreSQL, what autovacuum would do to a bank this size before it is read.

    A table just bulk-loaded has no visibility map yet, so its index-only scans visit
    the heap row by row (the last page of the 10,000-question topic, 10,000 of them),
    and no statistics for the planner; a site's tables have both.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    import django

    django.setup()
    from django.conf import settings

    from questions.models import Answer, Question

    rng = random.Random(args.seed)
    texts = templates()
    frameworks = make_frameworks()
    topics, big = make_topics(args.topics)
    create_questions(
        count=args.questions, topics=topics, frameworks=frameworks, texts=texts, rng=rng, offset=0
    )
    create_questions(
        count=args.big_topic,
        topics=[big],
        frameworks=frameworks,
        texts=texts,
        rng=rng,
        offset=args.questions,
    )
    settle()
    topic = topics[0]
    question = pick_question(topic)
    big_published = Question.objects.published().filter(topic=big).count()
    last_page = max(1, math.ceil(big_published / settings.QUESTIONS_PER_PAGE))
    topic_url = topic.get_absolute_url()
    print(
        json.dumps(
            {
                "questions": Question.objects.count(),
                "published": Question.objects.published().count(),
                "answers": Answer.objects.count(),
                "twin_bytes": write_twin(args.twin, topic_url),
                "urls": {
                    "topic": topic_url,
                    "topic_filtered": (
                        f"{topic_url}?framework={FILTER_FRAMEWORK}&difficulty={FILTER_DIFFICULTY}"
                    ),
                    "big_first": big.get_absolute_url(),
                    "big_last": f"{big.get_absolute_url()}?page={last_page}",
                    "question": question.get_absolute_url(),
                    "search": f"/questions/?q={SEARCH_WORD}",
                    "home": "/",
                },
            }
        )
    )


if __name__ == "__main__":
    main()
