"""A search in order of relevance, through the RUM index where the server has it
(ranking.py), and the ordinary way where it does not: the same rows in the same order."""

import datetime
import re

import pytest
from django.db import connection

from readouts import ranking
from readouts.filters import search_query
from tests.factories import event, statement
from tests.test_filters import run


@pytest.fixture
def rum(db):
    if not ranking.rum_ready():
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
    from readouts.filters import StatementFilterSet
    from readouts.models import Statement

    filterset = run(StatementFilterSet, query, user, Statement.objects.visible_to(user))
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def test_pages_through_the_index_hold_the_rows_of_the_ordinary_order(
    rum, many, analyst, monkeypatch
):
    monkeypatch.setattr(ranking, "RUM_ABOVE", 0)  # the index pays, whatever the size
    monkeypatch.setattr(ranking, "FIRST_READ", 3)  # reads of four times the page's end
    monkeypatch.setattr(ranking, "MAX_READ", 10_000)
    queryset = ranked("q=grain", analyst)
    ordinary = list(queryset.values_list("pk", flat=True))
    assert len(ordinary) == 40
    through_index = []
    for start in range(0, 45, 7):
        ids = ranking.ranked_ids(queryset, search_query("grain"), slice(start, start + 7))
        assert ids is not None  # read through the index, not the ordinary way
        assert ids == ordinary[start : start + 7]
        through_index += ids
    assert through_index == ordinary
    # Three mentions first, then two, then one; newest first within each.
    texts = [s.text for s in queryset]
    assert texts[0].count("grain") == 3 and texts[-1].count("grain") == 1


def test_a_page_ending_in_a_group_of_equals_too_large_to_read_is_ranked_the_ordinary_way(
    rum, many, analyst, monkeypatch
):
    monkeypatch.setattr(ranking, "RUM_ABOVE", 0)
    monkeypatch.setattr(ranking, "FIRST_READ", 1)
    monkeypatch.setattr(ranking, "MAX_READ", 8)  # fewer than a group of equals (13 or 14)
    queryset = ranked("q=grain", analyst)
    assert ranking.ranked_ids(queryset, search_query("grain"), slice(0, 2)) is None


def test_the_index_is_not_used_below_its_threshold(rum, many, analyst):
    queryset = ranked("q=grain", analyst)
    assert ranking.ranked_ids(queryset, search_query("grain"), slice(0, 10)) is None


def test_the_index_is_not_used_where_it_would_not_pay(rum, many, analyst, monkeypatch):
    monkeypatch.setattr(ranking, "RUM_ABOVE", 0)
    monkeypatch.setattr(ranking, "MAX_READ", 10_000)
    grain = search_query("grain")
    assert ranking.index_pays(ranked("q=grain", analyst), grain)
    # Only a word to leave out: the index would weigh every statement.
    assert not ranking.index_pays(ranked("q=-grain", analyst), search_query("-grain"))
    # A page deep in the list.
    assert ranking.ranked_ids(ranked("q=grain", analyst), grain, slice(2500, 2510)) is None
    # Words so common that weighing them all costs too much.
    monkeypatch.setattr(ranking, "RUM_WEIGHS_AT_MOST", 0)
    assert not ranking.index_pays(ranked("q=grain", analyst), grain)


def test_the_list_page_is_the_same_with_the_index_and_without(
    rum, many, analyst_client, monkeypatch
):
    monkeypatch.setattr(ranking, "RUM_ABOVE", 0)
    monkeypatch.setattr(ranking, "FIRST_READ", 3)
    pages = {}
    for with_index in (True, False):
        monkeypatch.setattr(ranking, "rum_ready", lambda with_index=with_index: with_index)
        for page in (1, 2):
            response = analyst_client.get(f"/statements/?q=grain&page={page}&date_before="
                                          f"{2030 + with_index}-01-01")  # fmt: skip
            assert response.status_code == 200
            pages[with_index, page] = [row.pk for row in response.context["rows"]]
    assert pages[True, 1] == pages[False, 1] and pages[True, 2] == pages[False, 2]
    assert len(pages[True, 1]) == 40 or pages[True, 2]


def test_without_the_index_a_search_is_ranked_by_ts_rank(many, analyst, monkeypatch):
    monkeypatch.setattr(ranking, "rum_ready", lambda: False)
    rows = list(ranked("q=grain", analyst))
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
    assert ranking.create_rum_index(absent) is False
    assert not any("CREATE" in sql for sql in absent.statements)
    present = Cursor(available=True)
    assert ranking.create_rum_index(present) is True
    assert any(f"CREATE INDEX IF NOT EXISTS {ranking.RUM_INDEX}" in s for s in present.statements)


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
        assert ranking.create_rum_index(Refusing(cursor)) is False
        cursor.execute("SELECT 1")  # the transaction still works
        assert cursor.fetchone() == (1,)


def test_a_large_load_goes_in_without_the_index_and_builds_it_again(rum, monkeypatch):
    from readouts import generate
    from readouts.models import Statement

    dropped = []
    real_create = ranking.create_rum_index

    def create(cursor):
        cursor.execute("SELECT to_regclass(%s)", [ranking.RUM_INDEX])
        dropped.append(cursor.fetchone()[0] is None)  # absent while the rows went in
        return real_create(cursor)

    monkeypatch.setattr(generate, "REBUILD_RUM_FROM", 10)
    monkeypatch.setattr(ranking, "create_rum_index", create)
    generate.generate(events=5, statements=30)
    assert dropped == [True]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [ranking.RUM_INDEX])
        assert cursor.fetchone()[0]
    text = Statement.objects.values_list("text", flat=True).first()
    word = max(re.findall(r"[A-Za-z]{6,}", text), key=len)  # no stop word
    queryset = Statement.objects.filter(search=search_query(word)).annotate(
        rank=ranking.Relevance("search", search_query(word))
    )
    assert queryset.exists() and all(row.rank > 0 for row in queryset)


def test_after_migrate_the_index_comes_once_the_extension_is_there(rum):
    from django.apps import apps

    def exists():
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [ranking.RUM_INDEX])
            return cursor.fetchone()[0]

    config = apps.get_app_config("readouts")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {ranking.RUM_INDEX}")  # as if migrated without it
    assert not exists()
    ranking.add_when_possible(apps.get_app_config("auth"))  # another app's migrate: nothing
    assert not exists()
    ranking.add_when_possible(config)
    assert exists()
    ranking.add_when_possible(config)  # already there: nothing to do
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
        cursor.execute(f"DROP INDEX {ranking.RUM_INDEX}")
    ranking.add_when_possible(apps.get_app_config("readouts"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [ranking.RUM_INDEX])
        assert not cursor.fetchone()[0]
