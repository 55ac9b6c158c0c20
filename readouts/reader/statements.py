"""Statements: who said what, read from the grammar of readouts.

A sentence (or a clause of one joined by ", and") is attributed, in this order, by
1. its subject, once fronted phrases are set aside ("During the call, Wang also said..."):
   a participant's name or surname, a role ("The Secretary"), a pronoun ("He"), a joint
   subject ("The two sides", "They", "Secretary Blinken and Minister Lavrov"), or a side
   ("China", "The Russian side") followed by its verb;
2. a reporting verb whose subject stands right before it ("..., Wang said", "..., he said");
3. an agentless passive: "It was agreed/confirmed that..." is joint; "X was also discussed"
   is the publishing side's account when it speaks of the other side, joint otherwise;
4. nothing at all: the sentence goes on with the statement before it in the paragraph (a
   side's position without a reporting verb: "It is hoped that Japan..."), or, opening a
   paragraph, it is left out.
A sentence with a joint subject of its own, or an agentless one ("It was agreed ...",
"Concern was expressed ..."), is a joint statement of its own; an agentless view after a
speaker's statement in the paragraph goes on with it.
"""

import re
from dataclasses import dataclass, field

from . import gazetteer
from .people import TITLE_WORDS, fold

BOTH = "BOTH"

REPORTING_VERBS = (
    r"said|says|say|noted|notes|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|underlined"
    r"|underlines|underscored|underscores|expressed|expresses|pointed out|points out|called for"
    r"|calls for|called on|calls on|urged|urges|reiterated|reiterates|reaffirmed|reaffirms"
    r"|welcomed|welcomes|appreciated|appreciates|briefed|briefs|added|adds|stated|states"
    r"|affirmed|affirms|highlighted|highlights|believed|believes|hoped|hopes|agreed|agrees"
    r"|indicated|indicates|explained|explains|told|tells|informed|informs|cautioned|cautions"
    r"|warned|warns|proposed|proposes|suggested|suggests|insisted|insists|asserted|asserts"
    r"|maintained|maintains|held that|holds that|voiced|voices|conveyed|conveys|shared|shares"
    r"|raised|raises|recalled|recalls|discussed|discusses|exchanged|exchanges|thanked|thanks"
    r"|congratulated|congratulates|condemned|condemns|confirmed|confirms|acknowledged"
    r"|acknowledges|declared|declares|described|describes|assured|assures|committed|commits"
    r"|pledged|pledges|announced|announces|outlined|outlines|reviewed|reviews|spoke|speaks"
    r"|talked|presented|presents|introduced|introduces|remarked|observed|argued|recognized"
    r"|recognised|requested|requests|demanded|demands|invited|invites|supported|supports"
    r"|opposed|opposes|rejected|rejects|objected|objects|protested|regretted|regrets"
    r"|reported|reports|provided|provides|gave|gives|made clear|makes clear|laid out|set out"
    r"|covered|addressed|touched upon|touched on|focused|focussed|expressed|went on"
)
REPORTING = re.compile(rf"\b(?:{REPORTING_VERBS})\b")
ADVERBS = (
    r"(?:also|further|again|once again|then|highly|firmly|repeatedly|strongly|particularly"
    r"|especially|specifically|briefly|in turn|in particular|both|all|had|has|have|would"
    r"|had also|has also|fully|warmly|sincerely|clearly|positively|actively|further|too"
    r"|likewise|similarly|separately|additionally|later|earlier|first|finally|frankly"
    r"|deeply|seriously|explicitly|categorically|resolutely|reportedly)"
)
FRONTED = re.compile(
    r"^(?:(?:in addition|additionally|moreover|meanwhile|also|furthermore|further|besides"
    r"|however|then|finally|lastly|at the same time|on the other hand|for (?:his|her|its|their)"
    r" part|in (?:turn|response|return|this regard|particular)|to this end|separately|earlier"
    r"|later|accordingly|therefore|thus|consequently),\s+"
    r"|(?:in|on|at|during|after|before|following|speaking|concerning|regarding|with regard to"
    r"|with respect to|as (?:for|to|regards)|turning to|touching upon|touching on|referring to"
    r"|commenting on|under|since|given|noting|having|when|while|despite|amid|against|through"
    r"|throughout|for|upon|addressing|discussing|in regard to|in view of|with|as|if|once"
    r"|although|though|because|according to)\b[^,]{0,250},\s+)",
    re.I,
)
ACCORDING = re.compile(
    r"(?:according to|in the (?:view|opinion) of)\s+(?=\S)"
    r"|in\s+(?=[^,]{2,60}'s\s+(?:view|opinion|words)\b)",
    re.I,
)
# A sentence that opens with a preposition, perhaps with no comma after its phrase.
BARE_FRONTED = re.compile(
    r"(?:on|in|at|during|after|before|following|under|with|upon|given|against|amid|for)\s", re.I
)
LIST_MARK = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[ivx]{1,4}[.)]|\(?[a-h]\)|[•·▪●◦*-])\s+")
JOINT_SUBJECT = re.compile(
    r"(?:the|both|all)\s+(?:two\s+|three\s+|four\s+)?(?:sides|parties|ministers|foreign ministers"
    r"|leaders|presidents|prime ministers|heads of state|heads of government|officials"
    r"|counterparts|delegations|countries|governments|top diplomats|secretaries|interlocutors"
    r"|participants|diplomats|chief diplomats|men|envoys)\b"
    r"|both sides\b|both parties\b|each side\b|the pair\b|the two\b(?!\s+(?:countries'|sides'))|they\b"
    r"|both\b(?=\s+(?:also\s+)?[a-z]+ed\b)",
    re.I,
)
PRONOUN = re.compile(r"(?:he|she)\b", re.I)
PAST = re.compile(
    r"[a-z]+ed\b|(?:said|spoke|held|met|made|gave|took|saw|told|sent|put|set|expressed|agreed"
    r"|underscored|reiterated|welcomed|also|further|both|committed)\b"
)
AGENTLESS_JOINT = re.compile(
    r"\b(?:it|this)\s+(?:was|has been|is)\s+(?:also\s+)?(?:agreed|decided|confirmed|reaffirmed"
    r"|arranged|settled|noted with satisfaction)\b"
    r"|\b(?:an?\s+)?(?:agreement|understanding|consensus)\s+(?:was|were)\s+reached\b"
    r"|\b(?:an?\s+)?(?:(?:in-depth|detailed|thorough|useful|frank|candid)\s+)?exchange\s+of\s+"
    r"(?:views|opinions)\s+(?:took\s+place|was\s+held)\b|\b(?:views|opinions)\s+were\s+exchanged\b",
    re.I,
)
AGENTLESS_DISCUSSED = re.compile(
    r"\b(?:was|were|had been)\s+(?:also\s+)?(?:discussed|raised|addressed|touched upon|covered"
    r"|considered|reviewed|examined|mentioned)\b|\btopics?\s+(?:discussed|raised|covered)\b"
    r"|\battention\s+was\s+(?:paid|given|devoted)\b",
    re.I,
)
# A view told without its holder: "Dissatisfaction was expressed with ...", "The importance of
# X was noted", "There was an emphasis on ...": the speaker's before it, else both sides'.
AGENTLESS_VIEW = re.compile(
    r"\b(?:was|were)\s+(?:also\s+)?(?:expressed|noted|emphasi[sz]ed|stressed|underlined"
    r"|underscored|highlighted|reaffirmed|reiterated|welcomed)\b"
    r"|^there\s+(?:was|were)\s+(?:an?\s+)?(?:emphasis|agreement|consensus|understanding|support)\b"
    r"|^(?:plans|arrangements)\s+(?:are|were)\s+(?:in place|being made)\b",
    re.I,
)
AGENTLESS_SPEECH = re.compile(
    r"^(?:it|this)\s+(?:was|is)\s+(?:also\s+)?"
    r"(?:stressed|emphasi[sz]ed|noted|underlined|pointed out"
    r"|hoped|believed|said|expected)\b",
    re.I,
)
JOINT_VERB = re.compile(
    r"(?:also\s+)?(?:agreed|agree|discussed|discuss|exchanged|exchange|shared|share|reached|signed"
    r"|reaffirmed|decided|confirmed|noted|stressed|emphasi[sz]ed|expressed|committed|will|would"
    r"|pledged|welcomed|spoke|talked|held|had|explored|looked forward|look forward|resolved"
    r"|undertook|undertake|reviewed|stressed|underlined|underscored|highlighted|called)\b",
    re.I,
)
QUOTE = re.compile(r'"[^"]{12,}"')
# "Indonesia is one of Australia's most important partners": a description, not a position.
DESCRIPTION = re.compile(r"\s+(?:is|are|was|were|has been|have been)\s+(?:one of|an?|the|home)\b")
ROLE = re.compile(
    r"(?:(?:His|Her)\s+(?:Royal\s+)?(?:Highness|Excellency|Majesty)\s+|H\.\s?[EH]\.\s+)?"
    r"(?:[Tt]he|[Tt]his)\s+(?P<adj>[A-Z][\w.]*\s+)?(?P<role>(?:[A-Z][\w-]*\s+){0,3}?"
    r"(?:Secretary(?: of State)?|Minister|FM|PM|President|Premier|Chancellor"
    r"|Councilor|Councillor|Ambassador|Envoy|Prime Minister|Foreign Minister|King|Emir"
    r"|Prince|Chairman|Representative|Commissioner|Secretary-General|Director-General"
    r"|High Representative|Vice President|Vice Premier|Leader|Senator|Sultan|Sheikh"
    r"|Head of State|Head of Government|Advisor|Adviser|Chair|Chairperson|Governor"
    r"|Vice-President|Vice-Chancellor|Secretary General)"
    r"(?: of (?:the )?[A-Z][\w ]+?)?)(?=\s*,?\s+[a-z]|\s*$)"
)
# A role by its initials: "EAM", "The HR/VP", "the NSA".
ACRONYM = re.compile(r"(?:[Tt]he\s+)?(?P<acr>[A-Z]{2,5}(?:/[A-Z]{2,3})?)(?=\s+[a-z])")
# The talks themselves as the subject: "Our meeting focused on ...", "The discussion covered
# ...": what both sides did.
MEETING_SUBJECT = re.compile(
    r"(?:[Oo]ur|[Tt]heir|[Tt]he)\s+(?:[a-z-]+\s+){0,2}?(?:meeting|discussions?|talks"
    r"|conversation|call|exchanges?)(?:\s+(?:on|about|regarding|of)\b[^,.;]{0,120}?)?"
    r"(?=\s+(?:also\s+)?(?:focused|focussed|centred|centered|covered|touched|concentrated"
    r"|included|was (?:also\s+)?(?:important|useful|productive|valuable)))"
)
I_SUBJECT = re.compile(r"I\b(?!['.-])")
WE_SUBJECT = re.compile(r"We\b(?!['.-])")
# "We agreed ...", after a meeting in a first-person release: the two sides.
WE_JOINT = re.compile(
    r"We(?=\s+(?:also\s+|both\s+|have\s+|then\s+)?(?:agreed|discussed|exchanged|reviewed"
    r"|reaffirmed|decided|committed|shared|signed|welcomed|noted|spoke|talked|held|had|launched"
    r"|underlined|underscored|emphasi[sz]ed|stressed|confirmed|explored|looked forward"
    r"|resolved|undertook)\b)"
)
HEAD_OF = re.compile(r"President|King|Emir|Amir|Sultan|Monarch|Prime Minister|Chancellor|Premier")


def _acronyms(title):
    """The initials a readout may call a title by: External Affairs Minister -> EAM, High
    Representative/Vice-President -> HR/VP (and HR, VP)."""
    found = set()
    for piece in re.split(r";|\band\b(?![^/]*/)|,", title or ""):
        parts = []
        for part in piece.split("/"):
            part = re.split(r"\s(?:of|for)\s", part)[0]
            words = [w for w in re.split(r"[\s-]+", part) if w[:1].isupper()]
            if words and not any(gazetteer.is_place_word(w) for w in words[:1]):
                parts.append("".join(w[0] for w in words))
        parts = [p for p in parts if len(p) >= 2]
        found.update(parts)
        if len(parts) > 1:
            found.add("/".join(parts))
    return {a for a in found if 2 <= len(a.replace("/", "")) <= 6}


def _official_form(code):
    """The form of state a country's official name opens with: "kingdom" for Saudi Arabia."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    name = getattr(country, "official_name", "") if country else ""
    m = re.match(r"(?:The\s+)?(\w+)", name or "")
    return m.group(1).lower() if m else ""


# Words that may stand before a name: titles, honorifics, nationalities ("Russian Foreign
# Minister Sergey Lavrov", "Mr. Abe", "US Secretary of State Mike Pompeo").
_TITLE_WORD = "|".join(
    sorted(
        {w.capitalize() for w in TITLE_WORDS if w.isalpha()}
        | {w.upper() for w in ("fm", "pm")}
        | {"Mr\\.", "Mrs\\.", "Ms\\.", "Dr\\.", "H\\.E\\.", "Mr", "Ms", "Dr", "Rt", "Hon\\.?"}
        | {re.escape(w) for w in gazetteer.single_words()},
        key=len,
        reverse=True,
    )
)

# Titles before a name, and an initial glued to it ("S.Lavrov", "J. Kerry").
TITLE_PREFIX = re.compile(
    rf"(?:(?:{_TITLE_WORD})\s+(?:(?:of|the|and|of the)\s+)?){{0,6}}(?:[A-Z]\.\s?(?=[A-Z]))?"
)


@dataclass
class Side:
    """A participant, as the statement finder refers to them."""

    index: int
    name: str
    country: str | None
    title: str = ""
    refs: list = field(default_factory=list)  # name words that refer to them


@dataclass
class Draft:
    """A statement found in a text (view offsets), before it is turned into output."""

    start: int
    end: int
    paragraph: int
    speaker: int | None  # participant index
    country: str | None  # side code, or BOTH
    mode: str
    cue: str
    side_only: bool = False  # a side's position, no person named

    @property
    def key(self):
        return BOTH if self.country == BOTH else (self.speaker, self.country)


class Attributor:
    """Finds the statements of a readout's sentences, given its participants and home side."""

    def __init__(self, participants, home=None):
        self.sides = participants
        self.home = home
        self.countries = {p.country for p in participants if p.country}
        names = {}
        for side in participants:
            for ref in side.refs:
                names.setdefault(ref, set()).add(side.index)
        self.name_refs = {ref: next(iter(who)) for ref, who in names.items() if len(who) == 1}
        alternation = "|".join(
            re.escape(ref) for ref in sorted(self.name_refs, key=len, reverse=True)
        )
        self.name_ref = re.compile(rf"(?P<ref>{alternation})(?!['\w-])") if alternation else None
        self.folded = {
            side.index: {fold(w) for ref in side.refs for w in ref.split()} for side in participants
        }
        self.last_person = None
        self.first_person = False
        self.acronyms = {}
        for side in participants:
            for acronym in _acronyms(side.title):
                self.acronyms.setdefault(acronym, set()).add(side.index)
        self.acronyms = {a: next(iter(w)) for a, w in self.acronyms.items() if len(w) == 1}
        # Whom "I" means: the publisher's official in a first-person release or transcript.
        own = [side.index for side in participants if side.country and side.country == home]
        self.principal = own[0] if own else (0 if participants else None)

    # -- references ----------------------------------------------------------------------

    def person_at(self, text):
        """(index, length, cue) of a participant named at the start of text, or None."""
        if self.name_ref:
            at = TITLE_PREFIX.match(text).end()
            m = self.name_ref.match(text, at)
            if m is None:
                # Another spelling of a given name: "Sergey Lavrov" for a "Sergei Lavrov".
                given = re.match(r"([A-Z][\w'-]+)\s+", text[at:])
                m = given and self.name_ref.match(text, at + given.end())
                if m and fold(given.group(1)) not in self.folded[self.name_refs[m["ref"]]]:
                    m = None
            if m and text[m.end() : m.end() + 2] != "'s":
                return self.name_refs[m["ref"]], m.end(), f"name '{text[: m.end()].strip()}'"
        m = ROLE.match(text)
        if m:
            adjective, role = m["adj"], m["role"]
            if adjective and not gazetteer.lookup(adjective.strip()):
                adjective, role = None, adjective + role  # "the External Affairs Minister"
            who = self._resolve_role(role, adjective)
            if who is not None:
                return who, m.end(), f"role '{m.group().strip()}'"
        m = ACRONYM.match(text)
        if m and m["acr"] in self.acronyms:
            return self.acronyms[m["acr"]], m.end(), f"role '{m.group().strip()}'"
        m = I_SUBJECT.match(text) or (self.first_person and WE_SUBJECT.match(text))
        if m and self.principal is not None:
            return self.principal, m.end(), f"first person '{m.group().strip()}'"
        m = PRONOUN.match(text)
        if m and self.last_person is not None:
            return self.last_person, m.end(), f"pronoun '{m.group()}'"
        return None

    def _resolve_role(self, role, adjective):
        role = role.strip()
        of = re.match(r"(?P<role>.+?) of (?:the )?(?P<place>[A-Z][\w ]+)$", role)
        if of and not adjective and gazetteer.lookup(of["place"]):
            # "The President of Russia", "the Minister of Foreign Affairs of Japan".
            role = of["role"]
            adjective = of["place"]
        if re.fullmatch(r"(?:Head of State|Head of Government)", role):
            head_of = [s for s in self.sides if HEAD_OF.search(s.title or "")]
            own = [s for s in head_of if s.country == self.home] or head_of
            return own[0].index if len(own) == 1 else None
        words = {"FM": "foreign minister", "PM": "prime minister"}
        head = words.get(role.split()[-1], role).lower()
        country = None
        if adjective:
            hit = gazetteer.lookup(adjective.strip())
            if not hit:
                return None
            country = hit[0]
        head_words = head.replace("secretary of state", "secretary").split()
        candidates = [
            s
            for s in self.sides
            if all(w in (s.title or "").lower() for w in head_words[-1:])
            and (country is None or s.country == country)
        ]
        if len(candidates) == 1:
            return candidates[0].index
        if not candidates and country:
            same = [s for s in self.sides if s.country == country]
            return same[0].index if len(same) == 1 else None
        if len(candidates) > 1 and self.home:
            # Both hold the title: a readout calls its own official by the bare title.
            own = [s for s in candidates if s.country == self.home]
            if len(own) == 1:
                return own[0].index
        return None

    def side_at(self, text):
        """(country, length, cue) of a side named at the start of text ("China", "The
        Russian side", "Moscow"), or None."""
        if not (text[:1].isupper() or text[:4].lower() == "the "):
            return None  # for speed: a side is named with a capital
        m = re.match(
            r"(?:[Tt]he\s+)(?P<form>Kingdom|Republic|Federation|Sultanate|Emirate)\b(?!')", text
        )
        if m:
            # "The Kingdom will continue ...": the party whose country's name says so.
            forms = [c for c in self.countries if _official_form(c) == m["form"].lower()]
            own = [c for c in forms if c == self.home] or forms
            if len(own) == 1:
                return own[0], m.end(), f"side '{m.group()}'"
        m = re.match(r"(?:the\s+)?(?P<adj>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)\s+side\b", text)
        if m:
            hit = gazetteer.lookup(m["adj"])
            if hit and hit[0] in self.countries:
                return hit[0], m.end(), f"side '{m.group()}'"
        for place in gazetteer.find_places(text[:60]):
            if place.start > 4 or place.code not in self.countries:
                break
            if place.start and text[: place.start].strip().lower() not in ("the",):
                break
            if text[place.end : place.end + 2] == "'s" or text[place.end : place.end + 1] == "-":
                break
            if place.form == "demonym":
                break
            return place.code, place.end, f"side '{text[: place.end]}'"
        return None

    def joint_at(self, text):
        """(length, cue) of a joint subject at the start of text, or None."""
        m = WE_JOINT.match(text)
        if m and self.first_person:
            return 2, "joint subject 'We' (the official and the counterpart)"
        m = JOINT_SUBJECT.match(text)
        if m:
            return m.end(), f"joint subject '{m.group()}'"
        first = self.person_at(text) or self.side_at(text)
        if first:
            rest = text[first[1] :]
            m = re.match(r"\s*(?:and|&)\s+", rest)
            if m:
                other = rest[m.end() :]
                second = self.person_at(other) or self.side_at(other)
                if not second and re.match(r"[A-Z]", other):
                    # "The Secretary and Foreign Minister agreed": the role without its article.
                    second = self.person_at("the " + other)
                    second = second and (second[0], second[1] - 4, second[2])
                if second and second[0] != first[0]:
                    end = first[1] + m.end() + second[1]
                    return end, f"joint subject '{text[:end]}'"
        return None

    # -- sentences -----------------------------------------------------------------------

    def subject_of(self, clause):
        """What the clause's own grammar says of its speaker: (kind, who, cue, offset) with
        kind in person/joint/side/passive-joint/passive-discussed/passive-speech, or None."""
        m = ACCORDING.match(clause)
        if m:
            # "According to Lavrov, ...", "In Wang Yi's view, ...": the speaker is named first.
            named = re.sub(r"'s\s+(?=view|opinion|words)", " ", clause[m.end() :], count=1)
            person = self.person_at(named) or self.side_at(named)
            if person:
                kind = "person" if isinstance(person[0], int) else "side"
                return kind, person[0], f"{person[2]} after '{m.group().strip()}'", 0
        body, skip = _strip_fronted(clause)
        m = MEETING_SUBJECT.match(body)
        if m:
            return "joint", BOTH, f"the talks as subject '{m.group()}'", skip
        joint = self.joint_at(body)
        if joint:
            rest = body[joint[0] :]
            is_pair = not JOINT_SUBJECT.match(body)
            if re.match(r"\s+[a-z]", rest) and (not is_pair or JOINT_VERB.match(rest.lstrip())):
                return "joint", BOTH, joint[1], skip
        person = self.person_at(body)
        if person and re.match(r"\s*,?\s+[a-z]", body[person[1] :]):
            return "person", person[0], person[2], skip
        side = self.side_at(body)
        if (
            side
            and re.match(r"\s+[a-z]", body[side[1] :])
            and not DESCRIPTION.match(body[side[1] :])
        ):
            return "side", side[0], side[2], skip
        unfronted = self._after_bare_fronted(body)
        if unfronted:
            kind, who, cue, at = unfronted
            return kind, who, cue, skip + at
        # A reporting verb with its subject right before it: "..., Wang said, noting..."
        for m in REPORTING.finditer(clause):
            before = clause[: m.start()]
            found = self._subject_before(before)
            if found:
                kind, who, cue, at = found
                return kind, who, f"{cue} + '{m.group()}'", at
        m = re.search(r"\b(?:said|added|noted|stressed|continued)\s+", clause)
        if m:
            person = self.person_at(clause[m.end() :])
            if person:
                return "person", person[0], f"{person[2]} after '{m.group().strip()}'", skip
        if AGENTLESS_JOINT.search(clause):
            return (
                "passive-joint",
                BOTH,
                f"agentless '{AGENTLESS_JOINT.search(clause).group()}'",
                skip,
            )
        if AGENTLESS_SPEECH.match(body):
            return (
                "passive-speech",
                None,
                f"agentless '{AGENTLESS_SPEECH.match(body).group()}'",
                skip,
            )
        if AGENTLESS_DISCUSSED.search(clause):
            return (
                "passive-discussed",
                None,
                f"agentless '{AGENTLESS_DISCUSSED.search(clause).group()}'",
                skip,
            )
        view = AGENTLESS_VIEW.search(body)
        if view:
            return "passive-view", None, f"agentless '{view.group()}'", skip
        return None

    def _after_bare_fronted(self, body):
        """A subject after a fronted phrase with no comma: "On the basis of a stable
        ceasefire the leaders undertook ...": (kind, who, cue, offset) or None."""
        if not BARE_FRONTED.match(body):
            return None
        for m in re.finditer(r"\s(?=[A-Z]|the\s|both\s|they\s)", body[:160]):
            at = m.end()
            rest = body[at:]
            joint = self.joint_at(rest)
            if joint and JOINT_VERB.match(rest[joint[0] :].lstrip()):
                return "joint", BOTH, f"{joint[1]} after a fronted phrase", at
            person = self.person_at(rest)
            if person and PAST.match(rest[person[1] :].lstrip()):
                return "person", person[0], f"{person[2]} after a fronted phrase", at
        return None

    def _subject_before(self, before):
        """The speaker whose reference ends `before` (adverbs aside)."""
        trimmed = re.sub(rf"(?:\s+{ADVERBS})+\s*$", "", before.rstrip())
        if not trimmed:
            return None
        window_start = max(0, len(trimmed) - 120)
        # Try each word start in the window, nearest the verb last, so the longest reference
        # that ends right at the verb wins.
        for m in re.finditer(r"(?:^|(?<=[\s,(]))\S", trimmed[window_start:]):
            at = window_start + m.start()
            candidate = trimmed[at:]
            joint = self.joint_at(candidate)
            if joint and joint[0] == len(candidate):
                return "joint", BOTH, joint[1], at
            person = self.person_at(candidate)
            if person and person[1] == len(candidate):
                return "person", person[0], person[2], at
            side = self.side_at(candidate)
            if side and side[1] == len(candidate):
                return "side", side[0], side[2], at
        return None


def _strip_fronted(clause):
    """The clause without a list mark and fronted phrases; and how much was cut."""
    cut = 0
    m = LIST_MARK.match(clause)
    if m:
        cut = m.end()
    for _ in range(3):
        m = FRONTED.match(clause[cut:])
        if not m:
            break
        cut += m.end()
    return clause[cut:], cut


# Where a sentence may turn to another speaker: ", and", "; ", or a bare "and" once the first
# clause has its verb ("The leaders discussed Rafah and the President reiterated ...").
CLAUSE_JOIN = re.compile(r"(?:,\s+(?:and|while|but|whereas)|;|\s+and)\s+")
FINITE_BEFORE = re.compile(
    r"\b(?:[a-z]{3,}ed|said|spoke|held|met|made|gave|took|told|agreed|discussed|underscored"
    r"|reiterated|welcomed|expressed|is|are|was|were|will|would)\b"
)


def split_clauses(text, attributor):
    """(start, end) offsets of the clauses of a sentence that have speakers of their own:
    "The Secretary provided an overview..., and the two committed to..." is two."""
    cuts = []
    for m in CLAUSE_JOIN.finditer(text):
        rest = text[m.end() :]
        if not m.group().startswith((",", ";")) and not FINITE_BEFORE.search(text[: m.start()]):
            continue  # "The Prime Minister and President Biden agreed": one joint subject
        ref = attributor.joint_at(rest) or attributor.person_at(rest)
        if not ref or PRONOUN.match(rest):
            continue  # "..., and he reaffirmed": the same speaker goes on
        length = ref[0] if isinstance(ref[0], int) and len(ref) == 2 else ref[1]
        if PAST.match(rest[length:].lstrip()):
            cuts.append((m.start(), m.end()))
    spans, begin = [], 0
    for start, end in cuts:
        spans.append((begin, start))
        begin = end
    spans.append((begin, len(text)))
    return spans


def mode_of(clause, kind):
    """Direct quote, reported speech or joint."""
    if kind in ("joint", "passive-joint"):
        return "joint"
    if QUOTE.search(clause):
        return "direct_quote"
    return "reported"
