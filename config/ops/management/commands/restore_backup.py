from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from config.ops.backups import BackupError, restore
from questions.pagecache.generation import bump_content_generation


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup written by `manage.py backup`, "
        "all or nothing. The database may be empty (a fresh server) or in use."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE", type=Path, help="The backup to restore.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path, database, interactive, **options):
        connection = connections[database]
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces everything in the database {name} with {path}.\n"
                "Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        # Our own connection would otherwise hold the old database open.
        connection.close()
        try:
            restore(connection.settings_dict, path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Pages cached from the old content must not outlive it.
        bump_content_generation()
        self.stderr.write(f"Restored {name} from {path}.")
