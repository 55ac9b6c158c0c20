"""backup: a dump of the portal's database to a new, dated file (`make backup`)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from readouts.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent dump of the database (pg_dump -Fc) to BACKUP_DIR/readouts-<UTC "
        "time>.dump, readable by its owner only. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups",
            help="The folder to write to (default: $BACKUP_DIR, else backups/).",
        )

    def handle(self, dir, **options):
        try:
            path = backup(dir, settings.DATABASES["default"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
