"""Facet counts from the matching rows themselves: every facet of a list in one pass over them
(GROUPING SETS for the statements; a UNION of small GROUP BYs over the keys each event carries,
migration 0011), on a sample of them when very many match."""

import json

from django.db import connection

from ...models import SEARCH_SAMPLES


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_of(queryset):
    return queryset.query.sql_with_params()


MONTH = "date_trunc('month', m.occurred_on::timestamp)::date"

# Past SAMPLE_ABOVE matching rows, facets are counted on a sample of the table's blocks that
# holds about SAMPLE_TARGET of them, and scaled up: seconds become a fraction of a second, and
# the page says the counts are estimates. Below it, they are exact. Where the rows' facet keys
# come from an index alone (the statements of a country, the events by date: a few hundred
# nanoseconds a row), sampling pays only far later than where each match is a visit to the
# table (a full-text search: microseconds a row), hence two thresholds.
SAMPLE_ABOVE = {
    "readouts_statement": {"index": 150_000, "table": 40_000},
    "readouts_event": {"index": 30_000, "table": 20_000},
}
SAMPLE_TARGET = {"readouts_statement": 12_000, "readouts_event": 5_000}


def planned(sql, params):
    """(rows, from_index): the planner's estimate of the rows `sql` returns, and whether it
    reads them from an index alone."""
    plan = run(f"EXPLAIN (FORMAT JSON) {sql}", params)[0][0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def scans(node):
        yield node.get("Node Type", "")
        for child in node.get("Plans", ()):
            yield from scans(child)

    types = {t for t in scans(plan[0]["Plan"]) if t.endswith("Scan")}
    from_index = bool(types) and types <= {"Index Only Scan", "CTE Scan", "Function Scan"}
    return int(plan[0]["Plan"]["Plan Rows"]), from_index


def sampled(inner_sql, params, table, queryset=None):
    """(sql, params, scale, estimated): `inner_sql` as it is, or, when it matches very many
    rows, on a sample of them, with the factor that scales the sample's counts up. A search
    of the statements (`queryset` given) keeps every 8th or 64th statement, which the sample
    indexes of the search vector find without visiting the others; any other query keeps
    the rows of a sample of `table`'s blocks."""
    rows, from_index = planned(inner_sql, params)
    if rows <= SAMPLE_ABOVE[table]["index" if from_index else "table"]:
        return inner_sql, params, 1.0, False
    if queryset is not None and SEARCHED in inner_sql:
        from django.db.models.functions import Mod
        from django.db.models.lookups import Exact

        every = next((n for n in SEARCH_SAMPLES if rows / n <= 2 * SAMPLE_TARGET[table]),
                     SEARCH_SAMPLES[-1])  # fmt: skip
        # The very condition of the index (Statement.Meta), or the planner will not use it.
        inner_sql, params = sql_of(queryset.filter(Exact(Mod("id", every), 0)))
        return inner_sql, params, float(every), True
    percent = min(100.0, max(0.5, 100 * SAMPLE_TARGET[table] / rows))
    inner_sql = inner_sql.replace(
        f'FROM "{table}"', f'FROM "{table}" TABLESAMPLE SYSTEM ({percent:.3f}) REPEATABLE (7)', 1
    )
    return inner_sql, params, 100 / percent, True


SEARCHED = '"readouts_statement"."search" @@'  # a statement query that searches


def years_from_months(months):
    years = {}
    for month, count in months:
        years[month.year] = years.get(month.year, 0) + count
    return list(years.items())


# Each statement facet is one grouping set of a single pass over the matching rows; the topics
# are grouped by the statement's whole list of topics (a few thousand distinct lists), which
# are then spread over their topics here, rather than unnested row by row in the query.
STATEMENT_SETS = {
    "kind": "m.event_kind",
    "country": "m.side_id",
    "speaker": "m.speaker_id",
    "publisher": "m.publisher_id",
    "month": "month",
    "topic": "m.topic_ids",
    "topic-month": "m.topic_ids, month",
}
STATEMENT_COLUMNS = {
    "kind": ["event_kind"],
    "country": ["side_id"],
    "speaker": ["speaker_id"],
    "publisher": ["publisher_id"],
    "month": ["occurred_on"],
    "topic": ["topic_ids"],
    "topic-month": ["topic_ids", "occurred_on"],
}
FACET_OF = {"event_kind": "kind", "side_id": "country", "speaker_id": "speaker",
            "publisher_id": "publisher", "month": "month"}  # fmt: skip


def statement_counts(queryset, names):
    """({facet: [(key, count)]}, estimated): the statement facets `names` over `queryset` in
    one statement, each facet a grouping set ("topic-month" gives "topic" too)."""
    from django.db.models.expressions import RawSQL

    columns = sorted({c for name in names for c in STATEMENT_COLUMNS[name]})
    extra = {}
    if "publisher_id" in columns:  # a copy kept by the database (migration 0011)
        columns.remove("publisher_id")
        extra["publisher_id"] = RawSQL('"readouts_statement"."publisher_id"', ())
    values = queryset.order_by().annotate(**extra).values(*columns, *extra)
    inner, params = sql_of(values)
    inner, params, scale, estimated = sampled(inner, params, "readouts_statement", values)
    # The (topics, month) set gives the topics and the months too.
    derived = {"topic", "month"} if "topic-month" in names else set()
    sets = [STATEMENT_SETS[name] for name in names if name not in derived]
    grouped = list(dict.fromkeys(c.strip() for s in sets for c in s.split(",")))
    month = MONTH if "occurred_on" in columns else "NULL::date"
    sql = (
        f"SELECT GROUPING({', '.join(grouped)}), {', '.join(grouped)}, COUNT(*) "
        f"FROM (SELECT *, {month} AS month FROM ({inner}) AS m) AS m "
        f"GROUP BY GROUPING SETS ({', '.join(f'({s})' for s in sets)})"
    )
    names_of = [c.split(".")[-1] for c in grouped]
    out, topics, topic_months, months = {}, {}, {}, {}
    # GROUPING() has a bit for each column, the first the highest: 0 where grouped. Which
    # columns a row's bits hold is worked out once per grouping set, not once per row.
    present_of = {}
    month_at = names_of.index("month") if "month" in names_of else None
    for bits, *values, count in run(sql, params):
        if scale != 1:
            count = round(count * scale)
        present = present_of.get(bits)
        if present is None:
            present = present_of[bits] = [
                (name, i) for i, name in enumerate(names_of)
                if not bits & (1 << (len(grouped) - 1 - i))
            ]  # fmt: skip
        if len(present) == 1 and present[0][0] != "topic_ids":
            column, i = present[0]
            value = values[i]
            if value is not None or column == "event_kind":
                out.setdefault(FACET_OF[column], []).append((value, count))
            continue
        by_name = dict(present)
        if "topic_ids" not in by_name:
            continue
        month = values[month_at] if "month" in by_name else None
        if month is not None and "month" in derived:
            months[month] = months.get(month, 0) + count
        for topic in values[by_name["topic_ids"]]:
            topics[topic] = topics.get(topic, 0) + count
            if "month" in by_name:
                key = (topic, month)
                topic_months[key] = topic_months.get(key, 0) + count
    if topics or "topic" in names or "topic-month" in names:
        out["topic"] = list(topics.items())
    if "topic-month" in names:
        out["topic-month"] = list(topic_months.items())
    if "month" in derived:
        out["month"] = list(months.items())
    return out, estimated


# The event list's facets, each over the matching events `m`, with the columns it reads. An
# event has one or two publishers and a few sides, in a few hundred combinations: those are
# grouped by the whole list and spread over its values here, which costs less than unnesting
# every event's list in the query; actors and topics are too varied for that.
EVENT_BRANCHES = {
    "kind": ("SELECT 'kind', m.kind, NULL::date, COUNT(*), NULL::bigint[] FROM m GROUP BY 2",
             ["kind"]),
    "month": (f"SELECT 'month', NULL, {MONTH}, COUNT(*), NULL::bigint[] FROM m GROUP BY 3",
              ["occurred_on"]),
    "country": ("SELECT 'country', NULL, NULL::date, COUNT(*), m.side_ids FROM m GROUP BY 5",
                ["side_ids"]),
    "publisher": ("SELECT 'publisher', NULL, NULL::date, COUNT(*), m.publisher_ids FROM m "
                  "GROUP BY 5", ["publisher_ids"]),
    "actor": ("SELECT 'actor', k::text, NULL::date, COUNT(*), NULL::bigint[] "
              "FROM m, unnest(m.actor_ids) AS k GROUP BY k", ["actor_ids"]),
    "topic": ("SELECT 'topic', k::text, NULL::date, COUNT(*), NULL::bigint[] "
              "FROM m, unnest(m.topic_ids) AS k GROUP BY k", ["topic_ids"]),
}  # fmt: skip


def event_counts(queryset, names, drafts):
    """({facet: [(key, count)]}, estimated): the event facets `names` over `queryset` in one
    statement, from the keys each event carries (its sides, actors and publishers, and the
    topics of its public statements, or of all of them for a reader who sees `drafts`)."""
    from django.db.models.expressions import RawSQL

    columns = {c for name in names for c in EVENT_BRANCHES[name][1]}
    topics = "all_topic_ids" if drafts else "topic_ids"
    keys = {  # copies kept by the database (migration 0011), unknown to the ORM
        name: RawSQL(f'"readouts_event"."{column}"', ())  # noqa: S611 - fixed names
        for name, column in (("side_ids", "side_ids"), ("actor_ids", "actor_ids"),
                             ("publisher_ids", "publisher_ids"), ("topic_ids", topics))
        if name in columns
    }  # fmt: skip
    plain = sorted(columns - set(keys))
    inner, params = sql_of(queryset.order_by().annotate(**keys).values(*plain, *keys))
    inner, params, scale, estimated = sampled(inner, params, "readouts_event")
    sql = f"WITH m AS MATERIALIZED ({inner}) " + " UNION ALL ".join(
        f"({EVENT_BRANCHES[name][0]})" for name in names
    )
    out, spread = {}, {}
    for name, key, month, count, combination in run(sql, params):
        count = round(count * scale)
        if combination is not None:
            for value in combination:
                spread.setdefault(name, {}).setdefault(value, 0)
                spread[name][value] += count
        elif name in ("month", "kind"):
            out.setdefault(name, []).append((month if name == "month" else key, count))
        else:
            out.setdefault(name, []).append((int(key), count))
    for name, counts in spread.items():
        out[name] = list(counts.items())
    return out, estimated
