"""The lists keep their costly parts (the total and the facets) in the cache at the current
data version: a repeat visit counts nothing, and no change to the data, no other page or sort,
and no other audience ever gets a stale or foreign copy."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import grow, statement

LISTS = [
    "/statements/?country=CHN",
    "/statements/?q=trade",
    "/events/?country=CHN",
    "/events/?q=talks&kind=phone_call",
]
DATA_TABLES = re.compile(r'FROM "readouts_(statement|event)"|JOIN "readouts_(statement|event)"')
COUNTING = re.compile(r"^SELECT COUNT\(\*\)|GROUPING SETS|_rollup|^WITH m AS")


def visit(client, url, status=200):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, url
    return response, [q["sql"] for q in captured]


def rows_text(response):
    """The rendered list, without the sidebar and the form's one-time token."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html[html.index('<section class="results"') :]


@pytest.mark.parametrize("url", LISTS)
def test_a_repeat_visit_counts_nothing(analyst_client, world, url):
    grow(world, 3)
    first, sql = visit(analyst_client, url)
    assert any(COUNTING.search(q) for q in sql)
    again, sql = visit(analyst_client, url)
    assert not [q for q in sql if COUNTING.search(q)]
    assert rows_text(again) == rows_text(first)
    assert again.context["paginator"].count == first.context["paginator"].count


def test_another_sort_reads_its_rows_but_not_the_total_again(analyst_client, world):
    grow(world, 3)
    visit(analyst_client, "/statements/?country=CHN")
    response, sql = visit(analyst_client, "/statements/?country=CHN&sort=date")
    assert not [q for q in sql if q.startswith("SELECT COUNT(*) FROM (")]  # the total
    assert any('FROM "readouts_statement"' in q for q in sql)  # the rows in the new order
    dates = [s["occurred_on"] for s in response.context["rows"]]
    assert dates == sorted(dates)


def test_each_page_is_its_own(analyst_client, world, settings):
    grow(world, 6)
    settings.PAGE_SIZE = 4
    one, _ = visit(analyst_client, "/statements/")
    two, _ = visit(analyst_client, "/statements/?page=2")
    first_ids = {s["pk"] for s in one.context["rows"]}
    second_ids = {s["pk"] for s in two.context["rows"]}
    assert first_ids and second_ids and not first_ids & second_ids
    again, _ = visit(analyst_client, "/statements/?page=2")
    assert rows_text(again) == rows_text(two)


@pytest.mark.parametrize("url", ["/statements/?country=CHN", "/events/?country=CHN"])
def test_a_change_shows_on_the_next_visit(analyst_client, world, url):
    before, _ = visit(analyst_client, url)
    visit(analyst_client, url)  # cached now
    statement(world["call"], "A statement added a moment ago.", world["wang"], world["chn"])
    after, sql = visit(analyst_client, url)
    assert any(DATA_TABLES.search(q) for q in sql)  # counted and read again
    if url.startswith("/statements/"):
        assert "A statement added a moment ago." in rows_text(after)
        assert after.context["paginator"].count == before.context["paginator"].count + 1
    else:  # the event's statement total moved
        assert rows_text(after) != rows_text(before)


@pytest.mark.parametrize("url", ["/statements/", "/events/", "/statements/?q=draft"])
def test_an_analyst_never_gets_the_copy_an_editor_saw(world, analyst, editor, url):
    as_editor, as_analyst = Client(), Client()
    as_editor.force_login(editor)
    as_analyst.force_login(analyst)
    seen, _ = visit(as_editor, url)
    assert "draft" in rows_text(seen).lower()
    shown, _ = visit(as_analyst, url)
    assert "A draft statement about trade." not in rows_text(shown)
    assert "Draft call, not yet checked" not in rows_text(shown)
    assert shown.context["paginator"].count == seen.context["paginator"].count - 1


def test_bad_filters_are_never_cached_as_rows(analyst_client, world):
    bad, _ = visit(analyst_client, "/statements/?date_after=yesterday", status=400)
    assert "These filters cannot be applied" in bad.content.decode()
    good, _ = visit(analyst_client, "/statements/?date_after=2020-01-01")
    assert "These filters cannot be applied" not in good.content.decode()
    assert "Trade reached a new high." in rows_text(good)


@pytest.mark.parametrize("sort", ["relevance", "date", "-speaker"])
def test_a_search_page_holds_the_rows_of_the_ranked_order(analyst_client, world, settings, sort):
    """The pages of a search hold the rows of its order, each with its snippet."""
    from django.http import QueryDict

    from readouts.browse.filters import StatementFilterSet
    from readouts.models import Statement

    grow(world, 5)
    statement(world["call"], "Trade, trade and trade again: trade.", world["wang"], world["chn"])
    settings.PAGE_SIZE = 3
    query = f"q=trade&sort={sort}"
    filterset = StatementFilterSet(QueryDict(query), queryset=Statement.objects.public())
    expected = list(filterset.qs.values_list("pk", flat=True))
    assert len(expected) > 6
    shown = []
    for number in (1, 2, 3):
        response, _ = visit(analyst_client, f"/statements/?{query}&page={number}")
        rows = list(response.context["rows"])
        assert all(row["snippet"] for row in rows)
        shown += [row["pk"] for row in rows]
    assert shown == expected[:9]
    if sort == "relevance":
        assert shown[0] == Statement.objects.get(text__startswith="Trade, trade and").pk
