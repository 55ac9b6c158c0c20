"""Backup and restore (readouts/backup.py): a dump restores into an empty database with every
row, and nothing else is ever written over. Transactional, so that pg_dump sees the rows."""

import stat
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from readouts import backup
from readouts.backup import BackupError

pytestmark = pytest.mark.django_db(transaction=True)

SCRATCH = "test_readouts_restored"


def drop(cursor):
    cursor.execute(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH))
    )


@pytest.fixture
def source(world, analyst):
    """The test database, with a small corpus and a user (a password hash) in it."""
    return dict(connection.settings_dict)


@pytest.fixture
def empty():
    """A new, empty database beside the test database, dropped afterwards."""
    with connection.cursor() as cursor:
        drop(cursor)
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH)))
    yield dict(connection.settings_dict, NAME=SCRATCH)
    with connection.cursor() as cursor:
        drop(cursor)


def row_counts(database):
    with backup.connect(backup.connection_params(database)) as conn:
        tables = [row[0] for row in conn.execute(backup.TABLES)]
        return {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def data_version(database):
    with backup.connect(backup.connection_params(database)) as conn:
        return conn.execute("SELECT version FROM readouts_data_version").fetchone()[0]


def test_a_backup_restores_into_an_empty_database_with_every_row(source, empty, tmp_path):
    dump = backup.backup(tmp_path / "backups", source)

    assert dump.name.startswith("readouts-") and dump.suffix == ".dump"
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert backup.restore(dump, empty) == len(row_counts(source))
    counts = row_counts(source)
    assert counts["readouts_statement"] > 0 and counts["auth_user"] > 0
    assert row_counts(empty) == counts


def test_a_restored_database_has_a_data_version_no_server_has_cached(source, empty, tmp_path):
    backup.restore(backup.backup(tmp_path, source), empty)
    assert data_version(empty) > data_version(source) + 1_000_000


def test_restoring_into_a_database_with_tables_is_refused_and_changes_nothing(source, tmp_path):
    dump = backup.backup(tmp_path, source)
    counts, version = row_counts(source), data_version(source)

    with pytest.raises(CommandError, match="is not empty.*nothing was changed"):
        call_command("restore", str(dump))
    assert row_counts(source) == counts
    assert data_version(source) == version


def test_a_file_that_is_no_backup_gets_a_clear_error(empty, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a dump\n")

    with pytest.raises(BackupError, match="is not a backup made by `make backup`"):
        backup.restore(text, empty)
    with pytest.raises(BackupError, match="no such file"):
        backup.restore(tmp_path / "missing.dump", empty)
    assert row_counts(empty) == {}


def test_a_truncated_backup_restores_nothing(source, empty, tmp_path):
    dump = backup.backup(tmp_path, source)
    # Its last table's rows cut short: pg_restore fails after loading the others.
    dump.write_bytes(dump.read_bytes()[:-64])

    with pytest.raises(BackupError, match="pg_restore failed, nothing was restored"):
        backup.restore(dump, empty)
    assert row_counts(empty) == {}


def test_the_password_reaches_the_tools_through_the_environment_only(
    source, empty, tmp_path, monkeypatch
):
    # The local cluster trusts its socket: any password does; elsewhere, the real one.
    password = source["PASSWORD"] or "not-for-the-process-list"
    calls, run = [], subprocess.run

    def recording(cmd, **kwargs):
        calls.append((cmd, kwargs.get("env", {})))
        return run(cmd, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", recording)
    dump = backup.backup(tmp_path, dict(source, PASSWORD=password))
    backup.restore(dump, dict(empty, PASSWORD=password))

    assert {cmd[0].rsplit("/", 1)[-1] for cmd, _ in calls} == {"pg_dump", "pg_restore"}
    assert not any(password in argument for cmd, _ in calls for argument in cmd)
    assert all(env["PGPASSWORD"] == password for cmd, env in calls if "--list" not in cmd)


def test_backup_writes_to_backup_dir(source, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "elsewhere"))
    call_command("backup")

    assert "Backed up to" in capsys.readouterr().out
    assert len(list((tmp_path / "elsewhere").glob("readouts-*.dump"))) == 1
