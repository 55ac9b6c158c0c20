"""Counting the facets and the total of a list's filter.

A filter by countries and dates (and nothing else) of an analyst's list counts from the monthly
counts PostgreSQL keeps (migration 0012) for the whole months of its range, and from the rows
for the days at either end; any other filter counts from the matching rows themselves, every
facet in one pass over them (GROUPING SETS for the statements; a UNION of small GROUP BYs over
the keys each event carries, migration 0011), on a sample of them when very many match. A
facet in use is counted without its own filter ("disjunctive" facets), so that its other
values stay visible and can be added. The number of queries is fixed: it does not grow with
the data.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min

from ...models import SEARCH_SAMPLES, can_see_drafts
from .presentation import (
    HEAT_MONTHS,
    MAX_MORE,
    build_facets,
    heat_table,
    heat_topics,
    month_end,
    names,
    trimmed,
)

# --- From the rows ---------------------------------------------------------------------------


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


# --- From the monthly counts -----------------------------------------------------------------

# The filters a list may have and still count from the monthly counts.
ROLLUP_FILTERS = {"country", "date_after", "date_before", "sort"}
NO_DATE = datetime.date(1, 1, 1)  # the month of a statement without a date, in the counts


@dataclass
class Months:
    first: datetime.date | None  # the first and last whole months (their first days); None:
    last: datetime.date | None  # open
    dated: bool  # a date bound is set: rows without a date are out
    edges: list  # (start, end) day ranges outside the whole months, counted from the rows


def whole_months(after, before, dated=None):
    """The whole months within [after, before] (either may be None), or None when the range
    holds no whole month. `dated`: rows without a date are out (by default, when a bound is
    set)."""
    first = last = None
    if after is not None:
        first = after if after.day == 1 else month_end(after) + datetime.timedelta(days=1)
    if before is not None:
        last = before.replace(day=1)
        if before != month_end(before):
            last = (last - datetime.timedelta(days=1)).replace(day=1)
    if first is not None and last is not None and first > last:
        return None
    edges = []
    if after is not None and first != after:
        edges.append((after, first - datetime.timedelta(days=1)))
    if before is not None and month_end(last) != before:
        edges.append((month_end(last) + datetime.timedelta(days=1), before))
    if dated is None:
        dated = after is not None or before is not None
    return Months(first, last, dated, edges)


def in_edges(queryset, months):
    from django.db.models import Q

    edges = Q()
    for start, end in months.edges:
        edges |= Q(occurred_on__range=(start, end))
    return queryset.filter(edges)


def rollup_rows(table, where, params, months, branches):
    """Rows (facet, key, month, count) of `branches`, each (facets, SELECT over `r`): `r` the
    counts of `table` for those facets matching `where` within the whole `months`. Each branch
    reads its own facets through the index (a shared materialised `r` would be scanned whole
    by every branch, and its row estimates are too poor for the planner to hash)."""
    conditions, common = ["n <> 0", *where], list(params)
    if months.first is not None:
        conditions.append("month >= %s")
        common.append(months.first)
    if months.last is not None:
        conditions.append("month <= %s")
        common.append(months.last)
    if months.dated:
        conditions.append("month <> %s")
        common.append(NO_DATE)
    inner = f"(SELECT * FROM {table} WHERE facet = ANY(%s) AND {' AND '.join(conditions)}) AS r"
    parts, all_params = [], []
    for facets, branch in branches:
        assert branch.count(" FROM r ") + branch.endswith(" FROM r") == 1, branch
        branch = branch + " " if branch.endswith(" FROM r") else branch
        parts.append("(" + branch.replace(" FROM r ", f" FROM {inner} ", 1).rstrip() + ")")
        all_params += [sorted(facets), *common]
    return run(" UNION ALL ".join(parts), all_params)


def merged(a, b):
    """Two sets of raw facet counts added up, key by key."""
    out = {}
    for raw in (a, b):
        for name, pairs in raw.items():
            sums = out.setdefault(name, {})
            for key, count in pairs:
                sums[key] = sums.get(key, 0) + count
    return {name: list(sums.items()) for name, sums in out.items()}


def rollup_counts(table, names, where, params, months, by_side=False):
    """The facets `names` from the monthly counts of `table` matching `where` within the whole
    `months`, in the format of the rows' counts. `by_side`: the country facet is the count of
    rows by side (statements, whose side is a key of their counts), not a facet of its own."""
    names = set(names)
    keyed = names & {"kind", "speaker", "actor", "publisher"}
    keyed |= set() if by_side else names & {"country"}
    branches = []
    # The people (thousands of them) are trimmed to the most frequent here, as trimmed() would
    # trim them, unless the edge days' counts are still to be added (which may reorder them).
    wide = keyed & {"speaker", "actor"} if not months.edges else set()
    if keyed - wide:
        branches.append((keyed - wide, "SELECT facet, key, NULL::date, SUM(n) FROM r "
                                       "GROUP BY facet, key"))  # fmt: skip
    for name in sorted(wide):
        branches.append(({name}, (
            f"SELECT '{name}', key, NULL::date, s FROM (SELECT key, SUM(n) AS s, "
            'row_number() OVER (ORDER BY SUM(n) DESC, key COLLATE "C") AS i '
            f"FROM r GROUP BY key) AS t WHERE i <= {MAX_MORE}")))  # fmt: skip
    if names & {"topic", "topic-month"}:
        if "topic-month" in names:
            # Per month where the topics span HEAT_MONTHS months or less, else per year (the
            # topics over time show no more): a few hundred rows rather than a few thousand.
            branches.append(({"topic"}, (
                "WITH tm AS (SELECT key, month, SUM(n) AS n FROM r GROUP BY key, month), "
                "span AS (SELECT (EXTRACT(YEAR FROM max(month)) - EXTRACT(YEAR FROM min(month))) "
                "* 12 + EXTRACT(MONTH FROM max(month)) - EXTRACT(MONTH FROM min(month)) + 1 "
                "AS months FROM tm) "
                "SELECT 'topic-month', key, month, n FROM tm "
                f"WHERE (SELECT months FROM span) <= {HEAT_MONTHS} UNION ALL "
                "SELECT 'topic-year', key, date_trunc('year', month)::date, SUM(n)::bigint FROM tm "
                f"WHERE (SELECT months FROM span) > {HEAT_MONTHS} GROUP BY key, 3")))  # fmt: skip
        else:
            branches.append(({"topic"}, "SELECT 'topic', key, NULL::date, SUM(n) FROM r "
                                        "GROUP BY key"))  # fmt: skip
    if "month" in names:
        branches.append(({"rows"}, f"SELECT 'month', '', month, SUM(n) FROM r "
                         f"WHERE month <> '{NO_DATE.isoformat()}' GROUP BY month"))  # fmt: skip
        if not months.dated:  # the rows without a date, for the total
            branches.append(({"rows"}, f"SELECT 'undated', '', NULL::date, SUM(n) FROM r "
                             f"WHERE month = '{NO_DATE.isoformat()}'"))  # fmt: skip
    if by_side and "country" in names:
        branches.append(({"rows"}, "SELECT 'country', side_id::text, NULL::date, SUM(n) FROM r "
                                   "WHERE side_id <> 0 GROUP BY side_id"))  # fmt: skip
    out = {name: [] for name in names}
    topics = {}  # the topics' counts (summed over the months of the (topic, month) rows)
    topic_months = out.get("topic-month", [])
    yearly = False  # the (topic, month) rows are per year (the first day of each)
    rows = rollup_rows(table, where, params, months, branches)
    for facet, key, month, count in rows:  # most rows are the topics': tested first
        if facet == "topic-month" or facet == "topic-year":
            topic = int(key)
            topic_months.append(((topic, month), count))
            topics[topic] = topics.get(topic, 0) + count
            if facet == "topic-year":
                yearly = True
        elif facet == "topic":
            topics[int(key)] = topics.get(int(key), 0) + count
        elif facet == "month":
            out["month"].append((month, count))
        elif facet == "undated":
            out["undated"] = [("", count or 0)]
        elif facet == "kind":
            out["kind"].append((key, count))
        else:
            out[facet].append((int(key), count))
    if topics or "topic" in out:
        out["topic"] = list(topics.items())
    if yearly:
        out["topic-year"] = out.pop("topic-month")
    return out


# --- The total -------------------------------------------------------------------------------


def count_capped(queryset, limit=None):
    """(total, exact): the rows of `queryset` counted up to `limit` (EXACT_COUNT_LIMIT), and
    estimated by the planner past it (counting 40,000 rows costs more than reading 50)."""
    limit = limit or settings.EXACT_COUNT_LIMIT
    # Bare ids: no annotation of the page (a search snippet, say) is computed for every row.
    rows = queryset.order_by().values("pk")
    counted = rows[: limit + 1].count()
    if counted <= limit:
        return counted, True
    plan = json.loads(rows.explain(format="json"))
    return max(int(plan[0]["Plan"]["Plan Rows"]), limit + 1), False


# --- A list's facets and total ---------------------------------------------------------------


class FacetCounter:
    """The facets and total of one list's validated FilterSet."""

    NAMES = SELECTABLE = ()  # every facet counted; those a filter of the same name selects
    ROLLUP = ""  # the table of the list's monthly counts
    ROWS_HAVE_SIDES = False  # a row has several sides (an event), each with its own counts
    PERSON = PERSON_TITLE = ""  # the people's facet: its parameter and title

    def __init__(self, filterset):
        self.filterset = filterset
        self.user = filterset.request.user
        self.query = filterset.data

    def summary(self):
        """{facets, years, months, heat, estimated, total, exact}: what the page shows of its
        filter besides the rows."""
        # A facet in use is counted without its own filter, in a query of its own.
        in_use = [name for name in self.SELECTABLE if self.query.getlist(name)]
        main = [name for name in self.NAMES if name not in in_use]
        months = self.rollup_months()
        if months is None:
            raw, estimated = self.count_rows(self.filterset.qs, main)
            for name in in_use:
                recount, sampled = self.count_rows(self.queryset_without(name), [name])
                raw[name], estimated = recount.get(name, []), estimated or sampled
        else:
            raw, estimated = self.from_rollup(months, main, in_use)
        raw["year"] = years_from_months(raw.get("month", []))
        raw = {name: trimmed(self.filterset, name, pairs) for name, pairs in raw.items()}
        summary = self.label(raw)
        summary["estimated"] = estimated
        summary["total"], summary["exact"] = self.total(raw, months, in_use, estimated)
        return summary

    def total(self, raw, months, in_use, estimated):
        """(total, exact): from the counts where they cover every row (the months' rows, and
        those without a date when no date bounds the list; or the kinds', every row having
        one), else counted (estimated past a limit: count_capped)."""
        if months is not None and not estimated and (months.dated or "undated" in raw):
            total = sum(n for _, n in raw.get("month", []))
            return total + sum(n for _, n in raw.get("undated", [])), True
        if months is None and "kind" not in in_use:
            total = sum(n for _, n in raw.get("kind", []))
            if not estimated or total > settings.EXACT_COUNT_LIMIT:
                return total, not estimated
        return count_capped(self.filterset.qs)

    def queryset_without(self, name):
        """The filtered rows leaving out filter `name` (for a disjunctive facet): the other
        filters applied again from the values already cleaned, without a query."""
        if not self.query.getlist(name):
            return self.filterset.qs
        queryset = self.filterset.queryset
        for other, value in self.filterset.form.cleaned_data.items():
            if other != name and other != "sort":
                queryset = self.filterset.filters[other].filter(queryset, value)
        return queryset

    def rollup_months(self):
        """The whole months (and the edges) a list may count from the monthly counts, or None
        when it may not: a filter other than countries and dates is in use, more than one
        country for a list whose rows have several (events), or the reader sees drafts."""
        if can_see_drafts(self.user):
            return None
        for name in self.filterset.filters:
            if name not in ROLLUP_FILTERS and any(v.strip() for v in self.query.getlist(name)):
                return None
        cleaned = self.filterset.form.cleaned_data
        countries = len(cleaned.get("country") or ())
        # Without a country, the counts of every side would be summed: hundreds of thousands
        # of them at a million statements, more than a sample of the rows costs.
        if not countries or (self.ROWS_HAVE_SIDES and countries > 1):
            return None
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        dated = after is not None or before is not None
        if dated:
            # A bound beyond the dates of every row is as good as the month at that end
            # (no day between holds a row), so it leaves no edge days to count from the rows.
            first, last = self.filterset.queryset.aggregate(
                first=Min("occurred_on"), last=Max("occurred_on")
            ).values()
            if first is not None and after is not None and after <= first:
                after = first.replace(day=1)
            if last is not None and before is not None and before >= last:
                before = month_end(last)
            if after is not None and before is not None and after > before:  # no row between
                after, before = before.replace(day=1), before
        return whole_months(after, before, dated)

    def sides(self):
        return [side.pk for side in self.filterset.form.cleaned_data.get("country") or ()] or None

    def from_rollup(self, months, main, in_use):
        """(raw, estimated): the counts from the monthly counts, plus those of the edge days
        from the rows; a country in use counted over every side."""
        raw, estimated = self.count_rollup(self.sides(), months, main), False
        if months.edges:
            edges, estimated = self.count_rows(in_edges(self.filterset.qs, months), main)
            if "topic-year" in raw and "topic-month" in edges:  # counted per year: so are they
                edges["topic-year"] = [
                    ((topic, month.replace(month=1, day=1)), n)
                    for (topic, month), n in edges.pop("topic-month")
                ]
            raw = merged(raw, edges)
        for name in in_use:
            recount = self.count_rollup(None, months, [name])
            if months.edges:
                edges, sampled = self.count_rows(
                    in_edges(self.queryset_without(name), months), [name]
                )
                recount, estimated = merged(recount, edges), estimated or sampled
            raw[name] = recount.get(name, [])
        return raw, estimated

    def count_rollup(self, sides, months, names):
        return rollup_counts(self.ROLLUP, names, *self.rollup_where(sides), months,
                             by_side=not self.ROWS_HAVE_SIDES)  # fmt: skip

    def rollup_where(self, sides):
        """The monthly counts of `sides` (None: every row)."""
        if self.ROWS_HAVE_SIDES:  # kept for each side of an event, and for side 0, all
            return ["side_id = %s"], [sides[0] if sides else 0]
        return (["side_id = ANY(%s)"], [sides]) if sides else ([], [])

    def count_rows(self, queryset, names):
        raise NotImplementedError

    def label(self, raw):
        named = names(raw, self.PERSON)
        return build_facets(self.filterset, raw, self.PERSON, self.PERSON_TITLE, named)


class StatementFacets(FacetCounter):
    """The statement list's facets, and the topics over time, in one query (plus one per
    facet in use, counted without its own filter)."""

    NAMES = ["kind", "country", "speaker", "publisher", "topic", "month", "topic-month"]
    SELECTABLE = ["kind", "country", "speaker", "publisher", "topic"]
    ROLLUP = "readouts_statement_rollup"
    ROWS_HAVE_SIDES = False  # a statement speaks for one side at most
    PERSON, PERSON_TITLE = "speaker", "Speaker"

    def count_rows(self, queryset, names):
        return statement_counts(queryset, names)

    def label(self, raw):
        yearly = "topic-year" in raw  # the rows span more than HEAT_MONTHS
        pairs = raw["topic-year"] if yearly else raw.get("topic-month", [])
        named = names(raw, self.PERSON, heat_topics(pairs)[0])
        summary = build_facets(self.filterset, raw, self.PERSON, self.PERSON_TITLE, named)
        summary["heat"] = heat_table(self.query, pairs, named[1], yearly=yearly)
        return summary


class EventFacets(FacetCounter):
    """The event list's facets in one query (plus one per facet in use), from the keys each
    event carries (migration 0011): the sides, actors and publishers of its participants and
    sources, and the topics of its statements."""

    NAMES = list(EVENT_BRANCHES)
    SELECTABLE = ["kind", "country", "actor", "publisher", "topic"]
    ROLLUP = "readouts_event_rollup"
    ROWS_HAVE_SIDES = True  # an event has several: its counts are kept for each side
    PERSON, PERSON_TITLE = "actor", "Participant"

    def count_rows(self, queryset, names):
        return event_counts(queryset, names, drafts=can_see_drafts(self.user))
