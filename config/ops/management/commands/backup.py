from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from config.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the whole database (accounts, readers' progress, "
        "revisions, everything) to FILE while the site runs: SQLite's online backup, "
        "or pg_dump's custom format on PostgreSQL. Restore it with restore_backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE", type=Path, help="The backup file to write.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, path, database, **options):
        try:
            backup(connections[database].settings_dict, path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"Backed the database up to {path} ({path.stat().st_size:,} bytes).")
