"""A search in order of relevance, through the RUM index where the server has it
(search.py), and the ordinary way where it does not: the same rows in the same order."""

import datetime
import re

import pytest
from django.db import connection

from readouts.browse import search
from readouts.browse.filters import search_query
from tests.browse.test_filters import run
from tests.factories import event, statement


@pytest.fixture
def rum(db):
    if not search.rum_ready():
        pytest.skip("this server has no RUM extension: searches are ranked the ordinary way")


@pytest.fixture
def many(world):
    """Forty statements that mention grain once, twice or three times (ties in plenty), on
    eight dates, two of them on the same day."""
    days = [datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * i) for i in range(7)]
    days.append(days[3])
    calls = [event(f"Call {i}", day=day) for i, day in enumerate(days)]
    for i in range(40):
        words = " ".join(["grain"] * (1 + i % 3))
        statement(calls[i % 8], f"Remark {i}: {words} exports.", world["wang"], world["chn"])
    return calls


def ranked(query, user):
    from readouts.browse.filters import StatementFilterSet
    from readouts.models import Statement

    filterset = run(StatementFilterSet, query, user, Statement.objects.visible_to(user))
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def order_of(queryset):
    return list(queryset.values_list("pk", flat=True))


def test_through_the_index_the_order_is_that_of_ts_rank_ties_newest_first(
    rum, many, analyst, monkeypatch
):
    through_index = ranked("q=grain", analyst)
    assert "<=>" in str(through_index.query)
    monkeypatch.setattr(search, "rum_ready", lambda: False)
    ordinary = ranked("q=grain", analyst)
    assert "<=>" not in str(ordinary.query)
    assert order_of(through_index) == order_of(ordinary)
    # Three mentions first, then two, then one; newest first within each.
    rows = list(through_index)
    assert rows[0].text.count("grain") == 3 and rows[-1].text.count("grain") == 1
    for earlier, later in zip(rows, rows[1:], strict=False):
        if earlier.text.count("grain") == later.text.count("grain"):
            assert (earlier.occurred_on, earlier.pk) > (later.occurred_on, later.pk)


def test_the_list_pages_are_the_same_with_the_index_and_without(
    rum, many, analyst_client, monkeypatch, settings
):
    settings.PAGE_SIZE = 7  # pages that end inside groups of equals
    pages = {}
    for with_index in (True, False):
        monkeypatch.setattr(search, "rum_ready", lambda with_index=with_index: with_index)
        for page in range(1, 7):
            response = analyst_client.get(f"/statements/?q=grain&page={page}&date_before="
                                          f"{2030 + with_index}-01-01")  # fmt: skip
            assert response.status_code == 200
            pages[with_index, page] = [row["pk"] for row in response.context["rows"]]
    for page in range(1, 7):
        assert pages[True, page] == pages[False, page]
    assert sum(len(pages[True, page]) for page in range(1, 7)) == 40


@pytest.mark.parametrize("at_least", [1, 12, 2_000])
def test_pages_read_from_the_index_hold_the_rows_of_the_whole_order(
    rum, many, analyst, monkeypatch, at_least
):
    # Few read: most pages end among equals not all read, and are read the ordinary way.
    monkeypatch.setattr(search, "NEAREST_AT_LEAST", at_least)
    queryset = ranked("q=grain", analyst)
    ordinary = order_of(queryset)
    rows = search.RankedRows(queryset.values("pk"), search_query("grain"))
    pages = [[row["pk"] for row in rows[start : start + 7]] for start in range(0, 42, 7)]
    assert sum(pages, []) == ordinary
    from_index = [rows.page_ids(start, start + 7) for start in range(0, 42, 7)]
    if at_least == 1:
        assert rows.page_ids(0, 2) is None  # the page ends in 13 equals, 4 x 2 were read
    if at_least == 2_000:
        assert None not in from_index  # every match read


def test_without_the_index_a_search_is_ranked_by_ts_rank(many, analyst, monkeypatch):
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F

    monkeypatch.setattr(search, "rum_ready", lambda: False)
    rows = list(
        ranked("q=grain", analyst).annotate(rank=SearchRank(F("search"), search_query("grain")))
    )
    assert all(row.rank > 0 for row in rows)
    assert [row.rank for row in rows] == sorted((row.rank for row in rows), reverse=True)
    assert rows[0].text.count("grain") == 3


def test_the_index_is_added_only_where_the_extension_is_available():
    class Cursor:
        def __init__(self, available):
            self.available, self.statements = available, []

        def execute(self, sql, params=None):
            self.statements.append(sql)

        def fetchone(self):
            return (1,) if self.available else None

    absent = Cursor(available=False)
    assert search.create_rum_index(absent) is False
    assert not any("CREATE" in sql for sql in absent.statements)
    present = Cursor(available=True)
    assert search.create_rum_index(present) is True
    assert any(f"CREATE INDEX IF NOT EXISTS {search.RUM_INDEX}" in s for s in present.statements)


def test_a_refused_extension_leaves_the_migration_going(db):
    """A user who may not add the extension: the savepoint keeps the transaction usable."""

    class Refusing:
        def __init__(self, cursor):
            self.cursor = cursor

        def execute(self, sql, params=None):
            if sql.startswith("CREATE EXTENSION"):
                self.cursor.execute("SELECT 1/0")  # fails inside the savepoint, as a refusal
            return self.cursor.execute(sql, params)

        def fetchone(self):
            return (1,)

    with connection.cursor() as cursor:
        assert search.create_rum_index(Refusing(cursor)) is False
        cursor.execute("SELECT 1")  # the transaction still works
        assert cursor.fetchone() == (1,)


def test_a_large_load_goes_in_without_the_index_and_builds_it_again(rum, monkeypatch):
    from readouts.devdata import generate
    from readouts.models import Statement

    dropped = []
    real_create = search.create_rum_index

    def create(cursor):
        cursor.execute("SELECT to_regclass(%s)", [search.RUM_INDEX])
        dropped.append(cursor.fetchone()[0] is None)  # absent while the rows went in
        return real_create(cursor)

    monkeypatch.setattr(generate, "REBUILD_RUM_FROM", 10)
    monkeypatch.setattr(search, "create_rum_index", create)
    generate.generate(events=5, statements=30)
    assert dropped == [True]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [search.RUM_INDEX])
        assert cursor.fetchone()[0]
    text = Statement.objects.values_list("text", flat=True).first()
    word = max(re.findall(r"[A-Za-z]{6,}", text), key=len)  # no stop word
    queryset = Statement.objects.filter(search=search_query(word)).annotate(
        distance=search.Distance("search", search_query(word))
    )
    assert queryset.exists() and all(row.distance > 0 for row in queryset)


def test_after_migrate_the_index_comes_once_the_extension_is_there(rum):
    from django.apps import apps

    def exists():
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [search.RUM_INDEX])
            return cursor.fetchone()[0]

    config = apps.get_app_config("readouts")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {search.RUM_INDEX}")  # as if migrated without it
    assert not exists()
    search.add_when_possible(apps.get_app_config("auth"))  # another app's migrate: nothing
    assert not exists()
    search.add_when_possible(config)
    assert exists()
    search.add_when_possible(config)  # already there: nothing to do
    assert exists()


def test_after_migrating_back_before_0014_the_index_stays_out(rum, monkeypatch):
    from django.apps import apps
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    monkeypatch.setattr(
        MigrationRecorder,
        "applied_migrations",
        lambda self: {k: v for k, v in applied.items() if k != ("readouts", "0014_search_rum")},
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {search.RUM_INDEX}")
    search.add_when_possible(apps.get_app_config("readouts"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [search.RUM_INDEX])
        assert not cursor.fetchone()[0]
