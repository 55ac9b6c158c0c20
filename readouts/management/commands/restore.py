"""restore: a dump made by `backup`, into an empty database (`make restore FILE=...`)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from readouts.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a dump made by `manage.py backup` into the database, which must be empty "
        "(no tables); on any error, nothing is restored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The dump, e.g. backups/readouts-2026-12-05T021000Z.dump")

    def handle(self, file, **options):
        database = settings.DATABASES["default"]
        try:
            tables = restore(file, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file} into {database['NAME']!r} ({tables} tables).")
