"""The kind of event a readout reports, from its headline and lead sentence.

Other events the body names (an earlier videoconference, a planned visit) do not count: only a
definite reference to *this* event in the body ("During the call") settles a lead that says
no more than "held talks".
"""

import re

from readouts.choices import EventKind

# Strong signals: the medium or form of the event itself.
STRONG = [
    (
        EventKind.VIDEO_CALL,
        r"video[- ]?(?:tele-?)?(?:call|conference|link|talks?|meeting|conversation|chat|summit)"
        r"|videoconferenc\w*|virtual(?:ly)? (?:[\w-]+ ){0,2}(?:meeting|talks|summit|call|conference"
        r"|met|dialogue|consultations)|via video|by video|online (?:[\w-]+ )?(?:meeting|talks|summit)",
    ),
    (
        EventKind.PHONE_CALL,
        r"(?:tele)?phone|phoned|(?<!courtesy )\bcall(?:ed)? (?:with|from|to|on)\b|'s call\b"
        r"|(?<!courtesy )\bcalls? with\b"
        r"|\bhad a call\b|\bheld a call\b|\breceived a call\b|\bspoke by\b",
    ),
    (
        EventKind.MESSAGE,
        r"\b(?:sent|sends|exchanged|exchanges|exchange|received|receives|delivered|addressed"
        r"|addresses)\b[^.]{0,40}\b(?:message|messages|letter|letters|telegrams?|cables?"
        r"|congratulat\w*|condolence\w*|greetings)\b"
        r"|\b(?:congratulatory|condolence) (?:message|letter|telegram)s?\b"
        r"|\b(?:message|letter|telegram)s? of (?:congratulation|condolence|greeting|sympathy)",
    ),
    (
        EventKind.PRESS_CONFERENCE,
        r"press conference|news conference|press availability|joint press (?:point|encounter"
        r"|briefing|appearance)|answers to (?:media |journalists' |the press' )?questions"
        r"|remarks to the (?:press|media)|statements? (?:for|to) the (?:press|media)"
        r"|press statements",
    ),
    (
        EventKind.MULTILATERAL,
        r"\b(?:attend\w*|participat\w*|took part|takes part|chair\w*|co-chair\w*|address\w*"
        r"|host\w*)\b[^.]{0,80}\b(?:summit|ministerial|session|forum|meeting of|council"
        r"|conference|plenary|ministers' meeting|leaders' meeting|trilateral)"
        r"|\b(?:trilateral|quadrilateral|multilateral|ministerial)\b"
        r"|\b(?:G-?20|G-?7|BRICS|SCO|ASEAN|APEC|CSTO|CIS|OIC|GCC|CELAC|EAEU|Quad|NATO)\b"
        r"[^.,;]{0,40}\bsummit\b",
    ),
    (
        EventKind.VISIT,
        r"\b(?:state|official|working|goodwill|first|official and working) visit\b"
        r"|\bpa(?:y|ys|id) (?:an? )?(?:\w+ )?visit"
        r"|\bvisit(?:s|ed)? (?!by\b)(?-i:[A-Z])|\btravel(?:s|ed|led|ling)? to\b|\btrip\b|\btour\b"
        # "X was in China from Thursday to Saturday": a stay of several days.
        r"|\b(?:was|were|is|are) in (?:the )?(?-i:[A-Z])[\w'-]+(?: (?:of )?(?-i:[A-Z])[\w'-]+){0,3}"
        r" (?:from|between)\b",
    ),
    (
        EventKind.MEETING,
        r"\bm(?:eets?|et)\b|\bmeeting with\b|\bon the (?:sidelines|margins) of\b|\bin-person\b"
        r"|\breceiv(?:es|ed) (?!a (?:tele)?phone|a call)|\bhost(?:s|ed) (?:talks|a meeting)"
        r"|\bcourtesy call"
        r"|\bh(?:eld|olds?) (?:the|a|an) (?:[\w'-]+ ){0,6}(?:dialogue|consultations|meeting)\b",
    ),
    # A congratulation with no medium named: a message.
    (EventKind.MESSAGE, r"\bcongratulat\w+\b|\bcondolence"),
]
STRONG = [(kind, re.compile(pattern, re.I)) for kind, pattern in STRONG]
VISIT = next(pattern for kind, pattern in STRONG if kind == EventKind.VISIT)
# Weak signals: words that fit several kinds.
TALKS = re.compile(r"\b(?:held|holds|hold|had|have) (?:\w+ )?talks\b|\btalks with\b", re.I)
SPOKE = re.compile(r"\bsp(?:oke|eaks?) (?:\w+ )?with\b|\bspoke to\b|\btalked (?:\w+ )?with\b", re.I)
STATEMENT = re.compile(r"\b(?:issued|issues|released) (?:a |the )?(?:joint )?statement\b", re.I)
SUMMIT = re.compile(r"\bsummit\b", re.I)
# A definite reference to the event itself, in the body.
BODY_REFERENCES = [
    (
        EventKind.VIDEO_CALL,
        re.compile(
            r"\b(?:the|this) video ?(?:call|conference|link)\b|\bthe videoconference\b", re.I
        ),
    ),
    (
        EventKind.PHONE_CALL,
        re.compile(
            r"\b(?:during|in|on|after|at the end of|throughout) (?:the|this) "
            r"(?:(?:tele)?phone )?(?:call|conversation)\b"
            r"|\bthe (?:tele)?phone (?:call|conversation|talks)\b",
            re.I,
        ),
    ),
    (EventKind.MEETING, re.compile(r"\b(?:during|at|in) the (?:meeting|talks)\b", re.I)),
]


# A clause set off by commas between the subject and its verb, about the subject's journey
# rather than the event: "Ms. X, Minister for Foreign Affairs of Japan, who is visiting Busan
# to attend the Trilateral Meeting, held a Japan-ROK Meeting with ...".
INSERTED = re.compile(
    r",\s*(?:who|which|currently|visiting|attending|(?:while\s+)?(?:on|during)\s+(?:a|an|his|her"
    r"|their)\s+(?:[\w-]+\s+){0,3}(?:visit|trip)\b)\b[^;]*?"
    r"(?=,\s+(?:also\s+)?(?:held|holds|met|meets|had|has|received|receives|paid|pays|spoke"
    r"|speaks|hosted|hosts|called|calls|visited|visits|talked|attended|attends|chaired"
    r"|co-chaired|exchanged|sent|sends)\b)",
    re.I,
)


def event_clause(lead):
    """The part of the lead that reports the event, without clauses about other events: a
    trailing one ("..., who was in China for the APEC meeting", "..., following their visit")
    is cut off; one inserted before the verb ("X, who is visiting Busan to attend the
    Trilateral Meeting, held ...") is blanked out, so that offsets into the lead still hold."""
    # Parentheses ("(local time; 10:05 p.m. Japan time)") do not end the clause.
    flat = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), lead)
    inserted = INSERTED.search(flat)
    if inserted:
        blank = " " * (inserted.end() - inserted.start())
        lead = lead[: inserted.start()] + blank + lead[inserted.end() :]
        flat = flat[: inserted.start()] + blank + flat[inserted.end() :]
    cut = re.search(
        r",\s*(?:who|which|during|where(?!\s+(?:he|she|they|the \w+)\s+(?:also\s+)?(?:met|held))"
        r"|following|after|ahead of|before|as|when|while)\b"
        r"|;\s",
        flat,
    )
    return lead[: cut.start()] if cut else lead


# Where the event took place, not what it was: "on the sidelines of the G20 summit" (a
# bilateral meeting), "met X in Delhi on his first visit to India" (a meeting).
SIDELINES = re.compile(r"\bon the (?:sidelines|margins|fringes?) of\b[^,;]*", re.I)
ON_A_VISIT = re.compile(
    r"\b(?:on|during|in the course of)\s+(?:a|an|his|her|their|its|the)\s+(?:[\w-]+\s+){0,3}"
    r"(?:visit|trip|tour)\b[^,;]*",
    re.I,
)
# The purpose of a visit is not its kind: "paid an official visit to Riyadh to attend ...".
PURPOSE = re.compile(r"\bto (?:attend|participate|take part|join)\b[^,;]*", re.I)
MET = re.compile(r"\bm(?:et|eets?)\b|\btalks\b|\bheld\b|\bmeeting\b", re.I)
# A journey made for one meeting is a meeting: "I travelled to London to meet with X".
TRAVEL_TO_MEET = re.compile(r"\btravel\w* to\b[^.;]{0,60}?\bto meet\b", re.I)
NAMED_VISIT = re.compile(r"\b(?:state|official|working|goodwill) visit\b", re.I)


def read_kind(headline, lead, body):
    """(kind, cue): what kind of event, and the words that said so."""
    head = " ".join(part for part in (headline or "", event_clause(lead or "")) if part)
    for kind, pattern in STRONG:
        text = head
        if kind == EventKind.MULTILATERAL:
            text = SIDELINES.sub("", head)
            if VISIT.search(PURPOSE.sub("", text)):
                text = PURPOSE.sub("", text)
        elif kind == EventKind.VISIT:
            text = ON_A_VISIT.sub("", head) if MET.search(ON_A_VISIT.sub("", head)) else head
            if TRAVEL_TO_MEET.search(text) and not NAMED_VISIT.search(text):
                continue
        match = pattern.search(text)
        if match:
            return kind, f"{kind.label.lower()}: '{match.group().strip()}'"
    for kind, pattern in BODY_REFERENCES:
        match = pattern.search(body or "")
        if match and (TALKS.search(head) or SPOKE.search(head)):
            return kind, f"{kind.label.lower()}: '{match.group().strip()}' in the body"
    if TALKS.search(head):
        return EventKind.MEETING, f"meeting: '{TALKS.search(head).group()}'"
    if SPOKE.search(head):
        # "Secretary X spoke with Foreign Minister Y": a call, in the readouts' idiom.
        return EventKind.PHONE_CALL, f"phone call: '{SPOKE.search(head).group()}'"
    if SUMMIT.search(head):
        return EventKind.MULTILATERAL, "multilateral: 'summit'"
    if STATEMENT.search(head):
        return EventKind.STATEMENT, f"statement: '{STATEMENT.search(head).group()}'"
    return EventKind.OTHER, "no kind named in the headline or lead"
