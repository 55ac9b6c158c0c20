"""Backups of the portal's database and their restore (`make backup`, `make restore`).

A backup is `pg_dump --format=custom`: one consistent snapshot (pg_dump reads every table in a
single repeatable-read transaction, while the portal keeps serving), compressed, and readable
by pg_restore of the same or a later PostgreSQL. The tools are PostgreSQL's own, of the
server's major version where several are installed. They are told where to connect by a
connection string without the password, which goes in PGPASSWORD, so that it never shows in
the process list.
"""

import datetime
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

MAGIC = b"PGDMP"  # how every pg_dump custom-format archive begins
# Keys of a Django OPTIONS dict that are Django's own, not libpq's.
DJANGO_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool"}
# A non-superuser may not comment on an extension it does not own (RUM is the superuser's:
# scripts/localpg.py); the comment is the extension's own text, which CREATE EXTENSION sets.
EXTENSION_COMMENT = re.compile(r"^\d+; \d+ \d+ COMMENT - EXTENSION ")

# Tables outside PostgreSQL's own schemas, but for an extension's (PostGIS has one).
TABLES = """
SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%'
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1
"""

# Cached counts are kept under the data version (readouts/cache.py), in a namespace named by
# the database's host, port and name. A restored database brings back the version it had when
# it was backed up, a number the database it replaces (same name, same namespace) may have
# counted past with other data, so a running server or a shared Redis could hold counts under
# it; adding one has the same flaw. The current time in microseconds is beyond any number a
# database reaches by counting (one per writing statement) or by an earlier restore.
RESTORED = """
UPDATE readouts_data_version
SET version = greatest(version + 1, (extract(epoch FROM clock_timestamp()) * 1e6)::bigint),
    changed_at = now()
"""


class BackupError(Exception):
    """What went wrong, in words for the person at the terminal."""


def connection_params(database):
    """libpq's keywords for a Django DATABASES entry."""
    params = {
        "dbname": database["NAME"],
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    options = database.get("OPTIONS") or {}
    params.update((key, value) for key, value in options.items() if key not in DJANGO_OPTIONS)
    return {key: str(value) for key, value in params.items() if value not in (None, "")}


def connect(params):
    try:
        return psycopg.connect(**params, autocommit=True)
    except psycopg.OperationalError as error:
        raise BackupError(f"cannot connect to database {params['dbname']!r}: {error}") from None


def client(tool, server_version):
    """pg_dump or pg_restore of the server's major version where several are installed (Debian
    and RHEL keep each version's in a folder of its own), else the one on PATH."""
    major = server_version // 10000
    for folder in (f"/usr/lib/postgresql/{major}/bin", f"/usr/pgsql-{major}/bin"):
        path = Path(folder) / tool
        if os.access(path, os.X_OK):
            return str(path)
    found = shutil.which(tool)
    if found is None:
        raise BackupError(
            f"{tool} was not found: install PostgreSQL {major}'s client tools "
            f"(Debian: apt-get install postgresql-client-{major})"
        )
    return found


def run(cmd, params, **kwargs):
    """Run a PostgreSQL tool against the database of `params`, its password in the
    environment only."""
    conninfo = make_conninfo(**{k: v for k, v in params.items() if k != "password"})
    env = dict(os.environ)
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    return subprocess.run(
        [*cmd, f"--dbname={conninfo}"], env=env, stderr=subprocess.PIPE, text=True, **kwargs
    )


def backup(folder, database):
    """Write a dump of `database` to a new, dated file in `folder`, readable by its owner only
    (it holds the users' password hashes); return its path."""
    params = connection_params(database)
    with connect(params) as conn:
        pg_dump = client("pg_dump", conn.info.server_version)
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    target = folder / f"readouts-{stamp}.dump"
    if target.exists():
        raise BackupError(f"{target} exists already")
    # Under another name until pg_dump has finished, so that a half-written dump is never
    # taken for a backup; 0600 from its first byte.
    partial = folder / f".{target.name}.partial"
    try:
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            result = run([pg_dump, "--format=custom"], params, stdout=out)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(path, database):
    """Restore the dump at `path` into `database`, which must have no tables; all of it or,
    on any error, nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as dump:
        if dump.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"{path} is not a backup made by `make backup` (pg_dump -Fc)")
    params = connection_params(database)
    with connect(params) as conn:
        pg_restore = client("pg_restore", conn.info.server_version)
        tables = [row[0] for row in conn.execute(TABLES)]
    if tables:
        raise BackupError(
            f"database {params['dbname']!r} is not empty: it has {len(tables)} tables "
            f"({', '.join(tables[:3])}, ...). Restore into an empty database; nothing was changed."
        )
    listing = subprocess.run(
        [pg_restore, "--list", str(path)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(f"{path} cannot be read: {listing.stderr.strip()}")
    entries = [line for line in listing.stdout.splitlines() if not EXTENSION_COMMENT.match(line)]
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        chosen.write("\n".join(entries) + "\n")
        chosen.flush()
        # Every object owned by whoever restores, the role the portal connects as, whatever
        # the roles of the server it came from were called (the portal grants nothing).
        # One transaction, so that a failure leaves the database as empty as it was.
        result = run(
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--use-list={chosen.name}",
                str(path),
            ],
            params,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")
    with connect(params) as conn:
        if conn.execute("SELECT to_regclass('readouts_data_version')").fetchone()[0]:
            conn.execute(RESTORED)
        return len(conn.execute(TABLES).fetchall())
