"""The facet keys PostgreSQL keeps (migration 0011): each statement's publisher, each event's
sides, actors, publishers and topics; and the statements' sort keys and the events' counts of
statements (migration 0027). Whatever path changes a row, the copies follow, and they always
equal what they copy."""

import pytest
from django.db import connection

from readouts.choices import StatementMode, Status
from readouts.models import Event, Participant, Source, Statement
from tests.factories import country, event, person, publisher, source, statement, topic

pytestmark = pytest.mark.django_db


def keys(event_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT side_ids, actor_ids, publisher_ids, topic_ids, all_topic_ids, "
            "statement_count, public_statement_count FROM readouts_event WHERE id = %s",
            [event_id],
        )
        return dict(zip(("sides", "actors", "publishers", "topics", "all_topics", "statements",
                         "public_statements"), cursor.fetchone(), strict=True))  # fmt: skip


def publisher_of(statement_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT publisher_id FROM readouts_statement WHERE id = %s", [statement_id])
        return cursor.fetchone()[0]


def expected(event_id):
    """The copies worked out from the records through the ORM."""
    made = Event.objects.get(pk=event_id)
    parts = Participant.objects.filter(event=made)
    statements = Statement.objects.filter(event=made).prefetch_related("topics")
    return {
        "sides": sorted({p.side_id for p in parts if p.side_id}),
        "actors": sorted({p.actor_id for p in parts}),
        "publishers": sorted(
            set(Source.objects.filter(event=made).values_list("publisher_id", flat=True))
        ),  # fmt: skip
        "topics": sorted({t.pk for s in statements if s.is_public for t in s.topics.all()}),
        "all_topics": sorted({t.pk for s in statements for t in s.topics.all()}),
        "statements": len(statements),
        "public_statements": len([s for s in statements if s.is_public]),
    }


def sort_keys(s):
    """What the statement list shows in its Speaker and Country columns (migration 0027)."""
    if s.mode == StatementMode.JOINT:
        speaker = "Both sides"
    else:
        speaker = str(s.speaker or s.side or "Unattributed")
    return (speaker, (s.side.code or s.side.name) if s.side else None)


def assert_in_step():
    for event_id in Event.objects.values_list("pk", flat=True):
        assert keys(event_id) == expected(event_id), f"event {event_id}"
    for s in Statement.objects.select_related("source", "speaker", "side"):
        assert publisher_of(s.pk) == (s.source.publisher_id if s.source else None)
        assert (s.speaker_sort, s.country_sort) == sort_keys(s), f"statement {s.pk}"


def test_the_copies_follow_every_change_to_what_they_copy(world):
    assert_in_step()
    call = world["call"]
    before = keys(call.pk)
    assert before["sides"] == sorted([world["chn"].pk, world["rus"].pk])

    # A participant added, moved to another side, removed.
    usa = country("USA")
    guest = person("A. Guest", usa)
    part = Participant.objects.create(event=call, actor=guest, side=usa, order=9)
    assert usa.pk in keys(call.pk)["sides"] and guest.pk in keys(call.pk)["actors"]
    part.side = None
    part.save()
    assert usa.pk not in keys(call.pk)["sides"] and guest.pk in keys(call.pk)["actors"]
    part.delete()
    assert keys(call.pk) == before
    assert_in_step()

    # A statement's topics changed, unpublished, moved to another event, deleted.
    s1, meeting = world["s1"], world["meeting"]
    energy = topic("energy", "Energy")
    s1.topics.add(energy)
    assert energy.pk in keys(call.pk)["topics"]
    Statement.objects.filter(pk=s1.pk).set_status(Status.DRAFT)
    assert energy.pk not in keys(call.pk)["topics"]
    assert energy.pk in keys(call.pk)["all_topics"]
    s1.refresh_from_db()
    s1.event, s1.source = meeting, None
    s1.save()
    assert energy.pk not in keys(call.pk)["all_topics"]
    assert energy.pk in keys(meeting.pk)["all_topics"]
    s1.delete()
    assert energy.pk not in keys(meeting.pk)["all_topics"]
    assert_in_step()

    # An event unpublished takes its statements' topics out of the public copy.
    Event.objects.filter(pk=call.pk).set_status(Status.DRAFT)
    assert keys(call.pk)["topics"] == [] and keys(call.pk)["all_topics"]
    assert_in_step()


def test_a_statement_carries_its_source_publisher_even_when_the_source_changes_hands(world):
    s2 = world["s2"]
    src = s2.source
    assert publisher_of(s2.pk) == src.publisher_id
    other = publisher("Another ministry")
    src.publisher = other
    src.save()
    assert publisher_of(s2.pk) == other.pk
    assert other.pk in keys(world["call"].pk)["publishers"]
    # A stale instance saved later cannot write an old value: the ORM does not know the column.
    s2.text = "Edited."
    s2.save()
    assert publisher_of(s2.pk) == other.pk
    s2.source = None
    s2.save()
    assert publisher_of(s2.pk) is None
    assert_in_step()


def test_a_new_event_built_through_the_orm_has_its_copies(db):
    chn, rus = country("CHN"), country("RUS")
    a, b = person("Official A", chn), person("Official B", rus)
    made = event("A call", participants=[(a, chn), (b, rus)])
    src = source(made, "Official A spoke with Official B.", publisher("MFA", chn))
    said = statement(made, "A said things.", a, chn, topics=[topic("trade")], source=src)
    assert keys(made.pk)["sides"] == sorted([chn.pk, rus.pk])
    assert publisher_of(said.pk) == src.publisher_id
    assert_in_step()
    made.delete()
    assert not Statement.objects.filter(pk=said.pk).exists()


def test_generate_writes_the_copies_the_triggers_would_and_gives_them_back_the_job(db):
    from django.core.management import call_command

    call_command("generate", "--events", "30", "--statements", "200", "--quiet")
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('readouts.bulk_load', true)")
        assert cursor.fetchone()[0] == "off"
    # And the triggers work after it: a new participant shows at once.
    made = Event.objects.order_by("pk").last()
    newcomer = person("Newcomer", country("CHN"))
    Participant.objects.create(event=made, actor=newcomer, side=country("CHN"), order=99)
    assert newcomer.pk in keys(made.pk)["actors"]


def test_the_sort_keys_follow_the_speakers_and_sides_however_they_change(world):
    w = world
    assert_in_step()
    s1, s3 = w["s1"], w["s3"]
    s1.refresh_from_db()
    assert (s1.speaker_sort, s1.country_sort) == ("Wang Yi", "CHN")
    s3.refresh_from_db()
    assert (s3.speaker_sort, s3.country_sort) == ("Both sides", None)

    # The speaker renamed in the admin (save), the country's code changed in SQL.
    w["wang"].name = "Wang Yi (FM)"
    w["wang"].save()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE readouts_actor SET code = 'CHX' WHERE id = %s", [w["chn"].pk])
    s1.refresh_from_db()
    assert (s1.speaker_sort, s1.country_sort) == ("Wang Yi (FM)", "CHX")
    assert_in_step()

    # A side's own statement, then one with neither speaker nor side, then a statement given
    # another speaker.
    own = statement(w["call"], "Russia is willing to talk.", side=w["rus"])
    own.refresh_from_db()
    assert (own.speaker_sort, own.country_sort) == ("Russia", "RUS")
    own.side = None
    own.save()
    own.refresh_from_db()
    assert (own.speaker_sort, own.country_sort) == ("Unattributed", None)
    s1.speaker, s1.side = w["lavrov"], w["rus"]
    s1.save()
    s1.refresh_from_db()
    assert (s1.speaker_sort, s1.country_sort) == ("Sergey Lavrov", "RUS")
    assert_in_step()
