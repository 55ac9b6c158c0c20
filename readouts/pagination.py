"""Pages of a list whose total is counted exactly up to a limit and estimated beyond it.

Counting 40,000 matching rows costs more than fetching the 50 shown; past `limit` rows the
total comes from the planner's estimate, and the page says "about". The total is kept in the
shared cache at the current data version, keyed by the count's own SQL: every page and every
sort of a filter share it, and any change to the data counts again.
"""

import json

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import SimpleLazyObject, cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, limit=None, count_from=None, exact_total=None,
                 known_total=None, **kwargs):  # fmt: skip
        super().__init__(object_list, per_page, **kwargs)
        # The total when the caller counted it already (the facets' counts): (total, exact).
        self.known_total = known_total
        self.limit = limit or settings.EXACT_COUNT_LIMIT
        self.exact = True
        # A cheaper way to the exact total, when there is one (None when it cannot answer).
        self.exact_total = exact_total
        # The rows to count, as bare ids: no annotation the page needs (a search snippet, say)
        # may be computed for every matching row.
        base = count_from if count_from is not None else object_list
        self.count_from = base.order_by().values("pk")

    @cached_property
    def count(self):
        from . import cache

        if self.known_total is not None:
            total, self.exact = self.known_total
            if self.exact or total > self.limit:
                return total
            # An estimate below the limit: count exactly instead, as the limit promises.
        sql, params = self.count_from.query.sql_with_params()
        total, self.exact = cache.remember(("count", self.limit, sql, params), self.total)
        return total

    def total(self):
        """(total, exact): counted up to the limit, estimated past it."""
        if self.exact_total is not None and (total := self.exact_total()) is not None:
            return total, True
        counted = self.count_from[: self.limit + 1].count()
        if counted <= self.limit:
            return counted, True
        return max(self.estimate(), self.limit + 1), False

    def estimate(self):
        plan = json.loads(self.count_from.explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])


class Rows(list):
    """A window's rows, and their HTML when written ahead: (writer, html)."""

    written = None


class Windowed:
    """Rows read a window (a slice) at a time, lazily, like a queryset's slice, and kept: a
    window read ahead (prefetch) serves the page's own slice of it, and can be written out
    ahead by `writer` (a fragment of fragments.py, which then gives what it wrote)."""

    ordered = True
    writer = None
    # Its page may sort every match (a search's), in a plan PostgreSQL may run in parallel.
    sorts_every_match = False

    def __getitem__(self, window):
        """The rows in `window`, read when first used."""
        if not isinstance(window, slice):
            return self[window : window + 1][0]
        return SimpleLazyObject(lambda: self.window_rows(window))

    def prefetch(self, window, write=False):
        rows = self.window_rows(window)
        if write and self.writer is not None and isinstance(rows, Rows):
            rows.written = (self.writer, self.writer(rows))

    def window_rows(self, window):
        read = self.__dict__.setdefault("read_windows", {})
        start = window.start or 0
        for (first, stop), rows in read.items():
            if first == start and window.stop is not None and window.stop <= stop:
                return rows if window.stop == stop else rows[: window.stop - start]
        rows = Rows(self.fetch(window))
        read[(start, window.stop)] = rows
        return rows


class PickThenRead(Windowed):
    """A page's rows chosen by a narrow query (their ids, in the list's order), then read in
    full by id. A ranked search sorts every match by rank: sorting bare ids and ranks is about
    twice as fast as sorting whole rows with their joins, and the snippet is computed for the
    rows shown only."""

    sorts_every_match = True

    def __init__(self, ordered_queryset, read, ranked=None, writer=None):
        self.ordered_queryset = ordered_queryset
        self.read = read  # ids -> queryset of those rows, with what the page shows
        self.ranked = ranked  # the search, when the list is in order of relevance
        self.writer = writer

    def fetch(self, window):
        from . import ranking

        ids = None
        if self.ranked is not None and window.stop is not None and ranking.rum_ready():
            ids = ranking.ranked_ids(self.ordered_queryset, self.ranked, window)
        if ids is None:
            ids = list(self.ordered_queryset.values_list("pk", flat=True)[window])
        rows = {row.pk: row for row in self.read(ids)} if ids else {}
        return [rows[pk] for pk in ids if pk in rows]


def paginate(request, queryset, per_page=None, count_from=None, exact_total=None,
             known_total=None):  # fmt: skip
    """(paginator, page, error): the requested page of `queryset`, or no page and a message
    for a page that does not exist. Never raises for what a user typed."""
    paginator = CappedPaginator(
        queryset, per_page or settings.PAGE_SIZE, count_from=count_from, exact_total=exact_total,
        known_total=known_total,
    )  # fmt: skip
    raw = request.GET.get("page", "1").strip() or "1"
    try:
        number = paginator.validate_number(raw)
    except PageNotAnInteger:
        return paginator, None, f"“{raw[:40]}” is not a page number."
    except EmptyPage:
        return (
            paginator,
            None,
            (
                f"There is no page {raw[:40]}: this list has "
                f"{'about ' if not paginator.exact else ''}{paginator.num_pages} "
                f"page{'s' if paginator.num_pages != 1 else ''}."
            ),
        )
    page = paginator.page(number)
    if number > 1 and not paginator.exact and not page.object_list:  # past an estimated end
        return paginator, None, f"There is no page {number}: the list ends earlier."
    return paginator, page, None
