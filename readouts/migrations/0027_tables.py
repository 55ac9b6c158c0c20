"""Tables analysts expect (issue 20, item 5): what the list tables sort by, kept by PostgreSQL,
and the columns each user shows.

- readouts_statement.speaker_sort, country_sort: what the statement list shows in its Speaker
  column (the speaker's name; for a side's own statement the side's; "Both sides" for a joint
  one; "Unattributed") and in its Country column (the side's code, else its name; none for a
  joint statement). Sorting by the speaker through a join to the actors sorted every
  statement; from these columns and their indexes a page reads its rows alone.
- readouts_event.statement_count, public_statement_count: how many statements the event has,
  and how many of them are public: the count the event list shows (an editor's, an
  analyst's) and sorts by. Counted for each page's events, a sort by it counted every
  statement of every event.
- readouts_listpreference: the columns each user hid from each list (models.ListPreference).

The statements' copies are kept like the event's date and kind (migration 0017): their BEFORE
trigger works them out at every INSERT and UPDATE, and a change to an actor's name or code
rewrites its statements' copies (statement-level trigger). `manage.py generate` writes them
itself (`readouts.bulk_load`), as it does the other copies. The events' counts are kept with
their facet keys (migration 0011's readouts_refresh_event_keys, which the statements' triggers
call for every event whose statements change), unknown to the ORM like those.

Not atomic: the columns are added and committed at once (adding them takes a lock that would
otherwise stop every reader of the statements until the end); the existing statements are
filled in one transaction of their own, which blocks edits of statements meanwhile (every
row is rewritten once) but no reader; the events' counts likewise; the indexes are built
concurrently."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models, transaction

FUNCTIONS = [
    # The labels are the statement list's (templates/jinja2/statement_rows.html).
    r"""CREATE OR REPLACE FUNCTION readouts_speaker_sort(mode text, speaker bigint, side bigint)
    RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN mode = 'joint' THEN 'Both sides' ELSE COALESCE(
            (SELECT name FROM readouts_actor WHERE id = speaker),
            (SELECT name FROM readouts_actor WHERE id = side),
            'Unattributed') END
    $$""",
    r"""CREATE OR REPLACE FUNCTION readouts_country_sort(side bigint)
    RETURNS text LANGUAGE sql STABLE AS $$
        SELECT COALESCE(code, name) FROM readouts_actor WHERE id = side
    $$""",
    # Migration 0017's copies, and the sort keys.
    r"""CREATE OR REPLACE FUNCTION readouts_statement_copies() RETURNS trigger
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
        NEW.speaker_sort := readouts_speaker_sort(NEW.mode, NEW.speaker_id, NEW.side_id);
        NEW.country_sort := readouts_country_sort(NEW.side_id);
        RETURN NEW;
    END
    $$""",
    r"""CREATE OR REPLACE FUNCTION readouts_actor_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('readouts.bulk_load', true) = 'on' THEN
            RETURN NULL;
        END IF;
        -- Their BEFORE trigger works the copies out again.
        UPDATE readouts_statement AS s SET speaker_sort = ''
        WHERE s.speaker_id IN (SELECT n.id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
                               WHERE (n.name, n.code) IS DISTINCT FROM (o.name, o.code))
           OR s.side_id IN (SELECT n.id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
                            WHERE (n.name, n.code) IS DISTINCT FROM (o.name, o.code));
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER readouts_actor_renamed AFTER UPDATE ON readouts_actor
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION readouts_actor_renamed()""",
]

# Migration 0011's facet keys, and the counts.
REFRESH_EVENT_KEYS = r"""CREATE OR REPLACE FUNCTION readouts_refresh_event_keys(ids bigint[])
RETURNS void LANGUAGE sql AS $$
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
            WHERE s.event_id = e.id), '{}'),
        (statement_count, public_statement_count) = (SELECT count(*), count(*) FILTER
            (WHERE s.is_public) FROM readouts_statement AS s WHERE s.event_id = e.id)
    WHERE e.id = ANY(ids)
$$"""

REFRESH_EVENT_KEYS_0011 = r"""CREATE OR REPLACE FUNCTION readouts_refresh_event_keys(ids bigint[])
RETURNS void LANGUAGE sql AS $$
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
$$"""

EVENT_COUNTS = [
    """ALTER TABLE readouts_event
        ADD COLUMN IF NOT EXISTS statement_count integer NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS public_statement_count integer NOT NULL DEFAULT 0""",
    REFRESH_EVENT_KEYS,
]
EVENT_COUNTS_BACKWARD = [
    REFRESH_EVENT_KEYS_0011,
    """ALTER TABLE readouts_event DROP COLUMN IF EXISTS statement_count,
        DROP COLUMN IF EXISTS public_statement_count""",
]

EVENT_INDEXES = [
    # The event list by statement count, most (or fewest) first: an analyst's (published
    # events, public statements) and an editor's (every event, every statement).
    (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS event_public_statements_idx "
        "ON readouts_event (status, public_statement_count DESC, id DESC)",
        "DROP INDEX CONCURRENTLY IF EXISTS event_public_statements_idx",
    ),
    (
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS event_statements_idx "
        "ON readouts_event (statement_count DESC, id DESC)",
        "DROP INDEX CONCURRENTLY IF EXISTS event_statements_idx",
    ),
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS readouts_actor_renamed ON readouts_actor",
    "DROP FUNCTION IF EXISTS readouts_actor_renamed()",
    # Migration 0017's.
    r"""CREATE OR REPLACE FUNCTION readouts_statement_copies() RETURNS trigger
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
    "DROP FUNCTION IF EXISTS readouts_country_sort(bigint)",
    "DROP FUNCTION IF EXISTS readouts_speaker_sort(text, bigint, bigint)",
]


def fill_sort_keys(apps, schema_editor):
    """The statements already there, with the other triggers standing aside: the copies they
    keep (facet keys, monthly counts) do not change."""
    with transaction.atomic(using=schema_editor.connection.alias):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('readouts.bulk_load', 'on', true)")
            cursor.execute(
                "UPDATE readouts_statement SET "
                "speaker_sort = readouts_speaker_sort(mode, speaker_id, side_id), "
                "country_sort = readouts_country_sort(side_id)"
            )
            cursor.execute("SELECT set_config('readouts.bulk_load', 'off', true)")


def count_statements(apps, schema_editor):
    """The events already there, with the other triggers standing aside."""
    with transaction.atomic(using=schema_editor.connection.alias):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('readouts.bulk_load', 'on', true)")
            cursor.execute(
                "UPDATE readouts_event AS e SET statement_count = c.n, "
                "public_statement_count = c.public FROM (SELECT event_id, count(*) AS n, "
                "count(*) FILTER (WHERE is_public) AS public FROM readouts_statement "
                "GROUP BY event_id) AS c WHERE c.event_id = e.id"
            )
            cursor.execute("SELECT set_config('readouts.bulk_load', 'off', true)")


def index(*expressions, name):
    return AddIndexConcurrently("statement", models.Index(*expressions, name=name))


F = models.F


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("readouts", "0026_saved_search_seen_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="statement",
            name="speaker_sort",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="statement",
            name="country_sort",
            field=models.CharField(editable=False, max_length=200, null=True),
        ),
        migrations.RunSQL(FUNCTIONS, BACKWARD),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        index(F("speaker_sort"), F("occurred_on").desc(), F("id").desc(),
              name="statement_speaker_sort_idx"),
        index(F("side"), F("speaker_sort"), F("occurred_on").desc(), F("id").desc(),
              name="statement_side_speaker_idx"),
        index(F("country_sort").asc(nulls_last=True), F("occurred_on").desc(), F("id").desc(),
              name="statement_country_sort_idx"),
        index(F("country_sort").desc(nulls_last=True), F("occurred_on").desc(), F("id").desc(),
              name="statement_country_desc_idx"),
        migrations.RunSQL(EVENT_COUNTS, EVENT_COUNTS_BACKWARD),
        migrations.RunPython(count_statements, migrations.RunPython.noop),
        *(migrations.RunSQL(forward, backward) for forward, backward in EVENT_INDEXES),
        migrations.CreateModel(
            name="ListPreference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("list_name", models.CharField(
                    choices=[("events", "Events"), ("statements", "Statements")], max_length=20)),
                ("hidden_columns", ArrayField(base_field=models.CharField(max_length=30),
                                              blank=True, default=list, size=None)),
                ("owner", models.ForeignKey(on_delete=models.deletion.CASCADE,
                                            related_name="list_preferences",
                                            to=settings.AUTH_USER_MODEL)),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("owner", "list_name"),
                                                             name="list_preference_once")]},
        ),
    ]  # fmt: skip
