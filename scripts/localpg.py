#!/usr/bin/env python3
"""The project's own PostgreSQL server, for `make run` and `make test` when DATABASE_URL is unset.

Uses the PostgreSQL server binaries already on the machine (Debian's `postgresql` package puts
them in /usr/lib/postgresql/<version>/bin). The cluster lives in a data folder of its own and
listens on a Unix socket inside that folder only (`listen_addresses=''`), so it never clashes
with another server's port. As root, `initdb` and `pg_ctl` refuse to run, so they run as the
`postgres` system user, in a folder that user can reach.

    localpg.py start            initialise (first time) and start; print the DATABASE_URL
    localpg.py stop             stop it if it runs
    localpg.py status           exit 0 if it runs
    localpg.py url              print the DATABASE_URL (the application role's)
    localpg.py admin-url        print the superuser's URL (backups, maintenance)
    localpg.py exec [--keep] -- CMD...
                                start it if needed, run CMD with DATABASE_URL set, then stop it
                                again if this call started it (unless --keep)

Standard library only: it runs before the virtualenv exists.
"""

import glob
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".data"
DB_NAME = "readouts"
# The role the portal connects as: it owns its database and schema, and may create databases
# (the test suite's, the benchmark's), but is not a superuser (issue 18: least privilege).
APP_ROLE = "readouts_app"
PORT = "5432"  # names the socket file only: nothing listens on TCP


def fail(message):
    print(f"localpg: {message}", file=sys.stderr)
    sys.exit(2)


def is_root():
    return os.geteuid() == 0


def find_bindir():
    """The folder holding initdb, pg_ctl and postgres, newest version first."""
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(os.path.realpath(on_path)).parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    candidates += [Path(p) for p in sorted(glob.glob("/usr/pgsql-*/bin"), reverse=True)]
    for folder in candidates:
        if all((folder / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def install_server():
    """Debian's server package, where it is missing and we may install it."""
    if not (is_root() and shutil.which("apt-get")):
        fail(
            "no PostgreSQL server binaries (initdb, pg_ctl, postgres) were found.\n"
            "Install them (Debian/Ubuntu: `sudo apt-get install postgresql`) or point "
            "DATABASE_URL at an existing server, e.g.\n"
            "  DATABASE_URL=postgres://user:password@localhost:5432/readouts make run"
        )
    print(
        "localpg: PostgreSQL server not found; installing Debian's `postgresql` package",
        file=sys.stderr,
    )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
        check=True,
        env=env,
    )


def reachable_by(user, folder):
    """Whether `user` can traverse every folder down to `folder`."""
    probe = subprocess.run(
        ["runuser", "-u", user, "--", "test", "-x", str(folder)], capture_output=True
    )
    return probe.returncode == 0


def data_dir():
    """Where the cluster lives: .data/pg in the clone, or a private folder under /var/tmp when
    the clone sits where the postgres user cannot reach (a 0700 home folder, say)."""
    pointer = STATE / "pgdata-path"
    if pointer.exists():
        return Path(pointer.read_text().strip())
    STATE.mkdir(exist_ok=True)
    folder = STATE / "pg"
    # As root, the postgres user must reach the folder; a Unix socket path may not exceed 107
    # bytes. Otherwise: a private folder of this clone's own under /var/tmp.
    unreachable = is_root() and not reachable_by("postgres", STATE)
    if unreachable or len(str(folder / f".s.PGSQL.{PORT}")) > 100:
        digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
        folder = Path("/var/tmp") / f"readouts-pg-{digest}" / "pg"  # noqa: S108
    pointer.write_text(str(folder) + "\n")
    return folder


def as_owner(cmd):
    """Run a server command as the owner of the cluster (postgres when we are root)."""
    if is_root():
        # From /, which the postgres user can always enter (the clone may be private to root).
        return ["runuser", "-u", "postgres", "--", "env", "-C", "/"] + cmd
    return cmd


def superuser():
    return "postgres" if is_root() else pwd.getpwuid(os.geteuid()).pw_name


def database_url(folder, user=APP_ROLE):
    host = urllib.parse.quote(str(folder), safe="")
    return f"postgres://{user}@{host}:{PORT}/{DB_NAME}"


def running(bindir, folder):
    if not (folder / "PG_VERSION").exists():
        return False
    probe = subprocess.run(
        as_owner([str(bindir / "pg_ctl"), "status", "-D", str(folder)]), capture_output=True
    )
    return probe.returncode == 0


def initialise(bindir, folder):
    print(f"localpg: initialising a PostgreSQL cluster in {folder}", file=sys.stderr)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    if is_root():
        pg = pwd.getpwnam("postgres")
        if folder.parent != STATE:  # our private folder under /var/tmp
            os.chown(folder.parent, pg.pw_uid, pg.pw_gid)
            os.chmod(folder.parent, 0o700)
        os.chown(folder, pg.pw_uid, pg.pw_gid)
    user = superuser()
    subprocess.run(
        as_owner(
            [
                str(bindir / "initdb"),
                "-D",
                str(folder),
                "-U",
                user,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-instructions",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(folder / "postgresql.conf", "a") as conf:
        conf.write(
            "\n# readouts: private socket, no TCP\n"
            "listen_addresses = ''\n"
            f"unix_socket_directories = '{folder}'\n"
            f"port = {PORT}\n"
            "max_connections = 100\n"
            "logging_collector = off\n"
        )
    write_tuning(folder)


# Sized for a corpus of a million statements (about 1.3 GB with its indexes) on a small
# machine; rewritten at every start, so a change here reaches clusters made before it.
TUNING = {
    # The statement table and its indexes stay in PostgreSQL's own cache: a full-text search
    # visits tens of thousands of heap pages, and a shared-buffer hit costs a fraction of a
    # read from the operating system's cache. Takes effect at the next server start.
    "shared_buffers": "1GB",
    "effective_cache_size": "4GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    # The data lives in memory or on SSD: an index probe costs little more than a page read.
    "random_page_cost": "1.1",
    # Compiling a plan costs 50 to 200 ms, more than any of the portal's queries takes to run.
    "jit": "off",
}
TUNING_FILE = "readouts-tuning.conf"


def write_tuning(folder):
    """Write the tuning file and include it from postgresql.conf (once); True if it changed."""
    text = "# Written by scripts/localpg.py at every start: edit TUNING there.\n" + "".join(
        f"{name} = '{value}'\n" for name, value in TUNING.items()
    )
    target = folder / TUNING_FILE
    changed = not target.exists() or target.read_text() != text
    if changed:
        target.write_text(text)
        target.chmod(0o644)
    conf = folder / "postgresql.conf"
    include = f"include_if_exists = '{TUNING_FILE}'"
    if include not in conf.read_text():
        with open(conf, "a") as out:
            out.write(f"\n{include}\n")
        changed = True
    return changed


def install_rum(bindir, folder):
    """The RUM extension (ranked search from the index: readouts/ranking.py), where it is
    missing and Debian's package may be installed. Optional: without it, searches are
    ranked the ordinary way. Tried once per data folder."""
    sharedir = subprocess.run(
        [str(bindir / "pg_config"), "--sharedir"], capture_output=True, text=True
    ).stdout.strip()
    if not sharedir or (Path(sharedir) / "extension" / "rum.control").exists():
        return
    tried = folder / ".rum-tried"
    if tried.exists() or not (is_root() and shutil.which("apt-get")):
        return
    tried.touch()
    version = (
        subprocess.run([str(bindir / "pg_config"), "--version"], capture_output=True, text=True)
        .stdout.split()[1]
        .split(".")[0]
    )
    package = f"postgresql-{version}-rum"
    print(f"localpg: installing Debian's `{package}` (ranked search)", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        if subprocess.run(install, env=env, capture_output=True).returncode != 0:
            print(f"localpg: `{package}` could not be installed; searches will be ranked "
                  "without it", file=sys.stderr)  # fmt: skip


def start():
    bindir = find_bindir()
    if bindir is None:
        install_server()
        bindir = find_bindir() or fail("PostgreSQL was installed but its binaries were not found")
    folder = data_dir()
    if not (folder / "PG_VERSION").exists():
        initialise(bindir, folder)
    install_rum(bindir, folder)
    tuned = write_tuning(folder)
    started = False
    if running(bindir, folder) and tuned:
        # Most settings apply on a reload; shared_buffers waits for the next start.
        subprocess.run(
            as_owner([str(bindir / "pg_ctl"), "reload", "-D", str(folder)]),
            stdout=subprocess.DEVNULL,
        )
        print(
            "localpg: settings changed; shared_buffers applies after `make stop`",
            file=sys.stderr,
        )
    if not running(bindir, folder):
        log = folder / "server.log"
        result = subprocess.run(
            as_owner(
                [
                    str(bindir / "pg_ctl"),
                    "start",
                    "-D",
                    str(folder),
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    "60",
                ]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if result.returncode != 0:
            tail = log.read_text()[-2000:] if log.exists() else ""
            fail(f"PostgreSQL did not start:\n{result.stderr}\n{tail}")
        started = True
    ensure_database(bindir, folder)
    return folder, started


def ensure_database(bindir, folder):
    """The application role, and its database, with everything in it owned by that role. Also
    brings a cluster made before the role existed (whose objects the superuser owned) into line;
    a few quick statements when there is nothing to do."""
    psql = shutil.which("psql") or str(bindir / "psql")
    base = [
        psql,
        "-h",
        str(folder),
        "-p",
        PORT,
        "-U",
        superuser(),
        "-XtAq",
        "-v",
        "ON_ERROR_STOP=1",
    ]
    for _ in range(30):
        exists = subprocess.run(
            base
            + ["-d", "postgres", "-c", f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"],
            capture_output=True,
            text=True,
        )
        if exists.returncode == 0:
            break
        time.sleep(0.5)
    else:
        fail(f"cannot connect to the local PostgreSQL: {exists.stderr.strip()}")
    run_sql(base + ["-d", "postgres"], ROLE_SQL)
    if exists.stdout.strip() != "1":
        run_sql(base + ["-d", "postgres"], f'CREATE DATABASE "{DB_NAME}" OWNER {APP_ROLE}')
    # Ranked search's extension may only be added by a superuser: added here, in every new
    # database too (template1), where the server has it.
    for database in ("template1", DB_NAME):
        run_sql(base + ["-d", database], RUM_SQL)
    run_sql(base + ["-d", DB_NAME], OWNERSHIP_SQL)


ROLE_SQL = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
    CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOCREATEROLE CREATEDB;
  END IF;
END $$;
ALTER ROLE {APP_ROLE} NOSUPERUSER NOCREATEROLE CREATEDB NOREPLICATION NOBYPASSRLS;
DO $$ DECLARE d text; BEGIN
  FOR d IN SELECT datname FROM pg_database
           WHERE (datname = '{DB_NAME}' OR datname LIKE 'test\\_{DB_NAME}%' ESCAPE '\\'
                  OR datname = '{DB_NAME}_bench')
             AND pg_get_userbyid(datdba) <> '{APP_ROLE}' LOOP
    EXECUTE format('ALTER DATABASE %I OWNER TO {APP_ROLE}', d);
  END LOOP;
END $$;
"""

RUM_SQL = """
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'rum') THEN
    CREATE EXTENSION IF NOT EXISTS rum;
  END IF;
END $$;
"""

# Tables (with their indexes and the sequences they own), views, other sequences and functions
# in the public schema, but for the members of an extension.
OWNERSHIP_SQL = f"""
ALTER SCHEMA public OWNER TO {APP_ROLE};
DO $$ DECLARE q text; BEGIN
  FOR q IN
    SELECT format('ALTER %s %s OWNER TO {APP_ROLE}',
                  CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                 WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND pg_get_userbyid(c.relowner) <> '{APP_ROLE}'
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
    ORDER BY c.relkind = 'S'
  LOOP EXECUTE q; END LOOP;
  FOR q IN
    SELECT format('ALTER FUNCTION %s OWNER TO {APP_ROLE}', p.oid::regprocedure)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '{APP_ROLE}'
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP EXECUTE q; END LOOP;
END $$;
"""


def run_sql(cmd, sql):
    result = subprocess.run(cmd + ["-c", sql], capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"setting up the database failed: {result.stderr.strip()}")


def stop():
    bindir = find_bindir()
    pointer = STATE / "pgdata-path"
    if bindir is None or not pointer.exists():
        return
    folder = Path(pointer.read_text().strip())
    if running(bindir, folder):
        subprocess.run(
            as_owner([str(bindir / "pg_ctl"), "stop", "-D", str(folder), "-m", "fast", "-w"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print("localpg: stopped", file=sys.stderr)


def main(argv):
    if not argv:
        fail("usage: localpg.py start|stop|status|url|exec [--keep] -- CMD...")
    command, rest = argv[0], argv[1:]
    if command == "start":
        folder, _ = start()
        print(database_url(folder))
    elif command == "stop":
        stop()
    elif command == "status":
        bindir = find_bindir()
        sys.exit(0 if bindir and running(bindir, data_dir()) else 1)
    elif command == "url":
        print(database_url(data_dir()))
    elif command == "admin-url":
        print(database_url(data_dir(), superuser()))
    elif command == "exec":
        keep = "--keep" in rest[: rest.index("--")] if "--" in rest else False
        if "--" not in rest or rest.index("--") == len(rest) - 1:
            fail("usage: localpg.py exec [--keep] -- CMD...")
        cmd = rest[rest.index("--") + 1 :]
        folder, started = start()
        env = dict(os.environ, DATABASE_URL=database_url(folder))
        try:
            code = subprocess.call(cmd, env=env)
        except KeyboardInterrupt:
            code = 130
        finally:
            if started and not keep:
                stop()
        sys.exit(code)
    else:
        fail(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
