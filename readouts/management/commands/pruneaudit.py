from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from readouts import audit


class Command(BaseCommand):
    help = (
        "Delete the audit trail's entries older than AUDIT_RETENTION_DAYS, and the login "
        "throttle's attempts past their cool-off. `make run` runs it at start; run it daily."
    )

    def handle(self, *args, **options):
        deleted = audit.prune()
        cooled = timezone.now() - settings.AXES_COOLOFF_TIME
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lte=cooled).delete()
        self.stdout.write(
            f"audit trail: {deleted} entr{'y' if deleted == 1 else 'ies'} older than "
            f"{settings.AUDIT_RETENTION_DAYS} days deleted; "
            f"login throttle: {attempts} attempt{'' if attempts == 1 else 's'} past cool-off deleted"
        )
