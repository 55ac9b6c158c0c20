"""The shared cache: one request computes a missing value while the others wait for it."""

import threading
import time

import psycopg
import pytest
from django.db import connection

from readouts import cache


def other_session():
    """A second PostgreSQL session, as another worker of the portal would hold."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def lock_of(parts):
    return cache.lock_id(cache.key(*parts))


@pytest.mark.django_db
def test_a_value_being_computed_elsewhere_is_waited_for_not_computed_again():
    parts = ("test", "facets of a popular filter")
    with other_session() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [lock_of(parts)])

        def finish_elsewhere():
            time.sleep(0.3)
            from django.core.cache import cache as django_cache

            django_cache.set(cache.key(*parts), "counted elsewhere", 60)
            other.execute("SELECT pg_advisory_unlock(%s)", [lock_of(parts)])

        elsewhere = threading.Thread(target=finish_elsewhere)
        elsewhere.start()

        def compute():
            raise AssertionError("counted twice")

        assert cache.remember(parts, compute) == "counted elsewhere"
        elsewhere.join()


@pytest.mark.django_db
def test_a_stuck_computation_elsewhere_is_not_waited_for_forever():
    parts = ("test", "a filter whose count hangs elsewhere")
    with other_session() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [lock_of(parts)])
        started = time.monotonic()
        assert cache.remember(parts, lambda: "counted here", wait=0.3) == "counted here"
        assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_failed_computation_releases_its_lock():
    parts = ("test", "a count that fails")

    def fail():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        cache.remember(parts, fail)
    assert cache.remember(parts, lambda: 42) == 42
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_deploy_does_not_reuse_what_the_previous_code_cached():
    from django.core.management import call_command

    before = cache.data_version()
    call_command("migrate", verbosity=0)
    assert cache.data_version() != before


@pytest.fixture
def file_cache(settings, tmp_path):
    """The portal's own cache, the file cache (the suite's default is in memory)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "readouts.filecache.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    return tmp_path


@pytest.mark.django_db
def test_a_file_cache_is_locked_by_a_file_beside_it_without_a_query(
    file_cache, django_assert_num_queries
):
    key = cache.key("test", "file lock")
    with django_assert_num_queries(0):
        held = cache.lock(key)
        assert isinstance(held, cache.FileLock)
        assert cache.lock(key) is None  # another thread, another description: held
        held.release()
        again = cache.lock(key)
        assert again is not None
        again.release()
    assert (file_cache / "locks" / (key[-3:] + ".lock")).exists()
    from django.core.cache import cache as django_cache

    django_cache.set("a", 1)
    django_cache.clear()  # the lock files are not the cache's entries
    assert (file_cache / "locks").is_dir()


@pytest.mark.django_db
def test_a_file_lock_held_by_another_process_goes_with_it(file_cache):
    import subprocess
    import sys

    key = cache.key("test", "held by another worker")
    first = cache.lock(key)  # makes the lock file
    path = file_cache / "locks" / (key[-3:] + ".lock")
    first.release()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, os, sys, time\n"
                f"fd = os.open({str(path)!r}, os.O_RDWR)\n"
                "fcntl.flock(fd, fcntl.LOCK_EX)\n"
                "print('held', flush=True)\n"
                "time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert cache.lock(key) is None
    finally:
        holder.kill()
        holder.wait()
    held = cache.lock(key)  # the process died holding it: free again
    assert held is not None
    held.release()


@pytest.mark.parametrize("missed", [False, True])
@pytest.mark.django_db
def test_with_a_file_cache_a_value_being_computed_elsewhere_is_waited_for(file_cache, missed):
    """Even by a caller that has just missed it (and does not ask the cache again before the
    lock): once it has waited for the lock, it asks."""
    from django.core.cache import cache as django_cache

    parts = ("test", "facets counted by another request")
    elsewhere = cache.lock(cache.key(*parts))
    assert elsewhere is not None

    def finish_elsewhere():
        time.sleep(0.3)
        django_cache.set(cache.key(*parts), "counted elsewhere", 60)
        elsewhere.release()

    finishing = threading.Thread(target=finish_elsewhere)
    finishing.start()

    def compute():
        raise AssertionError("counted twice")

    try:
        assert cache.remember(parts, compute, missed=missed) == "counted elsewhere"
    finally:
        finishing.join()


@pytest.mark.django_db
def test_with_a_file_cache_a_failed_computation_releases_its_lock(file_cache):
    parts = ("test", "a count that fails, file cache")

    def fail():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        cache.remember(parts, fail)
    held = cache.lock(cache.key(*parts))
    assert held is not None
    held.release()


@pytest.mark.django_db
def test_a_value_just_missed_is_computed_without_asking_the_cache_again(monkeypatch):
    from django.core.cache import cache as django_cache

    asked = []
    real = django_cache.get
    monkeypatch.setattr(django_cache, "get", lambda *a, **k: asked.append(a[0]) or real(*a, **k))
    parts = ("test", "a new filter")
    assert cache.remember(parts, lambda: "counted", missed=True) == "counted"
    assert cache.key(*parts) not in asked
    assert cache.remember(parts, lambda: "again") == "counted"  # cached meanwhile
