"""The monthly facet counts PostgreSQL keeps (migration 0012): a list filtered by countries and
dates counts from them exactly what it would count from the rows, before and after the records
change, whichever path changes them."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from readouts.browse.facets import counting, presentation
from readouts.choices import Status
from readouts.models import Event, Participant, Statement, Topic

pytestmark = pytest.mark.django_db

FILTERS = [
    "",
    "date_after=2015-01-01",
    "date_after=2015-01-01&date_before=2019-12-31",
    "date_after=2012-03-17&date_before=2020-08-09",  # partial months at both ends
    "date_before=2010-06-30",
    "date_after=2024-02-10",
    "country=CHN",
    "country=CHN&date_after=2018-01-01",
    "country=RUS&date_after=2011-05-20&date_before=2019-02-03",
    "country=CHN,USA&date_after=2016-01-01",  # two countries: the events count from the rows
    "country=USA&date_after=2020-01-01&date_before=2020-01-31",  # one whole month
    "date_after=2020-01-05&date_before=2020-01-20",  # no whole month: from the rows
    # Bounds beyond the rows' dates, on days inside months: as good as the months at the ends
    "country=CHN&date_after=1900-02-11&date_before=2099-03-17",
    "country=RUS&date_before=2101-11-09",
    "country=USA&date_after=1999-12-14",
    "country=CHN&date_after=2090-01-13",  # after every row
    "country=RUS&date_before=1950-05-05",  # before every row
    # The topics over time per month (24 months or less) and per year, partial months too
    "country=CHN&date_after=2019-03-01&date_before=2021-02-28",
    "country=CHN&date_after=2019-03-01&date_before=2021-03-31",
    "country=USA&date_after=2018-07-09&date_before=2020-06-20",
    "country=USA&date_after=2018-07-09&date_before=2020-07-20",
]


@pytest.fixture
def corpus(db):
    call_command("generate", "--events", "120", "--statements", "900", "--drafts", "0.1",
                 "--quiet")  # fmt: skip


def seen(client, path):
    """What the list shows of its facets: each facet's values and counts, the months, the
    topics over time, and whether they are estimates."""
    cache.clear()
    context = client.get(path).context
    shown = {f.name: sorted((v.value, v.count) for v in f.values) for f in context["facets"]}
    bars = [(b.start, b.count) for b in (context["months"] or {}).get("bars", [])]
    heat = context.get("heat")
    cells = (
        [(r["topic"].pk, [(c["count"], c["url"]) for c in r["cells"]]) for r in heat["rows"]]
        if heat
        else []
    )
    periods = (heat["periods"], heat["by_month"]) if heat else None
    return shown, bars, cells, periods, context["facets_estimated"]


def from_rows(monkeypatch, client, path):
    with monkeypatch.context() as patch:
        patch.setattr(counting.FacetCounter, "rollup_months", lambda self: None)
        return seen(client, path)


def assert_same_everywhere(monkeypatch, client):
    heat_per = set()  # the topics over time seen per month, per year
    for list_path in ("/statements/", "/events/"):
        for query in FILTERS:
            path = f"{list_path}?{query}"
            shown = seen(client, path)
            assert shown == from_rows(monkeypatch, client, path), path
            if shown[3] is not None:
                heat_per.add(shown[3][1])
    assert heat_per == {True, False}


def test_the_counts_from_the_rollups_equal_those_from_the_rows(corpus, analyst_client, monkeypatch):
    assert_same_everywhere(monkeypatch, analyst_client)


def test_the_people_trimmed_in_the_query_are_those_trimmed_from_the_rows(
    corpus, analyst_client, monkeypatch
):
    # A facet lists its MAX_MORE most frequent values; the monthly counts trim the people in
    # their query. Three, so that ties and the order between equal counts are put to the test.
    monkeypatch.setattr(counting, "MAX_MORE", 3)
    monkeypatch.setattr(presentation, "MAX_MORE", 3)
    assert_same_everywhere(monkeypatch, analyst_client)


def test_they_stay_equal_as_editors_change_the_records(corpus, analyst_client, monkeypatch):
    # Unpublish some events, unpublish and delete some statements, move a statement to
    # another event, change topics, add and remove participants.
    events = list(Event.objects.published().order_by("pk")[:6])
    Event.objects.filter(pk__in=[e.pk for e in events[:2]]).set_status(Status.DRAFT)
    Statement.objects.filter(pk__in=list(
        Statement.objects.filter(event=events[2]).values_list("pk", flat=True)[:3]
    )).set_status(Status.DRAFT)  # fmt: skip
    Statement.objects.filter(event=events[3]).delete()
    moved = Statement.objects.filter(event=events[4]).first()
    moved.event, moved.source = events[5], None
    moved.save()
    topic = Topic.objects.order_by("pk").last()
    for statement in Statement.objects.filter(event=events[5]):
        statement.topics.add(topic)
    Participant.objects.filter(event=events[5]).first().delete()
    Event.objects.filter(pk=events[4].pk).update(occurred_on=datetime.date(2013, 7, 4))
    assert_same_everywhere(monkeypatch, analyst_client)
    events[0].delete()
    assert_same_everywhere(monkeypatch, analyst_client)


def test_the_rollups_hold_what_a_rebuild_gives(corpus):
    Event.objects.filter(pk__in=Event.objects.order_by("pk").values("pk")[:3]).set_status(
        Status.DRAFT
    )

    def snapshot():
        with connection.cursor() as cursor:
            out = {}
            for table in ("readouts_statement_rollup", "readouts_event_rollup"):
                cursor.execute(f"SELECT side_id, month, facet, key, n FROM {table} WHERE n <> 0")  # noqa: S608
                out[table] = sorted(cursor.fetchall())
            return out

    kept = snapshot()
    with connection.cursor() as cursor:
        cursor.execute("SELECT readouts_rebuild_rollups()")
    assert snapshot() == kept


def test_only_countries_and_dates_read_the_rollups(corpus, analyst_client, editor, monkeypatch):
    from django.test import Client

    editor_client = Client()
    editor_client.force_login(editor)
    calls = []
    original = counting.rollup_rows

    def spy(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(counting, "rollup_rows", spy)
    analyst_client.get("/statements/?country=CHN&date_after=2015-01-01")
    # The facets (whose months give the total), and the country facet counted without its
    # own filter.
    assert calls == ["readouts_statement_rollup"] * 2
    calls.clear()
    cache.clear()
    for path in ("/statements/?kind=meeting", "/statements/?q=trade",
                 "/events/?country=CHN,RUS", "/events/?topic=trade"):  # fmt: skip
        analyst_client.get(path)
    cache.clear()
    editor_client.get("/statements/?country=CHN")  # an editor sees drafts: from the rows
    assert calls == []


def test_whole_months_of_a_range():
    d = datetime.date
    months = counting.whole_months(d(2020, 1, 15), d(2020, 4, 10))
    assert (months.first, months.last) == (d(2020, 2, 1), d(2020, 3, 1))
    assert months.edges == [(d(2020, 1, 15), d(2020, 1, 31)), (d(2020, 4, 1), d(2020, 4, 10))]
    months = counting.whole_months(d(2020, 1, 1), d(2020, 12, 31))
    assert (months.first, months.last, months.edges) == (d(2020, 1, 1), d(2020, 12, 1), [])
    assert counting.whole_months(d(2020, 1, 2), d(2020, 1, 30)) is None
    assert counting.whole_months(d(2020, 2, 1), d(2020, 2, 29)).edges == []
    months = counting.whole_months(None, None)
    assert (months.first, months.last, months.dated, months.edges) == (None, None, False, [])
    months = counting.whole_months(None, d(2021, 3, 3))
    assert months.last == d(2021, 2, 1) and months.dated
    assert months.edges == [(d(2021, 3, 1), d(2021, 3, 3))]


def test_truncating_the_records_empties_their_counts_and_copies(corpus):
    # What `manage.py flush` and the browser tests do between two tests: TRUNCATE sends no
    # row to the triggers, so the copies are worked out again from what is left.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending checks
        cursor.execute("TRUNCATE readouts_statement CASCADE")
        cursor.execute("SELECT count(*) FROM readouts_statement_rollup WHERE n <> 0")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM readouts_event WHERE topic_ids <> '{}'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM readouts_event_rollup WHERE facet = 'topic'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("TRUNCATE readouts_event CASCADE")
        cursor.execute("SELECT count(*) FROM readouts_event_rollup")
        assert cursor.fetchone()[0] == 0


def test_a_country_list_total_is_exact_from_the_counts(corpus, analyst_client, monkeypatch):
    from django.conf import settings

    monkeypatch.setattr(settings, "EXACT_COUNT_LIMIT", 5)  # rows would only be estimated
    for list_path in ("/statements/", "/events/"):
        for query in FILTERS:
            if "country=" not in query or ("," in query and list_path == "/events/"):
                continue
            cache.clear()
            context = analyst_client.get(f"{list_path}?{query}").context
            paginator = context["paginator"]
            filterset = context["filter"]
            assert paginator.count == filterset.qs.count(), (list_path, query)
            assert paginator.exact, (list_path, query)
