"""The database backend (readouts/db): a kept connection's health check asks PostgreSQL only
when the connection has something to read."""

import time

import pytest
from django.db import connection


def round_trips(monkeypatch):
    """The cursors opened on the psycopg connection itself (is_usable bypasses Django's)."""
    opened = []
    real = connection.connection.cursor
    monkeypatch.setattr(
        connection.connection, "cursor", lambda *a, **k: opened.append(1) or real(*a, **k)
    )
    return opened


def check():
    connection.health_check_done = False  # as at the start of a request
    connection.close_if_health_check_failed()


@pytest.mark.django_db(transaction=True)
def test_a_quiet_kept_connection_is_reused_without_a_round_trip(monkeypatch):
    connection.ensure_connection()
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    opened = round_trips(monkeypatch)
    check()
    assert connection.connection is not None and not opened


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_before_the_next_query():
    from tests.test_cache import other_session

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with other_session() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 10
    while alive_elsewhere(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    check()
    assert connection.connection is None, "the closed connection was kept"
    with connection.cursor() as cursor:  # a new one
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def alive_elsewhere(pid):
    from tests.test_cache import other_session

    with other_session() as other:
        return other.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid]
        ).fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_connection_with_something_to_read_is_asked(monkeypatch):
    connection.ensure_connection()
    from tests.test_cache import other_session

    with connection.cursor() as cursor:
        cursor.execute("LISTEN readouts_test")
    with other_session() as other:
        other.execute("NOTIFY readouts_test")  # arrives on this idle connection: readable
    opened = round_trips(monkeypatch)
    deadline = time.monotonic() + 5
    check()
    while not opened and time.monotonic() < deadline:  # the notice may be on its way
        check()
        time.sleep(0.01)
    assert opened, "a connection with something to read was not asked"
    assert connection.connection is not None  # and it answered: kept
    with connection.cursor() as cursor:
        cursor.execute("UNLISTEN *")
