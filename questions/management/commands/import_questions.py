from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.articles.importer import MAX_ARTICLE_BYTES, ArticleError, read_article, too_large
from questions.articles.service import ImportRefused, import_articles
from questions.models import Difficulty


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
            "topics the article's section headings name.",
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
            "--publish", action="store_true", help="Publish new and updated questions."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the summary without writing anything."
        )

    def handle(self, *args, files, topic, framework, difficulty, publish, dry_run, **options):
        articles = [self.read(path) for path in files]
        try:
            report = import_articles(
                articles=articles,
                topic_name=topic,
                framework=framework,
                difficulty=difficulty,
                publish=publish,
                dry_run=dry_run,
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        for line in report.summary():
            self.stdout.write(line)

    def read(self, path: Path):
        try:
            if (size := path.stat().st_size) > MAX_ARTICLE_BYTES:
                # Refuse before reading a huge file into memory.
                raise ArticleError(too_large(size))
            return read_article(path.read_bytes())
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}.") from None
        except ArticleError as error:
            raise CommandError(f"{path}: {error}") from None
