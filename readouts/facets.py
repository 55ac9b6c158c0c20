"""Facets of the lists: for the current filter, how many rows fall under each kind, country,
speaker or participant, topic, publisher, year and month; and the topics over time.

Single-valued columns are counted in one pass with GROUPING SETS; each many-valued relation
(topics, participants, sources) in one query of its own. A facet whose parameter is in use is
counted without its own filter ("disjunctive" facets), so that its other values stay visible
and can be added. The number of queries is fixed: it does not grow with the data.
"""

import calendar
import datetime
import functools
import json
import re
import urllib.parse
from dataclasses import dataclass, field

from django.db import connection
from django.http import QueryDict

from .choices import EventKind
from .labels import labels as process_labels
from .models import can_see_drafts

MAX_VALUES = 12  # shown at once; the rest behind "more"
MAX_MORE = 60


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""
    detail: str = ""


@dataclass
class Facet:
    name: str  # the parameter it sets
    title: str
    values: list = field(default_factory=list)

    @property
    def shown(self):
        return self.values[:MAX_VALUES]

    @property
    def more(self):
        return self.values[MAX_VALUES:]


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_of(queryset):
    return queryset.query.sql_with_params()


def with_values(query, changes):
    """The query string of `query` without its page, with each parameter of `changes` set to
    its list of values (in its place, or at the end when new), as QueryDict.setlist would,
    without copying the QueryDict."""
    return Links(query).url(changes)


class Links:
    """with_values for the many links of one query (a list page makes hundreds): its other
    parameters are encoded once, each as urlencode would, not again for every link."""

    def __init__(self, query):
        self.query = query
        self.encoded = [
            (key, [f"{quote(key)}={quote(v)}" for v in values])
            for key, values in query.lists()
            if key not in ("page", "export")
        ]
        self.keys = {key for key, _ in self.encoded}
        self.current = {}
        self.date_pieces = {}
        self.adding = {}  # name: the link around a value added to `name`, split at the value
        self.chosen_upper = {}

    def url(self, changes):
        return "?" + "&".join(self.parts(changes))

    def parts(self, changes, unquoted=()):
        """Each parameter as key=value, quoted (but the values of the keys `unquoted`)."""
        parts = []
        for key, encoded in self.encoded:
            if key in changes:
                parts.extend(self.pair(key, v, unquoted) for v in changes[key])
            else:
                parts.extend(encoded)
        for key, values in changes.items():
            if key not in self.keys:
                parts.extend(self.pair(key, v, unquoted) for v in values)
        return parts

    @staticmethod
    def pair(key, value, unquoted):
        return f"{quote(key)}={value if key in unquoted else quote(value)}"

    def toggle(self, name, value, selected):
        """The list URL with `value` added to (or, if selected, removed from) `name`."""
        if name not in self.current:
            self.current[name] = [
                v for part in self.query.getlist(name) for v in part.split(",") if v.strip()
            ]
        if not selected and value.upper() not in self.chosen(name):
            # The same link around each value added to `name`: made once.
            if name not in self.adding:
                url = self.url({name: [*self.current[name], AFTER]})
                marker = quote(AFTER)
                self.adding[name] = url.split(marker) if url.count(marker) == 1 else None
            if self.adding[name] is not None:
                head, tail = self.adding[name]
                return f"{head}{quote(value)}{tail}"
        values = [v for v in self.current[name] if v.strip().upper() != value.upper()]
        if not selected:
            values.append(value)
        return self.url({name: values})

    def chosen(self, name):
        if name not in self.chosen_upper:
            self.chosen_upper[name] = {v.strip().upper() for v in self.current[name]}
        return self.chosen_upper[name]

    def dates(self, start, end, **changes):
        """The list URL narrowed to the days from `start` to `end` (and `changes`): the link
        around the two dates is made once, a timeline makes hundreds of them (ISO dates are
        what quoting leaves as they are)."""
        key = tuple((name, tuple(values)) for name, values in changes.items())
        if key not in self.date_pieces:
            marked = {**changes, "date_after": [AFTER], "date_before": [BEFORE]}
            url = "?" + "&".join(self.parts(marked, unquoted=("date_after", "date_before")))
            after_first = url.index(AFTER) < url.index(BEFORE)
            head, middle, tail = re.split(f"{AFTER}|{BEFORE}", url)
            self.date_pieces[key] = (after_first, head, middle, tail)
        after_first, head, middle, tail = self.date_pieces[key]
        first, second = (start, end) if after_first else (end, start)
        return f"{head}{first.isoformat()}{middle}{second.isoformat()}{tail}"


# Where the dates go in a link: characters no quoted text holds (quoting escapes them).
AFTER, BEFORE = "\x00", "\x01"


@functools.lru_cache(maxsize=4096)
def quote(text):
    return urllib.parse.quote_plus(str(text))


def toggle_url(query, name, value, selected):
    """The list URL with `value` added to (or, if selected, removed from) parameter `name`."""
    return Links(query).toggle(name, value, selected)


def date_url(query, start, end):
    return Links(query).dates(start, end)


ONE_DAY = datetime.timedelta(days=1)


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def selected_values(query, name):
    return {v.strip().upper() for part in query.getlist(name) for v in part.split(",") if v.strip()}


class FacetCounter:
    """Counts for one list, from its validated FilterSet."""

    def __init__(self, filterset, user):
        self.filterset = filterset
        self.user = user
        self.query = filterset.data if isinstance(filterset.data, QueryDict) else QueryDict()

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
            first, last = self.date_bounds()
            if first is not None and after is not None and after <= first:
                after = first.replace(day=1)
            if last is not None and before is not None and before >= last:
                before = month_end(last)
            if after is not None and before is not None and after > before:  # no row between
                after, before = before.replace(day=1), before
        return whole_months(after, before, dated)

    def date_bounds(self):
        """(first, last) date of the rows an analyst sees, once per data version, and kept in
        the process for it (a thread that counts facets reads no file for it)."""
        from django.db.models import Max, Min

        from . import cache

        table = self.filterset.queryset.model._meta.db_table
        return cache.kept(
            ("date-bounds", table),
            lambda: tuple(self.filterset.queryset.order_by().aggregate(
                first=Min("occurred_on"), last=Max("occurred_on")).values()),
        )  # fmt: skip

    def sides(self):
        return [side.pk for side in self.filterset.form.cleaned_data.get("country") or ()] or None

    def compute(self):
        # A facet in use is counted without its own filter, in a query of its own.
        in_use = [name for name in self.SELECTABLE if self.query.getlist(name)]
        main = [name for name in self.NAMES if name not in in_use]
        months = self.rollup_months()
        late, sampled = {}, []
        if months is None:
            raw, estimated = self.count_rows(self.filterset.qs, main)
            for name in in_use:
                recount, sampled_ = self.count_rows(self.queryset_without(name), [name])
                raw[name], estimated = recount.get(name, []), estimated or sampled_
        else:
            raw, estimated, late, sampled = self.from_rollup(months, main, in_use)
        raw["year"] = years_from_months(raw.get("month", []))
        facets = self.label(raw, late)
        estimated = estimated or any(sampled)
        facets["facets_estimated"] = estimated
        # The list's total, where the counts cover every row: from the monthly counts, the
        # months' rows (and those without a date when no date bounds the list), exact; from
        # the rows, the kinds' counts (every row has one), exact unless sampled (then the
        # page says "about", as it would of an estimate of its own).
        total = None
        if months is not None:
            if not estimated and (months.dated or "undated" in raw):
                total = sum(n for _, n in raw.get("month", []))
                total += sum(n for _, n in raw.get("undated", []))
        elif "kind" not in in_use:
            total = sum(n for _, n in raw.get("kind", []))
        facets["facets_total"] = total
        facets["facets_total_exact"] = total is not None and not estimated
        return facets

    def from_rollup(self, months, main, in_use):
        """(raw, estimated, late, sampled): the counts from the monthly counts, plus those of
        the edge days from the rows. The country's own counts (over every side), counted in a
        thread (background.py), are offered to the request's own thread, and asked for last
        (`late`: name -> its counts; `sampled` says whether their edge days were sampled):
        the rest of the facets are labelled meanwhile."""
        from . import background

        recounts = {
            name: background.share(functools.partial(self.count_rollup, None, months, [name]))
            for name in in_use
        }
        raw, estimated = self.count_rollup(self.sides(), months, main), False
        if months.edges:
            edges, estimated = self.count_rows(in_edges(self.filterset.qs, months), main)
            if "topic-year" in raw and "topic-month" in edges:  # counted per year: so are they
                edges["topic-year"] = [
                    ((topic, month.replace(month=1, day=1)), n)
                    for (topic, month), n in edges.pop("topic-month")
                ]
            raw = merged(raw, edges)
        sampled = []

        def recounted(name):  # the country, counted over every side
            recount = recounts[name].get()
            if months.edges:
                edges, sampled_ = self.count_rows(
                    in_edges(self.queryset_without(name), months), [name]
                )
                recount = merged(recount, edges)
                sampled.append(sampled_)
            return recount.get(name, [])

        late = {name: functools.partial(recounted, name) for name in in_use}
        return raw, estimated, late, sampled

    def count_rollup(self, sides, months, names):
        return rollup_counts(self.ROLLUP, names, *self.rollup_where(sides), months,
                             by_side=not self.ROWS_HAVE_SIDES)  # fmt: skip

    def rollup_where(self, sides):
        """The monthly counts of `sides` (None: every row)."""
        if self.ROWS_HAVE_SIDES:  # kept for each side of an event, and for side 0, all
            return ["side_id = %s"], [sides[0] if sides else 0]
        return (["side_id = ANY(%s)"], [sides]) if sides else ([], [])

    def exact_total(self):
        """The list's total from the monthly counts (and the edge days' rows), exact and
        cheaper than counting the rows; None where those cannot answer."""
        months = self.rollup_months()
        if months is None:
            return None
        rows = rollup_rows(self.ROLLUP, *self.rollup_where(self.sides()), months,
                           [({"rows"}, "SELECT 'rows', '', NULL::date, COALESCE(SUM(n), 0) "
                                       "FROM r")])  # fmt: skip
        total = int(rows[0][3])
        if months.edges:
            total += in_edges(self.filterset.qs, months).order_by().count()
        return total


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

        from .models import SEARCH_SAMPLES

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


# A list filtered by nothing but its countries and dates, as an analyst sees it, counts its
# facets from the monthly counts PostgreSQL keeps (migration 0012) for the whole months of its
# range, and from the rows themselves for the days at either end outside them.
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


class StatementFacets(FacetCounter):
    """All the statement list's facets, and the topics over time, in one query (plus one per
    facet in use, counted without its own filter)."""

    NAMES = ["kind", "country", "speaker", "publisher", "topic", "month", "topic-month"]
    SELECTABLE = ["kind", "country", "speaker", "publisher", "topic"]
    ROLLUP = "readouts_statement_rollup"
    ROWS_HAVE_SIDES = False  # a statement speaks for one side at most

    def count_rows(self, queryset, names):
        return statement_counts(queryset, names)

    def label(self, raw, late=None):
        if "topic-year" in raw:
            heat = heat_table(self.query, raw["topic-year"], yearly=True)
        else:
            heat = heat_table(self.query, raw.get("topic-month", []))
        facets = build_facets(self, raw, "speaker", "Speaker", late)
        facets["heat"] = heat
        return facets


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


class EventFacets(FacetCounter):
    """All the event list's facets in one query (plus one per facet in use), from the keys
    each event carries (migration 0011): the sides, actors and publishers of its participants
    and sources, and the topics of its statements."""

    NAMES = list(EVENT_BRANCHES)
    SELECTABLE = ["kind", "country", "actor", "publisher", "topic"]
    ROLLUP = "readouts_event_rollup"
    ROWS_HAVE_SIDES = True  # an event has several: its counts are kept for each side

    def label(self, raw, late=None):
        return build_facets(self, raw, "actor", "Participant", late)

    def count_rows(self, queryset, names):
        from django.db.models.expressions import RawSQL

        columns = {c for name in names for c in EVENT_BRANCHES[name][1]}
        topics = "topic_ids" if not can_see_drafts(self.user) else "all_topic_ids"
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


def build_facets(counter, raw, participant_name, participant_title, late=None):
    """Turn raw (key, count) pairs into labelled facets with toggle links. Three small look-ups
    name the actors, publishers and topics. `late`: name -> its pairs, for the facets counted
    elsewhere meanwhile, asked for once the others are made."""
    query = counter.query
    person_key = "speaker" if participant_name == "speaker" else "actor"
    late = late or {}
    raw = {name: trimmed(counter, name, pairs) for name, pairs in raw.items() if name not in late}
    names = process_labels()
    actors, topics, publishers = names.actors, names.topics, names.publishers
    kinds_of_labels = {"country": actors, person_key: actors, "topic": topics,
                       "publisher": publishers}  # fmt: skip
    actors.complete(k for n in ("country", person_key) for k, _ in raw.get(n, []))
    topics.complete(k for k, _ in raw.get("topic", []))
    publishers.complete(k for k, _ in raw.get("publisher", []))

    links = Links(query)

    def values(name, pairs, key_of, label_of, detail_of=lambda obj: ""):
        chosen = selected_values(query, name)
        out = []
        for key, count in sorted(pairs, key=lambda kc: (-kc[1], str(kc[0]))):
            obj = key_of(key)
            if obj is None:
                continue
            value, label = obj
            selected = value.upper() in chosen
            out.append(FacetValue(value, label, count, selected,
                                  links.toggle(name, value, selected), detail_of(key)))  # fmt: skip
        return out

    kinds = dict(EventKind.choices)
    made = {
        "kind": lambda pairs: Facet(
            "kind", "Kind" if participant_name == "actor" else "Kind of event",
            values("kind", pairs, lambda k: (k, kinds.get(k, k)), str)),
        "country": lambda pairs: Facet("country", "Country", values(
            "country", pairs,
            lambda k: (a.code, a.name) if (a := actors.get(k)) and a.code else None, str)),
        person_key: lambda pairs: Facet(person_key, participant_title, values(
            person_key, pairs, lambda k: slug_name(actors.get(k)), str)),
        "topic": lambda pairs: Facet("topic", "Topic", values(
            "topic", pairs, lambda k: slug_name(topics.get(k)), str)),
        "publisher": lambda pairs: Facet("publisher", "Publisher", values(
            "publisher", pairs, lambda k: slug_name(publishers.get(k)), str)),
    }  # fmt: skip
    built = {name: make(raw.get(name, [])) for name, make in made.items() if name not in late}
    years = year_facet(query, raw.get("year", []))
    months = month_facet(query, raw.get("month", []))
    for name, counts in late.items():
        pairs = trimmed(counter, name, counts())
        if name in kinds_of_labels:
            kinds_of_labels[name].complete(k for k, _ in pairs)
        built[name] = made[name](pairs)
    facets = [built[name] for name in made] + [years]
    return {"facets": [f for f in facets if f.values], "months": months, "years": years}


def slug_name(record):
    return (record.slug, record.name) if record is not None else None


TRIMMED = ("kind", "country", "speaker", "actor", "topic", "publisher")


def trimmed(counter, name, pairs):
    """The MAX_MORE most frequent values of a facet, and those in use whatever their count:
    a facet lists no more than a reader can scan (a thousand speakers would not help), and
    the labels and links are made for those only."""
    if name not in TRIMMED or len(pairs) <= MAX_MORE:
        return pairs
    in_use = {getattr(v, "pk", v) for v in counter.filterset.form.cleaned_data.get(name) or ()}
    ranked = sorted(pairs, key=lambda kc: (-kc[1], str(kc[0])))
    return ranked[:MAX_MORE] + [kc for kc in ranked[MAX_MORE:] if kc[0] in in_use]


def year_facet(query, pairs):
    after, before = query.get("date_after", ""), query.get("date_before", "")
    links, out = Links(query), []
    for year, count in sorted(pairs, key=lambda kc: -kc[0]):
        start, end = datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)
        selected = after == start.isoformat() and before == end.isoformat()
        out.append(FacetValue(str(year), str(year), count, selected,
                              links.dates(start, end) if not selected else
                              clear_dates_url(links)))  # fmt: skip
    return Facet("year", "Year", out)


def clear_dates_url(query):
    links = query if isinstance(query, Links) else Links(query)
    return links.url({"date_after": [], "date_before": []})


@dataclass
class Bar:
    start: datetime.date
    count: int
    url: str
    label: str
    x: float = 0
    y: float = 0
    height: float = 0


def month_facet(query, pairs):
    """Every month from the first to the last with rows (empty months included, so that time
    reads evenly), as bars linking to that month."""
    counts = {month.date() if isinstance(month, datetime.datetime) else month: n
              for month, n in pairs if month}  # fmt: skip
    if not counts:
        return []
    first, last = min(counts), max(counts)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    peak = max(counts.values()) or 1
    width = 100 / span
    links, bars, names = Links(query), [], {}
    year, month = first.year, first.month
    for i in range(span):
        day = datetime.date(year, month, 1) if i else first
        n = counts.get(day, 0)
        if month not in names:  # strftime once per month of the year, not per bar
            names[month] = f"{day:%B}"
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        height = round(max(60 * n / peak, 1.5 if n else 0), 2)
        bars.append(Bar(
            day, n, links.dates(day, datetime.date(*following, 1) - ONE_DAY),
            f"{names[month]} {year if year >= 1000 else f'{day:%Y}'}: {n} "
            f"row{'s' if n != 1 else ''}",
            round(i * width, 3), round(64 - height, 2), height))  # fmt: skip
        year, month = following
    return {"bars": bars, "width": round(width, 3), "first": first, "last": last, "peak": peak,
            "years": list(range(first.year, last.year + 1))}  # fmt: skip


HEAT_MONTHS = 24  # the topics over time are per month up to this span, else per year


def heat_table(query, pairs, limit=8, yearly=False):
    """The most frequent topics, counted per year (or per month when the rows span 24 months or
    less): rows of a heat table, each cell a link to that topic in that period. `pairs` are
    ((topic id, month), count); `yearly`: the months are already years (their 1 January), the
    rows spanning more than 24 months."""
    if not pairs:
        return None
    totals, cells, seen = {}, {}, set()
    for (topic_id, month), n in pairs:  # one pass: thousands of pairs
        totals[topic_id] = totals.get(topic_id, 0) + n
        seen.add(month)
    months = sorted(seen)
    span = (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
    by_month = span <= HEAT_MONTHS and not yearly
    top = sorted(totals, key=lambda t: (-totals[t], t))[:limit]
    shown = set(top)  # the cells of the top topics only; a period by its month, or its year
    for (topic_id, month), n in pairs:
        if topic_id in shown:
            key = (topic_id, month if by_month else month.year)
            cells[key] = cells.get(key, 0) + n
    # Every period from the first to the last, empty ones included, so that time reads evenly.
    if by_month:
        periods, day = [], months[0]
        while day <= months[-1]:
            periods.append(day)
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    else:
        periods = [datetime.date(y, 1, 1) for y in range(months[0].year, months[-1].year + 1)]
    keys = periods if by_month else [p.year for p in periods]
    names = process_labels().topics.complete(top)
    peak = max(cells.get((t, k), 0) for t in top for k in keys) or 1
    links, table = Links(query), []
    for topic_id in top:
        topic = names.get(topic_id)
        if topic is None:
            continue
        row = []
        for p, k in zip(periods, keys, strict=True):
            n = cells.get((topic_id, k), 0)
            end = month_end(p) if by_month else datetime.date(p.year, 12, 31)
            row.append({"count": n, "shade": round(n / peak, 2),
                        "url": links.dates(p, end, topic=[topic.slug]) if n else ""})  # fmt: skip
        table.append({"topic": topic, "total": totals[topic_id], "cells": row})
    labels = [f"{p:%b %Y}" if by_month else str(p.year) for p in periods]
    return {"rows": table, "periods": labels, "by_month": by_month}
