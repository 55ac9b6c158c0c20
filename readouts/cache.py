"""What is costly to count and rarely changes (the facets and total of a filter, the filter
form's suggestions), kept in Django's cache under the *data version*.

The data version is a number PostgreSQL raises in the same transaction as any change to the
readouts records (triggers, migration 0016), so a value kept under it is never older than the
data, on any server, whatever cache each one uses: a server that reads the new version looks
for values under the new key.
"""

import hashlib

from django.core.cache import cache
from django.db import connection

TIMEOUT = 600  # seconds: a value under an old version is never read again, this frees it


def data_version():
    """The current data version (one small query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM readouts_data_version")
        return cursor.fetchone()[0]


def bump():
    """Raise the data version by hand: after a bulk load, for which the triggers stand aside,
    and after `migrate`, so that nothing rendered by the previous code is reused."""
    with connection.cursor() as cursor:
        cursor.execute(BUMP)


BUMP = "UPDATE readouts_data_version SET version = version + 1, changed_at = now()"


def key(version, *parts):
    raw = "|".join(str(part) for part in (version, *parts))
    return "readouts:" + hashlib.sha256(raw.encode()).hexdigest()


def remember(version, parts, compute, timeout=TIMEOUT):
    """The value kept for `parts` at data version `version`, computed (and kept) if missing."""
    cache_key = key(version, *parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, timeout)
    return value


def new_release(sender, using="default", **kwargs):
    """`migrate` runs at every start and deploy (post_migrate); not when migrated back to
    before the data version was kept."""
    from django.db import connections

    if sender.name != "readouts":
        return
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regclass('readouts_data_version') IS NOT NULL")
        if cursor.fetchone()[0]:
            cursor.execute(BUMP)


def connect():
    from django.db.models.signals import post_migrate

    post_migrate.connect(new_release, dispatch_uid="readouts-new-release")
