"""send_digests: e-mail each watched saved search's digest when it is due (daily or weekly)."""

from django.core.management.base import BaseCommand

from readouts.watch.digests import send_due


class Command(BaseCommand):
    help = (
        "Send the e-mail digests of saved searches that are due: what first became visible "
        "since the last one. Run it hourly (cron or a systemd timer); a digest is sent once "
        "its day or week has passed, and never twice, however often this runs."
    )

    def handle(self, **options):
        sent, empty = send_due()
        self.stdout.write(f"{sent} digest(s) sent, {empty} due with nothing new.")
