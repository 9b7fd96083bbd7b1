from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.bank import BankError, load_bank, restore_bank


class Command(BaseCommand):
    help = (
        "Restore a bank exported with export_bank into this database, updating rows by slug. "
        "One transaction: a malformed or newer-version file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", type=Path)

    def handle(self, *args, file, **options):
        try:
            report = restore_bank(load_bank(file.read_bytes()))
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}.") from None
        except BankError as error:
            raise CommandError(f"{file}: {error}") from None
        for line in report.summary():
            self.stdout.write(line)
