"""A shared cache for what is costly to count and rarely changes: the facets of a filter, the
filter form's suggestion lists.

Every cached value is keyed by the *data version*, a token that any change to the readouts
records replaces (signals below, and the bulk paths that bypass signals call `bump()`), so a
cached facet is never older than the data it counts.
"""

import contextvars
import fcntl
import hashlib
import os
import time
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "readouts:data-version"
TIMEOUT = 600  # seconds: a cap on staleness should a change ever bypass bump()
WAIT = 30  # seconds a request waits for another one computing the same value


# The data version a request read, read once per request (a page asks for it a dozen times:
# every cached value's key, the labels); see RequestDataVersion.
_request_version = contextvars.ContextVar("readouts_data_version", default=None)


def version_of(key):
    """The token stored under `key`, made on first use: a version that any change to what it
    covers replaces (renew), so that whatever is cached under it is never older."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key)
    return version


def renew(key, also=None):
    """What `key` versions changed: a new token now, for this transaction's own reads, and
    again at commit, since another process may read the old records under the new token in
    between. `also(token)` is told each new token."""

    def replace():
        token = uuid.uuid4().hex
        cache.set(key, token, None)
        if also is not None:
            also(token)

    replace()
    transaction.on_commit(replace)


def data_version():
    held = _request_version.get()
    if held is not None and "version" in held:
        return held["version"]
    version = version_of(VERSION_KEY)
    if held is not None:
        held["version"] = version
    return version


def _remember_in_request(version):
    held = _request_version.get()
    if held is not None:
        held["version"] = version


def bump():
    """The data changed: every cached count is stale from now on."""
    renew(VERSION_KEY, _remember_in_request)


class RequestDataVersion:
    """Middleware: the data version is read once per request, then remembered until its end
    (or until the request itself changes the data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set({})
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def key(*parts):
    raw = "|".join(str(p) for p in (data_version(), *parts))
    return "readouts:" + hashlib.sha256(raw.encode()).hexdigest()


def remember(parts, compute, timeout=TIMEOUT, wait=WAIT, computed=None, missed=False):
    """The cached value for `parts` at the current data version, computed once: when many
    requests miss it together (sixteen analysts on one filter just after an editor's change),
    one computes it under a lock (lock()) while the others wait for it, instead of all of
    them counting the same rows at once. A wait longer than `wait` seconds computes
    regardless. `computed(value)` is told a value this call computed before it is cached
    (and the lock released). `missed`: the caller has just found nothing cached, it is not
    asked again before computing unless this call had to wait for the lock."""
    cache_key = key(*parts)
    value = None if missed else cache.get(cache_key)
    if value is not None:
        return value
    deadline = time.monotonic() + wait
    waited = False
    while True:
        held = lock(cache_key)
        if held is not None:
            try:
                # Computed meanwhile by whoever held the lock? (Just missed and never waited:
                # the value was not there a moment ago.)
                value = cache.get(cache_key) if waited or not missed else None
                if value is None:
                    value = compute()
                    if computed is not None:
                        computed(value)
                    cache.set(cache_key, value, timeout)
                return value
            finally:
                held.release()
        time.sleep(0.05)
        waited = True
        value = cache.get(cache_key)
        if value is not None:
            return value
        if time.monotonic() > deadline:
            return compute()


_in_process = {}  # (data version, *parts): value, for this process


def per_version(parts, compute):
    """compute(), kept in this process for the data version, by `parts` (IN_PROCESS entries
    at most: past it, they are forgotten)."""
    known = (data_version(), *parts)
    if known not in _in_process:
        value = compute()
        if len(_in_process) >= IN_PROCESS:
            _in_process.clear()
        _in_process[known] = value
    return _in_process[known]


IN_PROCESS = 256


def kept(parts, compute):
    """remember(parts, compute), and kept in this process for the data version: for what is
    asked often (every search, every count of facets) and read from the shared cache once per
    version then, not at every ask."""
    return per_version(parts, lambda: remember(parts, compute))


def lock(cache_key):
    """The lock of `cache_key`, taken if free (None if held elsewhere), where the cache is
    shared: a file cache is one machine's, locked by a file beside it (no round trip to the
    database, and the lock goes with the process that holds it); any other cache, by a
    PostgreSQL advisory lock, which every machine sharing the database sees."""
    directory = getattr(cache, "_dir", None)
    if directory is not None:
        return FileLock.taken(directory, cache_key)
    return AdvisoryLock.taken(cache_key)


class FileLock:
    """flock() on one of 4,096 files in the cache's `locks` directory, chosen by the key's
    last three hex digits: a file per key would pile up; two keys sharing a file only wait
    for each other."""

    def __init__(self, fd):
        self.fd = fd

    @classmethod
    def taken(cls, directory, cache_key):
        folder = os.path.join(directory, "locks")
        path = os.path.join(folder, cache_key[-3:] + ".lock")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except FileNotFoundError:
            os.makedirs(folder, 0o700, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            # Each open() is a description of its own: threads of one process exclude each
            # other as processes do.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held elsewhere (BlockingIOError), or not lockable
            os.close(fd)
            return None
        return cls(fd)

    def release(self):
        os.close(self.fd)  # closing the file releases its lock


class AdvisoryLock:
    def __init__(self, lock):
        self.lock = lock

    @classmethod
    def taken(cls, cache_key):
        lock = lock_id(cache_key)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock])
            return cls(lock) if cursor.fetchone()[0] else None

    def release(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [self.lock])


def lock_id(cache_key):
    """The PostgreSQL advisory lock of a cache key: 64 bits of its hash."""
    return int.from_bytes(bytes.fromhex(cache_key[-16:]), "big", signed=True)


def changed(sender, **kwargs):
    if not kwargs.get("raw"):  # loaddata: no signal should count
        bump()


def new_release(sender, **kwargs):
    """`migrate` runs at every start and deploy: what was cached by the previous code (rendered
    fragments of templates that may have changed) is not reused."""
    if sender.name == "readouts":
        bump()


def connect():
    """Bump the data version whenever a readouts record changes (called by the app config)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    post_migrate.connect(new_release, dispatch_uid="bump-on-migrate")

    for model in apps.get_app_config("readouts").get_models():
        if model.__name__ in ("SavedSearch",) or model.__name__.startswith("Historical"):
            continue
        post_save.connect(changed, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")
    for through in _throughs():
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"bump-m2m-{through.__name__}")


def _throughs():
    from .models import Statement

    return [Statement.topics.through, Statement.mentions.through]
