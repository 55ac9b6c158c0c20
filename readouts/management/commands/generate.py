"""generate --events N --statements M: synthetic, published, clearly labelled data."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from readouts.devdata.generate import generate


class Command(BaseCommand):
    help = (
        "Add synthetic events and statements (invented officials, publishers labelled "
        "'Synthetic ... (generated)'), in bulk with COPY, with a progress bar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True)
        parser.add_argument("--statements", type=int, required=True)
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--drafts", type=float, default=0.0, help="Share of events left as drafts (0 to 1)."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, events, statements, seed, drafts, quiet, **options):
        if events < 1 or events > 10_000_000:
            raise CommandError("--events must lie between 1 and 10,000,000.")
        if statements < 0 or statements > 50_000_000:
            raise CommandError("--statements must lie between 0 and 50,000,000.")
        if not 0 <= drafts <= 1:
            raise CommandError("--drafts is a share between 0 and 1.")
        with tqdm(total=events, unit="event", disable=quiet, file=sys.stderr) as bar:
            result = generate(events, statements, seed=seed, drafts=drafts, progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result['events']} events and {result['statements']} statements."
            )
        )
