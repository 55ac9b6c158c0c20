"""loadsample: the seed readout's event and a synthetic demo set, idempotently."""

from django.core.management.base import BaseCommand

from readouts.devdata.generate import generate
from readouts.devdata.sample import load_seed, seed_text
from readouts.models import Event, Publisher


class Command(BaseCommand):
    help = (
        "Load the sample data: the seed readout's event as DOMAIN.md works it out (with its text "
        "when ../shared/seed/ is present) and a synthetic demo set. Running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any event exists already."
        )
        parser.add_argument("--events", type=int, default=300)
        parser.add_argument("--statements", type=int, default=3000)

    def handle(self, if_empty, events, statements, **options):
        if if_empty and Event.objects.exists():
            return
        event, created = load_seed()
        if created:
            with_text = "with its source text" if seed_text() else "without its text (no ../shared)"
            self.stdout.write(f"Loaded the seed event #{event.pk}, {with_text}.")
        if not Publisher.objects.filter(is_synthetic=True, sources__isnull=False).exists():
            generate(events, statements, seed=2023, drafts=0.02)
            self.stdout.write(
                f"Generated a synthetic demo set: {events} events, {statements} statements."
            )
