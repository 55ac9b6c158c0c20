"""Faults a user meets as a clear page, never a hang or a 500 (issue 18, items 8 and 13): a
database that does not answer, a query stopped for taking too long; and /healthz for load
balancers."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.test import Client
from django.urls import path

import portal.views
from portal.urls import urlpatterns as portal_urls

ROOT = Path(__file__).resolve().parent.parent


@login_not_required
def slow_view(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '100ms'")
        cursor.execute("SELECT pg_sleep(5)")


@login_not_required
def buggy_view(request):
    raise ValueError("a bug of ours")


urlpatterns = [path("slow/", slow_view), path("buggy/", buggy_view), *portal_urls]
handler500 = "portal.views.server_error"


def test_web_connections_carry_the_time_limits(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
            "current_setting('idle_in_transaction_session_timeout')"
        )
        assert cursor.fetchone() == ("30s", "10s", "1min")


def test_a_query_stopped_for_its_time_gets_a_polite_page(db, settings):
    settings.ROOT_URLCONF = __name__
    started = time.monotonic()
    response = Client(raise_request_exception=False).get("/slow/")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    page = response.content.decode()
    assert "Stopped: too broad" in page and "Narrow what you asked for" in page
    assert "Traceback" not in page and "pg_sleep" not in page


def test_a_bug_of_ours_is_still_a_500(db, settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/buggy/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_healthz_answers_without_a_login_and_says_nothing_more(db, monkeypatch):
    monkeypatch.setattr(portal.views, "_migrated", False)
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_while_a_migration_is_not_applied(db, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(portal.views, "_migrated", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["pending"])
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable\n"


# A request to a server whose database never answers: a socket that accepts connections
# (the kernel does) and then says nothing, like a hung or unreachable server.
SCRIPT = """
import json, sys, time
import django
from django.conf import settings
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
django.setup()
from django.test import Client
results = {}
for url, cookies in [("/statements/", {"sessionid": "x" * 32}), ("/healthz", {})]:
    client = Client(raise_request_exception=False)
    for name, value in cookies.items():
        client.cookies[name] = value
    started = time.monotonic()
    response = client.get(url)
    results[url] = [response.status_code, response.content.decode(),
                    round(time.monotonic() - started, 2)]
print(json.dumps(results))
"""


@pytest.fixture
def silent_server():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def test_a_database_that_does_not_answer_gets_a_503_within_seconds(silent_server):
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://readouts@127.0.0.1:{silent_server}/readouts",
        DB_CONNECT_TIMEOUT="2",
        DEBUG="0",
        SECRET_KEY="s" * 40,
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout.strip().splitlines()[-1])
    status, page, seconds = results["/statements/"]
    assert status == 503 and "The database is not answering" in page
    assert seconds < 10
    status, page, seconds = results["/healthz"]
    assert (status, page) == (503, "unavailable\n") and seconds < 10


def test_an_export_runs_under_its_own_longer_limit_then_the_page_limit_returns(db, settings):
    from readouts.exports.stream import copy_rows

    settings.EXPORT_STATEMENT_TIMEOUT = 600
    rows = list(copy_rows("COPY (SELECT current_setting('statement_timeout')) TO STDOUT"))
    assert b"".join(rows).strip() == b"10min"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone() == ("30s",)


def test_the_projects_own_cluster_is_used_by_a_role_that_is_not_a_superuser(db):
    pointer = ROOT / ".data" / "pgdata-path"
    host = connection.settings_dict["HOST"]
    if not pointer.exists() or host != pointer.read_text().strip():
        pytest.skip("DATABASE_URL points at a server of its own: its roles are its operator's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, has_database_privilege(current_user, "
            "current_database(), 'CREATE') FROM pg_roles WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, True)
        # It owns its database, and so the schema (PostgreSQL 15 gives it to the owner).
        cursor.execute(
            "SELECT pg_get_userbyid(datdba) = current_user, "
            "pg_get_userbyid(nspowner) IN (current_user, 'pg_database_owner') "
            "FROM pg_database, pg_namespace "
            "WHERE datname = current_database() AND nspname = 'public'"
        )
        assert cursor.fetchone() == (True, True)


def test_commands_have_no_time_limit_on_their_queries(db):
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.db import connection; c = connection.cursor(); "
         "c.execute(\"SELECT current_setting('statement_timeout')\"); print(c.fetchone()[0])"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "0"
