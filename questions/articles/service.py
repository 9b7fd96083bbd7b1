"""Writes that touch several models at once: importing question articles.

`import_articles` is the one way parsed articles (see `questions.articles.importer`)
become questions, for the `import_questions` command and the admin page alike.
The rules:

- Everything happens in one transaction: all of it or nothing. A dry run does
  the same work and rolls it back, so its report is exactly what would happen.
- A question is matched to an existing one by its normalised text within its
  topic (case, quotes, emphasis and end punctuation do not count), so
  importing the same file twice changes nothing.
- A matched draft whose first answer differs from the file gets the file's
  answer. A matched published (or scheduled) question is never rewritten: the
  file's answer becomes its pending changes, for a publisher to approve (or,
  with `publish`, a publisher's import writes it).
- New questions are drafts; with `publish` (for someone holding
  `questions.publish_question`) the questions created or updated are published.
  Unchanged questions keep their status.
- Questions without answers are listed and left out; with `include_unanswered`
  they are created as drafts with no answer, never published (`publish` skips
  them and the report says so: a question needs an answer to be published). An
  existing question one of them matches is left as it is.
- The topic is `topic_name`, else the section heading, else the article title;
  a missing topic is created. Its description is the introduction of whatever
  named it: the section's, or the article's for `topic_name` and the title.
  When neither names one, `topic_name` is required (`TopicNeeded`).
- The framework is `framework`, else the detected one (created from the
  starter list if missing). The difficulty is `difficulty`, else the
  section's level, else `DEFAULT_DIFFICULTY` (intermediate).
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.utils.text import slugify

from questions import services
from questions.models import (
    PUBLISH_PERMISSION,
    Answer,
    Difficulty,
    Framework,
    Question,
    Status,
    Topic,
)
from questions.revisions.models import Action
from questions.revisions.snapshot import question_data
from questions.starter import read_frameworks

from .importer import (
    DEFAULT_DIFFICULTY,
    MAX_QUESTIONS,
    MAX_TOPIC_LENGTH,
    ParsedArticle,
    ParsedQuestion,
    ParsedSection,
    detect_framework,
    normalise_question,
)
from .report import ImportReport, Outcome, QuestionResult

TOPIC_NEEDED = (
    "Nothing in the article names a topic (it has no title and no section headings): "
    "choose a topic for its questions."
)


class ImportRefused(ValueError):
    """The import's options cannot be honoured; the message says why."""


class TopicNeeded(ImportRefused):
    """An article names no topic for some of its questions, and none was given."""


def needs_topic(articles: Sequence[ParsedArticle]) -> bool:
    """Whether some of the articles' questions have no topic unless one is given."""
    return any(section.topic is None for article in articles for section in article.sections)


def import_articles(
    *,
    articles: Sequence[ParsedArticle],
    topic_name: str | None = None,
    framework: str | None = None,
    difficulty: str | None = None,
    publish: bool = False,
    author=None,
    dry_run: bool = False,
    include_unanswered: bool = False,
) -> ImportReport:
    """Create or update the articles' questions in one transaction; see the module docstring.

    `author` (a user, or None for the command line) becomes the author of new
    questions and answers and must be allowed to publish when `publish` is set.
    """
    if publish and author is not None and not author.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Only publishers may publish imported questions.")
    if difficulty and difficulty not in Difficulty.values:
        raise ImportRefused(
            f"Unknown difficulty \u201c{difficulty}\u201d: use {_choices(Difficulty.values)}."
        )
    topic_name = (topic_name or "").strip() or None
    if topic_name and len(topic_name) > MAX_TOPIC_LENGTH:
        raise ImportRefused(f"A topic name has at most {MAX_TOPIC_LENGTH} characters.")
    if not topic_name and needs_topic(articles):
        raise TopicNeeded(TOPIC_NEEDED)
    for article in articles if include_unanswered else ():
        count = len(article.questions) + sum(len(s.unanswered) for s in article.sections)
        if count > MAX_QUESTIONS:
            raise ImportRefused(
                f"With its questions without answers the file has {count} questions; one "
                f"import takes at most {MAX_QUESTIONS}. Split it and import the parts."
            )
    report = ImportReport(dry_run=dry_run, publish=publish, include_unanswered=include_unanswered)
    with transaction.atomic():
        importer = _Importer(report=report, author=author, difficulty=difficulty)
        if framework:
            importer.forced_framework = _existing_framework(framework)
        for article in articles:
            if not include_unanswered:
                report.without_answer += article.skipped
            for section in article.sections:
                if not section.questions and not (include_unanswered and section.unanswered):
                    continue  # nothing to import: not even its topic
                if topic_name or not section.heading:
                    name, description = topic_name or section.topic, article.introduction
                else:
                    name, description = section.topic, section.introduction
                topic = importer.topic(name, description=description)
                for question in section.questions:
                    importer.take(question, section=section, topic=topic)
                if include_unanswered:
                    for title in section.unanswered:
                        importer.take_unanswered(title, section=section, topic=topic)
        if dry_run:
            transaction.set_rollback(True)
    return report


class _Importer:
    """The state of one import: topics, frameworks and questions already looked up."""

    def __init__(self, *, report: ImportReport, author, difficulty: str | None):
        self.report = report
        self.author = author
        self.difficulty = difficulty
        self.forced_framework: Framework | None = None
        self.topics: dict[str, Topic] = {}
        self.frameworks: dict[str, Framework] = {}
        self.questions: dict[int, dict[str, Question]] = {}
        self.seen: set[tuple[int, str]] = set()

    def topic(self, name: str, *, description: str) -> Topic:
        key = name.casefold()
        if key not in self.topics:
            # The exact name first: the admin's topic picker gives an existing topic's own.
            topic = Topic.objects.filter(name=name).first()
            topic = topic or Topic.objects.filter(name__iexact=name).first()
            topic = topic or Topic.objects.filter(slug=slugify(name)).first()
            if topic is None:
                last = Topic.objects.aggregate(last=Max("position"))["last"] or 0
                topic = Topic.objects.create(
                    name=name,
                    slug=unique_slug(Topic, name, fallback="topic"),
                    description=description,
                    position=last + 10,
                )
                services.record(topic, action=Action.IMPORTED, user=self.author)
                self.report.new_topics.append(topic.name)
            self.topics[key] = topic
        return self.topics[key]

    def framework(self, slug: str) -> Framework:
        if self.forced_framework:
            return self.forced_framework
        if slug not in self.frameworks:
            framework = Framework.objects.filter(slug=slug).first()
            if framework is None:
                known = _starter_frameworks()[slug]
                framework = Framework.objects.create(
                    slug=slug, name=known["name"], position=known["position"]
                )
            self.frameworks[slug] = framework
        return self.frameworks[slug]

    def existing(self, topic: Topic) -> dict[str, Question]:
        if topic.pk not in self.questions:
            queryset = topic.questions.select_related("framework").prefetch_related("answers")
            self.questions[topic.pk] = {normalise_question(q.title): q for q in queryset}
        return self.questions[topic.pk]

    def take(self, parsed: ParsedQuestion, *, section: ParsedSection, topic: Topic) -> None:
        key = normalise_question(parsed.title)
        question = self.existing(topic).get(key)
        if (topic.pk, key) in self.seen:
            outcome = Outcome.REPEATED
        elif question is None:
            question = self._create(parsed, section=section, topic=topic)
            self.existing(topic)[key] = question
            outcome = Outcome.CREATED
        else:
            outcome = self._update(question, parsed)
        self._report(question, key=key, topic=topic, outcome=outcome, answer=parsed.answer)

    def take_unanswered(self, title: str, *, section: ParsedSection, topic: Topic) -> None:
        """A question without an answer: a new draft with none, or the existing one as it is."""
        key = normalise_question(title)
        question = self.existing(topic).get(key)
        if (topic.pk, key) in self.seen:
            outcome = Outcome.REPEATED
        elif question is None:
            question = Question.objects.create(
                topic=topic,
                framework=self.framework(detect_framework(title, "")),
                difficulty=self.difficulty or section.difficulty or DEFAULT_DIFFICULTY,
                title=title,
                slug=unique_slug(Question, title, fallback="question"),
                # Never published, whatever `publish` says: it has no answer.
                status=Status.DRAFT,
                author=self.author,
            )
            services.record(question, action=Action.IMPORTED, user=self.author)
            self.existing(topic)[key] = question
            outcome = Outcome.CREATED
        else:
            outcome = Outcome.UNCHANGED
        self._report(question, key=key, topic=topic, outcome=outcome, answer="")

    def _report(self, question: Question, *, key: str, topic: Topic, outcome, answer: str):
        self.seen.add((topic.pk, key))
        self.report.results.append(
            QuestionResult(
                outcome=outcome,
                topic=topic.name,
                title=question.title,
                framework=question.framework.slug,
                difficulty=question.difficulty,
                answer=answer,
                answered=bool(answer),
            )
        )

    def _create(self, parsed: ParsedQuestion, *, section: ParsedSection, topic: Topic) -> Question:
        question = Question.objects.create(
            topic=topic,
            framework=self.framework(parsed.framework),
            difficulty=self.difficulty or section.difficulty or DEFAULT_DIFFICULTY,
            title=parsed.title,
            slug=unique_slug(Question, parsed.title, fallback="question"),
            status=Status.PUBLISHED if self.report.publish else Status.DRAFT,
            author=self.author,
        )
        Answer.objects.create(question=question, body=parsed.answer, position=1, author=self.author)
        services.record(question, action=Action.IMPORTED, user=self.author)
        return question

    def _update(self, question: Question, parsed: ParsedQuestion) -> Outcome:
        answers = sorted(question.answers.all(), key=lambda answer: (answer.position, answer.pk))
        first = answers[0] if answers else None
        if first is not None and _same_text(first.body, parsed.answer):
            return Outcome.UNCHANGED
        if question.status != Status.DRAFT and not self.report.publish:
            # What readers see changes only by a publisher's approval.
            data = question_data(question, answers=answers)
            if data["answers"]:
                data["answers"][0]["body"] = parsed.answer
            else:
                data["answers"] = [{"id": None, "position": 1, "body": parsed.answer}]
            services.save_question(
                question=question, data=data, user=self.author, action=Action.IMPORTED, pending=True
            )
            return Outcome.PENDING
        if first is None:
            Answer.objects.create(
                question=question, body=parsed.answer, position=1, author=self.author
            )
        else:
            first.body = parsed.answer
            first.save(update_fields=["body", "updated_at"])
        if self.report.publish:
            question.status = Status.PUBLISHED
        question.save(update_fields=["status", "updated_at"])
        services.record(question, action=Action.IMPORTED, user=self.author)
        return Outcome.UPDATED


def unique_slug(model: type[models.Model], text: str, *, fallback: str) -> str:
    """A slug for `text` that no `model` row has yet: `base`, `base-2`, `base-3`..."""
    base = slugify(text)
    if len(base) > 80:
        base = base[:80].rsplit("-", 1)[0]
    base = base.strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _existing_framework(slug: str) -> Framework:
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        known = list(Framework.objects.values_list("slug", flat=True))
        hint = f"use {_choices(known)}" if known else "no framework exists yet"
        raise ImportRefused(f"No framework has the slug \u201c{slug}\u201d: {hint}.")
    return framework


def _starter_frameworks() -> dict[str, dict]:
    """The frameworks detection may name, as the starter content defines them."""
    return {item["slug"]: item for item in read_frameworks()}


def _same_text(stored: str, imported: str) -> bool:
    # Answers saved from the admin's textarea come back with Windows line endings.
    return stored.replace("\r\n", "\n").strip() == imported.strip()


def _choices(values: Sequence[str]) -> str:
    values = list(values)
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"
