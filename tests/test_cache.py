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
