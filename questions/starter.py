"""Load the starter question bank shipped in `questions/starter_content/`."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Answer, Framework, Question, Status, Topic

CONTENT_DIR = Path(__file__).resolve().parent / "starter_content"
FRAMEWORKS_FILE = "frameworks.toml"


@dataclass
class LoadReport:
    created: dict[str, int] = field(
        default_factory=lambda: {"topic": 0, "framework": 0, "question": 0}
    )
    unchanged: int = 0


def read_frameworks(directory: Path = CONTENT_DIR) -> list[dict]:
    """The starter frameworks (slug, name, position), which the importer may also create."""
    with open(directory / FRAMEWORKS_FILE, "rb") as handle:
        return tomllib.load(handle)["frameworks"]


def read_content(directory: Path = CONTENT_DIR):
    """Return (frameworks, topics) as plain data, each topic with its questions."""
    topics = []
    for path in sorted(directory.glob("*.toml")):
        if path.name == FRAMEWORKS_FILE:
            continue
        with open(path, "rb") as handle:
            topics.append(tomllib.load(handle))
    return read_frameworks(directory), topics


@transaction.atomic
def load_starter_content(*, directory: Path = CONTENT_DIR) -> LoadReport:
    """Create whatever starter content is missing, matched by slug.

    Existing rows are left alone, so editors' changes survive and a second run
    changes nothing.
    """
    report = LoadReport()
    frameworks_data, topics_data = read_content(directory)
    frameworks = {}
    for item in frameworks_data:
        framework, created = Framework.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "position": item["position"]}
        )
        frameworks[framework.slug] = framework
        report.created["framework"] += created
    frameworks.update({f.slug: f for f in Framework.objects.exclude(slug__in=frameworks)})

    existing = set(Question.objects.values_list("slug", flat=True))
    for data in topics_data:
        meta = data["topic"]
        topic, created = Topic.objects.get_or_create(
            slug=meta["slug"],
            defaults={
                "name": meta["name"],
                "position": meta.get("position", 0),
                "description": meta.get("description", "").strip(),
            },
        )
        report.created["topic"] += created
        for item in data["questions"]:
            if item["slug"] in existing:
                report.unchanged += 1
                continue
            question = Question.objects.create(
                topic=topic,
                framework=frameworks[item["framework"]],
                difficulty=item["difficulty"],
                title=item["title"].strip(),
                slug=item["slug"],
                body=item.get("body", "").strip(),
                status=Status.PUBLISHED,
            )
            for position, body in enumerate(item["answers"], start=1):
                Answer.objects.create(question=question, body=body.strip(), position=position)
            existing.add(question.slug)
            report.created["question"] += 1
    return report
