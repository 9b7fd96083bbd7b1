"""Load the starter question bank shipped in `questions/starter_content/`.

The first load (a database with none of the bank's questions) publishes the whole
bank. A later load brings each new or fixed question in without touching what
editors changed, and without putting anything live unless asked (`publish=True`,
the command's ``--publish``):

- a question not in the database yet is created as a draft and submitted for review;
- a question whose stored content is still exactly what the bank once shipped gets
  the bank's new text as pending changes, for a publisher to compare and approve;
- a question an editor changed (or that has pending changes) is left alone, and
  reported, so nothing is lost;
- a merged question's former slugs become aliases that redirect to it.

"What the bank once shipped" is known from the revision every load records (its
comment starts with `STARTER`), and, for databases loaded before loads were
recorded, from `shipped-before-revisions.json`: the digest of each question as
the earlier loader wrote it.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import services
from .models import (
    Answer,
    Framework,
    FrameworkVersion,
    Question,
    QuestionAlias,
    Status,
    Topic,
)
from .revisions.models import Action, Kind, Revision
from .revisions.snapshot import question_data
from .starter_blocks import strip_markers

CONTENT_DIR = Path(__file__).resolve().parent / "starter_content"
FRAMEWORKS_FILE = "frameworks.toml"
LEGACY_FILE = "shipped-before-revisions.json"
STARTER = "Starter content"


@dataclass
class LoadReport:
    created: dict[str, int] = field(
        default_factory=lambda: {"topic": 0, "framework": 0, "question": 0}
    )
    unchanged: int = 0
    updated: list[str] = field(default_factory=list)  # written live (--publish)
    proposed: list[str] = field(default_factory=list)  # pending changes for a publisher
    submitted: list[str] = field(default_factory=list)  # new drafts, in review
    kept: list[str] = field(default_factory=list)  # edited by editors: left alone
    merged: list[str] = field(default_factory=list)  # "old -> new" still in the database
    aliases: int = 0
    published: bool = False

    @property
    def changed(self) -> bool:
        return bool(any(self.created.values()) or self.updated or self.proposed or self.aliases)


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


# --- What readers see of a bank question ---------------------------------------


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def present(item: dict, framework_names: set[str]) -> dict:
    """A bank question as stored: markers gone, versions and links added to the last answer.

    Versions of frameworks the site knows (Django 5.2, Python 3.13) become the
    question's `checked_versions`, shown on its page; others are named in the text.
    """
    versions, others = [], []
    for entry in item.get("checked", []):
        name, _, number = entry.rpartition(" ")
        (versions if name.casefold() in framework_names else others).append((name, number))
    footer = []
    if others:
        named = _join([f"{name} {number}" for name, number in others])
        label = "Also checked against" if versions else "Checked against"
        footer.append(f"*{label} {named}.*")
    if item.get("read_more"):
        links = "\n".join(f"- [{link['title']}]({link['url']})" for link in item["read_more"])
        footer.append(f"**Read more**\n\n{links}")
    answers = [_text(strip_markers(answer)) for answer in item["answers"]]
    if footer and answers:
        answers[-1] = "\n\n".join([answers[-1], *footer])
    return {
        "title": _text(item["title"]),
        "body": _text(strip_markers(item.get("body", ""))),
        "difficulty": item["difficulty"],
        "answers": answers,
        "versions": sorted(versions),
    }


def digest(title: str, body: str, difficulty: str, answers: list[str]) -> str:
    """A short fingerprint of a question's content, to tell untouched from edited."""
    payload = json.dumps(
        {
            "title": _text(title),
            "body": _text(body),
            "difficulty": difficulty,
            "answers": [_text(answer) for answer in answers],
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def _stored_digest(question: Question) -> str:
    answers = [answer.body for answer in question.answers.order_by("position", "pk")]
    return digest(question.title, question.body, question.difficulty, answers)


def _shipped_digests(question: Question, legacy: dict[str, list[str]]) -> set[str]:
    """Every version of `question` a load wrote: recorded revisions, then the legacy file."""
    shipped = set(legacy.get(question.slug, ()))
    for data in Revision.objects.filter(
        kind=Kind.QUESTION, object_id=question.pk, comment__startswith=STARTER
    ).values_list("data", flat=True):
        answers = [answer["body"] for answer in data.get("answers", [])]
        shipped.add(digest(data["title"], data["body"], data["difficulty"], answers))
    return shipped


def _read_legacy(directory: Path) -> dict[str, list[str]]:
    path = directory / LEGACY_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text())


# --- Loading --------------------------------------------------------------------


class _Loader:
    def __init__(self, *, directory: Path, publish: bool | None):
        self.directory = directory
        self.report = LoadReport()
        self.frameworks_data, self.topics_data = read_content(directory)
        self.slugs = {item["slug"] for data in self.topics_data for item in data["questions"]}
        first_load = not Question.objects.filter(slug__in=self.slugs).exists()
        self.publish = first_load if publish is None else publish
        self.report.published = self.publish
        self.legacy = _read_legacy(directory)

    def run(self) -> LoadReport:
        frameworks = self._frameworks()
        names = {framework.name.casefold(): framework for framework in frameworks.values()}
        for data in self.topics_data:
            topic = self._topic(data["topic"])
            for item in data["questions"]:
                shown = present(item, set(names))
                versions = self._versions(shown["versions"], names)
                question = Question.objects.filter(slug=item["slug"]).first()
                if question is None:
                    question = self._create(item, shown, topic, frameworks, versions)
                else:
                    self._refresh(question, item, shown, topic, frameworks, versions)
                self._aliases(question, item.get("aliases", []))
        return self.report

    def _frameworks(self) -> dict[str, Framework]:
        frameworks = {}
        for item in self.frameworks_data:
            framework, created = Framework.objects.get_or_create(
                slug=item["slug"], defaults={"name": item["name"], "position": item["position"]}
            )
            frameworks[framework.slug] = framework
            self.report.created["framework"] += created
        frameworks.update({f.slug: f for f in Framework.objects.exclude(slug__in=frameworks)})
        return frameworks

    def _topic(self, meta: dict) -> Topic:
        topic, created = Topic.objects.get_or_create(
            slug=meta["slug"],
            defaults={
                "name": meta["name"],
                "position": meta.get("position", 0),
                "description": meta.get("description", "").strip(),
            },
        )
        if created:
            self.report.created["topic"] += 1
            services.record(topic, action=Action.CREATED, comment=STARTER)
        return topic

    def _versions(self, versions: list[tuple[str, str]], names: dict) -> list[int]:
        pks = []
        for name, number in versions:
            version, _ = FrameworkVersion.objects.get_or_create(
                framework=names[name.casefold()], version=number
            )
            pks.append(version.pk)
        return sorted(pks)

    def _data(self, question, shown, topic, frameworks, item, versions) -> dict:
        stored = list(question.answers.order_by("position", "pk")) if question.pk else []
        data = question_data(question, answers=stored, checked_versions=versions)
        data.update(
            title=shown["title"],
            body=shown["body"],
            difficulty=shown["difficulty"],
            topic=topic.pk,
            framework=frameworks[item["framework"]].pk,
            answers=[
                {
                    "id": stored[index].pk if index < len(stored) else None,
                    "position": index + 1,
                    "body": body,
                }
                for index, body in enumerate(shown["answers"])
            ],
        )
        return data

    def _create(self, item, shown, topic, frameworks, versions) -> Question:
        question = Question.objects.create(
            topic=topic,
            framework=frameworks[item["framework"]],
            difficulty=shown["difficulty"],
            title=shown["title"],
            slug=item["slug"],
            body=shown["body"],
            status=Status.PUBLISHED if self.publish else Status.DRAFT,
        )
        for position, body in enumerate(shown["answers"], start=1):
            Answer.objects.create(question=question, body=body, position=position)
        question.checked_versions.set(versions)
        services.record(question, action=Action.CREATED, comment=STARTER)
        if not self.publish:
            services.submit_for_review(
                question=question, user=None, note=f"{STARTER}: new in the bank."
            )
            self.report.submitted.append(question.slug)
        self.report.created["question"] += 1
        return question

    def _refresh(self, question, item, shown, topic, frameworks, versions) -> None:
        stored = _stored_digest(question)
        wanted = digest(shown["title"], shown["body"], shown["difficulty"], shown["answers"])
        same_versions = sorted(question.checked_versions.values_list("pk", flat=True)) == versions
        if stored == wanted and same_versions:
            self.report.unchanged += 1
            return
        pending = question.pending_revision_id is not None
        if pending or stored not in _shipped_digests(question, self.legacy):
            self.report.kept.append(question.slug)
            return
        data = self._data(question, shown, topic, frameworks, item, versions)
        comment = f"{STARTER}: the bank's new version."
        if self.publish or question.status != Status.PUBLISHED:
            services.apply_question(question, data)
            services.record(question, action=Action.SAVED, comment=comment)
            self.report.updated.append(question.slug)
        else:
            services.save_question(
                question=question, data=data, user=None, comment=comment, pending=True
            )
            self.report.proposed.append(question.slug)

    def _aliases(self, question: Question, aliases: list[str]) -> None:
        for alias in aliases:
            old = Question.objects.filter(slug=alias).first()
            # The merged-away question may still be live here: a publisher retires
            # it, and from then on its address leads to the merged one.
            if old is not None and old.status == Status.PUBLISHED:
                self.report.merged.append(f"{alias} -> {question.slug}")
            _, created = QuestionAlias.objects.get_or_create(
                slug=alias, defaults={"question": question}
            )
            self.report.aliases += created


@transaction.atomic
def load_starter_content(*, directory: Path = CONTENT_DIR, publish: bool | None = None):
    """Bring the database's starter content up to the bank (see the module's docstring)."""
    return _Loader(directory=directory, publish=publish).run()


def legacy_digests(directory: Path) -> dict[str, list[str]]:
    """{slug: [digest]} of a bank as the loader before recorded loads wrote it (plain strip)."""
    _, topics = read_content(directory)
    return {
        item["slug"]: [
            digest(
                item["title"],
                item.get("body", ""),
                item["difficulty"],
                [answer.strip() for answer in item["answers"]],
            )
        ]
        for data in topics
        for item in data["questions"]
    }
