"""The event's own facts besides its kind: its date (from the lead, then the headline and the
sentences around it, read against the readout's anchor date), its place, its title, and the
other events the readout mentions (an earlier visit, a planned summit), which are not the
event itself.
"""

import re

from . import dates, kinds, people
from .document import HEADLINE_LABEL, LEAD_VERB
from .extraction import MentionedEvent

EVENT_NOUNS = {
    "visit": "visit",
    "trip": "visit",
    "tour": "visit",
    "summit": "multilateral",
    "ministerial": "multilateral",
    "meeting": "meeting",
    "talks": "meeting",
    "call": "phone_call",
    "conversation": "phone_call",
    "videoconference": "video_call",
    "conference": "multilateral",
    "forum": "multilateral",
    "session": "multilateral",
    "contacts": "meeting",
    "consultations": "meeting",
    "election": "other",
    "elections": "other",
}
QUALIFIERS = (
    r"upcoming|forthcoming|coming|next|recent|previous|last|planned|earlier|first|second|third"
    r"|unofficial|official|state|working|historic|successful|fruitful|informal|annual|extraordinary"
    r"|top-level|high-level|ministerial|bilateral|trilateral|video|phone|telephone|leaders'|\d+(?:st|nd|rd|th)"
)
MENTIONED_EVENT = re.compile(
    rf"(?P<np>(?:(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,3}})'s\s+|(?:the|an?|their|his|her|its)\s+)"
    rf"(?:(?:{QUALIFIERS}|[A-Z][\w'-]*|of|and)\s+){{0,8}}?"
    r"(?P<noun>(?i:visit|trip|summit|ministerial|meeting|talks|call|conversation|videoconference"
    r"|conference|forum|session|contacts|consultations|elections?))\b(?:\s+(?:Meeting|Talks))?"
    r"(?:\s+(?:between|of|to|in|with|by|on)\s+[^,.;]{1,70}?(?=[,.;]|\s+(?:so|which|where|who|as|at"
    r"|before|after|that)\b|$))?)",
)


def _event_date(lead, headline, doc, anchor):
    """(date, precision, how) of the event, read from the lead (then the headline)."""
    # The lead's own clause first: a date in a clause about another event ("who is visiting
    # Busan to attend the meeting on ...") or later in the sentence is not the event's.
    candidates = [kinds.event_clause(lead.text), lead.text]
    if headline:
        candidates.append(headline.text)
    para = doc.paragraphs[lead.paragraph]
    after = [s.text for s in para.sentences if s.start > lead.start]
    if re.search(
        r"\b(?:is|are)\s+(?:on|paying|making)\s+(?:an?\s+)?(?:[\w-]+\s+)?visit", lead.text
    ):
        # "X is on an official visit from 11-12 February. Y held talks with her today": the
        # visit is the setting, the talks the event.
        candidates = [s for s in after if LEAD_VERB.search(s)] + candidates
    candidates.extend(after)
    candidates.extend(s.text for s in para.sentences if s.start < lead.start)
    for other in doc.paragraphs[lead.paragraph + 1 :]:
        if other.prose and not other.clutter:
            # "The two Ministers met on the sidelines of ... on 2 March 2023 and ...".
            candidates.extend(
                s.text
                for s in other.sentences
                if re.search(r"\bm(?:et|eets)\b|\bheld\b", s.text)
                and not re.search(r"\b(?:last|earlier|previous|next|will|would)\b", s.text)
            )
            break
    unresolved = False
    for chunk in candidates:
        month_hit = None
        for mention in dates.find_dates(chunk, anchor, prefer="past"):
            if mention.precision == dates.DAY:
                if mention.date is None:
                    unresolved = True
                    continue
                return mention.date, dates.DAY, mention.how
            if mention.precision == dates.MONTH and mention.date and month_hit is None:
                month_hit = mention
        if month_hit:
            return month_hit.date, dates.MONTH, month_hit.how
    return None, dates.DAY, "unresolved" if unresolved else "none"


def _location(clause):
    m = re.search(
        r"\b(?:in|at)\s+(?P<place>(?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){0,2})(?=[\s,.;]|$)", clause
    )
    if not m:
        return ""
    place = m["place"]
    if place.split()[0].lower() in dates.MONTHS or place.split()[0].lower() in dates.WEEKDAYS:
        return ""
    if people.STOP_WORDS & {place.split()[0].lower()} - {"beijing"}:
        return ""
    return place


HELD_ON = re.compile(
    r"\s+(?:(?:to be|was|will be)\s+)?(?:held|which took place|that took place)\b[^,.;]*"
)
GROUP_EVENT = re.compile(
    r"\b(?:[Tt]rilateral|[Qq]uadrilateral|[Mm]ultilateral|G-?20|G-?7|BRICS|SCO|ASEAN|APEC"
    r"|[A-Z][\w]*-[A-Z][\w]*-[A-Z][\w]*)\b"
)


def _mentioned_events(doc, lead, anchor, view):
    events = []
    clause = kinds.event_clause(lead.text)
    for para in doc.paragraphs:
        if not para.prose or para.index < lead.paragraph:
            continue
        for m in MENTIONED_EVENT.finditer(view.text, para.start, para.end):
            start, end = m.start("np"), m.end("np")
            if 0 <= start - lead.start < len(clause) and clause[start - lead.start] != " ":
                continue  # the event itself (a clause blanked out names another one)
            phrase = m["np"]
            words = phrase.split()
            qualified = (
                "'s " in phrase
                or re.search(rf"\b(?:{QUALIFIERS})\b", phrase)
                or re.search(r"\b(?:between|to|in|with|by|of)\b", phrase)
                or any(w[0].isupper() for w in words[1:-1])
            )
            if not qualified or len(words) < 3:
                continue
            if words[0].lower() in ("a", "an") and not re.search(
                r"\b(?:to|in|of|with|by)\b", phrase
            ):
                continue  # "on a working visit": the event itself, or too vague to name
            if re.match(r"(?:the|this)\s+(?:call|talks|meeting|conversation)$", phrase, re.I):
                continue
            future = re.search(
                r"upcoming|forthcoming|coming|next|planned|will|would",
                phrase + view.text[max(0, start - 40) : start],
            )
            # Its date: in the phrase, else in what follows it ("held in San Francisco on
            # November 17").
            held = HELD_ON.match(view.text, end, min(para.end, end + 80))
            found = dates.find_dates(
                phrase + (held.group() if held else ""),
                anchor,
                prefer="future" if future else "past",
            )
            when = next((d for d in found if d.date), None)
            o_start, o_end = view.span(start, end)
            kind = EVENT_NOUNS.get(m["noun"].lower(), "other")
            if GROUP_EVENT.search(phrase):
                kind = "multilateral"  # "the Trilateral Foreign Ministers' Meeting"
            elif re.search(r"\b[A-Z][\w]*-[A-Z][\w]*\s+Summit\b", phrase):
                kind = "meeting"  # "the Japan-ROK Summit Meeting": two leaders
            events.append(
                MentionedEvent(
                    description=" ".join(phrase.split()),
                    kind=kind,
                    date=when.date if when else None,
                    date_precision=when.precision if when else dates.DAY,
                    start=o_start,
                    end=o_end,
                )
            )
    return events


def _title(headline, participants, kind):
    if headline:
        return " ".join(HEADLINE_LABEL.sub("", headline.text).split())[:500]
    names = " and ".join(p.name for p in participants[:3])
    label = dict(kinds.EventKind.choices).get(kind, "Event")
    return f"{label}: {names}"[:500]
