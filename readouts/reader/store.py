"""Saving what the reader read: a source, a draft event, its participants, statements and the
events it mentions, in one transaction. The text's content hash decides idempotence."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q

from readouts.choices import ActorKind, Status
from readouts.models import (
    Actor,
    Event,
    MentionedEvent,
    Participant,
    Publisher,
    Role,
    Source,
    Statement,
    Topic,
    content_hash,
    is_web_url,
)

from . import gazetteer
from .offices import Holder, OfficeTable, default_offices
from .people import TITLE_ONLY, KnownActor, match_actor
from .statements import BOTH
from .text import ReadoutError
from .topics import TopicRule, default_topics

log = logging.getLogger(__name__)
UNKNOWN_PUBLISHER = "Unknown publisher"


@dataclass
class SaveResult:
    """What saving one readout did: status "created" or "unchanged", and what it made. A release
    of several separate calls makes one event per call: `events`, the first of them `event`."""

    status: str
    event: Event | None
    source: Source | None
    counts: dict = field(default_factory=dict)
    attached: bool = False  # the source joined an event another readout had recorded
    warnings: list = field(default_factory=list)
    events: list = field(default_factory=list)


# Kinds that may be the same event told by two sides: one calls it a call, the other a
# videoconference; one a meeting, the other a visit.
KIND_FAMILIES = {
    "phone_call": "remote",
    "video_call": "remote",
    "meeting": "in person",
    "visit": "in person",
    "press_conference": "in person",
    "multilateral": "multilateral",
    "message": "message",
    "statement": "statement",
    "other": "other",
}


def known_actors(queryset=None):
    """The people the database knows, for the reader to match names against."""
    people = Actor.objects.filter(kind=ActorKind.PERSON) if queryset is None else queryset
    return [
        KnownActor(
            id=actor.pk,
            name=actor.name,
            kind=actor.kind,
            aliases=tuple(actor.aliases or ()),
            code=actor.code,
            country=actor.country.code if actor.country_id else None,
        )
        for actor in people.select_related("country")
    ]


def participants_as_known(event):
    """The people of a saved event as known actors: what a batch adds to its list of known
    actors after each file, so the next file matches them without reloading everything."""
    return known_actors(Actor.objects.filter(participations__event=event))


def topic_rules():
    """The topics editors keep in the database (their keywords), or the defaults."""
    rules = [TopicRule(t.slug, t.name, tuple(t.keywords)) for t in Topic.objects.all()]
    return rules or default_topics()


def load_reader_context():
    """(known actors, topic rules) from the database; with no database reachable, no known
    actors and the default topics, so that a dry run needs no database."""
    try:
        return known_actors(), topic_rules()
    except (DatabaseError, ImproperlyConfigured) as error:
        log.info("reader without database: %s", error)
        return [], default_topics()


def office_table():
    """The holders of offices as editors keep them (roles with an office), for the reader;
    the table shipped with the project when the database has none or cannot be reached."""
    try:
        roles = list(
            Role.objects.exclude(office="")
            .filter(side__isnull=False)
            .select_related("person", "side")
            .order_by("side__code", "office", "start_date", "id")
        )
    except (DatabaseError, ImproperlyConfigured) as error:
        log.info("office table without database: %s", error)
        return default_offices()
    if not roles:
        return default_offices()
    return OfficeTable(
        Holder(
            country=role.side.code,
            office=role.office,
            title=role.title,
            name=role.person.name,
            start=role.start_date,
            # A role's end date is its last day; a holder's end is the successor's first.
            end=role.end_date + dt.timedelta(days=1) if role.end_date else None,
            source=role.source or "the portal's roles",
        )
        for role in roles
        if role.side.code
    )


def load_offices(table=None):
    """Copy the office table (by default readouts/data/offices.toml) into actors and roles:
    a person is matched by name and country, else created; a term is added unless the person
    already has a role in that office for that side overlapping it, so that editors' corrections
    stay. Returns (people created, roles created)."""
    table = table or default_offices()
    known = known_actors()
    people_created = roles_created = 0
    sides = {}
    for holder in table.holders:
        if holder.country not in sides:
            sides[holder.country] = side_actor(holder.country)
        side = sides[holder.country]
        if side is None:
            continue
        # The same name is the same person, whatever side they served (Prodi for Italy and
        # the EU); else a known person by the reader's matching.
        person = (
            Actor.objects.filter(kind=ActorKind.PERSON, name=holder.name).order_by("pk").first()
        )
        if person is None:
            match, _ = match_actor(holder.name, holder.country, known)
            person = Actor.objects.filter(pk=match.id).first() if match else None
        if person is None:
            person = Actor.objects.create(
                kind=ActorKind.PERSON,
                name=holder.name,
                country=side if side.kind == ActorKind.COUNTRY else None,
            )
            known.append(
                KnownActor(
                    id=person.pk,
                    name=person.name,
                    kind=person.kind,
                    aliases=(),
                    code=None,
                    country=holder.country,
                )
            )
            people_created += 1
        # Role.end_date is the last day in office.
        last_day = holder.end - dt.timedelta(days=1) if holder.end else None
        overlapping = Role.objects.filter(person=person, side=side, office=holder.office)
        if last_day:
            overlapping = overlapping.filter(
                Q(start_date__isnull=True) | Q(start_date__lte=last_day)
            )
        if holder.start:
            overlapping = overlapping.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=holder.start)
            )
        if overlapping.exists():
            continue
        Role.objects.create(
            person=person,
            side=side,
            office=holder.office,
            title=holder.title,
            start_date=holder.start,
            end_date=last_day,
            source=holder.source[:500],
        )
        roles_created += 1
    return people_created, roles_created


def save_extraction(extraction, publisher=None, split=True):
    """Save an Extraction as a draft event linked to its source; a release of several separate
    calls (`extraction.events`) as one draft event per call unless `split` is false, each with
    its own copy of the source (numbered by `Source.part`). The same text again changes
    nothing and reports "unchanged". Raises ReadoutError when the extraction cannot make an
    event (no date); the database is then left as it was."""
    digest = content_hash(extraction.text)
    existing = _stored(digest)
    if existing:
        return existing
    if extraction.date is None:
        raise ReadoutError("no event date could be read: give the publication date")
    if extraction.url and not is_web_url(extraction.url):
        raise ReadoutError(f"the URL must begin with http:// or https://, not {extraction.url!r}")
    try:
        with transaction.atomic():
            return _save(extraction, publisher, split)
    except IntegrityError:
        # Another save of the same text won the race: that is "unchanged" too.
        existing = _stored(digest)
        if existing:
            return existing
        raise


def _stored(digest):
    """The result "unchanged", with the events a text already stored was saved as, or None."""
    sources = list(
        Source.objects.filter(content_hash=digest).select_related("event").order_by("part", "pk")
    )
    if not sources:
        return None
    events = [s.event for s in sources if s.event is not None]
    return SaveResult("unchanged", sources[0].event, sources[0], events=events)


def same_event(ex, participants=None):
    """The event already recorded that this extraction (or those of its participants) reports
    too, or None: the same day (give or take one, as datelines differ), the same family of
    kinds, and the same sides."""
    people = ex.participants if participants is None else participants
    sides = {p.country for p in people if p.country and p.country != BOTH}
    family = KIND_FAMILIES.get(ex.kind, ex.kind)
    if ex.date is None or len(sides) < 2:
        return None
    kinds = [k for k, f in KIND_FAMILIES.items() if f == family] or [ex.kind]
    candidates = (
        Event.objects.filter(
            occurred_on__range=(ex.date - dt.timedelta(days=1), ex.date + dt.timedelta(days=1)),
            kind__in=kinds,
        )
        .prefetch_related("participants__side")
        .order_by("occurred_on", "id")
    )
    matches = []
    for event in candidates:
        theirs = {p.side.code for p in event.participants.all() if p.side_id and p.side.code}
        if theirs == sides:
            matches.append(event)
    # The nearest day first: "the same call" is the one on the very day if there is one.
    matches.sort(key=lambda e: (abs((e.occurred_on - ex.date).days), e.pk))
    return matches[0] if matches else None


def _save(ex, publisher_name, split=True):
    publisher = _publisher(publisher_name or ex.publisher)
    everyone = list(range(len(ex.participants)))
    if split and ex.events:
        calls = [(e.title, e.participants, e.statements) for e in ex.events]
    else:
        calls = [(ex.title, everyone, list(range(len(ex.statements))))]
    known = known_actors()
    actors = {}  # participant index -> actor, so that a person in several calls is one actor
    results = []
    for part, (title, people, statements) in enumerate(calls):
        results.append(
            _save_call(ex, publisher, part, title, people, statements, known, actors, len(calls))
        )
    first = results[0]
    if len(results) > 1:
        for key in first.counts:
            first.counts[key] = sum(r.counts[key] for r in results)
        first.warnings = [w for r in results for w in r.warnings]
        first.attached = all(r.attached for r in results)
    first.events = [r.event for r in results]
    return first


def _save_call(ex, publisher, part, title, people, numbers, known, actors, calls):
    """Save one event of the text (all of it, or one of its separate calls): its source (the
    text's copy numbered `part`), the participants `people` and the statements `numbers`
    (indices into the extraction's), and the events mentioned inside those statements (all the
    others with the first call)."""
    event = same_event(ex, [ex.participants[i] for i in people])
    attached = event is not None
    warnings = []
    if attached:
        earlier = (
            Publisher.objects.filter(sources__event=event).values_list("name", flat=True).first()
        )
        warnings.append(
            f"attached to event #{event.pk}, already recorded from {earlier or 'another source'}"
        )
    else:
        event = Event.objects.create(
            occurred_on=ex.date,
            date_precision=ex.date_precision,
            kind=ex.kind,
            title=title[:500],
            location=ex.location[:200],
            summary=ex.lead,
            status=Status.DRAFT,
        )
    source = Source.objects.create(
        event=event,
        publisher=publisher,
        url=(ex.url or "")[:2000],
        title=ex.title[:500],
        published_on=ex.published,
        text=ex.text,
        part=part,
    )
    counts = {"participants": 0, "new_actors": 0, "statements": 0, "mentioned_events": 0}
    present = {p.actor_id: p for p in event.participants.select_related("actor", "side")}
    added = set()
    first_order = len(present)
    for order, i in enumerate(people):
        p = ex.participants[i]
        if i not in actors:
            actors[i], created = _person(p, known, present.values())
            counts["new_actors"] += created
        actor = actors[i]
        if actor.pk in added or actor.pk in present:
            continue
        added.add(actor.pk)
        Participant.objects.create(
            event=event,
            actor=actor,
            title=(p.title or "")[:300],
            side=side_actor(p.country),
            order=first_order + order,
        )
        counts["participants"] += 1
    chosen = [ex.statements[n] for n in numbers]
    slugs = {slug for s in chosen for slug in s.topics}
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    saved = []
    first_position = (
        (event.statements.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        if attached
        else 0
    )
    for position, s in enumerate(chosen, first_position):
        speaker = None
        if s.participant is not None:
            if s.participant not in actors:
                actors[s.participant], created = _person(ex.participants[s.participant], known)
                counts["new_actors"] += created
            speaker = actors[s.participant]
        statement = Statement.objects.create(
            event=event,
            source=source,
            speaker=speaker,
            side=None if s.country in (None, BOTH) else side_actor(s.country),
            mode=s.mode,
            text=s.text,
            start=s.start,
            end=s.end,
            position=position,
            cue=s.cue[:120],
            status=Status.PUBLISHED,
        )
        statement.topics.set([topics[slug] for slug in s.topics if slug in topics])
        statement.mentions.set(_mentioned_actors(s.mentions, ex.participants, actors))
        saved.append(statement)
        counts["statements"] += 1
    for m in ex.mentioned_events:
        holder = next((st for st in saved if st.start <= m.start < st.end), None)
        inside_another = holder is None and any(
            s.start <= m.start < s.end for s in ex.statements if s not in chosen
        )
        if holder is None and (part > 0 or inside_another) and calls > 1:
            continue
        MentionedEvent.objects.create(
            event=event,
            statement=holder,
            description=m.description[:500],
            occurred_on=m.date,
            date_precision=m.date_precision,
            kind=m.kind if m.kind != "other" else "",
            start=m.start,
            end=m.end,
        )
        counts["mentioned_events"] += 1
    return SaveResult("created", event, source, counts, attached=attached, warnings=warnings)


def _publisher(name):
    name = (name or "").strip()[:200] or UNKNOWN_PUBLISHER
    publisher = Publisher.objects.filter(name__iexact=name).first()
    if publisher is None:
        country = None
        for place in gazetteer.find_places(name):
            country = side_actor(place.code)
            break
        publisher = Publisher.objects.create(name=name, country=country)
    return publisher


def side_actor(code):
    """The country (ISO alpha-3) or organisation actor with this code, created if missing."""
    if not code or code == BOTH:
        return None
    actor = Actor.objects.filter(code=code).first()
    if actor:
        return actor
    kind = gazetteer.kind_of(code)
    if kind == gazetteer.COUNTRY and gazetteer.name_of(code) == code:
        return None  # not an ISO code the gazetteer knows: leave it to the editor
    return Actor.objects.create(
        kind=ActorKind.COUNTRY if kind == gazetteer.COUNTRY else ActorKind.ORGANISATION,
        name=gazetteer.name_of(code),
        code=code,
    )


def _person(participant, known, present=()):
    """(actor, created) for a participant: the known actor they match (first among the people
    the event already has, when the source joins a recorded event), or a new person for an
    editor to review. A match through a spelling variant keeps the variant as an alias."""
    actor = None
    if present:
        here = [
            KnownActor(
                id=p.actor.pk,
                name=p.actor.name,
                aliases=tuple(p.actor.aliases or ()),
                country=p.side.code if p.side_id else None,
            )
            for p in present
        ]
        for name in [participant.name, *participant.aliases]:
            match, how = match_actor(name, participant.country, here)
            if match:
                actor = Actor.objects.filter(pk=match.id).first()
                participant.matched_by = how
                break
    if participant.found_by == TITLE_ONLY:
        # "the Ambassador of Brazil": another ambassador in another readout, so never matched
        # outside the event; a new person named by the title, for an editor to name.
        known = ()
    if actor is None and participant.actor_id:
        actor = Actor.objects.filter(pk=participant.actor_id, kind=ActorKind.PERSON).first()
    how = participant.matched_by if actor else ""
    if actor is None:
        match, how = match_actor(participant.name, participant.country, known)
        if match is None:
            for alias in participant.aliases:
                match, how = match_actor(alias, participant.country, known)
                if match:
                    break
        actor = Actor.objects.filter(pk=match.id).first() if match else None
    if actor is not None:
        spellings = [participant.name, *participant.aliases] if how == "variant" else []
        new = [
            s
            for s in spellings
            if s != actor.name and s not in actor.aliases and len(s.split()) > 1
        ]
        if new:
            actor.aliases = [*actor.aliases, *new]
            actor.save(update_fields=["aliases", "updated_at"])
        if actor.country_id is None and participant.country:
            country = side_actor(participant.country)
            if country and country.kind == ActorKind.COUNTRY:
                actor.country = country
                actor.save(update_fields=["country", "updated_at"])
        return actor, False
    country = side_actor(participant.country)
    actor = Actor.objects.create(
        kind=ActorKind.PERSON,
        name=participant.name[:200],
        aliases=[a for a in participant.aliases if a != participant.name and len(a.split()) > 1],
        country=country if country and country.kind == ActorKind.COUNTRY else None,
        description=participant.title[:1000] if participant.title else "",
        needs_review=True,
    )
    return actor, True


def _mentioned_actors(mentions, participants, actors):
    found = {}
    names = {p.name: actors[i] for i, p in enumerate(participants) if i in actors}
    for mention in mentions:
        actor = names.get(mention)
        if actor is None and mention.isupper() or mention in gazetteer.ORGANISATIONS:
            actor = side_actor(mention)
        if actor is not None:
            found[actor.pk] = actor
    return list(found.values())
