"""Facet keys kept by PostgreSQL itself, so that a list's facets read one table.

- readouts_statement.publisher_id: the publisher of the statement's source. The statement list's
  publisher facet counted it through a join of every matching statement to its source (about
  half of the facets' time at 60,000 matches); now it is a column of the covering index.
- readouts_event.side_ids, actor_ids, publisher_ids, topic_ids, all_topic_ids: the distinct
  sides and actors of the event's participants, the publishers of its sources, and the topics of
  its public (and of all) statements. The event list's facets joined participants, sources and
  some fifteen statements per event (0.7 s at 13,000 events); now they unnest small arrays.

They are copies that nothing in Python writes: the columns are unknown to the ORM (so that a
model's save() can never write a stale value), and triggers keep them in step with their
sources on every INSERT, UPDATE and DELETE, whichever path makes it (the admin, the reader,
bulk updates, COPY in `manage.py generate`). Statement-level triggers with transition tables
refresh each touched event once per SQL statement, however many rows it changed. A bulk load
that writes the copies itself (`manage.py generate`) sets `readouts.bulk_load` for its
transaction, and the triggers stand aside.

Built concurrently where they index a full table, so that migrating a large database does not
block writes for long (bench/)."""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION readouts_refresh_event_keys(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE readouts_event AS e SET
        side_ids = COALESCE((SELECT array_agg(DISTINCT p.side_id ORDER BY p.side_id)
            FROM readouts_participant AS p WHERE p.event_id = e.id AND p.side_id IS NOT NULL),
            '{}'),
        actor_ids = COALESCE((SELECT array_agg(DISTINCT p.actor_id ORDER BY p.actor_id)
            FROM readouts_participant AS p WHERE p.event_id = e.id), '{}'),
        publisher_ids = COALESCE((SELECT array_agg(DISTINCT src.publisher_id
            ORDER BY src.publisher_id) FROM readouts_source AS src WHERE src.event_id = e.id),
            '{}'),
        topic_ids = COALESCE((SELECT array_agg(DISTINCT t ORDER BY t)
            FROM readouts_statement AS s, unnest(s.topic_ids) AS t
            WHERE s.event_id = e.id AND s.is_public), '{}'),
        all_topic_ids = COALESCE((SELECT array_agg(DISTINCT t ORDER BY t)
            FROM readouts_statement AS s, unnest(s.topic_ids) AS t
            WHERE s.event_id = e.id), '{}')
    WHERE e.id = ANY(ids)
$$;

-- One function for the participants, sources and statements: the events their changed rows
-- belong (or belonged) to. A trigger with transition tables has one event only, so each table
-- has three triggers on this function; a branch names only the tables its operation has.
CREATE OR REPLACE FUNCTION readouts_event_keys_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('readouts.bulk_load', true) = 'on' THEN
        RETURN NULL;  -- `manage.py generate` writes the copies itself
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM readouts_refresh_event_keys(ARRAY(
            SELECT DISTINCT event_id FROM new_rows WHERE event_id IS NOT NULL));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM readouts_refresh_event_keys(ARRAY(
            SELECT event_id FROM new_rows WHERE event_id IS NOT NULL
            UNION SELECT event_id FROM old_rows WHERE event_id IS NOT NULL));
    ELSE
        PERFORM readouts_refresh_event_keys(ARRAY(
            SELECT DISTINCT event_id FROM old_rows WHERE event_id IS NOT NULL));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION readouts_statement_publisher() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('readouts.bulk_load', true) = 'on' THEN
        RETURN NEW;
    END IF;
    NEW.publisher_id := (SELECT src.publisher_id FROM readouts_source AS src
                         WHERE src.id = NEW.source_id);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION readouts_source_publisher_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE readouts_statement SET publisher_id = NEW.publisher_id WHERE source_id = NEW.id;
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER readouts_statement_publisher BEFORE INSERT OR UPDATE ON readouts_statement
    FOR EACH ROW EXECUTE FUNCTION readouts_statement_publisher();
CREATE TRIGGER readouts_source_publisher_moved AFTER UPDATE OF publisher_id ON readouts_source
    FOR EACH ROW WHEN (OLD.publisher_id IS DISTINCT FROM NEW.publisher_id)
    EXECUTE FUNCTION readouts_source_publisher_moved();
"""
for table in ("participant", "source", "statement"):
    TRIGGERS += f"""
CREATE TRIGGER readouts_{table}_keys_insert AFTER INSERT ON readouts_{table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION readouts_event_keys_changed();
CREATE TRIGGER readouts_{table}_keys_update AFTER UPDATE ON readouts_{table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION readouts_event_keys_changed();
CREATE TRIGGER readouts_{table}_keys_delete AFTER DELETE ON readouts_{table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION readouts_event_keys_changed();
"""

DROP = (
    """
DROP TRIGGER IF EXISTS readouts_statement_publisher ON readouts_statement;
DROP TRIGGER IF EXISTS readouts_source_publisher_moved ON readouts_source;
"""
    + "".join(
        f"DROP TRIGGER IF EXISTS readouts_{table}_keys_{op} ON readouts_{table};\n"
        for table in ("participant", "source", "statement")
        for op in ("insert", "update", "delete")
    )
    + """
DROP FUNCTION IF EXISTS readouts_event_keys_changed();
DROP FUNCTION IF EXISTS readouts_refresh_event_keys(bigint[]);
DROP FUNCTION IF EXISTS readouts_statement_publisher();
DROP FUNCTION IF EXISTS readouts_source_publisher_moved();
ALTER TABLE readouts_statement DROP COLUMN IF EXISTS publisher_id;
ALTER TABLE readouts_event DROP COLUMN IF EXISTS side_ids, DROP COLUMN IF EXISTS actor_ids,
    DROP COLUMN IF EXISTS publisher_ids, DROP COLUMN IF EXISTS topic_ids,
    DROP COLUMN IF EXISTS all_topic_ids;
"""
)

COLUMNS = """
ALTER TABLE readouts_statement ADD COLUMN IF NOT EXISTS publisher_id bigint;
ALTER TABLE readouts_event
    ADD COLUMN IF NOT EXISTS side_ids bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS actor_ids bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS publisher_ids bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS topic_ids bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS all_topic_ids bigint[] NOT NULL DEFAULT '{}';
"""

# Fill the copies of the rows already there, before the triggers take over.
BACKFILL_STATEMENTS = """
UPDATE readouts_statement AS s SET publisher_id = src.publisher_id
    FROM readouts_source AS src WHERE src.id = s.source_id
"""
BACKFILL_EVENTS = "SELECT readouts_refresh_event_keys(ARRAY(SELECT id FROM readouts_event))"

INDEXES = [
    # The statement list's country filter with its date range, and every facet over it.
    (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS statement_side_facet_keys_idx "
        "ON readouts_statement (side_id, occurred_on DESC) "
        "INCLUDE (id, event_id, event_kind, speaker_id, publisher_id, topic_ids) WHERE is_public",
        "DROP INDEX CONCURRENTLY IF EXISTS statement_side_facet_keys_idx",
    ),
    (
        "DROP INDEX CONCURRENTLY IF EXISTS statement_public_side_facets_idx",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS statement_public_side_facets_idx "
        "ON readouts_statement (side_id, occurred_on DESC) "
        "INCLUDE (id, event_id, speaker_id, source_id, event_kind, topic_ids) WHERE is_public",
    ),
    # The event list by date, and every facet over it, from the index alone.
    (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS event_status_date_keys_idx "
        "ON readouts_event (status, occurred_on DESC, id DESC) "
        "INCLUDE (kind, side_ids, actor_ids, publisher_ids, topic_ids, all_topic_ids)",
        "DROP INDEX CONCURRENTLY IF EXISTS event_status_date_keys_idx",
    ),
]


def statements(sql, end):
    return (part.strip() for part in sql.split(end) if part.strip())


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("readouts", "0010_covering_indexes_for_facets")]

    operations = [
        # One statement per item, split here: the functions' bodies hold semicolons.
        migrations.RunSQL(
            [
                *statements(COLUMNS, ";"),
                *(part + "$$" for part in FUNCTIONS.split("$$;") if part.strip()),
                BACKFILL_STATEMENTS,
                BACKFILL_EVENTS,
                *statements(TRIGGERS, ";"),
            ],
            list(statements(DROP, ";")),
        ),
        *(migrations.RunSQL(forward, backward) for forward, backward in INDEXES),
    ]
