"""The statements' copies of their event's date, kind and visibility, and of their own topics,
kept by PostgreSQL rather than by Python.

They were kept by Event.save, Statement.save, the two set_status methods and a signal on the
statement-topic links: a change made another way (SQL by hand, a bulk update) left them stale,
and a statement published in SQL stayed invisible to analysts. Now:

- a statement's copies are worked out by a BEFORE trigger at every INSERT and UPDATE of it,
  whatever the ORM or SQL wrote;
- a change to an event's date, kind or status rewrites its statements' copies (statement-level
  trigger, one UPDATE per SQL statement);
- a change to the statement-topic links rewrites those statements' topic ids.

A bulk load that writes the copies itself (`manage.py generate`, `readouts.bulk_load`) leaves
the triggers aside, as the other triggers do."""

from django.db import migrations

FORWARD = [
    r"""CREATE FUNCTION readouts_statement_topic_ids(statement bigint) RETURNS bigint[]
    LANGUAGE sql STABLE AS $$
        SELECT COALESCE(array_agg(topic_id ORDER BY topic_id), '{}')
        FROM readouts_statement_topics WHERE statement_id = statement
    $$""",
    r"""CREATE FUNCTION readouts_statement_copies() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        event readouts_event%ROWTYPE;
    BEGIN
        IF current_setting('readouts.bulk_load', true) = 'on' THEN
            RETURN NEW;
        END IF;
        SELECT * INTO event FROM readouts_event WHERE id = NEW.event_id;
        NEW.occurred_on := event.occurred_on;
        NEW.event_kind := event.kind;
        NEW.is_public := event.status = 'published' AND NEW.status = 'published';
        NEW.topic_ids := readouts_statement_topic_ids(NEW.id);
        RETURN NEW;
    END
    $$""",
    """CREATE TRIGGER readouts_statement_copies BEFORE INSERT OR UPDATE ON readouts_statement
    FOR EACH ROW EXECUTE FUNCTION readouts_statement_copies()""",
    r"""CREATE FUNCTION readouts_event_copies_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('readouts.bulk_load', true) = 'on' THEN
            RETURN NULL;
        END IF;
        -- Only when a copied column changed: an UPDATE of no row still fires the statement
        -- triggers, which update events again (their keys), which would come back here.
        IF EXISTS (SELECT FROM new_rows AS e JOIN old_rows AS o ON o.id = e.id
                   WHERE (e.occurred_on, e.kind, e.status)
                         IS DISTINCT FROM (o.occurred_on, o.kind, o.status)) THEN
            -- Touching them is enough: their BEFORE trigger works their copies out again.
            UPDATE readouts_statement AS s SET event_kind = e.kind
            FROM new_rows AS e JOIN old_rows AS o ON o.id = e.id
            WHERE s.event_id = e.id AND (e.occurred_on, e.kind, e.status)
                  IS DISTINCT FROM (o.occurred_on, o.kind, o.status);
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER readouts_event_copies_changed AFTER UPDATE ON readouts_event
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION readouts_event_copies_changed()""",
    r"""CREATE FUNCTION readouts_statement_topics_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('readouts.bulk_load', true) = 'on' THEN
            RETURN NULL;
        END IF;
        -- (Each transition table is named only in the branch of the operation that has it.)
        IF TG_OP = 'INSERT' THEN
            UPDATE readouts_statement SET topic_ids = '{}'
            WHERE id IN (SELECT statement_id FROM new_rows);
        ELSE
            UPDATE readouts_statement SET topic_ids = '{}'
            WHERE id IN (SELECT statement_id FROM old_rows);
        END IF;
        RETURN NULL;  -- the statements' BEFORE trigger reads their topics again
    END
    $$""",
    """CREATE TRIGGER readouts_statement_topics_added AFTER INSERT ON readouts_statement_topics
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION readouts_statement_topics_changed()""",
    """CREATE TRIGGER readouts_statement_topics_removed AFTER DELETE ON readouts_statement_topics
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION readouts_statement_topics_changed()""",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS readouts_statement_topics_removed ON readouts_statement_topics",
    "DROP TRIGGER IF EXISTS readouts_statement_topics_added ON readouts_statement_topics",
    "DROP FUNCTION IF EXISTS readouts_statement_topics_changed()",
    "DROP TRIGGER IF EXISTS readouts_event_copies_changed ON readouts_event",
    "DROP FUNCTION IF EXISTS readouts_event_copies_changed()",
    "DROP TRIGGER IF EXISTS readouts_statement_copies ON readouts_statement",
    "DROP FUNCTION IF EXISTS readouts_statement_copies()",
    "DROP FUNCTION IF EXISTS readouts_statement_topic_ids(bigint)",
]


class Migration(migrations.Migration):
    dependencies = [("readouts", "0016_data_version")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
