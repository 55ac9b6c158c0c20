"""The synthetic readouts say what they are tagged with, in their speakers' words, and rarely
repeat themselves (issue 20, item 13)."""

import random
import re
from collections import defaultdict

import pytest

from readouts.choices import EventKind
from readouts.devdata import sentences
from readouts.devdata.generate import generate, random_date
from readouts.devdata.vocabulary import (
    CAMPS,
    COUNTRY_WEIGHTS,
    COUNTRY_WORDS,
    FORUMS,
    WARM_TOPICS,
    titles_of,
)
from readouts.models import Event, Statement
from readouts.reader.topics import default_topics, matcher_for

MATCHER = matcher_for(tuple(default_topics()))
# A country that is none of the taxonomy's keywords, for the slots of a line read alone.
NOWHERE = {
    "self": "Ruritania",
    "self_adj": "Ruritanian",
    "self_s": "Ruritania's",
    "we": "the Ruritanian side",
    "other": "Freedonia",
    "other_adj": "Freedonian",
    "other_s": "Freedonia's",
}


def without_countries(text, codes):
    """The text without the names of these countries: a statement may name its own sides
    ("Ukraine is ready to expand trade") without being on their crisis."""
    for code in codes:
        for word in COUNTRY_WORDS[code]:
            word = word.removeprefix("the ")
            text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", " ", text)
    return text


def assert_says_its_topics(text, slugs, sides):
    """Every topic it is tagged with is in the text, as the reader would find it; no other is,
    apart from the names of the event's own countries."""
    found = set(MATCHER.topics(text))
    assert set(slugs) <= found, (slugs, text)
    assert set(MATCHER.topics(without_countries(text, sides))) <= set(slugs), (slugs, text)


# --- The lines, read alone -------------------------------------------------------------------


def every_line():
    for slug, camps in sentences.PHRASES.items():
        for camp, kinds in camps.items():
            for kind, lines in kinds.items():
                for line in lines:
                    yield slug, camp, kind, line


def test_every_line_carries_a_keyword_of_its_topic_and_of_no_other():
    checked = 0
    for slug, camp, kind, line in every_line():
        for text in sentences.all_expansions(line, NOWHERE):
            assert MATCHER.topics(text) == [slug], (slug, camp, kind, text)
            checked += 1
    assert checked > 1000


def test_the_lines_are_for_topics_of_the_taxonomy_and_camps_of_the_vocabulary():
    slugs = {rule.slug for rule in default_topics()}
    assert set(sentences.PHRASES) <= slugs
    camps = set(CAMPS.values()) | {"", "strained"}
    assert {camp for _, camp, _, _ in every_line()} <= camps


def test_every_topic_has_words_for_every_speaker_in_every_year():
    for slug in sentences.PHRASES:
        for camp in {"", "strained", *CAMPS.values()}:
            for year in (2000, 2014, 2022, 2026):
                pool, kinds = sentences.spoken(slug, camp, year)
                assert pool and set(kinds.keys) <= set(pool), (slug, camp, year)
        for year in (2000, 2022):
            for strained in (False, True):
                pool, _ = sentences.joint(slug, year, strained)
                assert "subject" in pool, (slug, year)


def test_a_line_has_its_alternatives_and_eras():
    line = sentences.parse("(2015-2021) the Minsk agreements [must be kept|matter][ to {self}|]")
    assert (line.first, line.last, line.one_side) == (2015, 2021, True)
    assert sorted(sentences.all_expansions(line, {"self": "Russia"})) == [
        "the Minsk agreements matter",
        "the Minsk agreements matter to Russia",
        "the Minsk agreements must be kept",
        "the Minsk agreements must be kept to Russia",
    ]
    assert sentences.parse("(2022-) x").first == 2022
    assert sentences.parse("x").one_side is False


# --- Which pairs raise which topics ----------------------------------------------------------


def test_brazil_and_ethiopia_do_not_talk_about_ukraine():
    weights = sentences.topic_weights("BRA", "ETH", 2023)
    assert {"trade", "bilateral-relations", "un", "climate"} <= set(weights)
    for regional in ("ukraine", "middle-east", "korean-peninsula", "taiwan", "arctic", "brics"):
        assert regional not in weights, regional
    # Ethiopia joined BRICS in 2024.
    assert "brics" in sentences.topic_weights("BRA", "ETH", 2024)
    people = (
        sentences.Person("BRA", 1, "Ana Silva", "Silva", "Foreign Minister"),
        sentences.Person("ETH", 2, "Abebe Kebede", "Kebede", "Foreign Minister"),
    )
    rng = random.Random(7)
    for kind in (EventKind.PHONE_CALL, EventKind.MEETING, EventKind.STATEMENT):
        event = sentences.Event(kind, 2023, ("BRA", "ETH"), people, people, False)
        for position, slugs in enumerate(sentences.event_topics(rng, weights, 300), start=1):
            said = sentences.statement(rng, event, slugs, set(), position > 1)
            assert "ukraine" not in slugs
            assert "Ukrain" not in said.text and "Kyiv" not in said.text
            assert_says_its_topics(said.text, slugs, ("BRA", "ETH"))


def test_regional_issues_are_for_those_concerned_and_groups_for_their_members():
    assert {"ukraine", "brics", "sco", "g20", "taiwan"} <= set(
        sentences.topic_weights("CHN", "RUS", 2023)
    )
    assert "ukraine" not in sentences.topic_weights("CHN", "RUS", 2012)  # before the crisis
    assert "korean-peninsula" in sentences.topic_weights("JPN", "BRA", 2020)  # a neighbour's
    assert "korean-peninsula" not in sentences.topic_weights("DEU", "BRA", 2020)
    assert "sco" not in sentences.topic_weights("CHN", "IND", 2010)  # India joined in 2017
    assert "sco" in sentences.topic_weights("CHN", "IND", 2018)
    assert "apec" not in sentences.topic_weights("USA", "IND", 2018)


def test_countries_at_odds_leave_trade_aside_and_speak_coolly_of_their_relations():
    weights = sentences.topic_weights("RUS", "UKR", 2023)
    assert "ukraine" in weights and not WARM_TOPICS & set(weights)
    assert "trade" in sentences.topic_weights("RUS", "UKR", 2012)
    assert sentences.relations("USA", "CHN", 2020) == "strained"
    assert "trade" in sentences.topic_weights("USA", "CHN", 2020)
    people = (
        sentences.Person("RUS", 1, "Sergey Orlov", "Orlov", "Foreign Minister"),
        sentences.Person("UKR", 2, "Iryna Bondarenko", "Bondarenko", "Foreign Minister"),
    )
    event = sentences.Event(EventKind.MEETING, 2023, ("RUS", "UKR"), people, people, True)
    rng = random.Random(3)
    texts = [
        sentences.statement(rng, event, ["bilateral-relations"], set(), True).text
        for _ in range(300)
    ]
    assert not any(re.search(r"good friends|friendship|new chapter", t) for t in texts)
    assert any("bilateral relations" in t for t in texts)


# --- Whose words -----------------------------------------------------------------------------

# Words only one camp uses on a contested topic.
NOT_THEIRS = {
    ("ukraine", "RUS"): r"aggression|peace formula|war against",
    ("ukraine", "UKR"): r"root causes|new realities|arms supplies|Ukraine crisis",
    ("ukraine", "USA"): r"root causes|new realities|Ukraine crisis",
    ("ukraine", "CHN"): r"aggression|root causes|war against",
    ("taiwan", "USA"): r"inalienable|red line",
    ("taiwan", "BRA"): r"inalienable|Taiwan Strait",
    ("sanctions", "RUS"): r"enforce|circumvention|evasion",
    ("sanctions", "DEU"): r"illegal|illegitimate",
    ("middle-east", "ISR"): r"two-state|Palestinian state|Zionist",
    ("middle-east", "IRN"): r"hostages|proxies",
    ("multilateralism", "USA"): r"hegemony|multipolar",
}


@pytest.mark.parametrize(("slug", "code"), list(NOT_THEIRS))
def test_each_side_speaks_in_its_own_words(slug, code):
    counterpart = "CHN" if code != "CHN" else "RUS"
    people = (
        sentences.Person(code, 1, "A Speaker", "Speaker", "Foreign Minister"),
        sentences.Person(counterpart, 2, "A Listener", "Listener", "Foreign Minister"),
    )
    event = sentences.Event(
        EventKind.PHONE_CALL, 2023, (code, counterpart), people, people[:1], False
    )
    rng = random.Random(11)
    texts = set()
    for _ in range(400):
        said = sentences.statement(rng, event, [slug], set(), True)
        if said.speaker is not None:
            texts.add(said.text)
            assert not re.search(NOT_THEIRS[slug, code], said.text), said.text
    assert len(texts) > 100


def test_twenty_thousand_statements_rarely_repeat_and_always_say_their_topics():
    rng = random.Random(0)
    codes, weights = list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values())
    cast = {
        code: [
            sentences.Person(code, n * 100 + i, f"Given{i} Family{n}{i}", f"Family{n}{i}", style)
            for i, (_, style) in enumerate(titles_of(code)[::3])
        ]
        for n, code in enumerate(codes)
    }
    texts = []
    while len(texts) < 20_000:
        host, guest = rng.sample(codes, 2, counts=weights)
        if host == guest:
            continue
        year = random_date(rng).year
        kind = rng.choice(list(EventKind))
        people = (rng.choice(cast[host]), rng.choice(cast[guest]))
        strained = sentences.relations(host, guest, year) != ""
        event = sentences.Event(kind, year, (host, guest), people, people, strained)
        topics = sentences.topic_weights(host, guest, year)
        named = set()
        for position, slugs in enumerate(sentences.event_topics(rng, topics, 10), start=1):
            said = sentences.statement(rng, event, slugs, named, position > 1)
            if len(texts) % 10 == 0:
                assert_says_its_topics(said.text, slugs, (host, guest))
            texts.append(said.text)
    assert len(set(texts)) / len(texts) > 0.95


# --- The sample set, in the database ---------------------------------------------------------


@pytest.fixture
def sample(db):
    generate(300, 3000, seed=2023, drafts=0.02)  # as loadsample makes it
    return list(
        Statement.objects.select_related("event", "speaker", "side").prefetch_related("topics")
    )


def test_the_sample_says_what_it_is_tagged_with_and_rarely_repeats_itself(sample):
    sides = defaultdict(set)
    for event_id, code in Event.objects.values_list("pk", "participants__side__code"):
        sides[event_id].add(code)
    on_ukraine = 0
    for said in sample:
        slugs = [t.slug for t in said.topics.all()]
        assert_says_its_topics(said.text, slugs, sides[said.event_id])
        on_ukraine += "ukraine" in slugs
    assert on_ukraine > 30
    texts = [said.text for said in sample]
    assert len(set(texts)) / len(texts) > 0.97


def test_in_the_sample_each_side_speaks_for_itself_in_events_of_plausible_kinds(sample):
    participants = defaultdict(dict)
    for event_id, actor, code in Event.objects.values_list(
        "pk", "participants__actor", "participants__side__code"
    ):
        participants[event_id][actor] = code
    for said in sample:
        if said.mode == "joint":
            assert said.speaker is None and said.side is None
            continue
        code = participants[said.event_id][said.speaker_id]
        assert said.side.code == code
        name, adjective = COUNTRY_WORDS[code]
        for side in re.findall(r"\bthe ((?:[A-Z]\w+ )+)side\b", said.text):
            assert side == f"{adjective} ", said.text
        for whose in re.findall(r"((?:the )?(?:[A-Z]\w+ )*[A-Z]\w+'s?) readiness", said.text):
            assert whose == sentences.possessive(name), said.text
    messages = Event.objects.filter(kind=EventKind.MESSAGE)
    for event in messages.prefetch_related("participants", "statements"):
        sender = event.participants.get(order=1).actor_id
        assert {s.speaker_id for s in event.statements.all()} <= {sender, None}
    assert_titles_of_their_kind_and_meetings_where_they_belong()


TITLE_WORDS = {
    EventKind.PHONE_CALL: r"phone|telephone",
    EventKind.VIDEO_CALL: r"video",
    EventKind.MEETING: r"meets|talks",
    EventKind.VISIT: r"visit",
    EventKind.MULTILATERAL: r"attends .*meeting|Council of Foreign Ministers",
    EventKind.MESSAGE: r"message|writes",
    EventKind.PRESS_CONFERENCE: r"press",
    EventKind.STATEMENT: r"statement",
    EventKind.OTHER: r"consultations",
}


def assert_titles_of_their_kind_and_meetings_where_they_belong():
    events = Event.objects.prefetch_related("participants__side")
    for event in events:
        assert re.search(TITLE_WORDS[event.kind], event.title), (event.kind, event.title)
        for name, members in FORUMS.values():
            if name in event.title:
                for participant in event.participants.all():
                    assert members[participant.side.code] <= event.occurred_on.year, event.title


@pytest.mark.parametrize(("code", "counterpart"), [("DEU", "UKR"), ("UKR", "DEU"), ("CHN", "RUS")])
def test_a_side_is_not_named_twice_over_by_a_slot_and_the_line(code, counterpart):
    """ "Germany's assistance to Ukraine", said to Ukraine, came out "Ukraine's assistance to
    Ukraine"; "Ukraine is ready to facilitate peace talks on Ukraine" reads no better."""
    people = (
        sentences.Person(code, 1, "A Speaker", "Speaker", "Foreign Minister"),
        sentences.Person(counterpart, 2, "A Listener", "Listener", "Foreign Minister"),
    )
    event = sentences.Event(
        EventKind.PHONE_CALL, 2023, (code, counterpart), people, people[:1], False
    )
    rng = random.Random(5)
    for slug in ("ukraine", "bilateral-relations", "trade"):
        for _ in range(300):
            text = sentences.statement(rng, event, [slug], set(), True).text
            for side in (code, counterpart):
                name = COUNTRY_WORDS[side][0].removeprefix("the ")
                assert not re.search(rf"{name}'s [^.]* (?:to|for|on|in) {name}\b", text), text
                assert not re.search(rf"^{name} (?:is ready to|will) [^.]*\b{name}\b", text), text


def test_every_country_names_its_officials_in_its_own_manner():
    """One shared pool gave Germany an "Omar Kumar" and the United States a "Tunde Cohen"."""
    from readouts.devdata.vocabulary import NAME_PARTS

    assert set(COUNTRY_WEIGHTS) <= set(NAME_PARTS)
    assert not {"Olga", "Yelena"} & set(NAME_PARTS["RUS"][1])  # Petrov, not Petrova
