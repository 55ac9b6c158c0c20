"""The data version, kept by PostgreSQL: one number that any change to the readouts records
raises, in the same transaction as the change.

Cached counts are keyed by it (readouts/cache.py). It used to live in the cache itself, so a
second app server, with a cache of its own, never heard that the data had changed; and a
change made in SQL, which sends no Django signal, was missed everywhere. Here statement-level
triggers on every table of the records raise it, whichever path writes (the admin, the reader,
bulk updates, COPY, SQL by hand), and it becomes visible exactly when the change does.

A bulk load that sets `readouts.bulk_load` (`manage.py generate`) raises it once at its end."""

from django.db import migrations

TABLES = [
    "readouts_actor",
    "readouts_role",
    "readouts_publisher",
    "readouts_source",
    "readouts_event",
    "readouts_participant",
    "readouts_topic",
    "readouts_statement",
    "readouts_statement_topics",
    "readouts_statement_mentions",
    "readouts_mentionedevent",
]

FORWARD = [
    """CREATE TABLE readouts_data_version (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        version bigint NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
    )""",
    "INSERT INTO readouts_data_version (id, version) VALUES (1, 1)",
    """CREATE FUNCTION readouts_data_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('readouts.bulk_load', true) = 'on' THEN
            RETURN NULL;  -- the load raises the version once, at its end
        END IF;
        UPDATE readouts_data_version SET version = version + 1, changed_at = now();
        RETURN NULL;
    END
    $$""",
    *(
        f"CREATE TRIGGER {table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION readouts_data_changed()"
        for table in TABLES
    ),
]

BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_data_changed ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS readouts_data_changed()",
    "DROP TABLE IF EXISTS readouts_data_version",
]


class Migration(migrations.Migration):
    dependencies = [("readouts", "0015_rollups_serial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
