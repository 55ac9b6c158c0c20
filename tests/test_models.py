"""The data model: what the database refuses, and the copies it keeps in step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from readouts.choices import ActorKind, DatePrecision, EventKind, StatementMode, Status
from readouts.models import Actor, Event, Participant, Role, Source, Statement, Topic, content_hash
from tests.factories import country, event, person, publisher, statement, topic


def refuses(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_a_country_needs_an_iso_alpha3_code(db):
    refuses(lambda: Actor.objects.create(kind=ActorKind.COUNTRY, name="Nowhere", code="XX"))
    refuses(lambda: Actor.objects.create(kind=ActorKind.COUNTRY, name="Nowhere"))
    assert Actor.objects.create(kind=ActorKind.COUNTRY, name="Chile", code="chl").code == "CHL"


def test_codes_are_unique(db):
    country("CHN")
    refuses(lambda: Actor.objects.create(kind=ActorKind.COUNTRY, name="PRC", code="CHN"))


def test_slugs_are_made_unique(db):
    a, b = person("Li Wei"), person("Li Wei")
    assert (a.slug, b.slug) == ("li-wei", "li-wei-2")


def test_a_role_cannot_end_before_it_starts(db):
    someone = person("Someone")
    refuses(
        lambda: Role.objects.create(
            person=someone,
            title="Minister",
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2019, 1, 1),
        )
    )


def test_a_persons_role_belongs_to_its_dates(db):
    chn = country("CHN")
    wang = person("Wang Yi", chn)
    Role.objects.create(
        person=wang,
        side=chn,
        title="Foreign Minister",
        start_date=datetime.date(2013, 3, 16),
        end_date=datetime.date(2022, 12, 30),
    )
    Role.objects.create(
        person=wang, side=chn, title="Director of the Office", start_date=datetime.date(2023, 1, 1)
    )
    assert wang.role_on(datetime.date(2018, 5, 1)).title == "Foreign Minister"
    assert wang.role_on(datetime.date(2023, 2, 1)).title == "Director of the Office"
    assert wang.role_on(datetime.date(2010, 1, 1)) is None


def test_a_person_takes_part_in_an_event_once(db):
    made = event()
    someone = person("Someone")
    Participant.objects.create(event=made, actor=someone)
    refuses(lambda: Participant.objects.create(event=made, actor=someone))


def test_a_span_needs_both_ends_in_order(db):
    made = event()
    refuses(lambda: Statement.objects.create(event=made, text="x", start=5))
    refuses(lambda: Statement.objects.create(event=made, text="x", start=5, end=5))


def test_a_joint_statement_has_no_side(db):
    made = event()
    joint = statement(made, "Both agreed.", side=country("CHN"), mode=StatementMode.JOINT)
    assert joint.side is None  # save() clears it
    refuses(lambda: Statement.objects.filter(pk=joint.pk).update(side=country("CHN")))


def test_span_validation_explains_itself(db):
    made = event()
    src = Source.objects.create(event=made, publisher=publisher(), text="Short text.")
    bad = Statement(event=made, source=src, text="x", start=0, end=500)
    with pytest.raises(ValidationError, match="past the end"):
        bad.clean()
    other = Source.objects.create(event=event(), publisher=publisher(), text="Other text.")
    with pytest.raises(ValidationError, match="another event"):
        Statement(event=made, source=other, text="x").clean()


def test_statements_copy_their_events_date_kind_and_visibility(db):
    made = event(day=datetime.date(2020, 5, 1), kind=EventKind.MEETING, status=Status.DRAFT)
    said = statement(made, "Words.")
    said.refresh_from_db()
    assert (said.occurred_on, said.event_kind, said.is_public) == (
        datetime.date(2020, 5, 1),
        "meeting",
        False,
    )
    made.occurred_on, made.kind, made.status = datetime.date(2021, 1, 2), "visit", "published"
    made.save()
    said.refresh_from_db()
    assert (said.occurred_on, said.event_kind, said.is_public) == (
        datetime.date(2021, 1, 2),
        "visit",
        True,
    )


def test_the_copies_follow_changes_made_in_sql(db):
    from django.db import connection

    made = event(status=Status.DRAFT)
    said = statement(made, "Words.", topics=[topic("trade")])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE readouts_event SET status = 'published' WHERE id = %s", [made.pk])
        cursor.execute("UPDATE readouts_statement SET is_public = false, topic_ids = '{}'")
    said.refresh_from_db()
    assert said.is_public and said.topic_ids == [said.topics.get().pk]


def test_a_draft_statement_stays_hidden_when_its_event_is_published(db):
    made = event(status=Status.DRAFT)
    said = statement(made, "Not yet.", status=Status.DRAFT)
    Event.objects.filter(pk=made.pk).set_status(Status.PUBLISHED)
    said.refresh_from_db()
    assert not said.is_public
    Statement.objects.filter(pk=said.pk).set_status(Status.PUBLISHED)
    said.refresh_from_db()
    assert said.is_public


def test_month_precision_keeps_the_first_of_the_month(db):
    made = event(day=datetime.date(2023, 3, 17), date_precision=DatePrecision.MONTH)
    assert made.occurred_on == datetime.date(2023, 3, 1)
    assert made.date_display == "March 2023"


def test_the_content_hash_ignores_whitespace_and_unicode_form(db):
    assert content_hash("Wang  Yi\r\nsaid") == content_hash("Wang Yi said ")
    assert content_hash("Café") == content_hash("Cafe\u0301")
    assert content_hash("Wang Yi said") != content_hash("Wang Yi says")


def test_the_same_text_is_stored_once(db):
    Source.objects.create(publisher=publisher(), text="One readout.")
    refuses(lambda: Source.objects.create(publisher=publisher(), text="One  readout.\n"))
    duplicate = Source(publisher=publisher(), text="One readout.")
    with pytest.raises(ValidationError):
        duplicate.validate_unique()


def test_a_topic_cannot_sit_below_itself(db):
    parent = Topic.objects.create(name="Parent topic")
    child = Topic.objects.create(name="Child topic", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError):
        parent.clean()


def test_the_search_vector_is_stored_and_stemmed(db):
    said = statement(event(), "The sides discussed sanctions.")
    assert Statement.objects.filter(pk=said.pk, search="sanction").exists()


def test_strs_are_what_an_analyst_would_call_them(db):
    chn = country("CHN", "China")
    wang = person("Wang Yi", chn)
    made = event("Wang Yi meets X", datetime.date(2023, 1, 2))
    said = statement(made, "Hello.", wang, chn)
    assert str(made) == "2023-01-02 Wang Yi meets X"
    assert str(said) == "Wang Yi: Hello."
    assert said.speaker_label == "Wang Yi (CHN)"


def test_a_release_of_several_calls_stores_its_text_once_per_call(db):
    Source.objects.create(publisher=publisher(), text="Three calls.")
    Source.objects.create(publisher=publisher(), text="Three calls.", part=1)
    refuses(lambda: Source.objects.create(publisher=publisher(), text="Three  calls.", part=1))
