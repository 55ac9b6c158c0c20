"""The readout reader: text in, a draft event with participants and attributed statements out.

    extraction = read_readout(text, published=date(2023, 8, 8), publisher="...", url="...")
    extraction.as_json()   # the contract of `ingest --dry-run --json`

Pure: no database, no network. Known actors and topics come in as arguments (see
readouts.reader.store for loading them from the database).

This module runs the steps in order; each lives with what it reads: `document` (paragraphs,
the lead, the headline), `participants` (who took part, for which side), `event` (date, place,
title, other events mentioned), `attribution` (the statements and who made them), and
`extraction` (what comes back).
"""

import re

from . import dates, gazetteer, kinds, people
from .attribution import _mentions, _statements
from .calls import separate_events
from .document import _Document
from .event import _event_date, _location, _mentioned_events, _title
from .extraction import Extraction, Statement
from .offices import default_offices
from .participants import (
    FIRST_PERSON,
    _assign_sides,
    _complete,
    _first_person,
    _home_side,
    _merge_people,
    _more_participants,
    _refs,
)
from .statements import BOTH, Attributor, Side
from .text import ReadoutError, View
from .titles import complete_from_offices, first_person_holder, resolve_titles
from .topics import TopicRule, default_topics, matcher_for

# A lead whose subject is a role with no name: "The Foreign Secretary visited Tokyo ...".
LEAD_ROLE = re.compile(r"\W*(?:[Tt]he)\s+(?P<role>(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)\s+[a-z]")


def read_readout(
    text,
    published=None,
    publisher=None,
    url=None,
    known_actors=None,
    topics=None,
    offices=None,
):
    """Read one readout (the text as read: see text.prepare) into an Extraction. `offices`
    (an offices.OfficeTable) names officials the text gives by title only; by default the
    table shipped with the project.

    Raises ReadoutError when the text holds no recognisable event."""
    if not text or not text.strip():
        raise ReadoutError("the text is empty")
    published = dates.parse_date(published)
    view = View.of(text)
    doc = _Document(view)
    warnings = []

    lead, lead_how = doc.find_lead(known_actors)
    if lead is None:
        raise ReadoutError(
            "no recognisable event: no sentence names people meeting, calling or talking "
            "(is this a readout?)"
        )
    if lead_how:
        warnings.append(f"no sentence reports the event in the usual words: {lead_how}")
    lead_paragraph = doc.paragraphs[lead.paragraph]
    headline = doc.headline_before(lead_paragraph.index)
    body_text = view.text[lead.end :]
    kind, kind_cue = kinds.read_kind(headline.text if headline else "", lead.text, body_text)

    # Participants: the people the lead's event clause names, completed from the headline.
    clause = kinds.event_clause(lead.text)
    found = [
        p
        for p in people.find_people(clause, lead.start, known_actors, event_subjects=True)
        if not (p.possessive and not people.EVENT_NOUN.match(view.text[p.end :]))
    ]
    _add_envoys(found, clause, lead.start)
    if len(found) < 2 or kind in ("visit", "multilateral"):
        # The lead may name one side, the next sentences the others ("X is on an official visit
        # to India. External Affairs Minister Y held talks with her..."; "During the visit, EAM
        # met with ..."; "The meeting was co-chaired with ...").
        found.extend(_more_participants(doc, lead, known_actors, found, kind))
    # "I travelled to London to meet ...": the "I" is one of the lead's people.
    lead_in_first_person = bool(FIRST_PERSON.search(clause))
    if headline:
        from_lead = len(found) + lead_in_first_person
        for p in people.find_people(
            headline.text, headline.start, known_actors, event_subjects=True
        ):
            if p.possessive and not people.EVENT_NOUN.match(view.text[p.end :]):
                continue
            same = next((q for q in found if people.same_person(q.name, p.name)), None)
            if same is not None:
                _complete(same, p)
            elif from_lead < 2:
                found.append(p)  # the lead says "The Secretary"; the headline names him
    home = _home_side(publisher, url, doc, found)
    # The date: before the sides, as the office table is read at it.
    anchor, anchor_from = doc.dateline, "the readout's dateline"
    if anchor is None and published:
        anchor, anchor_from = published, "the publication date"
    if anchor is None and dates.url_date(url):
        anchor, anchor_from = dates.url_date(url), "the date in the URL"
    if doc.dateline and published and doc.dateline != published:
        warnings.append(
            f"the text's dateline ({doc.dateline}) is not the publication date given "
            f"({published}): a republished copy? Relative dates are read against the dateline"
        )
    date, precision, how = _event_date(lead, headline, doc, anchor)
    if date is None and how == "unresolved":
        warnings.append("the event date has no year and no publication date was given")
    elif date is None and anchor:
        date, precision = anchor, dates.DAY
        warnings.append(f"no date in the lead: the event date is {anchor_from}")
    elif how in ("relative", "weekday") or (
        how == "year from anchor" and anchor_from != "the readout's dateline"
    ):
        warnings.append(f"event date '{how}' read against {anchor_from} ({anchor})")
    if date is None:
        warnings.append("no event date: give the publication date")

    # Officials named by title alone ("The President and Prime Minister Brown had a call").
    offices = default_offices() if offices is None else offices
    texts = [(clause, lead.start)]
    if headline and len(_merge_people(found)) < 2:
        texts.append((headline.text, headline.start))
    resolve_titles(texts, home, date or anchor, offices, found, warnings, publisher, url)
    first_person = _first_person(view.text, lead)
    if first_person and (len(_merge_people(found)) < 2 or lead_in_first_person):
        # "Today I met ...": the "I" is the publisher's official, named in the page's header,
        # else the holder of the publisher's office on the day.
        principal = doc.principal(lead, known_actors)
        if principal:
            principal.found_by = "the page's header"
        else:
            principal = _office_principal(publisher, url, home, date or anchor, offices)
            if principal:
                warnings.append(
                    f"'I' read as {principal.name} ({principal.title}, {principal.country}): "
                    "from the office table"
                )
        if principal and not any(people.same_person(q.name, principal.name) for q in found):
            found.insert(0, principal)
    participants = _merge_people(found)
    complete_from_offices(participants, date or anchor, offices, warnings)
    if not participants:
        raise ReadoutError("no recognisable event: the lead sentence names no participant")
    role = LEAD_ROLE.match(clause)
    if role:
        # "The Foreign Secretary visited Tokyo, meeting ...": the one a later sentence names
        # with that title is the subject of the event, its first participant.
        subject = next(
            (p for p in participants if p.title.lower().endswith(role["role"].lower())), None
        )
        if subject is not None:
            participants.remove(subject)
            participants.insert(0, subject)

    # The sides: as stated, else from the title, the publisher, the host, the parties named.
    if home is None:
        home = _home_side(publisher, url, doc, participants)
    _assign_sides(participants, home, clause, headline, view.text, warnings, kind)
    if home is None:
        home = participants[0].country

    location = _location(clause) if kind not in ("phone_call", "video_call", "message") else ""

    # Statements.
    sides = [Side(i, p.name, p.country, p.title, _refs(p)) for i, p in enumerate(participants)]
    attributor = Attributor(sides, home)
    attributor.first_person = first_person
    drafts = _statements(doc, lead, attributor, home, participants, kind)
    matcher = matcher_for(tuple(topics if topics is not None else default_topics()))
    out = []
    for d in drafts:
        start, end = view.span(d.start, d.end)
        span_text = text[start:end]
        if d.country == BOTH:
            speaker = "both sides"
        elif d.speaker is not None:
            speaker = participants[d.speaker].name
        else:
            speaker = gazetteer.name_of(d.country) if d.country else "unattributed"
        out.append(
            Statement(
                speaker=speaker,
                country=d.country,
                mode=d.mode,
                text=span_text,
                start=start,
                end=end,
                topics=matcher.topics(view.text[d.start : d.end]),
                cue=d.cue,
                participant=d.speaker,
                mentions=_mentions(view.text[d.start : d.end], participants),
            )
        )
    if not out:
        warnings.append("no statements found")

    for p in participants:
        if p.found_by == people.TITLE_ONLY:
            # "the Ambassador of Brazil": no name to match; a new actor for the editor to name.
            warnings.append(f"{p.name}: named by title only; give the person's name")
            continue
        actor, how_matched = people.match_actor(p.name, p.country, known_actors)
        if actor is None:
            for alias in p.aliases:
                actor, how_matched = people.match_actor(alias, p.country, known_actors)
                if actor:
                    break
        if actor is not None:
            p.actor_id, p.matched_by = actor.id, how_matched

    title = _title(headline, participants, kind)
    events = separate_events(clause, participants, out, home, str(kind))
    if events:
        warnings.append(f"the release reports {len(events)} separate events: see `events`")
    return Extraction(
        text=text,
        date=date,
        date_precision=precision,
        kind=str(kind),
        kind_cue=kind_cue,
        title=title,
        location=location,
        participants=participants,
        statements=out,
        mentioned_events=_mentioned_events(doc, lead, anchor, view),
        warnings=warnings,
        published=published or doc.dateline or dates.url_date(url),
        publisher=publisher,
        url=url,
        home=home,
        lead=text[slice(*view.span(lead.start, lead.end))],
        events=events,
    )


def _add_envoys(found, clause, offset):
    """The envoys the lead introduces by title ("met with the Ambassador of Japan to China,
    Kenji Tanabe"; "the Ambassador of Brazil" with no name), added to the lead's people in
    the order of the text, or giving the title and side of a person already found there."""
    envoys = people.find_envoys(clause, offset)
    for envoy in envoys:
        same = next(
            (
                p
                for p in found
                if p.start < envoy.end
                and envoy.start < p.end
                or envoy.found_by != people.TITLE_ONLY
                and people.same_person(p.name, envoy.name)
            ),
            None,
        )
        if same is None:
            found.append(envoy)
            continue
        same.title, same.country, same.country_cue = envoy.title, envoy.country, "stated"
    if envoys:
        found.sort(key=lambda p: p.start)


def _office_principal(publisher, url, home, day, offices):
    """The publisher's official by the office table, as a person found in the text."""
    holder = first_person_holder(publisher, url, home, day, offices)
    if holder is None:
        return None
    return people.Person(
        name=holder.name,
        start=0,
        end=0,
        title=holder.title,
        country=holder.country,
        country_cue="office table",
        trigger="office table",
        found_by=f"office table: the publisher's {holder.office.replace('_', ' ')} on {day}",
    )


__all__ = ["read_readout", "Extraction", "ReadoutError", "TopicRule"]
