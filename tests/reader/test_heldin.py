"""The reader on readouts of many publishers written for these tests (tests/reader/readouts/
heldin: joint statements, telegrams, trips, transcripts, first-person releases, other sites'
clutter), scored as the project's scorer scores real readouts."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from readouts.reader import ReadoutError, decode, read_readout

HELDIN = Path(__file__).parent / "readouts" / "heldin"
NAMES = sorted(p.stem for p in HELDIN.glob("*.json"))


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip().lower()


def tokens(name):
    return set(norm(name).replace("-", " ").replace(",", " ").split())


def score(gold, ex):
    """The scorer's mean of date, kind, participant F1, statement F1 and attribution."""
    g_ev = gold["event"]
    parts = [float(str(ex.date) == g_ev["date"]), float(ex.kind == g_ev["kind"])]
    pp = [(tokens(p.name), p.country) for p in ex.participants]
    gp = [(tokens(p["name"]), p["country"]) for p in g_ev["participants"]]
    hit = sum(1 for k, c in gp if any(k & k2 and c == c2 for k2, c2 in pp))
    p, r = (hit / len(pp) if pp else 0.0), hit / len(gp)
    parts.append(2 * p * r / (p + r) if p + r else 0.0)
    preds = [(norm(s.text), s.country) for s in ex.statements]
    found = attributed = 0
    for g in gold["statements"]:
        holders = [c for text, c in preds if norm(g["anchor"]) in text]
        if holders:
            found += 1
            attributed += all(c == g["speaker_country"] for c in holders)
    n = len(gold["statements"])
    precision = min(1.0, n / len(preds)) if preds else 0.0
    recall = found / n
    parts.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    if found:
        parts.append(attributed / found)
    return sum(parts) / len(parts)


def read(name):
    gold = json.loads((HELDIN / f"{name}.json").read_text(encoding="utf-8"))
    text = decode((HELDIN / gold["file"]).read_bytes())
    kwargs = {k: gold.get(k) for k in ("published", "publisher", "url")}
    return gold, read_readout(text, **kwargs)


@pytest.mark.parametrize("name", NAMES)
def test_each_readout_of_another_publisher_is_read_well(name):
    gold, ex = read(name)
    assert score(gold, ex) >= 0.85
    for s in ex.statements:
        assert ex.text[s.start : s.end] == s.text


def test_the_readouts_of_other_publishers_score_over_the_bar():
    scores = [score(*read(name)) for name in NAMES]
    assert len(scores) >= 24
    assert sum(scores) / len(scores) >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        # A joint statement: every sentence joint, the names in the opening line only.
        "Joint Statement of the Foreign Ministers of Chile and Peru\n\n12 May 2024\n\n"
        "Foreign Minister Ana Ruiz of Chile and Foreign Minister Luis Soto of Peru held the "
        "fourth round of the Bilateral Dialogue in Lima.\n\nThe two Ministers agreed to open "
        "a new border crossing.\n",
        # A telegram to a bare name.
        "President Ana Ruiz sent a telegram of condolences to Luis Soto on the earthquake.\n\n"
        "12 May 2024\n",
    ],
)
def test_an_unusual_lead_still_gives_a_draft(text):
    ex = read_readout(text)
    assert ex.participants and ex.date is not None


def test_a_text_with_people_but_no_event_is_still_refused():
    with pytest.raises(ReadoutError, match="no recognisable event"):
        read_readout("Markets were calm. Analysts expect rates to hold through the summer.")


def test_a_photo_caption_after_the_lead_is_no_statement():
    text = (
        "Foreign Minister Hakan Fidan met Foreign Minister Ana Ruiz of Chile in Ankara on 3 May "
        "2024.\n\nForeign Minister Hakan Fidan and Foreign Minister Ana Ruiz during the talks in "
        "Ankara.\n\nMinister Fidan said that Türkiye values Chile.\n"
    )
    ex = read_readout(text, publisher="Ministry of Foreign Affairs of Türkiye")
    assert [s.text for s in ex.statements] == ["Minister Fidan said that Türkiye values Chile."]
