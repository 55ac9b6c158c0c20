"""What the reader hands back for one readout: the Extraction, with its participants, its
attributed statements and the other events it mentions, and the JSON that `ingest --dry-run
--json` prints from it. Plain data, kept apart from the steps that fill it so that each step
can build its part without importing the pipeline.
"""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Participant:
    name: str
    title: str
    country: str | None
    country_cue: str = ""
    aliases: list = field(default_factory=list)
    actor_id: int | None = None
    matched_by: str = ""
    found_by: str = "the text"  # or the office table, or the publisher's page header


@dataclass
class Statement:
    speaker: str
    country: str | None
    mode: str
    text: str
    start: int
    end: int
    topics: list
    cue: str
    participant: int | None = None  # index into Extraction.participants; None: side or joint
    mentions: list = field(default_factory=list)  # codes of countries/organisations, names


@dataclass
class MentionedEvent:
    description: str
    kind: str
    date: dt.date | None
    date_precision: str
    start: int
    end: int


@dataclass
class Extraction:
    """What the reader read in one readout."""

    text: str  # the text as read: statements' spans point into it
    date: dt.date | None
    date_precision: str
    kind: str
    kind_cue: str
    title: str
    location: str
    participants: list
    statements: list
    mentioned_events: list
    warnings: list
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    home: str | None = None
    lead: str = ""  # the sentence that reports the event, as read
    events: list = field(default_factory=list)  # calls.SeparateEvent, when there are several

    def as_json(self):
        """The contract of `ingest --dry-run --json` (plus `cue` and other extra keys; with
        `events` when the release reports several separate calls or meetings)."""
        out = {
            "event": {
                "date": self.date.isoformat() if self.date else None,
                "date_precision": self.date_precision,
                "kind": self.kind,
                "title": self.title,
                "location": self.location,
                "participants": [
                    {
                        "name": p.name,
                        "title": p.title,
                        "country": p.country,
                        "actor_id": p.actor_id,
                        "matched_by": p.matched_by,
                        "found_by": p.found_by,
                    }
                    for p in self.participants
                ],
                "kind_cue": self.kind_cue,
                "lead": self.lead,
            },
            "statements": [
                {
                    "speaker": s.speaker,
                    "country": s.country,
                    "mode": s.mode,
                    "text": s.text,
                    "start": s.start,
                    "end": s.end,
                    "topics": s.topics,
                    "cue": s.cue,
                    "mentions": s.mentions,
                }
                for s in self.statements
            ],
            "mentioned_events": [
                {
                    "description": m.description,
                    "kind": m.kind,
                    "date": m.date.isoformat() if m.date else None,
                    "date_precision": m.date_precision,
                    "start": m.start,
                    "end": m.end,
                }
                for m in self.mentioned_events
            ],
            "warnings": self.warnings,
            "source": {
                "published": self.published.isoformat() if self.published else None,
                "publisher": self.publisher,
                "url": self.url,
            },
        }
        if self.events:
            out["events"] = [
                {
                    "date": out["event"]["date"],
                    "date_precision": self.date_precision,
                    "kind": self.kind,
                    "title": e.title,
                    "location": self.location,
                    "participants": [out["event"]["participants"][i] for i in e.participants],
                    "statements": e.statements,
                }
                for e in self.events
            ]
        return out
