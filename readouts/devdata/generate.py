"""Synthetic readouts, in bulk: for the demo set and for benchmarks at a million statements.

Everything generated is labelled: its publishers are named "Synthetic ... (generated)" and
flagged `is_synthetic`, and its people are invented (no real person is made to say anything).
Countries are skewed as in real corpora (China, Russia and the United States dominate), topics
and speakers too, and dates run from 2000 to 2026, denser in recent years. Each event takes up
the topics its pair of countries would raise that year, and each statement says exactly those
it is tagged with, in its speaker's words (sentences.py). Each event gets a source text
assembled from its statements, so that every statement's span points into it.

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
from . import sentences
from .vocabulary import (
    BILATERAL_KINDS,
    CITIES,
    COUNTRY_WEIGHTS,
    COUNTRY_WORDS,
    FORUMS,
    GENERIC_FORUM,
    GENERIC_NAMES,
    KIND_WEIGHTS,
    NAME_PARTS,
    NO_CONTACT,
    SYNTHETIC_LABEL,
    TITLE_PATTERNS,
    TOPIC_WEIGHTS,
    titles_of,
)


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


def surname(name, family_first):
    words = [word for word in name.split() if not word.endswith(".")]
    return words[0] if family_first else words[-1]


def invent_people(rng, countries, per_country):
    """A cast of invented officials per country: (actor, title, surname, title's style)."""
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
        titles = titles_of(code)
        cast[code] = []
        for i, actor in enumerate(existing):
            title, style = titles[i % len(titles)]
            cast[code].append((actor, title, surname(actor.name, family_first), style))
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
    # The counts of statements (migration 0027), from with_facet_keys too.
    "statement_count",
    "public_statement_count",
)


def with_facet_keys(rows):
    """Add to a batch's rows the copies the database keeps for the facets (migration 0011):
    each statement's publisher, each event's sides, actors, publishers and topics; and each
    event's counts of statements, all and public (migration 0027)."""
    publisher_of = {source[0]: source[2] for source in rows["sources"]}
    keys = {event[0]: (set(), set(), set(), set(), set()) for event in rows["events"]}
    for _, event_id, actor_id, _, side_id, _ in rows["participants"]:
        keys[event_id][1].add(actor_id)
        if side_id is not None:
            keys[event_id][0].add(side_id)
    for source in rows["sources"]:
        keys[source[1]][2].add(source[2])
    counts = {event[0]: [0, 0] for event in rows["events"]}
    statements = []
    for statement in rows["statements"]:
        event_keys, topic_ids, is_public = keys[statement[1]], statement[-1], statement[14]
        event_keys[4].update(topic_ids)
        counts[statement[1]][0] += 1
        if is_public:
            event_keys[3].update(topic_ids)
            counts[statement[1]][1] += 1
        statements.append((*statement, publisher_of.get(statement[2])))
    rows["statements"] = statements
    rows["events"] = [
        (*event, *(sorted(k) for k in keys[event[0]]), *counts[event[0]])
        for event in rows["events"]
    ]


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
    "speaker_sort",  # the sort keys (migration 0027)
    "country_sort",
    "topic_ids",
    "publisher_id",  # a copy (migration 0011), from with_facet_keys
)


def random_date(rng):
    year = 2000 + min(26, int(27 * rng.random() ** 0.55))
    start = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31) if year < 2026 else datetime.date(2026, 11, 1)
    return start + datetime.timedelta(days=rng.randrange((last - start).days + 1))


def multilateral(rng, sides, year, codes, code_weights):
    """The group whose meeting it is (None for another ministerial meeting) and the meeting's
    name; `sides` grows to three to five countries, members of the group if there is one."""
    host, guest = sides
    groups = [
        g for g in FORUMS if sentences.member(host, g, year) and sentences.member(guest, g, year)
    ]
    wanted = rng.randint(3, 5)
    if groups:
        group = rng.choice(groups)
        members = [
            c for c in FORUMS[group][1] if c not in sides and sentences.member(c, group, year)
        ]
        sides += rng.sample(members, min(wanted - 2, len(members)))
        return group, FORUMS[group][0]
    while len(sides) < wanted:
        extra = rng.choices(codes, weights=code_weights)[0]
        if extra not in sides:
            sides.append(extra)
    return None, GENERIC_FORUM


def build_batch(rng, counts, ids, countries, cast, publishers, topics, drafts, now):
    out = {k: [] for k in ("events", "sources", "participants", "statements", "topics", "mentions")}
    codes = list(COUNTRY_WEIGHTS)
    code_weights = [COUNTRY_WEIGHTS[c] for c in codes]
    present = frozenset(topics)
    for count in counts:
        event_id, source_id = ids[Event], ids[Source]
        ids[Event] += 1
        ids[Source] += 1
        kind = weighted(rng, KIND_WEIGHTS)
        day = random_date(rng)
        host = rng.choices(codes, weights=code_weights)[0]
        guest = host
        while guest == host or frozenset((host, guest)) in NO_CONTACT:
            guest = rng.choices(codes, weights=code_weights)[0]
        sides = [host, guest]
        group, forum = None, ""
        if kind == EventKind.MULTILATERAL:
            group, forum = multilateral(rng, sides, day.year, codes, code_weights)
        people = [(code, *rng.choice(cast[code])) for code in sides]
        a, b = people[0][1].name, people[1][1].name
        place = CITIES[guest]
        title = rng.choice(TITLE_PATTERNS[kind]).format(
            a=a, b=b, place=place, country=COUNTRY_WORDS[guest][0], forum=forum
        )
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
        for order, (code, actor, role, *_) in enumerate(people, start=1):
            out["participants"].append(
                (ids[Participant], event_id, actor.pk, role, countries[code].pk, order)
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
        persons = tuple(
            sentences.Person(code, actor.pk, actor.name, family, style)
            for code, actor, _, family, style in people
        )
        event = sentences.Event(
            kind,
            day.year,
            tuple(sides),
            persons,
            persons[:1] if kind == EventKind.MESSAGE else persons,
            sentences.relations(host, guest, day.year) != "",
        )
        first = [group] if group else ["high-level-visits"] if kind == EventKind.VISIT else []
        weights = sentences.topic_weights(host, guest, day.year, present)
        named = set()
        for position, slugs in enumerate(
            sentences.event_topics(rng, weights, count, first), start=1
        ):
            said = sentences.statement(rng, event, slugs, named, position > 1)
            speaker = said.speaker
            side = countries[speaker.code].pk if speaker else None
            toward_guest = speaker is None or speaker.code == guest
            reader = guest if guest in readouts and toward_guest and rng.random() < 0.75 else host
            readout = readouts[reader]
            start = len(readout[1])
            readout[1] += said.text
            end = len(readout[1])
            readout[1] += "\n\n" if position % 2 == 0 else " "
            statement_id = ids[Statement]
            ids[Statement] += 1
            statement_topics = sorted(topics[slug] for slug in slugs)
            out["statements"].append(
                (
                    statement_id,
                    event_id,
                    readout[0],
                    speaker.pk if speaker else None,
                    side,
                    said.mode,
                    said.text,
                    start,
                    end,
                    position,
                    said.cue,
                    Status.PUBLISHED,
                    day,
                    kind,
                    published,
                    now,
                    now,
                    "Both sides" if said.mode == StatementMode.JOINT else speaker.name,
                    None if side is None else speaker.code,
                    statement_topics,
                )
            )
            for topic_id in statement_topics:
                out["topics"].append((statement_id, topic_id))
            if said.names_country:
                out["mentions"].append((statement_id, countries[said.counterpart.code].pk))
            if said.names_person:
                out["mentions"].append((statement_id, said.counterpart.pk))
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
