"""Small factories for the records tests look at. Plain functions: explicit over clever."""

import datetime
import itertools

from readouts.choices import ActorKind, EventKind, StatementMode, Status
from readouts.models import Actor, Event, Participant, Publisher, Source, Statement, Topic

_counter = itertools.count(1)


def country(code, name=None):
    found = Actor.objects.filter(code=code).first()
    return found or Actor.objects.create(kind=ActorKind.COUNTRY, code=code, name=name or code)


def person(name, nation=None, **extra):
    return Actor.objects.create(kind=ActorKind.PERSON, name=name, country=nation, **extra)


def publisher(name="Ministry of Foreign Affairs", nation=None):
    found = Publisher.objects.filter(name=name).first()
    return found or Publisher.objects.create(name=name, country=nation)


def topic(slug, name=None, parent=None):
    found = Topic.objects.filter(slug=slug).first()
    return found or Topic.objects.create(slug=slug, name=name or slug.title(), parent=parent)


def event(
    title=None,
    day=datetime.date(2023, 8, 7),
    kind=EventKind.PHONE_CALL,
    status=Status.PUBLISHED,
    participants=(),
    **extra,
):
    made = Event.objects.create(
        title=title or f"Event {next(_counter)}",
        occurred_on=day,
        kind=kind,
        status=status,
        **extra,
    )
    for order, (actor, side) in enumerate(participants, start=1):
        Participant.objects.create(event=made, actor=actor, side=side, order=order)
    return made


def source(for_event, text, pub=None, url="https://example.org/readout", **extra):
    return Source.objects.create(
        event=for_event, publisher=pub or publisher(), text=text, url=url, **extra
    )


def statement(
    for_event,
    text,
    speaker=None,
    side=None,
    mode=StatementMode.REPORTED,
    topics=(),
    status=Status.PUBLISHED,
    **extra,
):
    made = Statement.objects.create(
        event=for_event,
        text=text,
        speaker=speaker,
        side=side,
        mode=mode,
        status=status,
        position=next(_counter),
        **extra,
    )
    made.topics.set(topics)
    return made


def world():
    """A small corpus most list tests share: two calls and a meeting, across three countries,
    one of them a draft."""
    chn, rus, usa = (
        country("CHN", "China"),
        country("RUS", "Russia"),
        country("USA", "United States"),
    )
    wang, lavrov = person("Wang Yi", chn), person("Sergey Lavrov", rus)
    blinken = person("Antony Blinken", usa)
    trade, ukraine = topic("trade", "Trade"), topic("ukraine", "Ukraine")
    security = topic("security", "Security")
    arms = topic("arms-control", "Arms control", parent=security)
    mfa_cn = publisher("MFA China", chn)
    mfa_ru = publisher("MFA Russia", rus)
    call = event(
        "Wang Yi holds phone talks with Sergey Lavrov",
        datetime.date(2023, 8, 7),
        participants=[(wang, chn), (lavrov, rus)],
        summary="Talks on Ukraine.",
    )
    text = "Wang said trade reached a new high. Lavrov said the Ukraine crisis needs talks."
    src = source(call, text, mfa_cn)
    source(call, "Lavrov and Wang discussed Ukraine.", mfa_ru, url="https://example.org/ru")
    s1 = statement(
        call, "Trade reached a new high.", wang, chn, topics=[trade], source=src, start=0, end=35
    )
    s2 = statement(
        call,
        "The Ukraine crisis needs peace talks.",
        lavrov,
        rus,
        topics=[ukraine],
        source=src,
        start=36,
        end=len(text),
    )
    s3 = statement(
        call,
        "The two sides exchanged views on arms control.",
        mode=StatementMode.JOINT,
        topics=[arms],
    )
    meeting = event(
        "Blinken meets Lavrov",
        datetime.date(2021, 5, 19),
        kind=EventKind.MEETING,
        participants=[(blinken, usa), (lavrov, rus)],
        location="Reykjavik",
    )
    source(
        meeting,
        "Secretary Blinken met Foreign Minister Lavrov in Reykjavik.",
        publisher("State Department", usa),
        url="https://example.org/us",
    )
    s4 = statement(
        meeting, "The Arctic should stay a region of cooperation.", blinken, usa, topics=[security]
    )
    draft = event(
        "Draft call, not yet checked",
        datetime.date(2024, 1, 10),
        status=Status.DRAFT,
        participants=[(wang, chn), (blinken, usa)],
    )
    s5 = statement(draft, "A draft statement about trade.", wang, chn, topics=[trade])
    return {
        "chn": chn,
        "rus": rus,
        "usa": usa,
        "wang": wang,
        "lavrov": lavrov,
        "blinken": blinken,
        "trade": trade,
        "ukraine": ukraine,
        "security": security,
        "arms": arms,
        "mfa_cn": mfa_cn,
        "mfa_ru": mfa_ru,
        "call": call,
        "meeting": meeting,
        "draft": draft,
        "s1": s1,
        "s2": s2,
        "s3": s3,
        "s4": s4,
        "s5": s5,
    }


SERIAL = itertools.count()


def grow(world, n):
    """n more events, each with two participants, two sources, three statements and topics."""
    w = world
    for i in itertools.islice(SERIAL, n):
        made = event(
            f"Call {i}",
            datetime.date(2022, 1, 1) + datetime.timedelta(days=i % 300),
            participants=[(w["wang"], w["chn"]), (w["lavrov"], w["rus"])],
        )
        src = source(
            made, f"Readout {i}: Wang said trade grows.", w["mfa_cn"], url=f"https://e/{i}"
        )
        source(made, f"Russian readout {i}.", w["mfa_ru"], url=f"https://r/{i}")
        statement(
            made,
            f"Trade grows {i}.",
            w["wang"],
            w["chn"],
            topics=[w["trade"]],
            source=src,
            start=0,
            end=10,
        )
        statement(
            made,
            f"Ukraine needs talks {i}.",
            w["lavrov"],
            w["rus"],
            topics=[w["ukraine"], w["security"]],
        )
        statement(made, f"Both sides agreed {i}.", mode=StatementMode.JOINT)
