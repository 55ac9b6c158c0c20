"""Pages of a list whose total is counted once per filter (with its facets, see facets/), and
exactly only up to a limit: past it, the total is PostgreSQL's estimate and the page says
"about"."""

import json

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property


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


class CountedPaginator(Paginator):
    """A paginator given its total, exact or estimated, rather than counting it."""

    def __init__(self, object_list, per_page, total, exact=True):
        super().__init__(object_list, per_page)
        self.total, self.exact = total, exact

    @cached_property
    def count(self):
        return self.total


def paginate(request, rows, total, exact=True):
    """(paginator, page, error): the requested page of `rows` among `total`, or no page and a
    message for a page that does not exist. Never raises for what a user typed."""
    paginator = CountedPaginator(rows, settings.PAGE_SIZE, total, exact)
    raw = request.GET.get("page", "1").strip() or "1"
    try:
        number = paginator.validate_number(raw)
    except PageNotAnInteger:
        return paginator, None, f"“{raw[:40]}” is not a page number."
    except EmptyPage:
        about = "about " if not exact else ""
        pages = paginator.num_pages
        return paginator, None, (
            f"There is no page {raw[:40]}: this list has {about}{pages} "
            f"page{'s' if pages != 1 else ''}."
        )  # fmt: skip
    page = paginator.page(number)
    if number > 1 and not exact and not page.object_list:  # past an estimated end
        return paginator, None, f"There is no page {number}: the list ends earlier."
    return paginator, page, None
