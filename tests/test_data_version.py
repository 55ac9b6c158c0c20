"""The data version PostgreSQL keeps (migration 0016): any change to the records raises it, in
the same transaction, whichever path makes the change; cached values are kept under it."""

import pytest
from django.apps import apps
from django.db import connection, transaction

from readouts import cache
from readouts.choices import Status
from readouts.models import Event, Statement, Topic
from tests.factories import statement

pytestmark = pytest.mark.django_db


def raised(change):
    before = cache.data_version()
    change()
    return cache.data_version() > before


def sql(statement_sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement_sql, params)


def test_every_path_that_changes_a_record_raises_it(world):
    call, wang = world["call"], world["wang"]
    assert raised(lambda: Event.objects.filter(pk=call.pk).update(title="Renamed"))
    assert raised(lambda: Event.objects.filter(pk=call.pk).set_status(Status.DRAFT))
    assert raised(lambda: call.save())
    assert raised(lambda: statement(call, "A new statement.", wang, world["chn"]))
    assert raised(lambda: world["s1"].topics.add(Topic.objects.create(slug="x", name="X")))
    assert raised(lambda: world["s1"].mentions.add(wang))
    assert raised(
        lambda: sql("UPDATE readouts_actor SET name = name || '!' WHERE id = %s", [wang.pk])
    )
    assert raised(
        lambda: sql("UPDATE readouts_statement SET text = 'x' WHERE id = %s", [world["s2"].pk])
    )
    assert raised(lambda: Statement.objects.filter(pk=world["s3"].pk).delete())


def test_a_change_undone_leaves_it_as_it_was(world):
    before = cache.data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Event.objects.filter(pk=world["call"].pk).update(title="Never")
        raise RuntimeError
    assert cache.data_version() == before


def test_saving_a_search_or_a_user_changes_no_count(world, analyst):
    assert not raised(lambda: analyst.saved_searches.create(name="Mine", list_name="events"))
    assert not raised(lambda: analyst.save())


def test_a_bulk_load_raises_it_once_at_its_end(db):
    from readouts.devdata.generate import generate

    assert raised(lambda: generate(events=3, statements=9))


def test_migrate_raises_it_for_the_readouts_app_only(db):
    assert not raised(lambda: cache.new_release(apps.get_app_config("auth")))
    assert raised(lambda: cache.new_release(apps.get_app_config("readouts")))


def test_a_value_is_computed_once_per_version(world):
    computed = []

    def compute():
        computed.append(1)
        return {"total": len(computed)}

    version = cache.data_version()
    assert cache.remember(version, ("facets", "x"), compute) == {"total": 1}
    assert cache.remember(version, ("facets", "x"), compute) == {"total": 1}
    assert cache.remember(version, ("facets", "y"), compute) == {"total": 2}
    cache.bump()
    assert cache.remember(cache.data_version(), ("facets", "x"), compute) == {"total": 3}
