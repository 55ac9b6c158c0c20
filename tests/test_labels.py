"""The names of actors, topics and publishers each process keeps per data version
(readouts/labels.py), and the data version a request reads once (readouts/cache.py)."""

import pytest
from django.core.cache import cache as django_cache
from django.test import RequestFactory

from readouts import cache, labels
from readouts.choices import ActorKind
from readouts.models import Actor, Publisher, Topic

pytestmark = pytest.mark.django_db


def test_the_labels_name_every_record_and_follow_each_change(world):
    names = labels.labels()
    china = world["chn"]
    assert names.actors[china.pk].name == china.name
    assert names.actors[china.pk].get_absolute_url() == china.get_absolute_url()
    assert labels.labels() is names  # the same data version: the same labels
    china.name = "People's Republic of China"
    china.save()  # a change: a new data version
    renamed = labels.labels()
    assert renamed is not names and renamed.actors[china.pk].name == china.name


def test_a_record_written_without_a_version_change_is_read_on_first_look_up(world):
    names = labels.labels()
    (made,) = Actor.objects.bulk_create([Actor(kind=ActorKind.COUNTRY, name="Utopia",
                                               code="UTO", slug="utopia")])  # fmt: skip
    assert labels.labels() is names  # no signal, no new version
    assert names.actors.get(made.pk).name == "Utopia"
    assert names.actors.get(10**12) is None  # no such record: remembered as none
    assert 10**12 in names.actors


def test_complete_reads_what_is_missing_in_one_query(world, django_assert_num_queries):
    names = labels.labels()
    made = Topic.objects.bulk_create([Topic(name=f"Topic {i}", slug=f"topic-{i}") for i in
                                      range(3)])  # fmt: skip
    with django_assert_num_queries(1):
        names.topics.complete([t.pk for t in made] + [world["trade"].pk])
    with django_assert_num_queries(0):
        assert [names.topics.get(t.pk).slug for t in made] == ["topic-0", "topic-1", "topic-2"]


def test_a_statements_topics_are_listed_by_name(world):
    names = labels.labels()
    topics = [world["trade"], world["ukraine"], world["security"]]
    listed = names.topic_list([t.pk for t in topics] + [10**12])
    assert [t.name for t in listed] == sorted(t.name for t in topics)


def test_a_label_as_a_model_instance_filters_like_the_record(world):
    from readouts.models import Statement

    names = labels.labels()
    china = names.actors[world["chn"].pk].as_model(Actor)
    assert isinstance(china, Actor) and china.pk == world["chn"].pk and china.code == "CHN"
    assert set(Statement.objects.filter(side__in=[china])) == set(
        Statement.objects.filter(side=world["chn"])
    )
    publisher = Publisher.objects.first()
    assert names.publishers[publisher.pk].as_model(Publisher).slug == publisher.slug


def test_a_request_reads_the_data_version_once_and_sees_its_own_changes(world):
    seen = []

    def view(request):
        seen.append(cache.data_version())
        django_cache.set(cache.VERSION_KEY, "changed elsewhere", None)
        seen.append(cache.data_version())  # the request keeps the version it read
        cache.bump()  # its own change: seen at once
        seen.append(cache.data_version())
        return None

    cache.RequestDataVersion(view)(RequestFactory().get("/"))
    assert seen[0] == seen[1] != seen[2]
    assert seen[2] != "changed elsewhere"
    assert cache.data_version() == seen[2]  # outside a request: read each time
