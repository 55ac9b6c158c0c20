"""A list counted from its rows (a full-text search, say) counts its facets in a thread of its
own while the request reads its page (readouts/background.py): the same page as counted in
line, and in line inside a transaction, where another connection would not see its writes."""

import pytest
from django.core.cache import cache

from readouts import background, views

URLS = ["/statements/?q=trade", "/events/?q=trade", "/statements/?topic=trade&page=1"]


@pytest.fixture
def roles():
    """A transactional test empties the database after it: the groups and topics the data
    migrations made are made again before it."""
    from django.contrib.auth.models import Group, Permission

    from readouts.models import Topic
    from readouts.roles import sync_groups
    from readouts.taxonomy import sync_topics

    sync_groups(Group, Permission)
    sync_topics(Topic)


def shown(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    facets = {f.name: [(v.value, v.count) for v in f.values] for f in context["facets"]}
    return facets, [row.pk for row in context["rows"]], context["paginator"].count


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", URLS)
def test_facets_counted_in_a_thread_give_the_same_page(
    roles, analyst_client, world, url, monkeypatch
):
    started = []
    original = background.Background.__init__

    def spy(self, fn):
        started.append(fn)
        original(self, fn)

    monkeypatch.setattr(background.Background, "__init__", spy)
    apart = shown(analyst_client, url)
    assert started, "the facets were not counted in a thread"
    monkeypatch.setattr(views, "can_run_apart", lambda: False)
    started.clear()
    assert shown(analyst_client, url) == apart
    assert not started
    facets, rows, total = apart
    assert rows and total == len(rows) and facets


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_thread_reaches_the_request(roles, analyst_client, world, monkeypatch):
    from readouts.facets import StatementFacets

    def broken(self):
        raise RuntimeError("counting failed")

    monkeypatch.setattr(StatementFacets, "compute", broken)
    cache.clear()
    analyst_client.raise_request_exception = True
    with pytest.raises(RuntimeError, match="counting failed"):
        analyst_client.get("/statements/?q=trade")


def test_inside_a_transaction_the_facets_are_counted_in_line(analyst_client, world, monkeypatch):
    def refuse(self, fn):
        raise AssertionError("no thread inside a transaction")

    monkeypatch.setattr(background.Background, "__init__", refuse)
    assert shown(analyst_client, "/statements/?q=trade")[1]
