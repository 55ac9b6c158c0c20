"""The readout reader: text in, a draft event with participants and attributed statements out.

    extraction = read_readout(text, published=date(2023, 8, 8), publisher="...", url="...")
    extraction.as_json()   # the contract of `ingest --dry-run --json`

Pure: no database, no network. Known actors and topics come in as arguments (see
readouts.reader.store for loading them from the database).
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from . import dates, gazetteer, kinds, people, statements
from . import text as textmod
from .statements import BOTH, Attributor, Draft, Side
from .text import ReadoutError, View
from .topics import TopicRule, default_topics, matcher_for

# Verbs that make a sentence the lead: the one that reports the event.
LEAD_VERB = re.compile(
    r"\b(?:held|holds|hold|had|has|have)\s+(?:a\s+|an\s+|the\s+)?(?:[\w'+-]+\s+){0,8}(?:talks?"
    r"|call|conversation|meeting|consultations|videoconference|conference|discussion|exchange"
    r"|dialogue|summit|interview)\b"
    r"|\btravel(?:s|ed|led)\s+to\b|\barrived\s+in\b"
    # A trip told by where the traveller was: "X was in China from Thursday to Saturday".
    r"|\b(?:was|were|is|are)\s+in\s+(?:the\s+)?(?-i:[A-Z])[\w'-]+(?:\s+(?:of\s+)?(?-i:[A-Z])[\w'-]+){0,3}\s+(?:from|on|for"
    r"|this|last|between)\s"
    r"|\b(?:met|meets|meet)\b|\bsp(?:oke|eaks)\b[^.]{0,40}\b(?:with|to)\b|\btalked\b"
    r"|\breceived\b|\breceives\b|\bhosted\b|\bhosts\b|\bcalled\b|\bphoned\b"
    r"|\b(?:sent|sends|exchanged|exchanges|addressed)\b[^.]{0,40}\b(?:messages?|letters?|greetings"
    r"|telegrams?|congratulations|condolences)"
    r"|\bvisit(?:ed|s)?\b|\bpaid\b|\bpays\b|\battended\b|\battends\b|\bchaired\b|\bco-chaired\b"
    r"|\bparticipated\b|\btook part\b|\bcongratulated\b|\bconducted\b"
    r"|\b(?:conversation|talks|meeting|call|consultations)\s+(?:took place|(?:was|were) held)\b",
    re.I,
)
# Words that name an event, for a lead in unusual words (a headline, a transcript's title).
EVENT_WORD = re.compile(
    r"\b(?:talks|meeting|met|meets|call|conversation|visit|visits|trip|message|telegram|letter"
    r"|conference|summit|ministerial|dialogue|consultations|remarks|interview|congratulat\w*"
    r"|condolences?|received|receives)\b",
    re.I,
)
# A lead whose subject is a role with no name: "The Foreign Secretary visited Tokyo ...".
LEAD_ROLE = re.compile(r"\W*(?:[Tt]he)\s+(?P<role>(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)\s+[a-z]")
# A line that gives the place with the date: "Moscow, 12 April 2024".
PLACED_DATELINE = re.compile(r"^[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,2},\s+\S")
REPORTS_EVENT = re.compile(
    r"\b(?:held|had|holds|has)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}(?:talks?|call|conversation|meeting)"
    r"(?:\s+(?:in|on|at)\s+[\w-]+(?:\s+[\w-]+)?){0,2}\s+with\b|\b(?:met|meets)\s+(?:with\s+)?(?:[A-Z]|him\b|her\b|them\b)"
    r"|\bsp(?:oke|eaks)\s+(?:\w+\s+){0,2}(?:with|to)\b"
    r"|\bvisit(?:ed|s)\s+(?-i:[A-Z])|\btravel(?:l)?ed\s+to\b|\bpaid\s+(?:an?\s+)?(?:\w+\s+)?visit\b"
)
# A transcript's speaker label: "Sergey Lavrov:", "Question (addressed to X):", "Q:".
SPEAKER_LABEL = re.compile(r"^(?P<label>[A-Z][\w .'-]{0,60}?)\s*(?:\([^)]{0,60}\))?\s*:\s+(?=\S)")
NAME_LABEL = re.compile(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){1,4}")
QUESTION_LABEL = re.compile(r"^(?:Question|Q|Journalist|Correspondent|Reporter)\b", re.I)
PUBLISHER_DOMAINS = {
    "mfa.gov.cn": "CHN",
    "fmprc.gov.cn": "CHN",
    "china-embassy": "CHN",
    "chineseembassy": "CHN",
    "chinamission": "CHN",
    "mid.ru": "RUS",
    "russianembassy": "RUS",
    "state.gov": "USA",
    "usembassy.gov": "USA",
    "whitehouse.gov": "USA",
    "mofa.go.jp": "JPN",
    "kantei.go.jp": "JPN",
    "mea.gov.in": "IND",
    "mfa.gov.tr": "TUR",
    "gov.uk": "GBR",
    "diplomatie.gouv.fr": "FRA",
    "auswaertiges-amt.de": "DEU",
    "mofa.go.kr": "KOR",
    "dfat.gov.au": "AUS",
    "kremlin.ru": "RUS",
    "eeas.europa.eu": "EU",
    "akorda.kz": "KAZ",
    "gov.kz": "KAZ",
    "gov.br": "BRA",
    "kemlu.go.id": "IDN",
    "setkab.go.id": "IDN",
    "spa.gov.sa": "SAU",
    "foreignminister.gov.au": "AUS",
    "pm.gov.au": "AUS",
    "elysee.fr": "FRA",
    "tccb.gov.tr": "TUR",
    "iletisim.gov.tr": "TUR",
    "dirco.gov.za": "ZAF",
    "gov.za": "ZAF",
    "pmindia.gov.in": "IND",
    "gov.cn": "CHN",
    "xinhuanet.com": "CHN",
    "news.cn": "CHN",
    "tass.com": "RUS",
    "bundesregierung.de": "DEU",
    "mofa.go.id": "IDN",
    "mfa.gov.ua": "UKR",
    "president.gov.ua": "UKR",
    "esteri.it": "ITA",
    "governo.it": "ITA",
    "international.gc.ca": "CAN",
    "gc.ca": "CAN",
    "canada.ca": "CAN",
    "gouvernement.fr": "FRA",
    "bmeia.gv.at": "AUT",
    "eda.admin.ch": "CHE",
    "government.nl": "NLD",
    "regeringen.se": "SWE",
    "um.dk": "DNK",
    "regjeringen.no": "NOR",
    "um.fi": "FIN",
    "dfa.ie": "IRL",
    "gov.ie": "IRL",
    "exteriores.gob.es": "ESP",
    "lamoncloa.gob.es": "ESP",
    "sre.gob.mx": "MEX",
    "cancilleria.gob.ar": "ARG",
    "mfat.govt.nz": "NZL",
    "beehive.govt.nz": "NZL",
    "mofa.gov.sa": "SAU",
    "mofaic.gov.ae": "ARE",
    "mfa.gov.sg": "SGP",
    "kln.gov.my": "MYS",
    "dfa.gov.ph": "PHL",
    "mofa.gov.vn": "VNM",
    "mfa.go.th": "THA",
    "mofa.gov.pk": "PAK",
    "gov.il": "ISR",
    "mfa.gov.eg": "EGY",
    "mfa.ir": "IRN",
    "gov.pl": "POL",
    "mfa.gov.kz": "KAZ",
    "mofa.gov.tw": "TWN",
}
# Publishers whose name names no country: presidencies and state news agencies.
PUBLISHER_NAMES = {
    "white house": "USA",
    "kremlin": "RUS",
    "tass": "RUS",
    "ria novosti": "RUS",
    "xinhua": "CHN",
    "cctv": "CHN",
    "people's daily": "CHN",
    "akorda": "KAZ",
    "kazinform": "KAZ",
    "planalto": "BRA",
    "itamaraty": "BRA",
    "elysee": "FRA",
    "élysée": "FRA",
    "quai d'orsay": "FRA",
    "downing street": "GBR",
    "number 10": "GBR",
    "kantei": "JPN",
    "kyodo": "JPN",
    "yonhap": "KOR",
    "anadolu": "TUR",
    "bernama": "MYS",
    "antara": "IDN",
    "kemlu": "IDN",
    "irna": "IRN",
    "wam": "ARE",
    "kuna": "KWT",
    "qna": "QAT",
    "dirco": "ZAF",
    "auswärtiges amt": "DEU",
    "auswartiges amt": "DEU",
    # Foreign ministries by the names they go by at home and on their sites.
    "federal foreign office": "DEU",
    "bundesregierung": "DEU",
    "federal chancellery": "DEU",
    "france diplomatie": "FRA",
    "ministry for europe and foreign affairs": "FRA",
    "ministère de l'europe et des affaires étrangères": "FRA",
    "fcdo": "GBR",
    "foreign and commonwealth office": "GBR",
    "foreign & commonwealth office": "GBR",
    "foreign, commonwealth and development office": "GBR",
    "foreign, commonwealth & development office": "GBR",
    "farnesina": "ITA",
    "maeci": "ITA",
    "palazzo chigi": "ITA",
    "mea": "IND",
    "ministry of external affairs": "IND",
    "external affairs minister": "IND",
    "press information bureau": "IND",
    "department of international relations and cooperation": "ZAF",
    "dfat": "AUS",
    "department of foreign affairs and trade": "AUS",
    "global affairs canada": "CAN",
    "gaimusho": "JPN",
    "blue house": "KOR",
    "zhongnanhai": "CHN",
    "fmprc": "CHN",
    "smolenskaya": "RUS",
    "bmeia": "AUT",
    "fdfa": "CHE",
    "minbuza": "NLD",
    "wisma putra": "MYS",
    "itamaraty palace": "BRA",
}
HEADLINE_LABEL = re.compile(r"^(?:.*?\s[-–—|]\s)?(?:headline|title)\s*:\s*", re.I)
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


@dataclass
class Participant:
    name: str
    title: str
    country: str | None
    country_cue: str = ""
    aliases: list = field(default_factory=list)
    actor_id: int | None = None
    matched_by: str = ""


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

    def as_json(self):
        """The contract of `ingest --dry-run --json` (plus `cue` and other extra keys)."""
        return {
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


def read_readout(text, published=None, publisher=None, url=None, known_actors=None, topics=None):
    """Read one readout (the text as read: see text.prepare) into an Extraction.

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
    if len(found) < 2 or kind in ("visit", "multilateral"):
        # The lead may name one side, the next sentences the others ("X is on an official visit
        # to India. External Affairs Minister Y held talks with her..."; "During the visit, EAM
        # met with ..."; "The meeting was co-chaired with ...").
        found.extend(_more_participants(doc, lead, known_actors, found, kind))
    if headline:
        from_lead = len(found)
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
    first_person = _first_person(view.text, lead)
    if first_person and len(_merge_people(found)) < 2:
        # "Today I met ...": the "I" is the publisher's official, named in the page's header.
        principal = doc.principal(lead, known_actors)
        if principal and not any(people.same_person(q.name, principal.name) for q in found):
            found.insert(0, principal)
    participants = _merge_people(found)
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

    # The date.
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
        actor, how_matched = people.match_actor(p.name, p.country, known_actors)
        if actor is None:
            for alias in p.aliases:
                actor, how_matched = people.match_actor(alias, p.country, known_actors)
                if actor:
                    break
        if actor is not None:
            p.actor_id, p.matched_by = actor.id, how_matched

    title = _title(headline, participants, kind)
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
    )


class _Document:
    """Paragraphs and sentences of a readout's view, with its header and clutter marked."""

    def __init__(self, view):
        self.view = view
        self.dateline = None
        self.dateline_placed = False  # read from "Moscow, 12 April 2024": the original's own
        self.paragraphs = textmod.paragraphs(view.text)
        for para in self.paragraphs:
            m = textmod.DATELINE_PREFIX.match(para.text)
            if m and len(para.text) > m.end() + 20:
                found = [d for d in dates.find_dates(m.group()) if d.date]
                if found and not self.dateline_placed:
                    self.dateline, self.dateline_placed = found[0].date, True
                para.start += m.end()
                para.text = view.text[para.start : para.end]
            para.clutter = textmod.is_clutter(para.text)
            para.prose = (
                not para.clutter and textmod.is_prose(para.text) and not _title_case(para.text)
            )
            if para.prose:
                para.sentences = textmod.split_sentences(
                    view.text, para.start, para.end, para.index
                )

    def _read_dateline(self, text):
        """A line that is a date. When the header carries several, the one nearest the lead is
        the readout's own: a republished copy puts its own date first, then the original's
        ("Office of the Spokesperson / March 21, 2024"). One that gives the place too ("Moscow,
        12 April 2024") is the original's own and stays."""
        date = dates.dateline(text)
        if date is None or self.dateline_placed:
            return
        self.dateline = date
        if PLACED_DATELINE.match(text):
            self.dateline_placed = True

    def find_lead(self, known):
        """(lead sentence, how): the first sentence that reports people meeting, calling or
        talking; failing one, the first sentence or headline that names a person beside an
        event word (with `how` saying so for a warning); (None, "") for no event at all."""
        fallback = None
        for para in self.paragraphs:
            if not para.prose:
                if not para.clutter:
                    self._read_dateline(para.text)
                    if (
                        fallback is None
                        and para.index < 12
                        and EVENT_WORD.search(para.text)
                        and people.find_people(para.text, para.start, known, event_subjects=True)
                    ):
                        fallback = (
                            textmod.Sentence(para.start, para.end, para.index, para.text),
                            "read from the headline",
                        )
                continue
            for sentence in para.sentences:
                clause = kinds.event_clause(sentence.text)
                verb = LEAD_VERB.search(clause)
                if (
                    verb
                    and re.search(r"[.!?'\")]$", sentence.text)
                    and people.find_people(clause, sentence.start, known, event_subjects=True)
                ):
                    self._dateline_after(para.index)
                    return sentence, ""
                if (
                    (fallback is None or fallback[1] == "read from the headline")
                    and para.index < 12
                    and (verb or EVENT_WORD.search(clause))
                    and people.find_people(clause, sentence.start, known, event_subjects=True)
                ):
                    fallback = (sentence, f"read from '{sentence.text[:60]}'")
        if fallback:
            self._dateline_after(fallback[0].paragraph)
        return fallback or (None, "")

    def _dateline_after(self, index):
        """A date line right after the lead, as the Kremlin sets it, when none came before."""
        if self.dateline is not None:
            return
        for para in self.paragraphs[index + 1 : index + 4]:
            if not para.prose and not para.clutter and dates.dateline(para.text):
                self.dateline = dates.dateline(para.text)
                return

    def principal(self, lead, known):
        """The official a first-person release speaks for ("Senator the Hon Penny Wong", "From:
        ... The Rt Hon David Lammy MP"), named in the page's header before the lead."""
        for para in self.paragraphs[: lead.paragraph]:
            for person in people.find_people(para.text, para.start, known):
                if person.trigger in ("title", "known actor") and not person.possessive:
                    return person
        return None

    def headline_before(self, index):
        """The headline: the last line before the lead that names an event or a person, and
        before any speaker's label (a transcript's remarks may open before its lead)."""
        label = next(
            (
                para.index
                for para in self.paragraphs[:index]
                if (m := SPEAKER_LABEL.match(para.text))
                and NAME_LABEL.fullmatch(m["label"])
                and not QUESTION_LABEL.match(m["label"])
            ),
            index,
        )
        for para in reversed(self.paragraphs[:label]):
            if para.clutter or dates.dateline(para.text):
                continue
            text = HEADLINE_LABEL.sub("", para.text)
            start = para.start + len(para.text) - len(text)
            if len(text.split()) < 3 or text.endswith(":"):
                continue
            if LEAD_VERB.search(text) or re.search(
                r"call|talks|meet|conversation|visit", text, re.I
            ):
                return textmod.Sentence(start, para.end, para.index, text)
        return None


def _title_case(text):
    """Whether a paragraph is a headline in title case rather than prose."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if len(words) < 4 or re.search(r"[.!?]['\")]*$", text.strip()):
        return False
    small = {"of", "and", "the", "with", "on", "in", "at", "to", "for", "a", "an", "by"}
    capital = sum(1 for w in words if w[0].isupper() or w.lower() in small)
    return capital >= 0.8 * len(words)


def _complete(person, other):
    """Fill what one mention of a person lacks from another mention of them."""
    if other.name != person.name and other.name not in person.aliases:
        person.aliases.append(other.name)
    if _full_words(other.name) > _full_words(person.name) == 1:
        # "Secretary Pompeo" or "S.Lavrov" in the lead, the full name in the headline.
        person.aliases.append(person.name)
        person.name = other.name
    if not person.country and other.country:
        person.country, person.country_cue = other.country, other.country_cue
    if not person.title and other.title:
        person.title = other.title


def _about_the_sides(text, participants):
    """Whether a sentence speaks of the parties (their countries, "both sides", "we"): what a
    paragraph carrying on a statement does, and a publisher's disclaimer does not."""
    countries = {p.country for p in participants}
    if any(place.code in countries for place in gazetteer.find_places(text)):
        return True
    return bool(
        re.search(
            r"\b(?:two countries|both countries|both sides|two sides|bilateral|we|our|us)\b", text
        )
    )


def _full_words(name):
    """The words of a name that are not initials."""
    return sum(1 for word in name.split() if len(word.rstrip(".")) > 1)


def _merge_people(found):
    merged = []
    for p in found:
        same = next((q for q in merged if people.same_person(q.name, p.name)), None)
        if same:
            _complete(same, p)
            continue
        merged.append(p)
    return [
        Participant(p.name, p.title, p.country, p.country_cue, aliases=list(p.aliases))
        for p in merged
    ]


def _home_side(publisher, url, doc, participants):
    if publisher:
        for place in gazetteer.find_places(publisher):
            if place.form != "demonym" or place.code:
                return place.code
        low = publisher.lower()
        for name, code in PUBLISHER_NAMES.items():
            if re.search(rf"\b{re.escape(name)}\b", low):
                return code
    host = re.sub(r"^[a-z]+://", "", url or "").split("/")[0].lower()
    for domain, code in PUBLISHER_DOMAINS.items():
        if re.search(rf"(?:^|[.-]){re.escape(domain)}(?:$|[.-])", host):
            return code
    for para in doc.paragraphs:
        if para.prose:
            continue
        m = re.search(
            r"(?P<us>\bState Department\b|Department of State|Office of the Spokesperson"
            r"|Department Spokesperson)|(?:Ministry|Department|Embassy|Mission|Office)\b"
            r"[^.\n]{0,40}?\bof\s+(?:the\s+)?(?P<place>[A-Z][\w' ]+)",
            para.text,
        )
        if m:
            if m["us"]:
                return "USA"
            hit = gazetteer.lookup(m["place"])
            if hit:
                return hit[0]
    return None


# Sentences that add people to the event: "During the visit, EAM met with ...", "The meeting was
# co-chaired with ...", "together with ...".
PARTICIPATION = re.compile(
    r"\bco-?chaired\b|\btogether with\b|\bwith the participation of\b|\bjoined by\b"
    r"|\battended by\b",
    re.I,
)


def _more_participants(doc, lead, known, found, kind=None):
    """People the sentences after the lead add to the event: the rest of the lead's paragraph
    and the next paragraph, when they report meeting or joining them (all of them on a trip:
    "she held talks with X ... She also met Y and Z")."""
    visit = len(found) >= 2 or kind == "visit"
    sentences = [s for s in doc.paragraphs[lead.paragraph].sentences if s.start > lead.start]
    for para in doc.paragraphs[lead.paragraph + 1 :]:
        if para.prose and not para.clutter:
            sentences.extend(para.sentences)
            break
    more = []
    for sentence in sentences:
        clause = kinds.event_clause(sentence.text)
        if not (LEAD_VERB.search(clause) or PARTICIPATION.search(clause)):
            continue
        if re.search(r"\b(?:earlier|previously|last (?:year|month|week)|will|would)\b", clause):
            continue  # another meeting, before or after this one
        people_here = people.find_people(clause, sentence.start, known, event_subjects=True)
        more.extend(p for p in people_here if not p.possessive)
        if people_here and not visit:
            break
    return more


FIRST_PERSON = re.compile(r"(?<![\w.'-])I\s+(?:have\s+|had\s+|also\s+|was\s+)?[a-z]{2,}")
QUOTED = re.compile(r'"[^"\n]*"')


def _first_person(text, lead):
    """Whether the readout speaks in its official's own voice ("Today I met ...", "I raised my
    concerns ..."), outside quotes."""
    return bool(FIRST_PERSON.search(QUOTED.sub("", text)))


# Titles that act for an organisation, whatever the person's nationality.
ORGANISATION_TITLES = [
    (re.compile(r"High Representative|HR/VP|European Commission|European Council"), "EU"),
    (re.compile(r"NATO Secretary|Secretary General of NATO|Secretary-General of NATO"), "NATO"),
    (re.compile(r"(?:UN|United Nations) Secretary|Secretary-General of the United"), "UN"),
    (re.compile(r"ASEAN Secretary|Secretary-General of ASEAN"), "ASEAN"),
]


def _host_country(clause, headline):
    """The country where the lead puts the event ("in Beijing", "visit to Kazakhstan",
    "traveled to Beijing"), or None."""
    for text in (clause, headline.text if headline else ""):
        for m in re.finditer(
            r"\b(?:in|to|at|visit(?:ed|s|ing)?)\s+(?:the\s+)?(?P<place>[A-Z][\w'-]+(?:\s+(?:of\s+)?[A-Z][\w'-]+){0,4})",
            text,
        ):
            for place in gazetteer.find_places(m["place"]):
                if place.start == 0 and place.kind == gazetteer.COUNTRY and place.form != "demonym":
                    return place.code
    return None


# The verb by which the lead's subject travels: "was in China from ...", "visited Kazakhstan".
TRAVELS = re.compile(
    r"\b(?:was|were|is|are)\s+in\s+(?:the\s+)?[A-Z]|\bvisit(?:s|ed)\s+(?!by\b)|\bpa(?:id|ys)\s+(?:an?\s+)?"
    r"(?:[\w-]+\s+){0,2}visit|\btravel(?:s|ed|led)\s+to\b|\barrived\s+in\b"
)


def _visitor(participants, clause, kind):
    """The participant who travels, in a lead about a trip: the subject of "was in China from
    Thursday to Saturday", "paid an official visit to Kazakhstan"; else None."""
    verb = TRAVELS.search(clause) if kind == "visit" else None
    if not verb or not participants:
        return None
    first = participants[0]
    words = [w for w in first.name.split() if len(w) > 1]
    before = clause[: verb.start()]
    if words and re.search(rf"\b{re.escape(words[-1])}\b", before, re.I):
        return first
    return None


def _assign_sides(participants, home, clause, headline, text, warnings, kind=None):
    """The side of each participant whose country the text does not state next to them: an
    organisation's title, the publisher's own official, the host of a visit (the country the
    lead puts the trip in, else the one stated on the first host official), else the party
    named most (never a country that is not a party to the event: neither a third country
    the readout talks about nor the visitor's own for the officials the visitor meets)."""
    for p in participants:
        if p.country is None:
            for pattern, code in ORGANISATION_TITLES:
                if pattern.search(p.title or ""):
                    p.country, p.country_cue = code, "title"
                    break
    if home and home not in {q.country for q in participants}:
        first = next((q for q in participants if q.country is None), None)
        if first is not None:
            first.country, first.country_cue = home, "publisher's side"
    traveller = _visitor(participants, clause, kind)
    host = _host_country(clause, headline)
    visitor = participants[0].country
    if host is None and traveller is not None:
        # "She held talks with Chinese Foreign Minister X. She also met Vice President Y":
        # the first official met whose country is stated names the host.
        host = next(
            (
                q.country
                for q in participants
                if q is not traveller
                and q.country
                and q.country not in (visitor, BOTH)
                and q.country_cue == "stated"
            ),
            None,
        )
    if host and host != visitor:
        for p in participants:
            if p.country is None and p is not traveller:
                p.country, p.country_cue = host, "host country"
                warnings.append(f"{p.name}: country not stated; the host country {host}")
    missing = [p for p in participants if p.country is None]
    if not missing:
        return
    parties = {host} if host else set()
    for chunk in (clause, headline.text if headline else ""):
        parties.update(pl.code for pl in gazetteer.find_places(chunk))
    for m in re.finditer(r"\b(?:the\s+)?([A-Z][\w'-]+)\s+side\b", text):
        hit = gazetteer.lookup(m.group(1))
        if hit:
            parties.add(hit[0])
    for place in gazetteer.find_places(text):
        # A country that opens a sentence as its subject ("China appreciates ...") speaks in
        # the readout: a party.
        before = text[max(0, place.start - 6) : place.start]
        if (
            place.form == "name"
            and re.search(r"(?:^|[.!?]\s+|\n\s*)(?:The\s+)?$", before)
            and re.match(r"\s+[a-z]", text[place.end : place.end + 3])
        ):
            parties.add(place.code)
    for m in ROLE_OF_SIDE.finditer(text):
        # "The Chinese Foreign Minister stressed ...": a participant by nationality and title.
        hit = gazetteer.lookup(m["adj"])
        if hit:
            parties.add(hit[0])
    if home:
        parties.add(home)
    for p in missing:
        if traveller is not None and p is not traveller and host:
            # The officials a visitor meets are the host's, as the first one guessed.
            p.country, p.country_cue = host, "host country"
            warnings.append(f"{p.name}: country not stated; the host country {host}")
            continue
        taken = {q.country for q in participants if q.country}
        guess = _most_mentioned(text, exclude=taken, only=parties - taken)
        if guess is None:
            # What the person's own sentences claim ("Sergey Lavrov reaffirmed Russia's
            # position"): a party first, else any country (a third country the readout only
            # talks about is never guessed from the text at large).
            words = [w for w in p.name.split() if len(w) > 2]
            refs = "|".join(re.escape(r) for r in dict.fromkeys([p.name, *words[-1:]]))
            own = " ".join(
                m.group()
                for m in re.finditer(
                    rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?:[A-Z][\w.-]*\s+){{0,4}}?(?:{refs})\b[^.\n]*",
                    text,
                )
            )
            guess = (
                _most_mentioned(own, exclude=taken, only=parties)
                or _most_mentioned(own, exclude=taken)
                or _most_mentioned(text, exclude=taken, as_party=True)
            )
        if guess and traveller is not None and p is not traveller:
            host = guess
        if guess:
            p.country, p.country_cue = guess, "a party named in the text"
            warnings.append(f"{p.name}: country not stated; guessed {guess}")
        else:
            warnings.append(f"{p.name}: country not stated")


ROLE_OF_SIDE = re.compile(
    r"\b[Tt]he\s+(?P<adj>[A-Z][a-z]+)\s+(?:[A-Z][\w-]+\s+){0,2}(?:Minister|President|Premier"
    r"|Secretary|Chancellor|Ambassador|Counterpart|Leader|Envoy)\b"
)


# A country named as what the talks were about, not as who held them: "the Taiwan question",
# "tensions in the Taiwan Strait", "its influence on Russia", "the war against Ukraine".
TOPIC_AFTER = re.compile(
    r"(?:'s)?\s+(?:question|issue|Strait|affairs|crisis|conflict|situation|war|file|region"
    r"|independence|nuclear|peninsula|border|sea|Sea)\b"
)
TOPIC_BEFORE = re.compile(
    r"\b(?:in|on|over|about|regarding|against|concerning|towards?|at|into|from|of|around)"
    r"\s+(?:the\s+)?$"
)


def _most_mentioned(text, exclude, only=None, as_party=False):
    """The country named most in `text` (of `only`, not of `exclude`); with `as_party`, only
    its mentions as a party (subject or partner), not as a topic of the talks."""
    counts = {}
    for place in gazetteer.find_places(text):
        if only is not None and place.code not in only:
            continue
        if as_party and (
            TOPIC_AFTER.match(text, place.end)
            or TOPIC_BEFORE.search(text[max(0, place.start - 20) : place.start])
        ):
            continue
        if place.kind == gazetteer.COUNTRY and place.code not in exclude:
            # "the Russian side" names a party to the talks, not a topic of them.
            weight = 3 if re.match(r"\s+side\b", text[place.end : place.end + 6]) else 1
            counts[place.code] = counts.get(place.code, 0) + weight
    return max(counts, key=counts.get) if counts else None


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


def _refs(participant):
    """The words by which the text may refer to a participant after naming them: the name,
    its words, first and last, and a family name with its particle ("Al Thani", "da Silva")."""
    refs = set()
    for form in [participant.name, *participant.aliases]:
        refs.add(form)
        words = [w for w in form.split() if len(w.rstrip(".")) > 1]
        refs.update(w for w in words if w.lower() not in people.PARTICLES)
        if len(words) > 2:
            refs.add(f"{words[0]} {words[-1]}")
        for i, word in enumerate(words[1:-1], 1):
            if word.lower() in people.PARTICLES:
                refs.add(" ".join(words[i:]))
    return [r for r in refs if r.lower() not in people.STOP_WORDS]


FINITE = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|could|should|must|may|did|does|do)\b"
    r"|\b[a-z]{3,}(?:ed|es)\b|\b(?:said|says|met|held|spoke|made|gave|took|sent|told|saw)\b"
)


def _caption(text):
    """Whether a paragraph is a photo caption: people, where and when, and no verb."""
    return (
        len(text.split()) <= 30
        and bool(re.search(r"\b(?:during|at|in|before|after|ahead of|with)\b", text))
        and not FINITE.search(text)
        and bool(TITLED_NAME.search(text))
    )


def _transcript_statements(doc, lead, attributor):
    """A transcript (a press conference): each paragraph is a statement of its speaker, the
    one its label names ("Sergey Lavrov:") or, before any label, the official whose remarks
    the headline announces; journalists' questions are no one's statements."""
    drafts = []
    speaker = attributor.principal
    # The remarks begin after the lead, or at a speaker's label before it: then the lead is
    # a sentence of his remarks ("Sergey Lavrov: Ladies and gentlemen, / We have held ...").
    begin = next(
        (
            para.index
            for para in doc.paragraphs[: lead.paragraph + 1]
            if not para.clutter
            and (label := SPEAKER_LABEL.match(para.text))
            and not QUESTION_LABEL.match(label["label"])
            and attributor.person_at(label["label"])
        ),
        lead.paragraph + 1,
    )
    for para in doc.paragraphs[begin:]:
        if para.clutter:
            continue
        start, text = para.start, para.text
        label = SPEAKER_LABEL.match(text)
        if not para.prose:
            # "Vladimir Putin: Mr President, friends,": the speaker changes, nothing is said.
            named = label and attributor.person_at(label["label"])
            if named:
                speaker = named[0]
            continue
        if label:
            if QUESTION_LABEL.match(label["label"]):
                speaker = None
                continue
            named = attributor.person_at(label["label"])
            speaker = named[0] if named else None
            start, text = start + label.end(), text[label.end() :]
        if speaker is None or not text.strip():
            continue
        side = attributor.sides[speaker]
        cue = f"transcript: {label['label'] if label else side.name + ' speaking'}"
        joint = BOTH_OF_US.match(text.lstrip())
        if joint and JOINT_PAST.match(text.lstrip()[joint.end() :].lstrip()):
            # "The two of us agreed ...": the speaker tells what both sides did. A bare "We
            # agreed" in his own remarks stays his.
            cue = f"{cue}; joint subject '{joint.group()}'"
            drafts.append(Draft(start, para.end, para.index, None, BOTH, "joint", cue))
            continue
        mode = "direct_quote"
        drafts.append(Draft(start, para.end, para.index, speaker, side.country, mode, cue))
    return drafts


# In a speaker's own remarks, a subject that says both sides, not "we" alone.
BOTH_OF_US = re.compile(
    r"(?:(?:[A-Z]\w+,\s+)?(?:[Tt]he two of us|[Bb]oth of us|[Ww]e both|[Ww]e two|[Tt]he two"
    r" (?:sides|ministers|countries|leaders|presidents|delegations)|[Bb]oth (?:sides|ministers"
    r"|countries|leaders))\b)"
)


def _statements(doc, lead, attributor, home, participants, kind=None):
    view_text = doc.view.text
    if kind == "press_conference" or any(
        (m := SPEAKER_LABEL.match(p.text)) and QUESTION_LABEL.match(m["label"])
        for p in doc.paragraphs[lead.paragraph + 1 :]
        if p.prose
    ):
        drafts = _transcript_statements(doc, lead, attributor)
        if drafts:
            return drafts
    drafts = []
    attributor.last_person = 0 if participants else None
    # A statement inside the lead: "..., during which Wang said that ...".
    clause = kinds.event_clause(lead.text)
    rest_at = len(clause)
    rest = lead.text[rest_at:]
    m = re.match(r"[,;]?\s*(?:during which|in which|where|and|when)?\s*", rest)
    if rest.strip() and m:
        begin = rest_at + m.end()
        subject = attributor.subject_of(lead.text[begin:])
        if subject and subject[0] in ("person", "joint"):
            kind, who, cue, _ = subject
            drafts.append(
                _draft(
                    lead.start + begin,
                    lead.end,
                    lead.paragraph,
                    kind,
                    who,
                    cue,
                    attributor,
                    lead.text[begin:],
                )
            )
    started = False
    for para in doc.paragraphs:
        if para.index < lead.paragraph or not para.prose or para.clutter:
            continue
        label = SPEAKER_LABEL.match(para.text)
        if label and QUESTION_LABEL.match(label["label"]):
            continue  # a journalist's question
        if _caption(para.text):
            continue  # "Minister X and Minister Y during the talks in Ankara."
        current = None
        # A paragraph with no speaker of its own may go on with the previous paragraph's.
        carry = drafts[-1] if drafts and drafts[-1].speaker is not None else None
        for sentence in para.sentences:
            if sentence.start <= lead.start:
                started = True
                continue
            if not started and para.index == lead.paragraph:
                continue
            sentence_text = view_text[sentence.start : sentence.end]
            if REPORTS_EVENT.search(sentence_text) and not re.search(
                r"\bthat\b|[:\"]", sentence_text
            ):
                continue  # another sentence reporting the meeting itself, not a statement
            for c_start, c_end in statements.split_clauses(sentence_text, attributor):
                start, end = sentence.start + c_start, sentence.start + c_end
                clause_text = view_text[start:end]
                # A list mark ("1. ") is not part of the statement.
                mark = statements.LIST_MARK.match(clause_text)
                if mark:
                    start += mark.end()
                    clause_text = view_text[start:end]
                if (
                    current is None
                    and carry is not None
                    and not META.search(clause_text)
                    and _about_the_sides(clause_text, participants)
                    and attributor.subject_of(clause_text) is None
                ):
                    current = Draft(
                        start,
                        end,
                        para.index,
                        carry.speaker,
                        carry.country,
                        statements.mode_of(clause_text, "person"),
                        f"no speaker named: goes on with {participants[carry.speaker].name}",
                    )
                    drafts.append(current)
                    carry = None
                    continue
                carry = None
                current = _attribute(
                    clause_text,
                    start,
                    end,
                    para.index,
                    current,
                    drafts,
                    attributor,
                    home,
                    participants,
                )
    return drafts


def _attribute(clause, start, end, paragraph, current, drafts, attributor, home, participants):
    subject = attributor.subject_of(clause)
    if subject is None or subject[0] == "passive-speech":
        if current is not None:
            current.end = end
            return current
        if (
            subject is None
            and attributor.first_person
            and attributor.principal is not None
            and not META.search(clause)
        ):
            # A first-person release: what no one else says is the official's own voice.
            subject = ("person", attributor.principal, "first-person release: the official", 0)
            return _attribute_subject(
                subject,
                clause,
                start,
                end,
                paragraph,
                current,
                drafts,
                attributor,
                home,
                participants,
            )
        if subject is None or home is None:
            return None
        subject = ("side", home, subject[2], 0)
    return _attribute_subject(
        subject, clause, start, end, paragraph, current, drafts, attributor, home, participants
    )


def _attribute_subject(
    subject, clause, start, end, paragraph, current, drafts, attributor, home, participants
):
    kind, who, cue, at = subject
    if (
        kind == "joint"
        and current is not None
        and current.country != BOTH
        and _after_subject(clause, at)
        and not JOINT_PAST.match(_after_subject(clause, at))
    ):
        # "The two sides should...", "Both countries uphold...": inside a speaker's paragraph,
        # the speaker's view of both; a joint account is told in the past ("agreed").
        current.end = end
        return current
    if kind == "passive-discussed":
        others = {p.country for p in participants if p.country and p.country != home}
        about_other = any(
            place.code in others
            and clause[place.end : place.end + 1] != "-"
            and clause[max(0, place.start - 1) : place.start] != "-"
            for place in gazetteer.find_places(clause)
        )
        if about_other and home:
            kind, who, cue = "side", home, f"{cue} (the publishing side on the other side)"
        else:
            kind, who = "passive-joint", BOTH
    if kind in ("joint", "passive-joint") and current is not None and current.country == BOTH:
        current.end = end
        return current
    if kind == "side" and current is not None and current.country == who:
        current.end = end
        return current
    draft = _draft(start, end, paragraph, kind, who, cue, attributor, clause)
    drafts.append(draft)
    return draft


# Sentences about the meeting itself, not anyone's statement.
META = re.compile(
    r"\b(?:was|were) held\b|\btook place\b|\blasted\b|\bas follows\b|\battended\b"
    r"|\bwere present\b|\bin attendance\b|\batmosphere\b|\bat the (?:initiative|request)\b"
    r"|\bon the sidelines\b|\binvitation\b"
    r"|^(?:the|this|that)\s+(?:(?:telephone|phone|video)\s+)?(?:conversation|talks|meeting|call"
    r"|discussion|exchange|visit)\s+(?:was|were|is)\b",
    re.I,
)
JOINT_PAST = re.compile(
    r"(?:(?:also|further|both|all|then|jointly|once again|again|have|has|had)\s+)*"
    r"(?:[a-z]+ed|held|had|spoke|met|made|gave|took|saw|felt|sent|set|put|shared|agreed|were|was"
    r"|reached|underscored|stressed|exchanged|noted|expressed|signed|found|thought|kept|began"
    r"|went|came|told)\b"
)


def _after_subject(clause, at):
    """The words after a joint subject that opens the clause at `at`."""
    m = statements.JOINT_SUBJECT.match(clause, at)
    return clause[m.end() :].lstrip() if m else ""


def _draft(start, end, paragraph, kind, who, cue, attributor, clause):
    mode = statements.mode_of(clause, kind)
    if kind in ("joint", "passive-joint"):
        return Draft(start, end, paragraph, None, BOTH, mode, cue)
    if kind == "person":
        attributor.last_person = who
        side = attributor.sides[who]
        return Draft(start, end, paragraph, who, side.country, mode, cue)
    # A side's own position ("China is willing to..."): the side speaks, no person is named.
    return Draft(start, end, paragraph, None, who, mode, f"{cue} (side position)", side_only=True)


TITLED_NAME = re.compile(
    r"\b(?:President|Minister|Secretary|Premier|Chancellor|King|Queen|Prince|Emir|Mr|Ms|Mrs|Dr"
    r"|Ambassador|Councilor|Councillor|Director|Chairman|Envoy|Representative|Commander"
    r"|Spokesperson|Senator|Governor|Leader|General|Sheikh|Sultan)\.?\s+[A-Z]"
)


def _mentions(text, participants):
    found = []
    for place in gazetteer.find_places(text):
        if place.code not in found:
            found.append(place.code)
    for p in participants:
        keys = {w for w in p.name.split() if len(w) > 2}
        if any(re.search(rf"\b{re.escape(k)}\b", text) for k in keys) and p.name not in found:
            found.append(p.name)
    if not TITLED_NAME.search(text):
        return found  # for speed: no title before a capitalised word, no one else named
    for person in people.find_people(text):
        if person.name not in found and not any(
            people.same_person(person.name, q.name) for q in participants
        ):
            found.append(person.name)
    return found


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


__all__ = ["read_readout", "Extraction", "ReadoutError", "TopicRule"]
