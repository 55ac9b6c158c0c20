"""Several calls or meetings in one release: "The Prime Minister received calls from President
A, President B and President C", "The President spoke separately with X and Y". The release
stays one extraction with every participant; its separate events pair the publisher's official
with each counterpart, and take the statements by, or about, that counterpart.
"""

import re
from dataclasses import dataclass, field

from . import kinds

# The lead reports more than one event: "separately", "calls from", "meetings with".
SEPARATE = re.compile(
    r"\bseparately\b|\bseparate\s+(?:calls|conversations|meetings)\b"
    r"|\b(?:(?:tele)?phone\s+)?(?:calls|conversations|meetings)\s+(?:\w+\s+){0,2}?(?:from|with)\b",
    re.I,
)


@dataclass
class SeparateEvent:
    """One of several events a release reports: indices into the extraction's participants
    and statements."""

    title: str
    participants: list = field(default_factory=list)
    statements: list = field(default_factory=list)


def separate_events(clause, participants, statements, home, kind):
    """The separate events the lead reports, or [] when it reports one."""
    if kind not in ("phone_call", "video_call", "meeting") or not SEPARATE.search(clause):
        return []
    own = [i for i, p in enumerate(participants) if p.country and p.country == home]
    principal = own[0] if own else 0
    others = [i for i in range(len(participants)) if i != principal]
    countries = [participants[i].country for i in others]
    if len(others) < 2 or None in countries or len(set(countries)) < len(countries):
        return []
    label = dict(kinds.EventKind.choices).get(kind, "Event")
    events = [
        SeparateEvent(
            f"{label}: {participants[principal].name} and {participants[i].name}", [principal, i]
        )
        for i in others
    ]
    by_participant = dict(zip(others, events, strict=True))
    by_country = {participants[i].country: e for i, e in zip(others, events, strict=True)}
    current = None
    for n, s in enumerate(statements):
        event = by_participant.get(s.participant) or by_country.get(s.country)
        if event is None:
            named = [by_participant[i] for i in others if participants[i].name in s.mentions]
            event = named[0] if len(named) == 1 else current
        event = event or events[0]
        event.statements.append(n)
        current = event
    return events
