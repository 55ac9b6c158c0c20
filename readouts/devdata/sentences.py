"""The statements of the synthetic readouts, sentence by sentence: which topics a pair of
countries would raise in a given year, and for each statement a sentence made of the lines of
phrases.toml for exactly the topics it is tagged with, in the speaker's own words (its camp's
lines, "the Chinese side"), varied enough that few sentences repeat.

Pure functions of a random stream (random.Random): no database, the same seed the same text.
"""

import itertools
import re
import tomllib
from bisect import bisect
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..choices import EventKind, StatementMode
from ..taxonomy import DEFAULT_TOPICS
from .vocabulary import (
    ANY,
    CAMPS,
    COUNTRY_WORDS,
    FACE_TO_FACE,
    FORUMS,
    OPENERS,
    RELATIONS,
    TOPIC_PARTIES,
    TOPIC_SINCE,
    TOPIC_WEIGHTS,
    WARM_TOPICS,
)

PHRASES_FILE = Path(__file__).with_name("phrases.toml")
KINDS = ("said", "ready", "welcomed", "concern", "called", "subject")
ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")
ERA = re.compile(r"\((\d{4})?-(\d{4})?\) ")
SLOT = re.compile(r"\{(\w+)\}")
# A line that speaks for one side ("its") cannot be said jointly.
ONE_SIDE = re.compile(r"\{(?:self|we|other)|\bits\b")

# How often each kind of line is used, where the topic has lines of that kind.
SPOKEN = {"said": 40, "ready": 20, "welcomed": 14, "called": 14, "concern": 12}
JOINT = {"subject": 25, "said": 20, "ready": 20, "welcomed": 10, "called": 10, "concern": 10}

# The words around a line, by kind: "{who} stressed that <said>", "China welcomes <welcomed>".
SAYING = ["said", "noted", "stressed", "emphasized", "pointed out", "stated", "underlined"]
SAYING += ["reaffirmed", "reiterated", "made clear"]
BELIEVING = ["holds", "believes", "maintains", "is convinced"]
READY = ["is ready to", "stands ready to", "is willing to", "will continue to", "is prepared to"]
READY += ["intends to"]
WELCOMING = ["welcomed", "appreciated", "praised", "spoke highly of", "expressed satisfaction with"]
WELCOMING_NOW = ["welcomes", "appreciates", "highly appreciates", "values"]
CONCERNED = ["expressed concern about", "expressed concern over", "voiced concern about"]
CONCERNED += ["expressed serious concern about", "expressed deep concern about"]
CONCERNED_NOW = ["is concerned about", "is deeply concerned about", "is worried about"]
CALLING = ["called for", "pressed for", "stressed the need for", "spoke in favour of"]
CALLING += ["argued for"]
CALLING_NOW = ["calls for", "stands for", "advocates"]
QUOTED = {"welcomed": "we welcome", "concern": "we are concerned about", "called": "we call for"}
JOINT_VERBS = {
    "subject": ["exchanged views on", "discussed", "held an in-depth exchange of views on"],
    "said": ["agreed that", "noted that", "reaffirmed that"],
    "ready": ["agreed to", "pledged to", "undertook to", "decided to"],
    "welcomed": ["welcomed", "noted with satisfaction", "spoke highly of"],
    "concern": ["expressed concern about", "expressed their concern about"],
    "called": ["called for", "stressed the need for"],
}
ADVERBS = ["", "", "", "", "also "]
VIEWS_ENDING = ["", "", "", " and other matters of common interest", " in a candid atmosphere"]
VIEWS_ENDING += [" and agreed to stay in close touch", " and reached broad agreement"]


class Line(NamedTuple):
    """One line of phrases.toml: its text and its alternatives, its years, its sides."""

    parts: tuple
    first: int
    last: int
    one_side: bool  # speaks for one side: not for joint lines


def parse(text):
    first, last = 0, 9999
    if era := ERA.match(text):
        first, last = int(era[1] or 0), int(era[2] or 9999)
        text = text[era.end() :]
    parts, at = [], 0
    for found in ALTERNATIVES.finditer(text):
        if found.start() > at:
            parts.append(text[at : found.start()])
        parts.append(tuple(found[1].split("|")))
        at = found.end()
    if at < len(text):
        parts.append(text[at:])
    return Line(tuple(parts), first, last, bool(ONE_SIDE.search(text)))


def read_phrases(path=PHRASES_FILE):
    """({slug: {camp: {kind: [Line]}}}, the topics on which a camp speaks only its own lines).
    The common lines are the camp "" ones."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    phrases, stance = {}, set()
    for slug, table in data.items():
        if table.get("stance"):
            stance.add(slug)
        camps = {"": table} | {k: v for k, v in table.items() if isinstance(v, dict)}
        phrases[slug] = {
            camp: {kind: [parse(t) for t in lines.get(kind, [])] for kind in KINDS}
            for camp, lines in camps.items()
        }
    return phrases, stance


PHRASES, STANCE = read_phrases()
# The topics on which a pair on bad terms speaks its own lines.
TONED = {slug for slug, camps in PHRASES.items() if "strained" in camps}
TOPIC_ORDER = {slug: i for i, (slug, *_) in enumerate(DEFAULT_TOPICS)}


def expand(rng, line, words):
    """A line's text, one of each of its alternatives chosen, its slots filled."""
    text = "".join(p if p.__class__ is str else rng.choice(p) for p in line.parts)
    return text.format_map(words) if "{" in text else text


def all_expansions(line, words):
    """Every text a line can give (for the tests)."""
    choices = [(p,) if isinstance(p, str) else p for p in line.parts]
    return ["".join(c).format_map(words) for c in itertools.product(*choices)]


class Weighted(NamedTuple):
    keys: tuple
    cumulative: tuple

    @classmethod
    def of(cls, weights):
        return cls(tuple(weights), tuple(itertools.accumulate(weights.values())))

    def pick(self, rng):
        return self.keys[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# --- Which topics a pair raises --------------------------------------------------------------


def member(code, forum, year):
    return FORUMS[forum][1].get(code, 10_000) <= year


def concerned(a, b, parties):
    return any(
        (a in one and (two is ANY or b in two)) or (b in one and (two is ANY or a in two))
        for one, two in parties
    )


def relations(a, b, year):
    """How the two countries get on in `year`: "strained", "hostile" or "" (well enough)."""
    for tone, first, last in RELATIONS.get(frozenset((a, b)), ()):
        if first <= year <= last:
            return tone
    return ""


@cache
def topic_weights(a, b, year, present=None):
    """{slug: weight} of the topics countries a and b would raise in `year`: global issues for
    any pair, regional ones for those concerned (vocabulary.TOPIC_PARTIES), a group's affairs
    for its members; pairs on hostile terms leave trade and the like aside. `present`: the
    topic slugs the database has (None: all)."""
    hostile = relations(a, b, year) == "hostile"
    weights = {}
    for slug, weight in TOPIC_WEIGHTS.items():
        if present is not None and slug not in present or year < TOPIC_SINCE.get(slug, 0):
            continue
        if hostile and slug in WARM_TOPICS:
            continue
        if slug in FORUMS and not (member(a, slug, year) and member(b, slug, year)):
            continue
        if slug in TOPIC_PARTIES and not concerned(a, b, TOPIC_PARTIES[slug]):
            continue
        weights[slug] = weight
    return weights


def agenda(rng, weights, size, first=()):
    """Up to `size` topics of an event, drawn by weight, those in `first` among them."""
    chosen = [slug for slug in first if slug in weights]
    rest = {slug: w for slug, w in weights.items() if slug not in chosen}
    while len(chosen) < size and rest:
        slug = Weighted.of(rest).pick(rng)
        chosen.append(slug)
        del rest[slug]
    return chosen


def event_topics(rng, weights, count, first=()):
    """The topics of an event's `count` statements, in the order a readout takes them up
    (the taxonomy's: relations, the economy, security, the multilateral stage, the regions),
    each a list of one or, now and then, two slugs."""
    topics = agenda(rng, weights, min(6, 1 + count // 3), first)
    draw = Weighted.of({slug: weights[slug] for slug in topics})
    said = []
    for _ in range(count):
        slugs = [draw.pick(rng)]
        if len(topics) > 1 and rng.random() < 0.15:
            second = draw.pick(rng)
            if second != slugs[0]:
                slugs.append(second)
        said.append(sorted(slugs, key=TOPIC_ORDER.__getitem__))
    said.sort(key=lambda slugs: TOPIC_ORDER[slugs[0]])
    return said


# --- The lines a side may say ---------------------------------------------------------------


@cache
def spoken(slug, camp, year):
    """{kind: [Line]} a side of `camp` may say on a topic in `year`, and their weights: its
    camp's lines and the common ones, or on a topic marked `stance` its own where it has any."""
    lines = PHRASES[slug]
    common, own = lines[""], lines.get(camp, {})
    pool = {}
    for kind in KINDS:
        mine = [line for line in own.get(kind, ()) if line.first <= year <= line.last]
        shared = [line for line in common[kind] if line.first <= year <= line.last]
        chosen = mine if slug in STANCE and mine else mine + shared
        if chosen:
            pool[kind] = chosen
    return pool, Weighted.of({k: w for k, w in SPOKEN.items() if k in pool})


@cache
def joint(slug, year, strained):
    """{kind: [Line]} both sides may say together: no side's own words, and on a contested
    topic (or their relations, when they are on bad terms) no more than that they discussed
    it."""
    contested = slug in STANCE and (strained or slug not in TONED)
    pool = {}
    for kind, lines in PHRASES[slug][""].items():
        if contested and kind != "subject":
            continue
        if kind == "concern" and slug in TONED:
            continue  # one side's worries about the other
        chosen = [line for line in lines if not line.one_side and line.first <= year <= line.last]
        if chosen:
            pool[kind] = chosen
    return pool, Weighted.of({k: w for k, w in JOINT.items() if k in pool})


# --- The sentence ---------------------------------------------------------------------------


class Person(NamedTuple):
    """A participant as sentences name them."""

    code: str
    pk: int
    name: str
    surname: str
    title: str | None  # "Foreign Minister", or None where it is better left out


class Said(NamedTuple):
    text: str
    mode: str
    cue: str
    speaker: Person | None
    counterpart: Person | None
    names_country: bool  # the counterpart's country is named
    names_person: bool  # the counterpart is named


def possessive(name):
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@cache
def slot_words(code, other):
    """The slots of phrases.toml for a speaker of `code` facing `other`: with {we} as the
    country, and as "the Chinese side"."""
    (name, adjective), (other_name, other_adjective) = COUNTRY_WORDS[code], COUNTRY_WORDS[other]
    words = {
        "self": name,
        "self_adj": adjective,
        "self_s": possessive(name),
        "other": other_name,
        "other_adj": other_adjective,
        "other_s": possessive(other_name),
    }
    return words | {"we": name}, words | {"we": f"the {adjective} side"}


SIDE_SLOTS = {"self": 0, "self_adj": 0, "self_s": 0, "we": 0, "other": 1, "other_adj": 1}
SIDE_SLOTS["other_s"] = 1


@cache
def fits(line, kind, code, other):
    """Whether a line reads well between these two sides: not when a slot names a country the
    line names too ("{other_s} assistance to Ukraine" to Ukraine), nor a country's promise about
    itself ("[Ukraine is ready to] facilitate peace talks on Ukraine")."""
    text = "".join(p if isinstance(p, str) else "|".join(p) for p in line.parts)
    sides = (code, other)
    named = {sides[SIDE_SLOTS[slot]] for slot in SLOT.findall(text) if slot in SIDE_SLOTS}
    if kind == "ready":
        named.add(code)
    literal = SLOT.sub("", text)
    return not any(
        re.search(rf"\b{re.escape(word.removeprefix('the '))}\b", literal)
        for side in named
        for word in COUNTRY_WORDS[side]
    )


def capital(text):
    return text[:1].upper() + text[1:]


def naming(rng, person, named):
    """How a sentence names its speaker: in full the first time in the readout (now and then
    with the title), then by surname, by role or in full."""
    adjective = COUNTRY_WORDS[person.code][1]
    if person.pk not in named:
        named.add(person.pk)
        if person.title and rng.random() < 0.4:
            return f"{adjective} {person.title} {person.name}"
        return person.name
    roll = rng.random()
    if roll < 0.5:
        return person.surname
    if roll < 0.75 and person.title:
        return f"the {adjective} {person.title.lower()}"
    return person.name


def counterpart_name(rng, person):
    if person.title and rng.random() < 0.5:
        return f"{COUNTRY_WORDS[person.code][1]} {person.title} {person.name}"
    return person.name


class Event(NamedTuple):
    """What the sentences of one event share."""

    kind: str
    year: int
    sides: tuple  # the countries, host first
    people: tuple  # Person, one per side
    speakers: tuple  # who may speak (a message is its sender's)
    strained: bool  # the first two are on bad terms (relations())


def statement(rng, event, slugs, named, later):
    """One statement on the topics `slugs` (one or two): its sentence, mode and cue, who says
    it, whom it names. `named`: the people the readout has named so far; `later`: not the
    readout's first statement."""
    joint_share = {EventKind.STATEMENT: 0.5, EventKind.MESSAGE: 0.0}.get(event.kind, 0.1)
    if rng.random() < joint_share:
        return jointly(rng, event, slugs)
    speaker = rng.choice(event.speakers)
    counterpart = rng.choice([p for p in event.people if p is not speaker])
    words = slot_words(speaker.code, counterpart.code)[rng.random() < 0.5]
    camp = CAMPS.get(speaker.code, "")
    lines = []
    for slug in slugs:
        tone = "strained" if event.strained and slug in TONED else camp
        pool, kinds = spoken(slug, tone, event.year)
        for _ in range(8):  # another kind of line when none of this kind fits the pair
            kind = kinds.pick(rng)
            fitting = [x for x in pool[kind] if fits(x, kind, speaker.code, counterpart.code)]
            if fitting:
                break
        lines.append((kind, expand(rng, rng.choice(fitting or pool[kind]), words)))
    names_country = any(words["other"] in s or words["other_adj"] in s for _, s in lines)

    roll, names_person = rng.random(), False
    quote_share = 0.3 if event.kind == EventKind.PRESS_CONFERENCE else 0.1
    if roll < quote_share:
        text = quoted(rng, lines, naming(rng, speaker, named), words)
        mode, cue = StatementMode.DIRECT_QUOTE, "quotation"
    elif roll < quote_share + 0.08:
        # No reporting verb: the side itself speaks ("China is ready to ...").
        text = " and ".join(side_predicate(rng, kind, said, words) for kind, said in lines)
        text = f"{words['we']} {text}."
        mode, cue = StatementMode.REPORTED, "side as subject"
    else:
        text, names_person = reported(rng, event, lines, speaker, counterpart, words, named, later)
        mode, cue = StatementMode.REPORTED, "reporting verb"
    return Said(capital(text), mode, cue, speaker, counterpart, names_country, names_person)


def reported(rng, event, lines, speaker, counterpart, words, named, later):
    """Reported speech ("Wang stressed that ...", "..., Wang said.", "During the call, Wang
    told ... that ..."), and whether it names the counterpart."""
    (kind, said), rest = lines[0], lines[1:]
    told = None
    if kind in ("said", "ready") and event.kind in FACE_TO_FACE and rng.random() < 0.2:
        told = counterpart_name(rng, counterpart)
    who = naming(rng, speaker, named)
    adverb = rng.choice(ADVERBS) if later else ""
    if not rest and kind == "said" and told is None and rng.random() < 0.2:
        return f"{said}, {who} {adverb}said.", False  # as readouts put it: "..., Wang said."
    text = f"{who} {adverb}{predicate(rng, kind, said, words, told)}"
    for second, said in rest:
        if second == "said":
            text += f", adding that {said}"
        elif second == kind and kind in ("welcomed", "concern", "called"):
            text += f" and {said}"  # "called for a ceasefire and stable supplies"
        else:
            text += f", and {predicate(rng, second, said, words, None)}"
    if rng.random() < 0.2:
        text = f"{rng.choice(OPENERS[event.kind])}, {text}"
    return f"{text}.", told is not None


def predicate(rng, kind, said, words, told):
    """What the speaker did, in reported speech: "stressed that ...", "called for ..."."""
    if kind == "said":
        return f"told {told} that {said}" if told else f"{rng.choice(SAYING)} that {said}"
    if kind == "ready":
        if told:
            return f"assured {told} that {words['we']} {rng.choice(('will', 'would'))} {said}"
        if rng.random() < 0.3:
            return f"expressed {words['self_s']} readiness to {said}"
        return f"said that {words['we']} {rng.choice(READY)} {said}"
    verbs = {"welcomed": WELCOMING, "concern": CONCERNED, "called": CALLING}[kind]
    return f"{rng.choice(verbs)} {said}"


def side_predicate(rng, kind, said, words):
    """What the side holds, in the present: "holds that ...", "is ready to ..."."""
    verbs = {
        "said": BELIEVING,
        "ready": READY,
        "welcomed": WELCOMING_NOW,
        "concern": CONCERNED_NOW,
        "called": CALLING_NOW,
    }[kind]
    if kind == "said":
        # A clause that begins with the side already is its statement ("China supports ...").
        for subject in (words["self"], words["we"]):
            if said.startswith(f"{subject} ") and not said.startswith(f"{subject} and "):
                return said[len(subject) + 1 :]
        return f"{rng.choice(verbs)} that {said}"
    return f"{rng.choice(verbs)} {said}"


def quoted(rng, lines, who, words):
    """The speaker's words in quotation marks, and who said them."""
    parts = []
    for kind, said in lines:
        if kind == "ready":
            said = f"{words['we']} {rng.choice(READY)} {said}"
        elif kind != "said":
            said = f"{QUOTED[kind]} {said}"
        parts.append(said)
    words_said = capital(", and ".join(parts))
    roll = rng.random()
    if roll < 0.5:
        return f"“{words_said},” {who} said."
    if roll < 0.75:
        return f"“{words_said},” said {who}."
    return capital(f"{who} said: “{words_said}.”")


def jointly(rng, event, slugs):
    """A line both sides (or all the participants) put their names to."""
    if len(event.people) == 2:
        (first, one), (second, other) = (COUNTRY_WORDS[code] for code in event.sides)
        subject = rng.choice(
            (
                "the two sides",
                "both sides",
                f"{first} and {second}",
                f"the {one} and {other} sides",
                f"{event.people[0].surname} and {event.people[1].surname}",
            )
        )
    else:
        subject = rng.choice(("the ministers", "the participants", "the participating countries"))
    lines = []
    for slug in slugs:
        pool, kinds = joint(slug, event.year, event.strained)
        kind = kinds.pick(rng)
        lines.append((kind, expand(rng, rng.choice(pool[kind]), {})))
    kinds = {kind for kind, _ in lines}
    if len(kinds) == 1:  # one verb for both: "discussed trade and energy", "agreed that ..."
        kind = kinds.pop()
        joined = {"said": ", and that ", "ready": " and to "}.get(kind, " and ")
        predicate = f"{rng.choice(JOINT_VERBS[kind])} {joined.join(said for _, said in lines)}"
        if kind == "subject":
            predicate += rng.choice(VIEWS_ENDING)
    else:
        predicate = ", and ".join(f"{rng.choice(JOINT_VERBS[k])} {said}" for k, said in lines)
    text = f"{subject} {predicate}."
    if rng.random() < 0.2:
        text = f"{rng.choice(OPENERS[event.kind])}, {text}"
    return Said(capital(text), StatementMode.JOINT, "joint subject", None, None, False, False)
