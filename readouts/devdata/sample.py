"""The seed readout as DOMAIN.md works it out by hand: Wang Yi's phone call with Sergey Lavrov
on 7 August 2023, its two participants and ten statements with their topics.

The readout's text belongs to its publisher and is not part of this project: when the shared
folder beside the clone holds it (../shared/seed/), it is attached as the event's source and
each statement points at its sentence; without it, each statement carries its gist.
"""

import datetime
import os
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..choices import ActorKind, DatePrecision, EventKind, StatementMode, Status
from ..models import Actor, Event, Participant, Publisher, Role, Source, Statement, Topic
from ..reader.gazetteer import name_of
from ..taxonomy import sync_topics

SEED_FILE = "wang-yi-lavrov-2023-08-08.txt"
SEED_TITLE = "Wang Yi holds phone talks with Sergey Lavrov"
SEED_PUBLISHER = "Ministry of Foreign Affairs of the People's Republic of China"

# (speaker, side, mode, a phrase of the sentence in the readout, the gist, topic slugs)
SEED_STATEMENTS = [
    (
        "wang",
        "CHN",
        "reported",
        "good friends who can trust and rely",
        "China and Russia are good friends who trust and rely on each other.",
        ["bilateral-relations"],
    ),
    (
        "wang",
        "CHN",
        "reported",
        "bilateral trade has reached a new high",
        "Since President Xi's visit to Russia in March, strategic and pragmatic cooperation has "
        "progressed: record bilateral trade, steady energy cooperation, people-to-people exchanges "
        "recovering.",
        ["trade", "energy", "people-to-people"],
    ),
    (
        "wang",
        "CHN",
        "reported",
        "the most important task for both sides",
        "The most important task is to implement the consensus of the two heads of state and "
        "develop the comprehensive strategic partnership of coordination.",
        ["bilateral-relations"],
    ),
    (
        "wang",
        "CHN",
        "reported",
        "promote the multipolarization of the world",
        "China and Russia cooperate strategically on the multilateral stage, promoting "
        "multipolarity and the democratisation of international relations.",
        ["multilateralism"],
    ),
    (
        "wang",
        "CHN",
        "reported",
        "This is the international responsibility",
        "This is the international responsibility China and Russia should undertake.",
        ["multilateralism"],
    ),
    (
        None,
        "CHN",
        "reported",
        "China is willing to support South Africa",
        "China supports South Africa hosting the upcoming BRICS leaders' summit.",
        ["brics"],
    ),
    (
        "lavrov",
        "RUS",
        "reported",
        "Russia is willing to continue to strengthen communication",
        "Russia will strengthen cooperation with China within the UN, BRICS and the SCO, and "
        "oppose hegemony and unilateralism.",
        ["multilateralism", "un", "brics", "sco"],
    ),
    (
        None,
        None,
        "joint",
        "also exchanged views on international and regional issues",
        "The two sides exchanged views on the Ukraine crisis and other regional issues.",
        ["ukraine"],
    ),
    (
        "wang",
        "CHN",
        "reported",
        "China will uphold an independent and fair position",
        "China keeps an independent and fair position on the Ukraine crisis and promotes peace "
        "talks.",
        ["ukraine"],
    ),
    (
        "lavrov",
        "RUS",
        "reported",
        "Russia highly appreciates",
        "Russia appreciates China's position on a political settlement and its constructive role.",
        ["ukraine"],
    ),
]

SEED_MENTIONED = [
    ("Chinese President Xi Jinping's visit to Russia", datetime.date(2023, 3, 1), "visit"),
    ("BRICS leaders' summit hosted by South Africa", datetime.date(2023, 8, 1), "multilateral"),
]


def shared_dir():
    """The optional shared folder beside the clone (READOUTS_SHARED_DIR overrides it)."""
    return Path(os.environ.get("READOUTS_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared")


def seed_text():
    path = shared_dir() / "seed" / SEED_FILE
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def sentence_span(text, phrase):
    """The (start, end) of the sentence of `text` holding `phrase`, or None."""
    at = text.find(phrase)
    if at < 0:
        return None
    starts = [m.end() for m in re.finditer(r"[.!?]\s+|\n+", text[:at])]
    start = starts[-1] if starts else 0
    stop = re.search(r"[.!?](?=\s|$)", text[at:])
    end = at + stop.end() if stop else len(text)
    while start < end and text[start].isspace():
        start += 1
    dateline = re.match(r"date \d{4}-\d{2}-\d{2}\s+", text[start:at])
    if dateline:  # the page's dateline, not the readout's words
        start += dateline.end()
    return start, end


def country(code):
    found = Actor.objects.filter(code=code).first()
    if found:
        return found
    return Actor.objects.create(kind=ActorKind.COUNTRY, name=name_of(code), code=code)


def person(name, nation, aliases=()):
    found = Actor.objects.filter(kind=ActorKind.PERSON, name=name).first()
    if found:
        return found
    return Actor.objects.create(
        kind=ActorKind.PERSON, name=name, country=nation, aliases=list(aliases)
    )


@transaction.atomic
def load_seed():
    """Create the seed event unless it exists (by title and date). Returns it, and whether it
    was created."""
    existing = Event.objects.filter(title=SEED_TITLE, occurred_on=datetime.date(2023, 8, 7))
    if existing.exists():
        return existing.first(), False
    sync_topics(Topic)
    china, russia = country("CHN"), country("RUS")
    country("ZAF")
    wang = person("Wang Yi", china)
    lavrov = person("Sergey Lavrov", russia, ["Sergei Lavrov", "Lavrov Sergey Viktorovich"])
    if not wang.roles.exists():
        Role.objects.create(
            person=wang,
            side=china,
            start_date=datetime.date(2023, 7, 25),
            title="Member of the Political Bureau of the CPC Central Committee; Minister of "
            "Foreign Affairs",
        )
    if not lavrov.roles.exists():
        Role.objects.create(
            person=lavrov,
            side=russia,
            title="Minister of Foreign Affairs",
            start_date=datetime.date(2004, 3, 9),
        )
    publisher, _ = Publisher.objects.get_or_create(
        name=SEED_PUBLISHER, defaults={"country": china, "website": "https://www.fmprc.gov.cn/"}
    )
    event = Event.objects.create(
        occurred_on=datetime.date(2023, 8, 7),
        date_precision=DatePrecision.DAY,
        kind=EventKind.PHONE_CALL,
        title=SEED_TITLE,
        summary="Phone call between the Chinese and Russian foreign ministers on bilateral "
        "cooperation, the multilateral stage, BRICS and the Ukraine crisis.",
        status=Status.PUBLISHED,
    )
    Participant.objects.create(
        event=event,
        actor=wang,
        side=china,
        order=1,
        title="Member of the Political Bureau of the CPC Central Committee and Minister of "
        "Foreign Affairs",
    )
    Participant.objects.create(
        event=event, actor=lavrov, side=russia, order=2, title="Foreign Minister"
    )
    text = seed_text()
    source = None
    if text:
        source = Source.objects.filter(text=text).first() or Source.objects.create(
            publisher=publisher,
            event=event,
            text=text,
            title=SEED_TITLE,
            published_on=datetime.date(2023, 8, 8),
            language="en",
        )
        if source.event_id is None:
            source.event = event
            source.save()
    speakers = {"wang": wang, "lavrov": lavrov, None: None}
    sides = {"CHN": china, "RUS": russia, None: None}
    topics = {t.slug: t for t in Topic.objects.all()}
    for position, (who, side, mode, phrase, gist, slugs) in enumerate(SEED_STATEMENTS, start=1):
        span = sentence_span(text, phrase) if text else None
        statement = Statement.objects.create(
            event=event,
            source=source if span else None,
            speaker=speakers[who] or (wang if side == "CHN" else None),
            side=sides[side],
            mode=StatementMode(mode),
            text=text[span[0] : span[1]] if span else gist,
            start=span[0] if span else None,
            end=span[1] if span else None,
            position=position,
            cue="worked by hand (DOMAIN.md)",
        )
        statement.topics.set([topics[slug] for slug in slugs if slug in topics])
        if "brics" in slugs:
            statement.mentions.add(country("ZAF"))
    for description, day, kind in SEED_MENTIONED:
        event.mentioned_events.create(
            description=description, occurred_on=day, date_precision=DatePrecision.MONTH, kind=kind
        )
    return event, True
