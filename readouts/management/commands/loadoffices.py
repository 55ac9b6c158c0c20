"""`manage.py loadoffices`: the holders of offices (readouts/data/offices.toml) into roles."""

from django.core.management.base import BaseCommand
from django.db import transaction

from readouts.reader import store
from readouts.reader.offices import OFFICES_FILE, OfficeTable


class Command(BaseCommand):
    help = (
        "Load who held which office when (heads of state and government, foreign ministers) "
        "into actors and roles. Idempotent; roles editors changed are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(OFFICES_FILE), help="a TOML file of offices")

    def handle(self, *args, **options):
        with transaction.atomic():
            people, roles = store.load_offices(OfficeTable.from_toml(options["file"]))
        if options["verbosity"]:
            self.stdout.write(f"offices: {people} people and {roles} roles created")
