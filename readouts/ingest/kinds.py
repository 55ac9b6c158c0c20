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
        r"video[- ]?(?:tele-?)?(?:call|conference|link|talks?|meeting|conversation|chat)|videoconferenc\w*"
        r"|virtual(?:ly)? (?:meeting|talks|summit|call|met)|via video|by video"
        r"|online (?:meeting|talks)",
    ),
    (
        EventKind.PHONE_CALL,
        r"(?:tele)?phone|phoned|\bcall(?:ed)? (?:with|from|to|on)\b|'s call\b|\bcalls? with\b"
        r"|\bhad a call\b|\bheld a call\b|\breceived a call\b|\bspoke by\b",
    ),
    (
        EventKind.MESSAGE,
        r"\b(?:sent|sends|exchanged|exchange|received|receives|delivered)\b[^.]{0,40}"
        r"\b(?:message|messages|letter|letters|congratulat\w*|condolence\w*|greetings)\b"
        r"|\bcongratulat\w+\b|\bcondolence",
    ),
    (
        EventKind.PRESS_CONFERENCE,
        r"press conference|news conference|press availability|joint press",
    ),
    (
        EventKind.MULTILATERAL,
        r"\b(?:attend\w*|participat\w*|took part|takes part|chair\w*|co-chair\w*|address\w*)\b"
        r"[^.]{0,80}\b(?:summit|ministerial|session|forum|meeting of|council|conference|plenary)",
    ),
    (
        EventKind.VISIT,
        r"\b(?:state|official|working|goodwill|first) visit\b"
        r"|\bpa(?:y|ys|id) (?:an? )?(?:\w+ )?visit"
        r"|\bvisit(?:s|ed|ing)? (?!by\b)(?-i:[A-Z])",
    ),
    (
        EventKind.MEETING,
        r"\bm(?:eets?|et)\b|\bmeeting with\b|\bon the (?:sidelines|margins) of\b|\bin-person\b"
        r"|\breceiv(?:es|ed) (?!a (?:tele)?phone|a call)|\bhost(?:s|ed) (?:talks|a meeting)",
    ),
]
STRONG = [(kind, re.compile(pattern, re.I)) for kind, pattern in STRONG]
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


def event_clause(lead):
    """The part of the lead that reports the event, without trailing clauses about other
    events ("..., who was in China for the APEC meeting", "..., following their visit")."""
    # Parentheses ("(local time; 10:05 p.m. Japan time)") do not end the clause.
    flat = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), lead)
    cut = re.search(
        r",\s*(?:who|which|during|where|following|after|ahead of|before|as|when|while)\b"
        r"|;\s",
        flat,
    )
    return lead[: cut.start()] if cut else lead


def read_kind(headline, lead, body):
    """(kind, cue): what kind of event, and the words that said so."""
    head = " ".join(part for part in (headline or "", event_clause(lead or "")) if part)
    for kind, pattern in STRONG:
        match = pattern.search(head)
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
