"""Facets of the lists: for the current filter, how many rows fall under each kind, country,
speaker or participant, topic, publisher, year and month; and the topics over time.

Single-valued columns are counted in one pass with GROUPING SETS; each many-valued relation
(topics, participants, sources) in one query of its own. A facet whose parameter is in use is
counted without its own filter ("disjunctive" facets), so that its other values stay visible
and can be added. The number of queries is fixed: it does not grow with the data.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import QueryDict

from .choices import EventKind
from .models import Actor, Publisher, Statement, Topic

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
        return self.values[MAX_VALUES:MAX_MORE]


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_of(queryset):
    return queryset.query.sql_with_params()


def toggle_url(query, name, value, selected):
    """The list URL with `value` added to (or, if selected, removed from) parameter `name`."""
    query = query.copy()
    for key in ("page", "export"):
        query.pop(key, None)
    values = [v for part in query.getlist(name) for v in part.split(",") if v.strip()]
    values = [v for v in values if v.strip().upper() != value.upper()]
    if not selected:
        values.append(value)
    query.setlist(name, values)
    return "?" + query.urlencode()


def date_url(query, start, end):
    query = query.copy()
    for key in ("page", "export"):
        query.pop(key, None)
    query["date_after"], query["date_before"] = start.isoformat(), end.isoformat()
    return "?" + query.urlencode()


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


class StatementFacets(FacetCounter):
    def compute(self):
        qs = self.filterset.qs.order_by()
        raw = {}
        raw.update(self.single_counts(qs, ["kind", "country", "speaker", "publisher", "year",
                                           "month"]))  # fmt: skip
        for name in ("kind", "country", "speaker", "publisher"):
            if self.query.getlist(name):
                raw.update(self.single_counts(self.queryset_without(name).order_by(), [name]))
        raw["topic"] = self.topic_counts(self.queryset_without("topic").order_by())
        return self.label(raw)

    COLUMNS = {
        "kind": "event_kind",
        "country": "side_id",
        "speaker": "speaker_id",
        "publisher": "source__publisher_id",
    }

    def single_counts(self, qs, names):
        """{facet: [(key, count)]} for the single-valued facets `names`, in one GROUPING SETS
        query over the filtered rows."""
        columns = {n: self.COLUMNS[n] for n in names if n in self.COLUMNS}
        inner = qs.annotate(_year=ExtractYear("occurred_on"), _month=TruncMonth("occurred_on"))
        keys = list(columns.values())
        if "year" in names:
            keys += ["_year", "_month"]
        sql, params = sql_of(inner.values(*keys))
        aliases = [f"c{i}" for i in range(len(keys))]
        sets = [f"(c{i})" for i in range(len(keys))]
        grouping = ", ".join(f"GROUPING(c{i})" for i in range(len(keys)))
        rows = run(
            f"SELECT {grouping}, {', '.join(aliases)}, COUNT(*) FROM ({sql}) AS f"  # noqa: S608
            f"({', '.join(aliases)}) GROUP BY GROUPING SETS ({', '.join(sets)})",
            params,
        )
        names_in_order = [n for n in names if n in self.COLUMNS] + (
            ["year", "month"] if "year" in names else []
        )
        out = {name: [] for name in names_in_order}
        width = len(keys)
        for row in rows:
            flags, values, count = row[:width], row[width : 2 * width], row[-1]
            index = flags.index(0)  # the one column this row is grouped by
            if values[index] is not None:
                out[names_in_order[index]].append((values[index], count))
        return out

    def topic_counts(self, qs):
        sql, params = sql_of(qs.values("id"))
        return run(
            "SELECT link.topic_id, COUNT(*) FROM readouts_statement_topics AS link "  # noqa: S608
            f"WHERE link.statement_id IN ({sql}) GROUP BY link.topic_id",
            params,
        )

    def label(self, raw):
        return build_facets(self, raw, participant_name="speaker", participant_title="Speaker")


class EventFacets(FacetCounter):
    def compute(self):
        qs = self.filterset.qs.order_by()
        raw = self.event_counts(qs, with_kind=True)
        if self.query.getlist("kind"):
            raw["kind"] = self.event_counts(self.queryset_without("kind").order_by(), True)["kind"]
        raw["country"] = self.participant_counts(self.queryset_without("country"), "side_id")
        raw["actor"] = self.participant_counts(self.queryset_without("actor"), "actor_id")
        raw["topic"] = self.topic_counts(self.queryset_without("topic"))
        raw["publisher"] = self.publisher_counts(self.queryset_without("publisher"))
        return self.label(raw)

    def event_counts(self, qs, with_kind):
        inner = qs.annotate(_year=ExtractYear("occurred_on"), _month=TruncMonth("occurred_on"))
        sql, params = sql_of(inner.values("kind", "_year", "_month"))
        rows = run(
            "SELECT GROUPING(c0), GROUPING(c1), GROUPING(c2), c0, c1, c2, COUNT(*) "  # noqa: S608
            f"FROM ({sql}) AS f(c0, c1, c2) GROUP BY GROUPING SETS ((c0), (c1), (c2))",
            params,
        )
        out = {"kind": [], "year": [], "month": []}
        for g0, g1, _g2, kind, year, month, count in rows:
            if g0 == 0:
                out["kind"].append((kind, count))
            elif g1 == 0:
                out["year"].append((year, count))
            else:
                out["month"].append((month, count))
        return out

    def participant_counts(self, qs, column):
        sql, params = sql_of(qs.order_by().values("id"))
        return run(
            f"SELECT p.{column}, COUNT(DISTINCT p.event_id) FROM readouts_participant AS p "  # noqa: S608
            f"WHERE p.event_id IN ({sql}) AND p.{column} IS NOT NULL GROUP BY p.{column}",
            params,
        )

    def topic_counts(self, qs):
        sql, params = sql_of(qs.order_by().values("id"))
        statements = Statement.objects.visible_to(self.user).order_by().values("id", "event_id")
        ssql, sparams = sql_of(statements)
        return run(
            "SELECT link.topic_id, COUNT(DISTINCT s.event_id) "  # noqa: S608
            f"FROM ({ssql}) AS s(id, event_id) "
            "JOIN readouts_statement_topics AS link ON link.statement_id = s.id "
            f"WHERE s.event_id IN ({sql}) GROUP BY link.topic_id",
            [*sparams, *params],
        )

    def publisher_counts(self, qs):
        sql, params = sql_of(qs.order_by().values("id"))
        return run(
            "SELECT src.publisher_id, COUNT(DISTINCT src.event_id) FROM readouts_source AS src "  # noqa: S608
            f"WHERE src.event_id IN ({sql}) GROUP BY src.publisher_id",
            params,
        )

    def label(self, raw):
        return build_facets(self, raw, participant_name="actor", participant_title="Participant")


def build_facets(counter, raw, participant_name, participant_title):
    """Turn raw (key, count) pairs into labelled facets with toggle links. Three small look-ups
    name the actors, publishers and topics."""
    query = counter.query
    person_key = "speaker" if participant_name == "speaker" else "actor"
    actor_ids = {k for name in ("country", person_key) for k, _ in raw.get(name, [])}
    actors = Actor.objects.in_bulk(actor_ids) if actor_ids else {}
    publisher_ids = {k for k, _ in raw.get("publisher", [])}
    publishers = Publisher.objects.in_bulk(publisher_ids) if publisher_ids else {}
    topics = Topic.objects.in_bulk([k for k, _ in raw.get("topic", [])]) if raw.get("topic") else {}

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
                                  toggle_url(query, name, value, selected), detail_of(key)))  # fmt: skip
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


def year_facet(query, pairs):
    after, before = query.get("date_after", ""), query.get("date_before", "")
    out = []
    for year, count in sorted(pairs, key=lambda kc: -kc[0]):
        start, end = datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)
        selected = after == start.isoformat() and before == end.isoformat()
        out.append(FacetValue(str(year), str(year), count, selected,
                              date_url(query, start, end) if not selected else
                              clear_dates_url(query)))  # fmt: skip
    return Facet("year", "Year", out)


def clear_dates_url(query):
    query = query.copy()
    for key in ("page", "export", "date_after", "date_before"):
        query.pop(key, None)
    return "?" + query.urlencode()


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
    bars, day = [], first
    while day <= last:
        n = counts.get(day, 0)
        bars.append(Bar(day, n, date_url(query, day, month_end(day)),
                        f"{day:%B %Y}: {n} row{'s' if n != 1 else ''}"))  # fmt: skip
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    peak = max(b.count for b in bars) or 1
    width = 100 / len(bars)
    for i, bar in enumerate(bars):
        bar.x = round(i * width, 3)
        bar.height = round(max(60 * bar.count / peak, 1.5 if bar.count else 0), 2)
        bar.y = round(64 - bar.height, 2)
    return {"bars": bars, "width": round(width, 3), "first": first, "last": last, "peak": peak,
            "years": sorted({b.start.year for b in bars})}  # fmt: skip


def topics_over_time(filterset, limit=8):
    """The most frequent topics of the filtered statements, counted per year (or per month when
    the rows span 24 months or less): rows of a heat table."""
    qs = filterset.qs.order_by()
    sql, params = sql_of(qs.values("id", "occurred_on"))
    rows = run(
        "SELECT link.topic_id, date_trunc('month', s.occurred_on)::date, COUNT(*) "  # noqa: S608
        f"FROM ({sql}) AS s(id, occurred_on) "
        "JOIN readouts_statement_topics AS link ON link.statement_id = s.id "
        "GROUP BY 1, 2",
        params,
    )
    if not rows:
        return None
    months = sorted({m for _, m, _ in rows})
    span = (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
    by_month = span <= 24
    period = (lambda d: d) if by_month else (lambda d: d.replace(month=1))
    totals, cells = {}, {}
    for topic_id, month, n in rows:
        totals[topic_id] = totals.get(topic_id, 0) + n
        key = (topic_id, period(month))
        cells[key] = cells.get(key, 0) + n
    top = sorted(totals, key=lambda t: -totals[t])[:limit]
    names = Topic.objects.in_bulk(top)
    # Every period from the first to the last, empty ones included, so that time reads evenly.
    periods = [datetime.date(y, 1, 1) for y in range(months[0].year, months[-1].year + 1)]
    if by_month:
        periods = []
        day = months[0]
        while day <= months[-1]:
            periods.append(day)
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    peak = max(cells[(t, p)] for t in top for p in periods if (t, p) in cells) or 1
    query = filterset.data
    table = []
    for topic_id in top:
        topic = names.get(topic_id)
        if topic is None:
            continue
        row = []
        for p in periods:
            n = cells.get((topic_id, p), 0)
            end = month_end(p) if by_month else datetime.date(p.year, 12, 31)
            q = query.copy()
            q.setlist("topic", [topic.slug])
            row.append({"count": n, "shade": round(n / peak, 2),
                        "url": date_url(q, p, end) if n else ""})  # fmt: skip
        table.append({"topic": topic, "total": totals[topic_id], "cells": row})
    labels = [f"{p:%b %Y}" if by_month else str(p.year) for p in periods]
    return {"rows": table, "periods": labels, "by_month": by_month}
