"""Counting the facets and the total of a list's filter: from the monthly counts where the filter
allows it (rollups.py), else from the matching rows (rows.py). A facet in use is counted without
its own filter ("disjunctive" facets), so that its other values stay visible and can be added.
The number of queries is fixed: it does not grow with the data."""

from django.conf import settings
from django.db.models import Max, Min

from ...models import can_see_drafts
from ..pagination import count_capped
from .presentation import build_facets, heat_table, heat_topics, names, trimmed
from .rollups import (
    ROLLUP_FILTERS,
    in_edges,
    merged,
    month_end,
    rollup_counts,
    whole_months,
)
from .rows import EVENT_BRANCHES, event_counts, statement_counts, years_from_months


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
        one), else counted (estimated past a limit: pagination.count_capped)."""
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
