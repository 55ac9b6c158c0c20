"""People in readouts: names with their titles and the side they act for, read from the
grammar of the text ("Russian Foreign Minister Sergey Lavrov", "Foreign Minister of Turkey
Mevlut Cavusoglu", "Mr. Shinzo Abe, Prime Minister of Japan,", "WANG Yi", "Lavrov, Sergey
Viktorovich"). Comparing names and matching them to known actors lives in `names`; the names
callers have always taken from here are re-exported.
"""

import re
from dataclasses import dataclass, field

from . import gazetteer
from .names import HONORIFICS, _key_hit, _known_key_index, name_keys

# Re-exported: the store, statements and the reader take them from here.
from .names import KnownActor as KnownActor
from .names import fold as fold
from .names import match_actor as match_actor
from .names import same_person as same_person


def _words(text):
    return set(text.split())


# Words of titles and offices. Lower-cased; matched on capitalised words (and on lower-case
# ones inside appositives: "a member of the Political Bureau").
TITLE_WORDS = _words(
    """
    foreign minister ministers secretary state president vice prime premier deputy first
    chancellor councilor councillor ambassador member chairman chairwoman chair
    chairperson king queen emir amir crown prince princess sultan sheikh general director
    director-general secretary-general under-secretary commissioner high representative
    special envoy spokesperson spokesman spokeswoman assistant under affairs defense
    defence national security adviser advisor senior executive head leader speaker
    governor mayor senator counsellor counselor chief cabinet vice-president vice-premier
    vice-chairman vice-minister political bureau politburo standing committee central
    council commission office ministry department trade finance interior economy energy
    justice commerce development cooperation international federal supreme grand duke
    duchess pope patriarch officer administrator commander marshal admiral colonel
    lieutenant major captain permanent plenipotentiary extraordinary charge d'affaires
    attorney agriculture education health transport culture environment labour labor
    industry technology science information communications public homeland treasury
    intelligence armed forces staff joint chiefs congress assembly parliament senate
    government presidential administration overseas counterpart fm pm secstate taoiseach
    monarch regent premier-elect president-elect minister-counsellor undersecretary
    chairman-in-office deputy-chairman external relations diaspora eam policy economic
    chairperson-in-office chairwoman-in-office acting nsa hr/vp digital climate union
    """
)
# Capitalised words that never start or continue a person's name in a readout.
STOP_WORDS = _words(
    """
    on at in during the a an this that these those since after before following speaking
    concerning regarding both they he she it we i our his her their its today yesterday
    tomorrow as with without and but or for from to by of under upon among between
    meanwhile however also additionally furthermore moreover later earlier when while
    where who what which whose press release readout call calls talks talk telephone phone
    meets meet met meeting meetings holds held hold speaks spoke speak has had have visits
    visit visited receives received conversation conversations attends attended sends sent
    message messages congratulates exchanges exchanged joint statement news headline
    source europe eurasia asia africa middle east west north south pacific atlantic arctic
    region nations united heights peninsula treaty agreement agreements resolution charter
    summit forum initiative belt road organization organisation organizations economic
    force corps guard guards revolutionary islamic sea ocean strait gulf river island
    islands hall square palace kremlin white house embassy consulate mission act
    ministerial chairmanship cold war olympic olympics games expo year day week month new
    era group party communist republic federation union kingdom people people's democratic
    state states world global international bank fund dialogue mechanism council committee
    commission ministry department office agency media centre center institute university
    college school here there all each every some any no not please overview note notes
    background photo video share print email back home top next previous related tags
    keywords update updated posted published comments comment reply readouts mr ms mrs dr
    his her excellency majesty highness ladies gentlemen dear thank thanks january
    february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday suggest friend additional materials
    advanced settings asset publisher follows
    """
)
POST_NOMINALS = {
    "MP",
    "QC",
    "KC",
    "OBE",
    "CBE",
    "MBE",
    "CMG",
    "KCMG",
    "GCMG",
    "PhD",
    "Jr",
    "Sr",
    "MEP",
}
PARTICLES = {
    "al",
    "el",
    "bin",
    "bint",
    "ibn",
    "abu",
    "de",
    "da",
    "di",
    "del",
    "della",
    "van",
    "von",
    "der",
    "den",
    "le",
    "la",
    "du",
    "dos",
    "das",
    "ter",
    "zu",
    "y",
}
# Verbs by which a headline or lead makes someone a party to the event.
EVENT_VERB = re.compile(
    r"(?:held|holds|hold|met|meets|meet|spoke|speaks|had|has|have|received|receives|talked|talks"
    r"|called|calls|phoned|sent|sends|visited|visits|hosted|hosts|attended|attends|exchanged"
    r"|exchanges|paid|pays|congratulated|congratulates|conducted|conducts|made|make|makes)\b",
    re.I,
)
EVENT_NOUN = re.compile(
    r"\s*(?:\w+\s+){0,2}(?:call|conversation|talks|meeting|visit|phone|telephone|videoconference"
    r"|video|remarks|trip|message|letter|telegram|interview|statements?|answers|speech|address)\b",
    re.I,
)
TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}(?![a-z])|[A-Z]\.(?=\s*[A-Z])|[^\W\d_](?:[\w'-]*[^\W_])?|\d[\d:]*|[^\w\s]"
)


@dataclass
class Token:
    text: str
    start: int
    end: int
    kind: str = ""  # name, title, honorific, place, stop, lower, particle, initial, punct, num
    place: object = None
    possessive: bool = False

    @property
    def base(self):
        return self.text[:-2] if self.possessive else self.text


@dataclass
class Person:
    """A person named in a text, with what the text says of them."""

    name: str
    start: int
    end: int
    title: str = ""
    country: str | None = None
    country_cue: str = ""
    possessive: bool = False
    trigger: str = ""
    aliases: list = field(default_factory=list)
    found_by: str = ""  # how the reader knows them when the text does not name them

    @property
    def tokens(self):
        return self.name.split()

    @property
    def keys(self):
        return name_keys(self.name)


def tokenize(text, offset=0):
    """Words, initials and punctuation of `text`, classified for name-finding."""
    places = gazetteer.find_places(text)
    tokens = []
    for m in TOKEN.finditer(text):
        tok = Token(m.group(), m.start() + offset, m.end() + offset)
        if tok.text.endswith(("'s", "'S")) and len(tok.text) > 2:
            tok.possessive = True
        tokens.append(tok)
    place_at = {}
    for place in places:
        for tok in tokens:
            if (
                tok.start - offset >= place.start
                and tok.end - offset <= place.end
                or (
                    tok.possessive
                    and tok.start - offset >= place.start
                    and tok.start - offset < place.end
                )
            ):
                place_at[id(tok)] = place
    for i, tok in enumerate(tokens):
        tok.place = place_at.get(id(tok))
        tok.kind = _classify(tok, tokens, i, text, offset)
    return tokens


def _classify(tok, tokens, i, text, offset):
    word = tok.base
    low = word.lower()
    if tok.place is not None:
        return "place"
    if not word[0].isalpha():
        return "num" if word[0].isdigit() else "punct"
    if re.fullmatch(r"[A-Z]\.", word):
        return "initial"
    if low in HONORIFICS or re.fullmatch(r"(?:H\.E|Rt\.? Hon)", word):
        if low == "he" and word != "HE":
            return "stop"
        return "honorific"
    if re.fullmatch(r"H\.E\.?", word) or word == "H.E":
        return "honorific"
    if word[0].islower():
        if low in PARTICLES or re.fullmatch(r"(?:al|el)-[A-Z]\w+", word):
            return "particle"
        return "lower"
    if low in TITLE_WORDS or low.replace("-", "") in TITLE_WORDS or low.endswith("-in-office"):
        return "title"
    if low in STOP_WORDS:
        return "stop"
    if re.fullmatch(r"(?:[A-Z]\.){2,}", word):
        if (
            i > 0
            and tokens[i - 1].kind == "name"
            and i + 1 < len(tokens)
            and re.fullmatch(r"[A-Z][a-z][\w'-]*", tokens[i + 1].text)
        ):
            return "initial"  # "Retno L.P. Marsudi"
        return "stop"  # an abbreviation that is not a place
    if word.isupper() and len(word) > 1 and (len(word) <= 2 or not word.isalpha()):
        return "stop"  # FM, PM, CBW...
    if word.isupper() and len(word) > 1 and low in ("cpc", "cpv", "usa", "fm", "pm", "un"):
        return "stop"
    return "name"


def _display(tokens):
    """A name as an analyst writes it: honorifics out, family names in capitals de-capitalised
    (WANG Yi -> Wang Yi)."""
    words = []
    for tok in tokens:
        word = tok.base
        if word.isupper() and len(word) > 2 and word.isalpha():
            word = word.capitalize()
        elif word.isupper() and "-" in word:
            word = "-".join(part.capitalize() for part in word.split("-"))
        words.append(word)
    return " ".join(words)


def _title_text(tokens):
    """A title from its tokens, without the side it names at either end ("Russian Foreign
    Minister", "Prime Minister of Japan") and without dangling function words. A place inside
    stays: "Member of the Political Bureau of the Communist Party of China"."""
    words = [t for t in tokens if t.kind != "honorific"]
    edge = ("of", "the", "and", "for", "in", "'s", ",", "a", "an", "his", "her", "/")
    changed = True
    while words and changed:
        changed = False
        while words and (words[-1].kind == "place" or words[-1].text.lower() in edge):
            words.pop()
            changed = True
        while words and (words[0].kind == "place" or words[0].text.lower() in edge):
            words.pop(0)
            changed = True
    if words and words[0].text[0].islower():
        words[0] = Token(words[0].text.capitalize(), words[0].start, words[0].end, words[0].kind)
    text = ""
    for tok in words:
        if text and tok.kind != "punct" or tok.text in "(":
            text += " "
        text += tok.base if tok.possessive else tok.text
    return re.sub(r"\s+([),])", r"\1", re.sub(r"\(\s+", "(", text)).strip()


def find_people(text, offset=0, known=(), event_subjects=False):
    """People named in `text` (a sentence or a headline): a run of name words with a title or
    honorific before it, a title in apposition after it, or a known actor's name. With
    `event_subjects`, also a bare name followed by an event verb ("Wang Yi Holds Talks...")."""
    tokens = tokenize(text, offset)
    known_keys = _known_key_index(known)
    people = []
    i = 0
    n = len(tokens)
    while i < n:
        if tokens[i].kind not in ("name", "initial"):
            i += 1
            continue
        first = j = i
        while j + 1 < n and (
            tokens[j + 1].kind in ("name", "initial")
            or (
                tokens[j + 1].kind == "particle"
                and j + 2 < n
                and tokens[j + 2].kind == "name"
                and not tokens[j].possessive
            )
        ):
            if tokens[j].possessive:
                break
            j += 1
        run = tokens[i : j + 1]
        i = j + 1
        if run[0].kind == "initial" and len(run) == 1:
            continue
        if len(run) > 5:
            continue
        person = _person_from_run(run, tokens, first, j, text, offset, known_keys)
        if person is None and event_subjects and len(run) >= 2:
            after = text[run[-1].end - offset :]
            if EVENT_VERB.match(after.lstrip()) and not run[-1].possessive:
                person = Person(_display(run), run[0].start, run[-1].end, trigger="event subject")
            elif (
                first == 0
                and j + 1 < n
                and tokens[j + 1].text == "and"
                and EVENT_VERB.search(text[run[-1].end - offset :])
            ):
                # "Vladimir Putin and President of Kazakhstan X made statements ...".
                person = Person(_display(run), run[0].start, run[-1].end, trigger="event subject")
            elif _event_object(tokens, first):
                person = Person(_display(run), run[0].start, run[-1].end, trigger="event object")
        if person:
            people.append(person)
    people.extend(_surname_first(text, offset, people))
    return people


EVENT_OBJECT_CUE = re.compile(
    r"^(?:message|messages|letter|letters|telegram|telegrams|congratulations|condolences|greetings"
    r"|talks|call|conversation|meeting|met|spoke|talked|phoned|called|sent|wrote)$",
    re.I,
)


def _event_object(tokens, first):
    """Whether a bare name stands where an event puts its counterpart: "a telegram of
    congratulations to Prabowo Subianto", "held talks with Hakan Fidan"."""
    if first < 2 or tokens[first - 1].text not in ("to", "with"):
        return False
    return any(EVENT_OBJECT_CUE.match(t.text) for t in tokens[max(0, first - 7) : first - 1])


def _closes_apposition(tokens, last):
    """Whether a name ends where an apposition before it would end: "the Minister of Foreign
    Affairs of Brazil, Mr Mauro Vieira." / ", Retno Marsudi, met" / "..., Josep Borrell held"."""
    m = last + 1
    while m < len(tokens) and (tokens[m].text in POST_NOMINALS or tokens[m].text == "."):
        if tokens[m].text == "." and m + 1 < len(tokens):
            m += 1
            continue
        if tokens[m].text == ".":
            return True
        m += 1
    if m >= len(tokens):
        return True
    return tokens[m].text in (",", ";", ")", ".") or tokens[m].kind == "lower"


def _person_from_run(run, tokens, first, last, text, offset, known_keys):
    # Walk back over a title phrase: titles, places, honorifics, of/and/the.
    k = first - 1
    title_tokens = []
    while k >= 0:
        tok = tokens[k]
        low = tok.text.lower()
        if tok.kind in ("title", "place", "honorific") or (
            tok.kind == "lower" and low in ("of", "and", "the", "for", "counterpart", "&")
        ):
            if tok.kind == "place" and tok.possessive and not title_tokens:
                break
            title_tokens.insert(0, tok)
            k -= 1
            continue
        if tok.kind == "punct" and tok.text == "." and k > 0 and tokens[k - 1].kind == "honorific":
            k -= 1
            continue
        if (
            tok.text.isupper()
            and len(tok.text) > 1
            and title_tokens
            and k > 0
            and (tokens[k - 1].text == "the" or tokens[k - 1].kind == "title")
        ):
            title_tokens.insert(0, tok)  # "of the CPC Central Committee"
            k -= 1
            continue
        if tok.text == "/" and k > 0 and tokens[k - 1].kind == "title":
            title_tokens.insert(0, tok)  # "High Representative/Vice-President"
            k -= 1
            continue
        if (
            tok.text == ","
            and k > 0
            and tokens[k - 1].kind in ("title", "place")
            and (not title_tokens or title_tokens[0].kind in ("title", "honorific"))
            and _closes_apposition(tokens, last)
        ):
            # A title in apposition before the name: "Nigeria's Minister of Foreign Affairs,
            # Ambassador Yusuf Tuggar".
            k -= 1
            continue
        break
    while (
        title_tokens and title_tokens[0].kind == "lower" and title_tokens[0].text != "counterpart"
    ):
        title_tokens.pop(0)
    has_title = any(
        t.kind in ("title", "honorific") or t.text == "counterpart" for t in title_tokens
    )
    # A title in apposition: "Wang Yi, a member of ..., held"; "Shinzo Abe, Prime Minister of".
    appositive = []
    m = last + 1
    while m < len(tokens) and tokens[m].text in POST_NOMINALS:
        m += 1  # "David Lammy MP, Foreign Secretary"
    if m < len(tokens) and tokens[m].kind == "title" and tokens[m].text[0].isupper():
        return None  # a word of a title or office ("Diaspora Affairs"), not a name
    if m + 1 < len(tokens) and tokens[m].text == ",":
        p = m + 1
        if tokens[p].text.lower() in ("a", "an", "the") and p + 1 < len(tokens):
            p += 1
        if tokens[p].text.lower() in TITLE_WORDS or tokens[p].text.lower() == "member":
            depth = 0
            q = p
            while q < len(tokens) and q - p < 30:
                tok = tokens[q]
                if tok.text == "(":
                    depth += 1
                elif tok.text == ")":
                    depth -= 1
                elif depth <= 0 and tok.text in (",", ";", ":") or tok.text == ".":
                    break
                appositive.append(tok)
                q += 1
    # "Sergei Lavrov of Russia"
    of_place = None
    if (
        last + 2 < len(tokens)
        and tokens[last + 1].text == "of"
        and tokens[last + 2].kind == "place"
        or last + 3 < len(tokens)
        and tokens[last + 1].text == "of"
        and tokens[last + 2].text == "the"
        and tokens[last + 3].kind == "place"
    ):
        of_place = tokens[last + 2] if tokens[last + 2].kind == "place" else tokens[last + 3]
    name = _display(run)
    is_known = bool(known_keys and _key_hit(name_keys(name), known_keys))
    if not (has_title or appositive or is_known):
        return None
    if len(run) == 1 and not (has_title or is_known):
        return None
    person = Person(name, run[0].start, run[-1].end, possessive=run[-1].possessive)
    person.trigger = "title" if has_title else "appositive" if appositive else "known actor"
    titles = [_title_text(title_tokens)] if title_tokens else []
    if appositive:
        titles.append(_title_text(appositive))
    person.title = "; ".join(t for t in titles if t and t.lower() != "counterpart")
    places = [t.place for t in title_tokens + appositive if t.kind == "place"]
    if of_place is not None:
        places.insert(0, of_place.place)
    for place in places:
        if place.form != "capital":
            person.country = place.code
            person.country_cue = "stated"
            break
    return person


SURNAME_FIRST = re.compile(
    r"\b(?P<family>[A-Z][a-z'-]+|[A-Z]{2,}), (?P<given>[A-Z][a-z'-]+)"
    r"(?: (?P<patronymic>[A-Z][a-z]+(?:vich|vna|ich|ichna)))?(?=\s*(?:[,;—–(-]|$))"
)


def _surname_first(text, offset, found):
    """ "Lavrov, Sergey Viktorovich" (lists of participants): family name, comma, given
    names, with a patronymic or a family name in capitals to show it is one."""
    people = []
    for m in SURNAME_FIRST.finditer(text):
        if not (m["patronymic"] or m["family"].isupper()):
            continue
        if gazetteer.is_place_word(m["family"]) or m["family"].lower() in STOP_WORDS:
            continue
        start, end = m.start() + offset, m.end() + offset
        if any(p.start <= start < p.end for p in found):
            continue
        family = m["family"].capitalize() if m["family"].isupper() else m["family"]
        given = " ".join(filter(None, [m["given"], m["patronymic"]]))
        person = Person(f"{given} {family}", start, end, trigger="family name first")
        people.append(person)
    return people


# An envoy introduced by title: "the Ambassador of Japan to China, Kenji Tanabe", "the
# Ambassador of Brazil", "Japanese Ambassador to China Kenji Tanabe", "Kenya's High
# Commissioner to India".
ENVOY_TITLE = re.compile(
    r"\b(?:(?P<adj>[A-Z][\w'-]+)\s+)?(?P<title>(?:Deputy\s+|Special\s+)?(?:Ambassador"
    r"|Charg[eé] d'Affaires(?:\s+a\.i\.)?|Consul[- ]General|Permanent Representative"
    r"|High Commissioner)(?:\s+Extraordinary\s+and\s+Plenipotentiary)?)(?![\w-])"
)
ENVOY_NAME = re.compile(
    r",?\s+(?:(?:Mr|Ms|Mrs|Dr|Madam|H\.\s?E)\.?\s+)?"
    r"(?P<name>[A-Z][\w'.-]+(?:\s+(?:[A-Z][\w'.-]+|(?:van|von|de|da|al|bin|el|le)(?=\s+[A-Z]))){1,3})"
    r"(?=\s*(?:[,.;:()]|\s[a-z]|$))"
)
TITLE_ONLY = "the text: a title with no name"


def _country_at(text, at, lead):
    """(code, name as written, end) of a country that `text` names at `at` after the words
    `lead` ("of", "to"), or None."""
    m = re.compile(rf"\s+{lead}\s+").match(text, at)
    if m is None:
        return None
    window = text[m.end() : m.end() + 64]
    the = re.match(r"the\s+", window)
    for place in gazetteer.find_places(window):
        if (
            place.start == (the.end() if the else 0)
            and place.kind == gazetteer.COUNTRY
            and place.form != "demonym"
        ):
            return place.code, window[: place.end], m.end() + place.end
        break
    return None


def find_envoys(text, offset=0):
    """Ambassadors and other envoys that `text` introduces by their title and their country
    ("the Ambassador of Japan to China, Kenji Tanabe"; "the Ambassador of Brazil" with no
    name): each a Person whose title says whose envoy they are, and to whom. One with no name
    is named by the title ("Ambassador of Brazil"), `found_by` TITLE_ONLY."""
    envoys = []
    for m in ENVOY_TITLE.finditer(text):
        code = written = None
        adj = m["adj"]
        if adj and adj not in ("The", "the"):
            hit = gazetteer.lookup(adj)
            if hit and hit[1] == gazetteer.COUNTRY:
                code = hit[0]
        at = m.end()
        of = _country_at(text, at, "of")
        if of:
            code, written, at = of
        if code is None:
            continue
        host = _country_at(text, at, "to")
        title = f"{m['title']} of {written or gazetteer.name_of(code)}"
        if host:
            title, at = f"{title} to {host[1]}", host[2]
        named = ENVOY_NAME.match(text, at)
        words = named["name"].split() if named else []
        if named and all(
            w.lower() not in STOP_WORDS
            and w.lower() not in TITLE_WORDS
            and not gazetteer.is_place_word(w)
            for w in words
        ):
            name, start, end = named["name"], named.start("name"), named.end("name")
            if name.endswith(".") and len(words[-1]) > 2:
                name, end = name[:-1], end - 1
            person = Person(name, start + offset, end + offset, title=title, trigger="envoy")
        else:
            name, start, end = title.split(" to ")[0], m.start("title"), at
            person = Person(name, start + offset, end + offset, title=title, trigger="envoy")
            person.found_by = TITLE_ONLY
        person.country, person.country_cue = code, "stated"
        envoys.append(person)
    return envoys
