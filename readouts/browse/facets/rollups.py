"""Facet counts from the monthly counts PostgreSQL keeps (migration 0012).

A list filtered by nothing but its countries and dates, as an analyst sees it, counts its
facets from the monthly counts for the whole months of its range, and from the rows
themselves for the days at either end outside them.
"""

import calendar
import datetime
from dataclasses import dataclass

from .rows import run

MAX_MORE = 60  # the most frequent people kept, as presentation.trimmed keeps them
HEAT_MONTHS = 24  # the topics over time are per month up to this span, else per year


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


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
