"""E-mail digests of saved searches: what first became visible since the last digest, daily or
weekly. `send_due` is what `manage.py send_digests` runs: a digest is due once its period has
passed since the one before; each is sent and its time moved on in one transaction, so two runs
(or two servers' cron jobs) never send one twice."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ..models import SavedSearch
from .feeds import owner_may_read
from .matching import matching

logger = logging.getLogger("readouts.watch")

PERIODS = {"daily": datetime.timedelta(days=1), "weekly": datetime.timedelta(days=7)}
# A cron job that runs a few minutes early still finds the digest due.
SLACK = datetime.timedelta(minutes=30)
LISTED = 50


def send_due(now=None):
    """(sent, skipped): digests sent now, and due ones with nothing new (their time moved on)."""
    now = now or timezone.now()
    sent = skipped = 0
    for pk in SavedSearch.objects.exclude(digest="").values_list("pk", flat=True):
        with transaction.atomic():
            search = (
                SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("owner")
                .filter(pk=pk)
                .exclude(digest="")
                .first()
            )
            if search is None or not is_due(search, now):
                continue
            since = search.digest_since
            search.digest_since = now
            search.save(update_fields=["digest_since"])
            if not (owner_may_read(search) and search.owner.email):
                continue
            kind, rows = matching(search, since=since, until=now)
            if rows is None or not rows.exists():
                skipped += 1
                continue
            send_mail(
                subject(search, rows.count()),
                body(search, kind, rows, since),
                settings.DEFAULT_FROM_EMAIL,
                [search.owner.email],
            )
            sent += 1
            logger.info("digest of saved search %s sent to %s", search.pk, search.owner)
    return sent, skipped


def is_due(search, now):
    if search.digest_since is None:  # watched before digests kept a time: from now on
        return False
    return now - search.digest_since >= PERIODS[search.digest] - SLACK


def subject(search, count):
    noun = search.list_name[:-1] if count == 1 else search.list_name
    return f"Readouts: {count} new {noun} in “{search.name}”"


def body(search, kind, rows, since):
    base = settings.PORTAL_URL.rstrip("/")
    lines = [
        f"New in your saved search “{search.name}” since {timezone.localtime(since):%Y-%m-%d %H:%M}:",
        "",
    ]
    if search.list_name == "statements":
        rows = rows.select_related("speaker", "side")
    for row in rows[:LISTED]:
        if search.list_name == "statements":
            who = row.speaker or row.side or "Joint"
            lines.append(f"- {row.occurred_on:%Y-%m-%d} {who}: {row.text}")
        else:
            lines.append(f"- {row.occurred_on:%Y-%m-%d} {row.title}")
        lines.append(f"  {base}{row.get_absolute_url()}")
    total = rows.count()
    if total > LISTED:
        lines += ["", f"… and {total - LISTED} more."]
    lines += [
        "",
        f"The whole list: {base}{search.get_absolute_url()}",
        f"Change or stop this e-mail: {base}/searches/",
    ]
    return "\n".join(lines)
