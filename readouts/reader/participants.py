"""The event's participants and the side each acts for. The people the lead names are
completed from the headline and the sentences after it, then merged; the publishing side comes
from the publisher, its site or the page's header. A participant whose country the text does
not state gets an organisation's by title, the publisher's, the host's on a visit, else that
of the party named most: never a country the readout only talks about. Also whether the
readout speaks in its official's own voice, and the words by which it refers to each
participant once named.
"""

import re

from . import gazetteer, kinds, people
from .document import LEAD_VERB
from .extraction import Participant
from .statements import BOTH

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
    # Parliaments, where ministers answer for their meetings in their own voice.
    "oireachtas.ie": "IRL",
    "parliament.uk": "GBR",
    "aph.gov.au": "AUS",
    "ourcommons.ca": "CAN",
    "bundestag.de": "DEU",
    "assemblee-nationale.fr": "FRA",
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
    "oireachtas": "IRL",
    "dáil": "IRL",
    "dail eireann": "IRL",
    "tánaiste": "IRL",
    "taoiseach": "IRL",
    "hansard": "GBR",
}


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
        Participant(
            p.name,
            p.title,
            p.country,
            p.country_cue,
            aliases=list(p.aliases),
            found_by=p.found_by or "the text",
        )
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


def _refs(participant):
    """The words by which the text may refer to a participant after naming them: the name,
    its words, first and last, and a family name with its particle ("Al Thani", "da Silva")."""
    if participant.found_by == people.TITLE_ONLY:
        # "Ambassador of Brazil": the title, and "the Ambassador" read as a role.
        return [participant.name]
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
