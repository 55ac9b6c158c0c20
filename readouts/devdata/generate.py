"""Synthetic readouts, in bulk: for the demo set and for benchmarks at a million statements.

Everything generated is labelled: its publishers are named "Synthetic ... (generated)" and
flagged `is_synthetic`, and its people are invented (no real person is made to say anything).
Countries are skewed as in real corpora (China, Russia and the United States dominate), topics
and speakers too, and dates run from 2000 to 2026, denser in recent years. Each event gets a
source text assembled from its statements, so that every statement's span points into it.

Rows go in with PostgreSQL's COPY, a batch of events at a time, with explicit ids; the
sequences are moved past them at the end. History tables are not filled for generated rows.
"""

import datetime
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from ..browse import search
from ..cache import bump
from ..choices import ActorKind, EventKind, StatementMode, Status
from ..models import Actor, Event, Participant, Publisher, Source, Statement, Topic, content_hash
from ..reader.gazetteer import name_of
from ..taxonomy import sync_topics

# ISO alpha-3 and weight: how often a country takes part in a generated event.
COUNTRY_WEIGHTS = {
    "CHN": 18,
    "RUS": 16,
    "USA": 14,
    "JPN": 5,
    "IND": 5,
    "DEU": 4,
    "FRA": 4,
    "GBR": 4,
    "TUR": 3,
    "ZAF": 3,
    "BRA": 3,
    "IRN": 2,
    "KOR": 2,
    "SAU": 2,
    "PAK": 2,
    "KAZ": 2,
    "EGY": 2,
    "IDN": 2,
    "VNM": 2,
    "UKR": 2,
    "MEX": 1,
    "ARG": 1,
    "AUS": 1,
    "CAN": 1,
    "ITA": 1,
    "ESP": 1,
    "NGA": 1,
    "ETH": 1,
    "ISR": 1,
    "ARE": 1,
    "SRB": 1,
    "BLR": 1,
    "MNG": 1,
    "SGP": 1,
    "THA": 1,
}

# Invented names, in each country's manner (family name first where that is the usage).
NAME_PARTS = {
    "CHN": (
        ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"],
        ["Wei", "Jun", "Ming", "Hua", "Qiang", "Lei", "Yan", "Tao", "Ping", "Xin"],
        True,
    ),
    "JPN": (
        ["Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Watanabe", "Nakamura"],
        ["Hiroshi", "Kenji", "Takeshi", "Yuko", "Akira", "Naoko", "Shinji"],
        False,
    ),
    "KOR": (
        ["Kim", "Lee", "Park", "Choi", "Jung", "Kang"],
        ["Min-jun", "Seo-yeon", "Ji-hoon", "Hye-jin", "Dong-hyun"],
        True,
    ),
    "VNM": (["Nguyen", "Tran", "Le", "Pham", "Hoang"], ["Van An", "Thi Lan", "Duc Minh"], True),
    "RUS": (
        ["Ivanov", "Petrov", "Sokolov", "Volkov", "Morozov", "Orlov", "Zaitsev"],
        ["Sergey", "Dmitry", "Andrei", "Mikhail", "Alexei", "Yelena", "Olga"],
        False,
    ),
    "UKR": (
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko"],
        ["Oleksandr", "Andriy", "Iryna", "Dmytro"],
        False,
    ),
    "BLR": (["Novik", "Kravchenko", "Sidorenko"], ["Vladimir", "Natalia", "Viktor"], False),
    "KAZ": (["Nurlanov", "Abenov", "Tokayev-Sarin"], ["Yerlan", "Askar", "Aigerim"], False),
}
GENERIC_NAMES = (
    [
        "Martin",
        "Silva",
        "Kumar",
        "Ahmed",
        "Müller",
        "Dubois",
        "Rossi",
        "García",
        "Yilmaz",
        "Okafor",
        "Haddad",
        "Cohen",
        "Smith",
        "Nowak",
        "Santos",
        "Rahman",
        "Mensah",
        "Lindqvist",
    ],
    [
        "Anna",
        "David",
        "Maria",
        "Omar",
        "Fatima",
        "Lukas",
        "Sofia",
        "Rahul",
        "Amara",
        "Elif",
        "Thomas",
        "Nadia",
        "Carlos",
        "Yusuf",
        "Claire",
        "Tunde",
        "Ingrid",
        "Pedro",
    ],
    False,
)

TITLES = [
    ("Minister of Foreign Affairs", 5),
    ("President", 2),
    ("Prime Minister", 2),
    ("Deputy Foreign Minister", 3),
    ("Special Envoy", 1),
    ("National Security Adviser", 1),
]

KIND_WEIGHTS = {
    EventKind.PHONE_CALL: 35,
    EventKind.MEETING: 28,
    EventKind.VISIT: 10,
    EventKind.VIDEO_CALL: 8,
    EventKind.MULTILATERAL: 8,
    EventKind.MESSAGE: 5,
    EventKind.PRESS_CONFERENCE: 3,
    EventKind.STATEMENT: 2,
    EventKind.OTHER: 1,
}

TITLE_PATTERNS = {
    EventKind.PHONE_CALL: "{a} holds phone talks with {b}",
    EventKind.VIDEO_CALL: "{a} holds a video call with {b}",
    EventKind.MEETING: "{a} meets {b}",
    EventKind.VISIT: "{a} pays an official visit to {place}",
    EventKind.MULTILATERAL: "{a} attends a ministerial meeting in {place}",
    EventKind.MESSAGE: "{a} sends a message to {b}",
    EventKind.PRESS_CONFERENCE: "{a} and {b} meet the press",
    EventKind.STATEMENT: "{a} issues a statement",
    EventKind.OTHER: "{a} and {b} hold consultations",
}

# What a side says, by topic slug. {self} is the speaker's country, {other} the counterpart.
STATEMENT_PHRASES = {
    "bilateral-relations": [
        "relations between {self} and {other} have maintained a sound momentum of development",
        "{self} is ready to work with {other} to deepen the comprehensive strategic partnership",
        "the two countries should enhance mutual trust and respect each other's core interests",
        "{self} values its friendship with {other} and will keep up high-level exchanges",
    ],
    "trade": [
        "bilateral trade has grown steadily and should be made more balanced",
        "{self} welcomes more high-quality products from {other} to its market",
        "the two sides should keep supply chains stable and oppose protectionism",
    ],
    "investment": [
        "{self} encourages its companies to invest in {other} and expects a fair business environment",
        "financial cooperation and settlement in national currencies should be expanded",
    ],
    "energy": [
        "energy cooperation is a pillar of practical cooperation and long-term contracts should be honoured",
        "{self} is ready to expand cooperation with {other} on oil, natural gas and nuclear power",
    ],
    "people-to-people": [
        "people-to-people exchanges, tourism and student mobility should be restored and expanded",
        "the cultural years and youth exchanges have brought the two peoples closer",
    ],
    "security": [
        "{self} is ready to step up security cooperation and jointly fight terrorism",
        "military exercises near its borders undermine regional security",
    ],
    "arms-control": [
        "strategic stability and arms control agreements must be preserved",
        "{self} calls for the denuclearization of the Korean Peninsula through dialogue",
    ],
    "sanctions": [
        "unilateral sanctions without a mandate of the Security Council are illegitimate",
        "new sanctions would further complicate bilateral relations",
    ],
    "multilateralism": [
        "{self} supports true multilateralism and opposes hegemony and unilateralism",
        "the international order must be based on international law and a multipolar world",
    ],
    "un": [
        "the central role of the United Nations and the principles of the UN Charter must be upheld",
        "the two sides will coordinate closely in the Security Council",
    ],
    "brics": [
        "{self} supports the expansion of BRICS cooperation and the coming summit",
    ],
    "sco": [
        "the Shanghai Cooperation Organisation should play a bigger role in regional security",
    ],
    "ukraine": [
        "{self} stands for a political settlement of the Ukraine crisis through dialogue",
        "the situation in Ukraine requires restraint and the resumption of peace talks",
    ],
    "middle-east": [
        "a ceasefire in Gaza and a two-state solution are urgently needed",
        "the nuclear agreement with Iran should be restored",
    ],
    "syria": ["the settlement in Syria should follow Security Council Resolution 2254"],
    "korean-peninsula": ["tensions on the Korean Peninsula should be eased through dialogue"],
    "afghanistan": ["{self} supports an inclusive political settlement in Afghanistan"],
    "arctic": ["the Arctic should remain a region of peace and cooperation"],
    "climate": [
        "{self} will work with {other} on climate change and green development",
    ],
    "health": ["the two sides will strengthen cooperation on public health and vaccines"],
    "consular": [
        "{self} asks {other} to ensure the safety and legal rights of its citizens",
    ],
}
TOPIC_WEIGHTS = {
    "bilateral-relations": 30,
    "trade": 12,
    "multilateralism": 10,
    "ukraine": 8,
    "energy": 6,
    "security": 6,
    "un": 5,
    "investment": 4,
    "people-to-people": 4,
    "middle-east": 4,
    "sanctions": 3,
    "arms-control": 3,
    "brics": 3,
    "korean-peninsula": 2,
    "sco": 2,
    "syria": 2,
    "climate": 2,
    "afghanistan": 1,
    "arctic": 1,
    "health": 1,
    "consular": 1,
}
VERBS = ["said", "noted", "stressed", "emphasized", "pointed out", "stated", "underlined"]
JOINT_OPENINGS = [
    "The two sides exchanged views on {topic_name} and agreed that {phrase}",
    "Both sides agreed that {phrase}",
    "The ministers noted that {phrase}",
]
CITIES = {
    "CHN": "Beijing",
    "RUS": "Moscow",
    "USA": "Washington",
    "JPN": "Tokyo",
    "IND": "New Delhi",
    "DEU": "Berlin",
    "FRA": "Paris",
    "GBR": "London",
    "TUR": "Ankara",
    "ZAF": "Pretoria",
    "BRA": "Brasília",
    "IRN": "Tehran",
    "KOR": "Seoul",
    "SAU": "Riyadh",
    "PAK": "Islamabad",
    "KAZ": "Astana",
    "EGY": "Cairo",
    "IDN": "Jakarta",
    "VNM": "Hanoi",
    "UKR": "Kyiv",
}

SYNTHETIC_LABEL = "Synthetic"
BILATERAL_KINDS = {EventKind.PHONE_CALL, EventKind.VIDEO_CALL, EventKind.MEETING, EventKind.VISIT}
PROPER_NOUNS = {
    "ukraine",
    "brics",
    "sco",
    "un",
    "g20",
    "apec",
    "middle-east",
    "syria",
    "korean-peninsula",
    "afghanistan",
    "venezuela",
    "arctic",
    "taiwan",
}


def weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def country_actors(codes):
    existing = {a.code: a for a in Actor.objects.filter(code__in=codes)}
    for code in codes:
        if code not in existing:
            existing[code] = Actor.objects.create(
                kind=ActorKind.COUNTRY, name=name_of(code), code=code
            )
    return existing


def invent_people(rng, countries, per_country):
    """A cast of invented officials per country: (actor, title)."""
    cast = {}
    for code, nation in countries.items():
        families, givens, family_first = NAME_PARTS.get(code, GENERIC_NAMES)
        wanted = max(3, round(per_country * COUNTRY_WEIGHTS[code] / 4))
        existing = list(
            Actor.objects.filter(kind=ActorKind.PERSON, country=nation, needs_review=False)
            .filter(description__startswith=SYNTHETIC_LABEL)
            .order_by("id")[:wanted]
        )
        names = {a.name for a in existing}
        while len(existing) < wanted:
            family, given = rng.choice(families), rng.choice(givens)
            name = f"{family} {given}" if family_first else f"{given} {family}"
            if name in names:
                name = f"{name} {chr(65 + len(existing) % 26)}."
                if name in names:
                    continue
            names.add(name)
            existing.append(
                Actor.objects.create(
                    kind=ActorKind.PERSON,
                    name=name,
                    country=nation,
                    description=f"{SYNTHETIC_LABEL}: an invented official for generated data.",
                )
            )
        titles = [t for t, w in TITLES for _ in range(w)]
        cast[code] = [(actor, titles[i % len(titles)]) for i, actor in enumerate(existing)]
    return cast


def synthetic_publishers(countries):
    publishers = {}
    for code, nation in countries.items():
        name = f"{SYNTHETIC_LABEL}: Ministry of Foreign Affairs of {nation.name} (generated)"
        publishers[code], _ = Publisher.objects.get_or_create(
            name=name, defaults={"country": nation, "is_synthetic": True}
        )
    return publishers


def next_ids(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0] + 1


def move_sequence(table):
    with connection.cursor() as cursor:
        query = f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"  # noqa: S608 - our own table names
        cursor.execute(query, [table])


def copy_rows(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def split_counts(rng, total, parts):
    """`total` statements spread over `parts` events, at least one each, uneven."""
    if parts == 0:
        return []
    base = [1] * parts
    extra = total - parts
    if extra > 0:
        weights = [rng.random() + 0.3 for _ in range(parts)]
        scale = extra / sum(weights)
        shares = [int(w * scale) for w in weights]
        for i in rng.sample(range(parts), extra - sum(shares)):
            shares[i] += 1
        base = [b + s for b, s in zip(base, shares, strict=True)]
    return base


REBUILD_RUM_FROM = 50_000  # statements in one load


def generate(
    events,
    statements,
    seed=0,
    drafts=0.0,
    batch=5000,
    progress: Callable[[int], None] | None = None,
):
    """Add `events` events and about `statements` statements (at least one per event)."""
    rng = random.Random(seed)
    statements = max(statements, events)
    with transaction.atomic():
        tables = [m._meta.db_table for m in (Event, Source, Participant, Statement)]
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")
            # The rows arrive with their facet keys already worked out (with_facet_keys): the
            # triggers that keep them (migration 0011) would rewrite every event three times.
            # The setting is local to the transaction (and undone with it on any failure).
            cursor.execute("SELECT set_config('readouts.bulk_load', 'on', true)")
            # A large load goes in without the RUM index (search.py), built again at the end
            # (about ten seconds at a million statements) rather than kept up row by row.
            rebuild_rum = statements >= REBUILD_RUM_FROM and search.index_exists(cursor)
            if rebuild_rum:
                cursor.execute(f"DROP INDEX {search.RUM_INDEX}")
        sync_topics(Topic)
        topics = {t.slug: t.pk for t in Topic.objects.filter(slug__in=TOPIC_WEIGHTS)}
        topic_names = dict(Topic.objects.filter(slug__in=TOPIC_WEIGHTS).values_list("slug", "name"))
        weights = {slug: w for slug, w in TOPIC_WEIGHTS.items() if slug in topics}
        countries = country_actors(list(COUNTRY_WEIGHTS))
        # The cast has its own random stream, so that the same seed gives the same statements
        # whether or not the officials were invented by an earlier run.
        cast = invent_people(random.Random(seed + 1), countries, per_country=max(4, events // 2000))
        publishers = synthetic_publishers(countries)
        ids = {m: next_ids(m) for m in (Event, Source, Participant, Statement)}
        link_id = next_ids(Statement.topics.through)
        mention_id = next_ids(Statement.mentions.through)
        per_event = split_counts(rng, statements, events)
        now = timezone.now()
        done = 0
        while done < events:
            size = min(batch, events - done)
            rows = build_batch(
                rng,
                per_event[done : done + size],
                ids,
                countries,
                cast,
                publishers,
                topics,
                topic_names,
                weights,
                drafts,
                now,
            )
            with_facet_keys(rows)
            with connection.cursor() as cursor:
                raw = cursor.cursor
                copy_rows(raw, "readouts_event", EVENT_COLUMNS, rows["events"])
                copy_rows(raw, "readouts_source", SOURCE_COLUMNS, rows["sources"])
                copy_rows(raw, "readouts_participant", PARTICIPANT_COLUMNS, rows["participants"])
                copy_rows(raw, "readouts_statement", STATEMENT_COLUMNS, rows["statements"])
                links = [(link_id + i, s, t) for i, (s, t) in enumerate(rows["topics"])]
                link_id += len(links)
                copy_rows(
                    raw, "readouts_statement_topics", ("id", "statement_id", "topic_id"), links
                )
                mentions = [(mention_id + i, s, a) for i, (s, a) in enumerate(rows["mentions"])]
                mention_id += len(mentions)
                copy_rows(
                    raw, "readouts_statement_mentions", ("id", "statement_id", "actor_id"), mentions
                )
            done += size
            if progress:
                progress(size)
        for table in (*tables, "readouts_statement_topics", "readouts_statement_mentions"):
            move_sequence(table)
        with connection.cursor() as cursor:
            # The monthly facet counts (migration 0012), which the triggers left alone.
            cursor.execute("SELECT readouts_rebuild_rollups()")
            if rebuild_rum:
                # The foreign keys are checked at commit; an index may not be built while
                # their checks are pending, so they are made now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                search.create_rum_index(cursor)
            cursor.execute("SELECT set_config('readouts.bulk_load', 'off', true)")
            cursor.execute(f"ANALYZE {', '.join(tables)}, readouts_statement_topics")
    bump()
    return {"events": events, "statements": statements}


EVENT_COLUMNS = (
    "id",
    "occurred_on",
    "date_precision",
    "kind",
    "title",
    "location",
    "summary",
    "status",
    "created_at",
    "updated_at",
    # The facet keys (migration 0011), from with_facet_keys.
    "side_ids",
    "actor_ids",
    "publisher_ids",
    "topic_ids",
    "all_topic_ids",
)


def with_facet_keys(rows):
    """Add to a batch's rows the copies the database keeps for the facets (migration 0011):
    each statement's publisher, each event's sides, actors, publishers and topics."""
    publisher_of = {source[0]: source[2] for source in rows["sources"]}
    keys = {event[0]: (set(), set(), set(), set(), set()) for event in rows["events"]}
    for _, event_id, actor_id, _, side_id, _ in rows["participants"]:
        keys[event_id][1].add(actor_id)
        if side_id is not None:
            keys[event_id][0].add(side_id)
    for source in rows["sources"]:
        keys[source[1]][2].add(source[2])
    statements = []
    for statement in rows["statements"]:
        event_keys, topic_ids, is_public = keys[statement[1]], statement[-1], statement[14]
        event_keys[4].update(topic_ids)
        if is_public:
            event_keys[3].update(topic_ids)
        statements.append((*statement, publisher_of.get(statement[2])))
    rows["statements"] = statements
    rows["events"] = [(*event, *(sorted(k) for k in keys[event[0]])) for event in rows["events"]]


SOURCE_COLUMNS = (
    "id",
    "event_id",
    "publisher_id",
    "url",
    "title",
    "language",
    "published_on",
    "text",
    "content_hash",
    "created_at",
    "updated_at",
)
PARTICIPANT_COLUMNS = ("id", "event_id", "actor_id", "title", "side_id", '"order"')
STATEMENT_COLUMNS = (
    "id",
    "event_id",
    "source_id",
    "speaker_id",
    "side_id",
    "mode",
    "text",
    "start",
    '"end"',
    "position",
    "cue",
    "status",
    "occurred_on",
    "event_kind",
    "is_public",
    "created_at",
    "updated_at",
    "topic_ids",
    "publisher_id",  # a copy (migration 0011), from with_facet_keys
)


def random_date(rng):
    year = 2000 + min(26, int(27 * rng.random() ** 0.55))
    start = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31) if year < 2026 else datetime.date(2026, 11, 1)
    return start + datetime.timedelta(days=rng.randrange((last - start).days + 1))


def build_batch(
    rng, counts, ids, countries, cast, publishers, topics, topic_names, weights, drafts, now
):
    out = {k: [] for k in ("events", "sources", "participants", "statements", "topics", "mentions")}
    codes = list(COUNTRY_WEIGHTS)
    code_weights = [COUNTRY_WEIGHTS[c] for c in codes]
    for count in counts:
        event_id, source_id = ids[Event], ids[Source]
        ids[Event] += 1
        ids[Source] += 1
        kind = weighted(rng, KIND_WEIGHTS)
        day = random_date(rng)
        host = rng.choices(codes, weights=code_weights)[0]
        guest = host
        while guest == host:
            guest = rng.choices(codes, weights=code_weights)[0]
        sides = [host, guest]
        if kind == EventKind.MULTILATERAL:
            while len(sides) < rng.randint(3, 5):
                extra = rng.choices(codes, weights=code_weights)[0]
                if extra not in sides:
                    sides.append(extra)
        people = [(code, *rng.choice(cast[code])) for code in sides]
        a, b = people[0][1].name, people[1][1].name
        place = CITIES.get(guest, countries[guest].name)
        title = TITLE_PATTERNS[kind].format(a=a, b=b, place=place)
        location = (
            place if kind in (EventKind.MEETING, EventKind.VISIT, EventKind.MULTILATERAL) else ""
        )
        published = rng.random() >= drafts
        status = Status.PUBLISHED if published else Status.DRAFT
        out["events"].append(
            (
                event_id,
                day,
                "day",
                kind,
                title,
                location,
                f"{SYNTHETIC_LABEL} event generated for demonstration.",
                status,
                now,
                now,
            )
        )
        for order, (code, actor, role) in enumerate(people, start=1):
            out["participants"].append(
                (ids[Participant], event_id, actor.pk, f"{role}", countries[code].pk, order)
            )
            ids[Participant] += 1

        # The readout's text, statement by statement, recording each span. A quarter of the
        # bilateral events are read out by both sides, as real calls are: the guest's readout
        # carries most of the guest's statements.
        readouts = {
            host: [source_id, f"{title}\n{SYNTHETIC_LABEL} readout #{event_id} (generated)\n\n"]
        }
        if kind in BILATERAL_KINDS and len(people) == 2 and rng.random() < 0.25:
            readouts[guest] = [
                ids[Source],
                f"{title}\n{SYNTHETIC_LABEL} readout #{event_id}, "
                f"the {countries[guest].name} side (generated)\n\n",
            ]
            ids[Source] += 1
        for position in range(1, count + 1):
            slug = weighted(rng, weights)
            roll = rng.random()
            code, actor, _ = rng.choice(people)
            other = rng.choice([c for c, _, _ in people if c != code] or [code])
            template = rng.choice(STATEMENT_PHRASES[slug])
            phrase = template.format(self=countries[code].name, other=countries[other].name)
            if roll < 0.1 and "{self}" not in template:
                mode, speaker, side = StatementMode.JOINT, None, None
                name = topic_names[slug]
                sentence = (
                    rng.choice(JOINT_OPENINGS).format(
                        topic_name=name if slug in PROPER_NOUNS else name.lower(), phrase=phrase
                    )
                    + "."
                )
                cue = "joint subject"
            elif roll < 0.2:
                mode, speaker, side = StatementMode.DIRECT_QUOTE, actor.pk, countries[code].pk
                sentence = f"“{phrase[0].upper()}{phrase[1:]},” {actor.name} said."
                cue = "quotation"
            else:
                mode, speaker, side = StatementMode.REPORTED, actor.pk, countries[code].pk
                sentence = f"{actor.name} {rng.choice(VERBS)} that {phrase}."
                cue = "reporting verb"
            toward_guest = side is None or code == guest
            reader = guest if guest in readouts and toward_guest and rng.random() < 0.75 else host
            readout = readouts[reader]
            start = len(readout[1])
            readout[1] += sentence
            end = len(readout[1])
            readout[1] += "\n\n" if position % 2 == 0 else " "
            statement_id = ids[Statement]
            ids[Statement] += 1
            statement_topics = [topics[slug]]
            if rng.random() < 0.15:
                second = weighted(rng, weights)
                if second != slug:
                    statement_topics.append(topics[second])
            statement_topics.sort()
            out["statements"].append(
                (
                    statement_id,
                    event_id,
                    readout[0],
                    speaker,
                    side,
                    mode,
                    sentence,
                    start,
                    end,
                    position,
                    cue,
                    Status.PUBLISHED,
                    day,
                    kind,
                    published,
                    now,
                    now,
                    statement_topics,
                )
            )
            for topic_id in statement_topics:
                out["topics"].append((statement_id, topic_id))
            if "{other}" in template:
                out["mentions"].append((statement_id, countries[other].pk))
        for code, (readout_id, text) in readouts.items():
            published_on = day + datetime.timedelta(days=rng.choice((0, 0, 1, 1, 2)))
            out["sources"].append(
                (
                    readout_id,
                    event_id,
                    publishers[code].pk,
                    f"https://example.org/synthetic/{event_id}/{code.lower()}",
                    title,
                    "en",
                    published_on,
                    text,
                    content_hash(text),
                    now,
                    now,
                )
            )
    return out
