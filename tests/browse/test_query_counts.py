"""Every list, page and export runs a fixed number of queries, whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readouts.cache import bump
from tests.factories import grow, statement


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018
    assert response.status_code == 200, url
    return len(captured)


URLS = [
    "/",
    "/events/",
    "/events/?country=CHN&kind=phone_call&topic=trade&q=trade&sort=title",
    "/events/?readouts=2&country=RUS",
    "/events/?sort=-statements",
    "/statements/",
    "/statements/?q=trade&country=CHN&topic=security&speaker=wang-yi&sort=relevance",
    "/statements/?q=ukraine+talks&country=RUS",
    "/statements/?country=CHN&date_after=2022-02-10",
    "/statements/?country=CHN&country=RUS&sort=-country",
    "/statements/?sort=speaker",
    "/events/?export=csv",
    "/events/?export=json",
    "/events/?export=xlsx",
    "/statements/?export=csv",
    "/statements/?export=json&topic=trade",
    "/statements/?export=xlsx",
    "/actors/wang-yi/",
    "/actors/china/",
    "/topics/trade/",
    "/pairs/CHN-RUS/",
    "/pairs/CHN-RUS/?date_after=2022-02-10&date_before=2023-12-31",
]


@pytest.mark.parametrize("url", URLS)
def test_the_number_of_queries_does_not_grow_with_the_data(analyst_client, world, url):
    # Once before measuring: the first request of a session writes it (the idle-timeout's
    # timestamp), which would count as growth when this test runs first.
    analyst_client.get(url)
    grow(world, 2)
    small = queries(analyst_client, url)
    grow(world, 25)
    assert queries(analyst_client, url) == small


# Session, user, permissions (4); the saved searches of the menu; the user's columns; the data
# version; filter validation; the facets (one pass over the rows, one more per facet in use) and their labels;
# the page's rows and their prefetches; the filter form's suggestions. An export: the same
# up to validation, the export quota's count, the row count, the audit entry, the rows.
BOUNDS = {"/events/": 31, "/statements/": 31, "export": 12}


def bound(url):
    if "export=" in url:
        return BOUNDS["export"]
    return BOUNDS.get(url.split("?")[0], 16)


@pytest.mark.parametrize("url", URLS)
def test_every_page_and_export_stays_under_a_bound(
    analyst_client, world, url, django_assert_max_num_queries
):
    grow(world, 10)
    with django_assert_max_num_queries(bound(url)):
        response = analyst_client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)


def test_page_size_does_not_change_the_query_count(analyst_client, world, settings):
    grow(world, 20)
    settings.PAGE_SIZE = 5
    few = queries(analyst_client, "/statements/")
    bump()  # every count and fragment afresh
    settings.PAGE_SIZE = 200
    assert queries(analyst_client, "/statements/") == few


@pytest.mark.parametrize("url", ["/statements/?country=CHN", "/events/?country=CHN"])
def test_facets_are_counted_once_per_filter_until_the_data_changes(analyst_client, world, url):
    first = queries(analyst_client, url)
    again = queries(analyst_client, url + "&page=1&sort=date")
    assert queries(analyst_client, url) < first  # the facets come from the cache
    assert again <= first
    statement(
        world["call"],
        "A fresh statement on trade.",
        world["wang"],
        world["chn"],
        topics=[world["trade"]],
    )
    response = analyst_client.get(url)
    facets = {f.name: {v.label: v.count for v in f.values} for f in response.context["facets"]}
    assert queries(analyst_client, url) < first
    if url.startswith("/statements/"):
        assert facets["topic"]["Trade"] == 2  # counted again after the change


def test_detail_pages_run_a_fixed_number_of_queries(analyst_client, world):
    call = world["call"]
    small = queries(analyst_client, f"/events/{call.pk}/")
    for i in range(20):
        statement(call, f"More words {i}.", world["wang"], world["chn"], topics=[world["trade"]])
    assert queries(analyst_client, f"/events/{call.pk}/") == small
    assert queries(analyst_client, f"/statements/{world['s1'].pk}/") <= 12
