"""Facets as the list pages show them: each value with its label, count and the link that adds
(or removes) it; the timeline; the topics over time."""

import calendar
import datetime
import functools
import urllib.parse
from dataclasses import dataclass, field

from ...choices import EventKind
from ...models import Actor, Publisher, Topic

MAX_VALUES = 12  # shown at once; the rest behind "more"
MAX_MORE = 60  # listed at most (and those in use): a reader scans no more
HEAT_MONTHS = 24  # the topics over time are per month up to this span, else per year
# The topics over time open on the latest periods (as many as a laptop's width shows); the
# earlier ones unfold on demand.
HEAT_RECENT_YEARS, HEAT_RECENT_MONTHS = 8, 12
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    name: str  # the parameter it sets
    title: str
    values: list = field(default_factory=list)

    @property
    def in_use(self):
        """A value of it is chosen: its counts leave its own filter out (disjunctive)."""
        return any(v.selected for v in self.values)

    @property
    def shown(self):
        return self.values[:MAX_VALUES]

    @property
    def more(self):
        return self.values[MAX_VALUES:]


class Links:
    """The list URLs a list page's facets, bars and cells link to (hundreds of them): its query
    with some parameters changed (each in its place, new ones at the end), without its page.
    The parameters that stay are encoded once."""

    def __init__(self, query):
        self.query = query
        self.params = [
            (key, [encode(key, value) for value in values])
            for key, values in query.lists()
            if key not in ("page", "export")
        ]

    def url(self, changes):
        parts, done = [], set()
        for key, encoded in self.params:
            if key in changes:
                encoded = [encode(key, value) for value in changes[key]]
                done.add(key)
            parts += encoded
        parts += [encode(k, v) for k, values in changes.items() if k not in done for v in values]
        return "?" + "&".join(parts)

    def toggle(self, name, value, selected):
        """The list URL with `value` added to (or, if selected, removed from) `name`, whose
        values may be repeated or comma-separated."""
        current = [v for part in self.query.getlist(name) for v in part.split(",") if v.strip()]
        values = [v for v in current if v.strip().upper() != value.upper()]
        return self.url({name: values if selected else [*values, value]})

    def dates(self, start, end, **changes):
        """The list URL narrowed to the days from `start` to `end` (and `changes`)."""
        dates = {"date_after": [start.isoformat()], "date_before": [end.isoformat()]}
        return self.url({**changes, **dates})


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@functools.lru_cache(maxsize=4096)
def encode(key, value):
    """`key=value` in a query string. A timeline and the topics over time link to hundreds of
    dates, and quoting each anew was most of their cost."""
    return f"{urllib.parse.quote_plus(key)}={urllib.parse.quote_plus(value)}"


def selected_values(query, name):
    return {v.strip().upper() for part in query.getlist(name) for v in part.split(",") if v.strip()}


@dataclass(frozen=True)
class Named:
    """A record as a facet names it."""

    pk: int
    slug: str
    name: str
    code: str | None = None


def names(raw, person, topic_ids=()):
    """(actors, topics, publishers): the records the counts `raw` name, by id, read in three
    small queries (and the topics `topic_ids` too)."""

    def read(model, ids, *columns):
        found = model.objects.filter(pk__in=ids).values_list("pk", *columns)
        return {pk: Named(pk, *values) for pk, *values in found}

    actor_ids = {k for name in ("country", person) for k, _ in raw.get(name, [])}
    topic_ids = {k for k, _ in raw.get("topic", [])} | set(topic_ids)
    return (
        read(Actor, actor_ids, "slug", "name", "code"),
        read(Topic, topic_ids, "slug", "name"),
        read(Publisher, {k for k, _ in raw.get("publisher", [])}, "slug", "name"),
    )


def build_facets(filterset, raw, person, person_title, named):
    """{facets, years, months}: the raw (key, count) pairs of each facet as values with labels
    and links, most frequent first, named from `named` (names()). `person`: the parameter of
    the people's facet (speaker, actor)."""
    query = filterset.data
    actors, topics, publishers = named
    links = Links(query)
    kinds = dict(EventKind.choices)

    def facet(name, title, named):
        chosen, values = selected_values(query, name), []
        for key, count in sorted(raw.get(name, []), key=lambda kc: (-kc[1], str(kc[0]))):
            found = named(key)
            if found is not None:
                value, label = found
                selected = value.upper() in chosen
                url = links.toggle(name, value, selected)
                values.append(FacetValue(value, label, count, selected, url))
        return Facet(name, title, values)

    def slug_name(record):
        return (record.slug, record.name) if record is not None else None

    facets = [
        facet("kind", "Kind" if person == "actor" else "Kind of event",
              lambda k: (k, kinds.get(k, k))),
        facet("country", "Country",
              lambda k: (a.code, a.name) if (a := actors.get(k)) and a.code else None),
        facet(person, person_title, lambda k: slug_name(actors.get(k))),
        facet("topic", "Topic", lambda k: slug_name(topics.get(k))),
        facet("publisher", "Publisher", lambda k: slug_name(publishers.get(k))),
        years := year_facet(query, raw.get("year", [])),
    ]  # fmt: skip
    return {
        "facets": [f for f in facets if f.values],
        "months": month_facet(query, raw.get("month", [])),
        "years": years,
    }


TRIMMED = ("kind", "country", "speaker", "actor", "topic", "publisher")


def trimmed(filterset, name, pairs):
    """The MAX_MORE most frequent values of a facet, and those in use whatever their count:
    a facet lists no more than a reader can scan (a thousand speakers would not help), and
    the labels and links are made for those only."""
    if name not in TRIMMED or len(pairs) <= MAX_MORE:
        return pairs
    in_use = {getattr(v, "pk", v) for v in filterset.form.cleaned_data.get(name) or ()}
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


HEAT_TOPICS = 8


def heat_topics(pairs):
    """The ids of the topics the topics over time show: the most frequent in `pairs`."""
    totals = {}
    for (topic_id, _), n in pairs:
        totals[topic_id] = totals.get(topic_id, 0) + n
    return sorted(totals, key=lambda t: (-totals[t], t))[:HEAT_TOPICS], totals


def heat_table(query, pairs, names, yearly=False):
    """The most frequent topics, counted per year (or per month when the rows span 24 months or
    less): rows of a heat table, each cell a link to that topic in that period, and how many
    of the first periods are folded away (`earlier`). `pairs` are
    ((topic id, month), count); `names`: the topics by id; `yearly`: the months are already
    years (their 1 January), the rows spanning more than 24 months."""
    if not pairs:
        return None
    top, totals = heat_topics(pairs)
    cells, months = {}, sorted({month for (_, month), _ in pairs})
    span = (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month + 1
    by_month = span <= HEAT_MONTHS and not yearly
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
            row.append({"count": n, "shade": max(1, round(10 * n / peak)) if n else 0,
                        "url": links.dates(p, end, topic=[topic.slug]) if n else ""})  # fmt: skip
        table.append({"topic": topic, "total": totals[topic_id], "cells": row})
    labels = [f"{p:%b %Y}" if by_month else str(p.year) for p in periods]
    recent = HEAT_RECENT_MONTHS if by_month else HEAT_RECENT_YEARS
    # earlier: how many of the first periods are folded away
    return {"rows": table, "periods": labels, "by_month": by_month,
            "earlier": max(0, len(periods) - recent)}  # fmt: skip
