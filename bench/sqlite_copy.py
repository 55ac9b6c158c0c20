"""The same rows in SQLite, for Datasette: what analysts use instead of the portal.

One flat table per list, with the columns of the portal's exports (so Datasette's CSV carries as
much as ours), the indexes that serve the benchmark's filters and sorts (Datasette's best case),
and an FTS5 index on the statements' text that Datasette finds by itself (`statements_fts`).
"""

import json
import sqlite3
import time

STATEMENTS_SQL = """
SELECT s.id, s.occurred_on::text, s.event_id, e.title, s.event_kind, sp.name,
       coalesce(sd.code, sd.name), s.mode, s.text,
       ARRAY(SELECT t.name FROM readouts_statement_topics l JOIN readouts_topic t
             ON t.id = l.topic_id WHERE l.statement_id = s.id ORDER BY l.id),
       ARRAY(SELECT a.name FROM readouts_statement_mentions l JOIN readouts_actor a
             ON a.id = l.actor_id WHERE l.statement_id = s.id ORDER BY l.id),
       p.name, src.url, s.start, s."end", s.status
FROM readouts_statement s
JOIN readouts_event e ON e.id = s.event_id
LEFT JOIN readouts_actor sp ON sp.id = s.speaker_id
LEFT JOIN readouts_actor sd ON sd.id = s.side_id
LEFT JOIN readouts_source src ON src.id = s.source_id
LEFT JOIN readouts_publisher p ON p.id = src.publisher_id
WHERE s.is_public
"""

EVENTS_SQL = """
SELECT e.id, e.occurred_on::text, e.kind, e.title, e.location,
       ARRAY(SELECT a.name FROM readouts_participant p JOIN readouts_actor a ON a.id = p.actor_id
             WHERE p.event_id = e.id ORDER BY p."order", p.id),
       ARRAY(SELECT c.code FROM readouts_participant p JOIN readouts_actor c ON c.id = p.side_id
             WHERE p.event_id = e.id ORDER BY p."order", p.id),
       e.summary, e.status
FROM readouts_event e
WHERE e.status = 'published'
"""

SCHEMA = """
CREATE TABLE statements (
    id INTEGER PRIMARY KEY, occurred_on TEXT, event_id INTEGER, event_title TEXT,
    event_kind TEXT, speaker TEXT, side TEXT, mode TEXT, text TEXT, topic TEXT, topics TEXT,
    mentions TEXT, publisher TEXT, source_url TEXT, span_start INTEGER, span_end INTEGER,
    status TEXT
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY, occurred_on TEXT, kind TEXT, title TEXT, location TEXT,
    participants TEXT, countries TEXT, summary TEXT, status TEXT
);
"""

INDEXES = """
CREATE INDEX statements_side_date ON statements (side, occurred_on);
CREATE INDEX statements_date ON statements (occurred_on);
CREATE INDEX statements_speaker ON statements (speaker);
CREATE INDEX statements_kind ON statements (event_kind);
CREATE INDEX statements_topic ON statements (topic);
CREATE INDEX events_date ON events (occurred_on);
CREATE VIRTUAL TABLE statements_fts USING fts5 (text, content="statements", content_rowid="id");
INSERT INTO statements_fts (statements_fts) VALUES ('rebuild');
CREATE TABLE bench_meta (statements INTEGER, events INTEGER);
"""


def build(pg, path, log):
    """Copy the public rows of the PostgreSQL database `pg` (a psycopg connection) into a new
    SQLite file at `path`."""
    started = time.monotonic()
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
    counts = {}
    for table, sql, width in (("statements", STATEMENTS_SQL, 17), ("events", EVENTS_SQL, 9)):
        n = 0
        with pg.transaction(), pg.cursor(name=f"copy_{table}") as cursor:
            cursor.itersize = 20000
            cursor.execute(sql)
            while rows := cursor.fetchmany(20000):
                out = []
                for row in rows:
                    row = list(row)
                    if table == "statements":
                        topics, mentions = row[9], row[10]
                        row[9:11] = [topics[0] if topics else None, json.dumps(topics)]
                        row.insert(11, json.dumps(mentions))
                    else:
                        row[5], row[6] = json.dumps(row[5]), json.dumps(row[6])
                    out.append(row)
                marks = ", ".join("?" * width)
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", out)  # noqa: S608
                n += len(out)
                if n % 200_000 < len(out):
                    log(f"  sqlite copy: {table} {n:,}")
        counts[table] = n
    db.executescript(INDEXES)
    db.execute("INSERT INTO bench_meta VALUES (?, ?)", (counts["statements"], counts["events"]))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    tmp.rename(path)
    log(f"  sqlite copy built in {time.monotonic() - started:.0f} s")
    return counts


def counts_of(path):
    """(statements, events) of an existing copy, or None."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        row = db.execute("SELECT statements, events FROM bench_meta").fetchone()
        db.close()
        return tuple(row)
    except sqlite3.Error:
        return None
