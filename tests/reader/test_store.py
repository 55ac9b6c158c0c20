import datetime as dt
from unittest import mock

import pytest

from readouts.choices import ActorKind, Status
from readouts.models import Actor, Event, MentionedEvent, Participant, Publisher, Source, Statement
from readouts.reader import ReadoutError, read_readout, store

from .conftest import read


def save(name, **overrides):
    ex = read(name, **overrides)
    return ex, store.save_extraction(ex)


def test_saving_creates_a_draft_event_with_its_source_participants_and_statements(db):
    ex, result = save("cn_talks_relative_weekday")
    assert result.status == "created"
    event = result.event
    assert event.summary.startswith("Member of the Political Bureau")
    assert (event.occurred_on, event.kind, event.status) == (
        dt.date(2024, 1, 19),
        "meeting",
        Status.DRAFT,
    )
    source = Source.objects.get(event=event)
    assert source.text == ex.text and source.published_on == dt.date(2024, 1, 20)
    assert source.publisher.name == "Ministry of Foreign Affairs of the People's Republic of China"
    assert list(event.participants.values_list("actor__name", "side__code")) == [
        ("Wang Yi", "CHN"),
        ("Mauro Vieira", "BRA"),
    ]
    statements = list(Statement.objects.filter(event=event).order_by("position"))
    assert len(statements) == len(ex.statements)
    for statement in statements:
        assert source.text[statement.start : statement.end] == statement.text
        assert statement.cue and not statement.is_public
    side_only = next(s for s in statements if s.text.startswith("China supports"))
    assert side_only.speaker is None and side_only.side.code == "CHN"
    joint = next(s for s in statements if s.mode == "joint")
    assert joint.side is None and joint.speaker is None
    assert "ukraine" in set(joint.topics.values_list("slug", flat=True))
    assert MentionedEvent.objects.filter(event=event).exists()


def test_the_same_text_twice_changes_nothing(db):
    save("ru_press_release_clutter")
    counts = [Event.objects.count(), Statement.objects.count(), Actor.objects.count()]
    _, again = save("ru_press_release_clutter")
    assert again.status == "unchanged"
    assert [Event.objects.count(), Statement.objects.count(), Actor.objects.count()] == counts


def test_a_new_person_becomes_a_draft_actor_for_review_with_a_country(db):
    save("in_mea_fictional_minister")
    person = Actor.objects.get(name="Amina Wanjiru Odhiambo")
    assert person.kind == ActorKind.PERSON and person.needs_review
    assert person.country.code == "KEN" and person.country.kind == ActorKind.COUNTRY


def test_a_known_actor_is_matched_through_a_spelling_variant_which_becomes_an_alias(db):
    russia = Actor.objects.create(kind=ActorKind.COUNTRY, name="Russia", code="RUS")
    lavrov = Actor.objects.create(kind=ActorKind.PERSON, name="Sergey Lavrov", country=russia)
    known, topics = store.load_reader_context()
    ex = read("both_sides_cn_sergei")
    ex = read_readout(ex.text, published="2022-09-02", known_actors=known, topics=topics)
    result = store.save_extraction(ex)
    assert Participant.objects.get(event=result.event, side=russia).actor == lavrov
    lavrov.refresh_from_db()
    assert "Sergei Lavrov" in lavrov.aliases and not lavrov.needs_review
    # The other side's readout of the same call: the same actor, no new person, one event.
    people = Actor.objects.filter(kind=ActorKind.PERSON).count()
    store.save_extraction(read("both_sides_ru_sergey", known_actors=store.known_actors()))
    assert Actor.objects.filter(kind=ActorKind.PERSON).count() == people
    assert Participant.objects.filter(actor=lavrov).count() == 1


def test_the_other_sides_readout_of_one_call_joins_the_recorded_event(db, client):
    cn, first = save("both_sides_cn_sergei")
    ru, second = save("both_sides_ru_sergey")
    assert first.status == second.status == "created"
    assert second.attached and not first.attached
    assert second.event == first.event
    assert second.warnings == [
        f"attached to event #{first.event.pk}, already recorded from "
        "Ministry of Foreign Affairs of the People's Republic of China"
    ]
    event = first.event
    assert Event.objects.count() == 1 and event.sources.count() == 2
    # Sergei (Chinese readout) and Sergey (Russian readout) are one participant.
    assert event.participants.count() == 2
    assert sorted(event.participants.values_list("side__code", flat=True)) == ["CHN", "RUS"]
    lavrov = event.participants.get(side__code="RUS").actor
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= {lavrov.name, *lavrov.aliases}
    for source, ex in ((first.source, cn), (second.source, ru)):
        mine = list(Statement.objects.filter(event=event, source=source))
        assert len(mine) == len(ex.statements) > 0
        for statement in mine:
            assert source.text[statement.start : statement.end] == statement.text
    positions = list(event.statements.values_list("position", flat=True))
    assert len(positions) == len(set(positions))
    # The same text again changes nothing.
    _, again = save("both_sides_ru_sergey")
    assert again.status == "unchanged" and Event.objects.count() == 1
    assert Source.objects.count() == 2


def test_another_call_of_the_same_sides_on_another_day_is_another_event(db):
    _, first = save("both_sides_cn_sergei")
    ex = read("both_sides_ru_sergey")
    ex.date = ex.date + dt.timedelta(days=3)
    second = store.save_extraction(ex)
    assert not second.attached and second.event != first.event
    assert Event.objects.count() == 2


def test_a_failure_halfway_leaves_the_database_as_it_was(db):
    ex = read("us_secretary_call_role")
    before = [Event.objects.count(), Source.objects.count(), Actor.objects.count()]
    with (
        mock.patch.object(Statement.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        store.save_extraction(ex)
    assert [Event.objects.count(), Source.objects.count(), Actor.objects.count()] == before
    assert not Publisher.objects.filter(name="U.S. Department of State").exists()


def test_an_extraction_without_a_date_is_refused(db):
    ex = read_readout(
        "On March 25, Foreign Minister Wang Yi met Foreign Minister Ana Ruiz of Chile."
    )
    assert ex.date is None
    with pytest.raises(ReadoutError, match="date"):
        store.save_extraction(ex)
    assert not Event.objects.exists()


def test_topics_come_from_the_database_as_editors_keep_them(db):
    from readouts.models import Topic

    Topic.objects.create(name="Agriculture", slug="agriculture", keywords=["agricultural product*"])
    _, topics = store.load_reader_context()
    ex = read("cn_talks_relative_weekday", topics=topics)
    assert any("agriculture" in s.topics for s in ex.statements)


def test_without_a_database_the_reader_gets_no_actors_and_the_default_topics():
    from django.db import OperationalError

    with mock.patch.object(store, "known_actors", side_effect=OperationalError("no server")):
        known, topics = store.load_reader_context()
    assert known == [] and {t.slug for t in topics} >= {"trade", "ukraine"}


def test_a_release_of_several_calls_is_saved_as_one_draft_event_per_call(db):
    ex, result = save("in_pm_several_calls")
    assert result.status == "created" and len(result.events) == 3
    assert result.event == result.events[0]
    pairs = [
        list(e.participants.order_by("order").values_list("actor__name", "side__code"))
        for e in result.events
    ]
    assert [pair[1] for pair in pairs] == [
        ("Moon Jae-in", "KOR"),
        ("Emmerson Mnangagwa", "ZWE"),
        ("Filipe Nyusi", "MOZ"),
    ]
    # The Prime Minister is one actor, a participant of every call.
    assert len({pair[0] for pair in pairs}) == 1 and pairs[0][0][1] == "IND"
    assert [e.statements.count() for e in result.events] == [2, 1, 1]
    assert all(e.status == Status.DRAFT and e.kind == "phone_call" for e in result.events)
    # One copy of the text per call, numbered; every statement points into its own event's.
    sources = list(Source.objects.order_by("part"))
    assert [(s.part, s.event) for s in sources] == list(enumerate(result.events))
    assert len({s.content_hash for s in sources}) == 1
    for statement in Statement.objects.select_related("source"):
        assert statement.source.event_id == statement.event_id
        assert statement.source.text[statement.start : statement.end] == statement.text
    assert result.counts["statements"] == len(ex.statements) == 4


def test_a_release_of_several_calls_saved_twice_changes_nothing(db):
    _, first = save("in_pm_several_calls")
    counts = [Event.objects.count(), Source.objects.count(), Statement.objects.count()]
    _, again = save("in_pm_several_calls")
    assert again.status == "unchanged" and again.events == first.events
    assert [Event.objects.count(), Source.objects.count(), Statement.objects.count()] == counts


def test_a_release_of_several_calls_may_be_saved_as_one_event(db):
    ex = read("in_pm_several_calls")
    result = store.save_extraction(ex, split=False)
    assert result.events == [result.event] and Event.objects.count() == 1
    assert result.event.participants.count() == 4 and result.event.statements.count() == 4
    assert Source.objects.get().part == 0
