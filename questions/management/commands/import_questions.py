from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.articles.decoding import decode_article_with_encoding
from questions.articles.importer import MAX_ARTICLE_BYTES, ArticleError, parse_article, too_large
from questions.articles.preview import article_facts
from questions.articles.service import ImportRefused, TopicNeeded, import_articles, needs_topic
from questions.models import Difficulty

TOPIC_NEEDED = (
    "Nothing in the article names a topic (it has no title and no section headings): "
    "give one for its questions with --topic NAME."
)

NOTHING_TO_IMPORT = (
    "Nothing to import unless you include the unanswered questions: no question in the "
    "files has an answer under it. Add --include-unanswered to import them as drafts."
)


class Command(BaseCommand):
    help = (
        "Import question articles (plain text or Markdown) as draft questions. "
        "Every file is read before anything is written, and the import is one "
        "transaction: a bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
        parser.add_argument(
            "--topic",
            metavar="NAME",
            help="Put every question in this topic (created if missing) instead of the "
            "topics the article's section headings name. Needed for an article that names "
            "no topic (no title, no section headings).",
        )
        parser.add_argument(
            "--framework",
            metavar="SLUG",
            help="An existing framework's slug for every question, instead of detecting it.",
        )
        parser.add_argument(
            "--difficulty",
            metavar="LEVEL",
            help=f"{', '.join(Difficulty.values)}; default: the section's level, else "
            "intermediate.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish new and updated questions (not those without answers).",
        )
        parser.add_argument(
            "--include-unanswered",
            action="store_true",
            help="Also import the questions without answers, as drafts with no answer "
            "(never published, even with --publish).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what each file holds (questions, answers, topics, what is left out) "
            "and the summary, without writing anything.",
        )

    def handle(
        self,
        *args,
        files,
        topic,
        framework,
        difficulty,
        publish,
        include_unanswered,
        dry_run,
        **options,
    ):
        read = [(path, *self.read(path)) for path in files]
        articles = [article for _path, article, _encoding in read]
        topic = (topic or "").strip() or None
        if not topic:
            for path, article, _encoding in read:
                if needs_topic([article]):
                    raise CommandError(f"{path}: {TOPIC_NEEDED}")
        nothing = not include_unanswered and not any(article.questions for article in articles)
        if nothing and not dry_run:
            raise CommandError(NOTHING_TO_IMPORT)
        try:
            report = import_articles(
                articles=articles,
                topic_name=topic,
                framework=framework,
                difficulty=difficulty,
                publish=publish,
                dry_run=dry_run,
                include_unanswered=include_unanswered,
            )
        except TopicNeeded:
            raise CommandError(TOPIC_NEEDED) from None
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        lines = report.summary()
        if dry_run:
            facts = [
                article_facts(
                    article,
                    name=str(path),
                    encoding=encoding,
                    topic_name=topic,
                    include_unanswered=include_unanswered,
                )
                for path, article, encoding in read
            ]
            # Less than half of a file kept is said first, above everything else.
            warnings = [f"Warning: {fact.kept_warning}" for fact in facts if fact.kept_warning]
            details = [
                line for fact in facts for line in fact.lines(include_hint="(--include-unanswered)")
            ]
            lines = [*warnings, lines[0], *details, *lines[1:]]
        for line in lines:
            self.stdout.write(line)

    def read(self, path: Path):
        """The article in the file at `path` and the encoding it was read in."""
        try:
            if (size := path.stat().st_size) > MAX_ARTICLE_BYTES:
                # Refuse before reading a huge file into memory.
                raise ArticleError(too_large(size))
            text, encoding = decode_article_with_encoding(path.read_bytes())
            return parse_article(text), encoding
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}.") from None
        except ArticleError as error:
            raise CommandError(f"{path}: {error}") from None
