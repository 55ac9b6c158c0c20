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
from .models import Actor, Publisher, Topic, can_see_drafts

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
        values = [v for v in self.current[name] if v.strip().upper() != value.upper()]
        if not selected:
            values.append(value)
        return self.url({name: values})

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


MONTH = "(m.occurred_on - (EXTRACT(DAY FROM m.occurred_on)::int - 1))"

# Each branch counts one facet over the matching rows `m`, materialised once per query.
STATEMENT_BRANCHES = {
    "kind": "SELECT 'kind', m.event_kind, NULL::date, COUNT(*) FROM m GROUP BY m.event_kind",
    "country": "SELECT 'country', m.side_id::text, NULL::date, COUNT(*) FROM m "
    "WHERE m.side_id IS NOT NULL GROUP BY m.side_id",
    "speaker": "SELECT 'speaker', m.speaker_id::text, NULL::date, COUNT(*) FROM m "
    "WHERE m.speaker_id IS NOT NULL GROUP BY m.speaker_id",
    "publisher": "SELECT 'publisher', src.publisher_id::text, NULL::date, COUNT(*) FROM m "
    "JOIN readouts_source AS src ON src.id = m.source_id GROUP BY src.publisher_id",
    "topic": "SELECT 'topic', t::text, NULL::date, COUNT(*) FROM m, unnest(m.topic_ids) AS t "
    "GROUP BY t",
    "month": f"SELECT 'month', NULL, {MONTH}, COUNT(*) FROM m GROUP BY 3",
    "topic-month": f"SELECT 'topic-month', t::text, {MONTH}, COUNT(*) "
    "FROM m, unnest(m.topic_ids) AS t GROUP BY t, 3",
}


# Past SAMPLE_ABOVE matching rows, facets are counted on a sample of the table's blocks that
# holds about SAMPLE_TARGET of them, and scaled up: seconds become a fraction of a second, and
# the page says the counts are estimates. Below it, they are exact. An event's facets reach its
# statements, participants and sources (about fifteen rows each), hence its lower threshold.
SAMPLE_ABOVE = {"readouts_statement": 50_000, "readouts_event": 20_000}
SAMPLE_TARGET = {"readouts_statement": 10_000, "readouts_event": 2_000}


def estimated_rows(sql, params):
    plan = run(f"EXPLAIN (FORMAT JSON) {sql}", params)[0][0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def count_branches(inner_sql, params, branches, table):
    """({facet: [(key, count)]}, estimated): every branch in one statement over the rows
    `inner_sql` selects from `table`, on a sample of it when they are very many."""
    scale, estimated = 1.0, False
    rows = estimated_rows(inner_sql, params)
    if rows > SAMPLE_ABOVE[table]:
        percent = min(100.0, max(0.5, 100 * SAMPLE_TARGET[table] / rows))
        inner_sql = inner_sql.replace(
            f'FROM "{table}"',
            f'FROM "{table}" TABLESAMPLE SYSTEM ({percent:.3f}) REPEATABLE (7)',
            1,
        )
        scale, estimated = 100 / percent, True
    sql = f"WITH m AS MATERIALIZED ({inner_sql}) " + " UNION ALL ".join(
        f"({branch})" for branch in branches
    )
    out = {}
    for name, key, month, count in run(sql, params):
        count = round(count * scale)
        if name == "topic-month":
            out.setdefault(name, []).append(((int(key), month), count))
        elif name in ("month", "kind"):
            out.setdefault(name, []).append((month if name == "month" else key, count))
        else:
            out.setdefault(name, []).append((int(key), count))
    return out, estimated


def years_from_months(months):
    years = {}
    for month, count in months:
        years[month.year] = years.get(month.year, 0) + count
    return list(years.items())


# The statement columns each facet reads: a recount of one facet selects only its own.
STATEMENT_COLUMNS = {
    "kind": ["event_kind"],
    "country": ["side_id"],
    "speaker": ["speaker_id"],
    "publisher": ["source_id"],
    "topic": ["topic_ids"],
    "month": ["occurred_on"],
    "topic-month": ["topic_ids", "occurred_on"],
}


class StatementFacets(FacetCounter):
    """All the statement list's facets, and the topics over time, in one query (plus one per
    facet in use, counted without its own filter)."""

    def compute(self):
        raw, estimated = self.counts(self.filterset.qs, list(STATEMENT_BRANCHES))
        for name in ("kind", "country", "speaker", "publisher", "topic"):
            if self.query.getlist(name):
                recount, sampled = self.counts(self.queryset_without(name), [name])
                raw[name], estimated = recount.get(name, []), estimated or sampled
        raw["year"] = years_from_months(raw.get("month", []))
        facets = self.label(raw)
        facets["heat"] = heat_table(self.query, raw.get("topic-month", []))
        facets["facets_estimated"] = estimated
        return facets

    def counts(self, queryset, names):
        columns = sorted({c for name in names for c in STATEMENT_COLUMNS[name]})
        sql, params = sql_of(queryset.order_by().values(*columns))
        branches = [STATEMENT_BRANCHES[name] for name in names]
        return count_branches(sql, params, branches, "readouts_statement")

    def label(self, raw):
        return build_facets(self, raw, participant_name="speaker", participant_title="Speaker")


class EventFacets(FacetCounter):
    """All the event list's facets in one query (plus one per facet in use)."""

    def branches(self):
        public = "" if can_see_drafts(self.user) else " AND s.is_public"
        return {
            "kind": "SELECT 'kind', m.kind, NULL::date, COUNT(*) FROM m GROUP BY m.kind",
            "month": f"SELECT 'month', NULL, {MONTH}, COUNT(*) FROM m GROUP BY 3",
            "country": "SELECT 'country', p.side_id::text, NULL::date, COUNT(DISTINCT p.event_id) "
            "FROM m JOIN readouts_participant AS p ON p.event_id = m.id "
            "WHERE p.side_id IS NOT NULL GROUP BY p.side_id",
            "actor": "SELECT 'actor', p.actor_id::text, NULL::date, COUNT(DISTINCT p.event_id) "
            "FROM m JOIN readouts_participant AS p ON p.event_id = m.id GROUP BY p.actor_id",
            "publisher": "SELECT 'publisher', src.publisher_id::text, NULL::date, "
            "COUNT(DISTINCT src.event_id) FROM m JOIN readouts_source AS src "
            "ON src.event_id = m.id GROUP BY src.publisher_id",
            "topic": "SELECT 'topic', t::text, NULL::date, COUNT(DISTINCT s.event_id) "
            "FROM m JOIN readouts_statement AS s ON s.event_id = m.id"
            f"{public}, unnest(s.topic_ids) AS t GROUP BY t",
        }

    def compute(self):
        branches = self.branches()
        raw, estimated = self.counts(self.filterset.qs, branches.values())
        for name in ("kind", "country", "actor", "publisher", "topic"):
            if self.query.getlist(name):
                recount, sampled = self.counts(self.queryset_without(name), [branches[name]])
                raw[name], estimated = recount.get(name, []), estimated or sampled
        raw["year"] = years_from_months(raw.get("month", []))
        facets = build_facets(self, raw, participant_name="actor", participant_title="Participant")
        facets["facets_estimated"] = estimated
        return facets

    def counts(self, queryset, branches):
        sql, params = sql_of(queryset.order_by().values("id", "kind", "occurred_on"))
        return count_branches(sql, params, list(branches), "readouts_event")


def build_facets(counter, raw, participant_name, participant_title):
    """Turn raw (key, count) pairs into labelled facets with toggle links. Three small look-ups
    name the actors, publishers and topics."""
    query = counter.query
    person_key = "speaker" if participant_name == "speaker" else "actor"
    raw = {name: trimmed(counter, name, pairs) for name, pairs in raw.items()}
    actor_ids = {k for name in ("country", person_key) for k, _ in raw.get(name, [])}
    # Only the columns the labels and links read: a hundred whole actors are mostly timestamps.
    actors = Actor.objects.only(*NAMED, "code").in_bulk(actor_ids) if actor_ids else {}
    publisher_ids = {k for k, _ in raw.get("publisher", [])}
    publishers = Publisher.objects.only(*NAMED).in_bulk(publisher_ids) if publisher_ids else {}
    topic_ids = [k for k, _ in raw.get("topic", [])]
    topics = Topic.objects.only(*NAMED).in_bulk(topic_ids) if topic_ids else {}

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
    facets = [
        Facet("kind", "Kind" if participant_name == "actor" else "Kind of event",
              values("kind", raw.get("kind", []), lambda k: (k, kinds.get(k, k)), str)),
        Facet("country", "Country", values(
            "country", raw.get("country", []),
            lambda k: (actors[k].code, actors[k].name) if k in actors and actors[k].code else None,
            str)),
        Facet(person_key, participant_title, values(
            person_key, raw.get(person_key, []),
            lambda k: (actors[k].slug, actors[k].name) if k in actors else None, str)),
        Facet("topic", "Topic", values(
            "topic", raw.get("topic", []),
            lambda k: (topics[k].slug, topics[k].name) if k in topics else None, str)),
        Facet("publisher", "Publisher", values(
            "publisher", raw.get("publisher", []),
            lambda k: (publishers[k].slug, publishers[k].name) if k in publishers else None, str)),
    ]  # fmt: skip
    facets.append(year_facet(query, raw.get("year", [])))
    months = month_facet(query, raw.get("month", []))
    return {"facets": [f for f in facets if f.values], "months": months, "years": facets[-1]}


NAMED = ("slug", "name")


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
    links, bars, day, names = Links(query), [], first, {}
    while day <= last:
        n = counts.get(day, 0)
        following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        if day.month not in names:  # strftime once per month of the year, not per bar
            names[day.month] = f"{day:%B}"
        year = str(day.year) if day.year >= 1000 else f"{day:%Y}"
        bars.append(Bar(day, n, links.dates(day, following - ONE_DAY),
                        f"{names[day.month]} {year}: {n} row{'s' if n != 1 else ''}"))  # fmt: skip
        day = following
    peak = max(b.count for b in bars) or 1
    width = 100 / len(bars)
    for i, bar in enumerate(bars):
        bar.x = round(i * width, 3)
        bar.height = round(max(60 * bar.count / peak, 1.5 if bar.count else 0), 2)
        bar.y = round(64 - bar.height, 2)
    return {"bars": bars, "width": round(width, 3), "first": first, "last": last, "peak": peak,
            "years": sorted({b.start.year for b in bars})}  # fmt: skip


def heat_table(query, pairs, limit=8):
    """The most frequent topics, counted per year (or per month when the rows span 24 months or
    less): rows of a heat table, each cell a link to that topic in that period. `pairs` are
    ((topic id, month), count)."""
    if not pairs:
        return None
    months = sorted({month for (_, month), _ in pairs})
    span = (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
    by_month = span <= 24
    totals, cells = {}, {}
    for (topic_id, _), n in pairs:
        totals[topic_id] = totals.get(topic_id, 0) + n
    top = sorted(totals, key=lambda t: (-totals[t], t))[:limit]
    shown = set(top)  # the cells of the top topics only; a period by its month, or its year
    for (topic_id, month), n in pairs:
        if topic_id in shown:
            period = month if by_month else month.year
            cells[(topic_id, period)] = cells.get((topic_id, period), 0) + n
    # Every period from the first to the last, empty ones included, so that time reads evenly.
    if by_month:
        periods, day = [], months[0]
        while day <= months[-1]:
            periods.append(day)
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    else:
        periods = [datetime.date(y, 1, 1) for y in range(months[0].year, months[-1].year + 1)]
    keys = periods if by_month else [p.year for p in periods]
    names = Topic.objects.only(*NAMED).in_bulk(top)
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
