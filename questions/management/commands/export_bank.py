from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.bank import export_bank_json


class Command(BaseCommand):
    help = (
        "Write the whole question bank (topics, frameworks, questions, answers, statuses, "
        "dates, authors) as one versioned JSON document, to standard output or --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="FILE", type=Path, help="Write to FILE.")

    def handle(self, *args, output, **options):
        document = export_bank_json()
        if output is None:
            self.stdout.write(document, ending="")
            return
        try:
            output.write_text(document, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror or error}.") from None
        self.stderr.write(f"Exported the bank to {output}.")
