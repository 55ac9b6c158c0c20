"""The office table in the portal: `manage.py loadoffices` copies it into actors and roles,
the reader reads the roles editors keep, and an event shows a participant's title on its day."""

import datetime as dt

from django.core.management import call_command

from readouts.choices import ActorKind
from readouts.models import Actor, Role
from readouts.reader import store
from readouts.reader.offices import HEAD_OF_STATE, default_offices
from tests import factories

from .conftest import read


def test_loadoffices_makes_a_role_per_term_and_twice_changes_nothing(db):
    call_command("loadoffices", verbosity=0)
    roles = Role.objects.exclude(office="").count()
    assert roles == len(default_offices().holders)
    putin = Actor.objects.get(kind=ActorKind.PERSON, name="Vladimir Putin")
    assert putin.roles.filter(office=HEAD_OF_STATE).count() == 2
    people = Actor.objects.filter(kind=ActorKind.PERSON).count()
    call_command("loadoffices", verbosity=0)
    assert Role.objects.exclude(office="").count() == roles
    assert Actor.objects.filter(kind=ActorKind.PERSON).count() == people


def test_loadoffices_keeps_an_editors_correction_and_matches_a_known_person(db):
    russia = factories.country("RUS", "Russia")
    lavrov = factories.person("Sergey Lavrov", russia)
    call_command("loadoffices", verbosity=0)
    role = lavrov.roles.get(office="foreign_minister")
    role.title = "Minister of Foreign Affairs"
    role.start_date = dt.date(2004, 3, 10)
    role.save()
    call_command("loadoffices", verbosity=0)
    assert lavrov.roles.filter(office="foreign_minister").count() == 1
    assert lavrov.roles.get(office="foreign_minister").title == "Minister of Foreign Affairs"
    assert not Actor.objects.filter(name="Sergey Lavrov").exclude(pk=lavrov.pk).exists()


def test_the_reader_resolves_titles_by_the_roles_editors_keep(db):
    usa = factories.country("USA", "United States")
    someone = factories.person("Jane Example", usa)
    Role.objects.create(
        person=someone,
        side=usa,
        office=HEAD_OF_STATE,
        title="President",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2015, 12, 31),
    )
    ex = read("us_wh_president_title_only", offices=store.office_table())
    assert ex.participants[0].name == "Jane Example"


def test_without_office_roles_the_reader_uses_the_shipped_table(db):
    assert store.office_table() is default_offices()


def test_an_event_shows_a_participants_title_on_its_day_from_the_roles(analyst_client):
    germany = factories.country("DEU", "Germany")
    merkel = factories.person("Angela Merkel", germany)
    Role.objects.create(
        person=merkel,
        side=germany,
        office="head_of_government",
        title="Chancellor",
        start_date=dt.date(2005, 11, 22),
        end_date=dt.date(2021, 12, 7),
    )
    Role.objects.create(
        person=merkel, side=germany, title="Former Chancellor", start_date=dt.date(2021, 12, 8)
    )
    event = factories.event(day=dt.date(2015, 6, 10), participants=[(merkel, germany)])
    content = analyst_client.get(f"/events/{event.pk}/").content.decode()
    assert "Chancellor</span>" in content and "Former Chancellor" not in content
