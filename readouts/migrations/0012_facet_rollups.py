"""Facet counts by month, kept by PostgreSQL as the records change.

readouts_statement_rollup holds, for each side and month, how many public statements there
are, and how many of them have each kind of event, speaker, publisher and topic.
readouts_event_rollup holds the same for published events, for each side that took part (and
for side 0, every event), by kind, participant, publisher, topic and (side 0 only) country.

A list filtered by its country and nothing else but dates (a country's statements since a
year) counts its facets from these: tens of thousands of statements become a few thousand
sums, exact; and so does the country facet of any list filtered by country and dates. The partial months at either end
of a date range are counted from the rows themselves (facets.py). Any other filter, and the
editors' lists (which include drafts), count from the rows as before.

Statement-level triggers add each change's difference (new rows minus old rows), so that a
bulk update of a thousand statements is one upsert. `manage.py generate`, which loads rows with
the triggers standing aside (`readouts.bulk_load`), rebuilds both tables at the end with
readouts_rebuild_rollups()."""

from django.db import migrations

TABLES = [
    """CREATE TABLE IF NOT EXISTS readouts_statement_rollup (
        side_id bigint NOT NULL,  -- 0: no side (a joint statement)
        month date NOT NULL,      -- 0001-01-01: no date
        facet varchar(10) NOT NULL,
        key text NOT NULL,        -- '' for the facet 'rows' (every statement)
        n integer NOT NULL,
        PRIMARY KEY (facet, side_id, month, key)
    )""",
    """CREATE TABLE IF NOT EXISTS readouts_event_rollup (
        side_id bigint NOT NULL,  -- 0: every event, whichever sides took part
        month date NOT NULL,
        facet varchar(10) NOT NULL,
        key text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (facet, side_id, month, key)
    )""",
]

# The query that turns changed rows (`changes`: the table's columns and a `sign`, +1 for a row
# that counts now, -1 for one that counted before) into differences of the counts.
FUNCTIONS = [
    r"""CREATE OR REPLACE FUNCTION readouts_statement_rollup_sql(changes text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT 'SELECT COALESCE(c.side_id, 0), '
        || 'COALESCE(date_trunc(''month'', c.occurred_on::timestamp)::date, ''0001-01-01''), '
        || 'f.facet, f.key, SUM(c.sign)::int '
        || 'FROM (' || changes || ') AS c, LATERAL ('
        || '  VALUES (''rows'', ''''), (''kind'', c.event_kind), '
        || '  (''speaker'', c.speaker_id::text), (''publisher'', c.publisher_id::text) '
        || '  UNION ALL SELECT ''topic'', t::text FROM unnest(c.topic_ids) AS t'
        || ') AS f(facet, key) '
        || 'WHERE c.is_public AND f.key IS NOT NULL '
        || 'GROUP BY 1, 2, 3, 4 HAVING SUM(c.sign) <> 0 ORDER BY 1, 2, 3, 4'
    $$""",
    r"""CREATE OR REPLACE FUNCTION readouts_event_rollup_sql(changes text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT 'SELECT s.side_id, date_trunc(''month'', c.occurred_on::timestamp)::date, '
        || 'f.facet, f.key, SUM(c.sign)::int '
        || 'FROM (' || changes || ') AS c, '
        || 'LATERAL unnest(c.side_ids || 0::bigint) AS s(side_id), LATERAL ('
        || '  VALUES (''rows'', ''''), (''kind'', c.kind) '
        || '  UNION ALL SELECT ''actor'', k::text FROM unnest(c.actor_ids) AS k '
        || '  UNION ALL SELECT ''publisher'', k::text FROM unnest(c.publisher_ids) AS k '
        || '  UNION ALL SELECT ''topic'', k::text FROM unnest(c.topic_ids) AS k '
        || '  UNION ALL SELECT ''country'', k::text FROM unnest(c.side_ids) AS k '
        || '    WHERE s.side_id = 0'
        || ') AS f(facet, key) '
        || 'WHERE c.status = ''published'' '
        || 'GROUP BY 1, 2, 3, 4 HAVING SUM(c.sign) <> 0 ORDER BY 1, 2, 3, 4'
    $$""",
    r"""CREATE OR REPLACE FUNCTION readouts_rollup_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        changes text;
        target text := TG_ARGV[0];
    BEGIN
        IF current_setting('readouts.bulk_load', true) = 'on' THEN
            RETURN NULL;  -- `manage.py generate` rebuilds the counts at the end
        END IF;
        IF TG_OP = 'INSERT' THEN
            changes := 'SELECT 1 AS sign, * FROM new_rows';
        ELSIF TG_OP = 'UPDATE' THEN
            changes := 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows';
        ELSE
            changes := 'SELECT -1 AS sign, * FROM old_rows';
        END IF;
        EXECUTE 'INSERT INTO readouts_' || target || '_rollup AS r (side_id, month, facet, key, n) '
            || CASE target WHEN 'statement' THEN readouts_statement_rollup_sql(changes)
                           ELSE readouts_event_rollup_sql(changes) END
            || ' ON CONFLICT (facet, side_id, month, key) DO UPDATE SET n = r.n + EXCLUDED.n';
        RETURN NULL;
    END
    $$""",
    # TRUNCATE (`manage.py flush`, the browser tests between two tests) sends no row to the
    # triggers above: the copies and counts of what it emptied are worked out again.
    r"""CREATE OR REPLACE FUNCTION readouts_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM readouts_refresh_event_keys(ARRAY(SELECT id FROM readouts_event));
        PERFORM readouts_rebuild_rollups();
        RETURN NULL;
    END
    $$""",
    r"""CREATE OR REPLACE FUNCTION readouts_rebuild_rollups() RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM readouts_statement_rollup;
        EXECUTE 'INSERT INTO readouts_statement_rollup (side_id, month, facet, key, n) '
            || readouts_statement_rollup_sql('SELECT 1 AS sign, * FROM readouts_statement');
        DELETE FROM readouts_event_rollup;
        EXECUTE 'INSERT INTO readouts_event_rollup (side_id, month, facet, key, n) '
            || readouts_event_rollup_sql('SELECT 1 AS sign, * FROM readouts_event');
    END
    $$""",
]

TRIGGERS = []
for table in ("statement", "event"):
    TRIGGERS += [
        f"CREATE TRIGGER readouts_{table}_rollup_insert AFTER INSERT ON readouts_{table} "
        "REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION readouts_rollup_changed('{table}')",
        f"CREATE TRIGGER readouts_{table}_rollup_update AFTER UPDATE ON readouts_{table} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION readouts_rollup_changed('{table}')",
        f"CREATE TRIGGER readouts_{table}_rollup_delete AFTER DELETE ON readouts_{table} "
        "REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION readouts_rollup_changed('{table}')",
    ]

TRIGGERS += [
    f"CREATE TRIGGER readouts_{table}_truncated AFTER TRUNCATE ON readouts_{table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION readouts_truncated()"
    for table in ("statement", "event", "participant", "source")
]

DROP = [
    *(
        f"DROP TRIGGER IF EXISTS readouts_{table}_truncated ON readouts_{table}"
        for table in ("statement", "event", "participant", "source")
    ),
    "DROP FUNCTION IF EXISTS readouts_truncated()",
    *(
        f"DROP TRIGGER IF EXISTS readouts_{table}_rollup_{op} ON readouts_{table}"
        for table in ("statement", "event")
        for op in ("insert", "update", "delete")
    ),
    "DROP FUNCTION IF EXISTS readouts_rebuild_rollups()",
    "DROP FUNCTION IF EXISTS readouts_rollup_changed()",
    "DROP FUNCTION IF EXISTS readouts_statement_rollup_sql(text)",
    "DROP FUNCTION IF EXISTS readouts_event_rollup_sql(text)",
    "DROP TABLE IF EXISTS readouts_statement_rollup",
    "DROP TABLE IF EXISTS readouts_event_rollup",
]


class Migration(migrations.Migration):
    dependencies = [("readouts", "0011_facet_keys")]

    operations = [
        migrations.RunSQL(
            [
                *TABLES,
                *FUNCTIONS,
                # The counts of the rows already there; then the triggers keep them. The
                # tables are locked so that no write slips between the two.
                "LOCK TABLE readouts_statement, readouts_event IN SHARE ROW EXCLUSIVE MODE",
                "SELECT readouts_rebuild_rollups()",
                *TRIGGERS,
                "ANALYZE readouts_statement_rollup, readouts_event_rollup",
            ],
            DROP,
        ),
    ]
