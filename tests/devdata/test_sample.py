"""The seed readout's event, as DOMAIN.md works it out by hand."""

import datetime

import pytest

from readouts.devdata.sample import load_seed, seed_text, sentence_span
from readouts.models import Statement

EXPECTED = [  # speaker, side, topics
    ("Wang Yi", "CHN", {"bilateral-relations"}),
    ("Wang Yi", "CHN", {"trade", "energy", "people-to-people"}),
    ("Wang Yi", "CHN", {"bilateral-relations"}),
    ("Wang Yi", "CHN", {"multilateralism"}),
    ("Wang Yi", "CHN", {"multilateralism"}),
    ("Wang Yi", "CHN", {"brics"}),
    ("Sergey Lavrov", "RUS", {"multilateralism", "un", "brics", "sco"}),
    (None, None, {"ukraine"}),
    ("Wang Yi", "CHN", {"ukraine"}),
    ("Sergey Lavrov", "RUS", {"ukraine"}),
]


def test_the_seed_event_is_a_phone_call_on_the_day_before_publication(db):
    event, created = load_seed()
    assert created
    assert event.occurred_on == datetime.date(2023, 8, 7)
    assert event.kind == "phone_call"
    assert event.status == "published"
    assert [(p.actor.name, p.side.code) for p in event.participants.order_by("order")] == [
        ("Wang Yi", "CHN"),
        ("Sergey Lavrov", "RUS"),
    ]


def test_the_seed_event_has_its_ten_statements_with_speakers_and_topics(db):
    event, _ = load_seed()
    statements = list(event.statements.order_by("position").prefetch_related("topics"))
    got = [
        (
            s.speaker.name if s.speaker else None,
            s.side.code if s.side else None,
            {t.slug for t in s.topics.all()},
        )
        for s in statements
    ]
    assert got == EXPECTED
    assert statements[7].mode == "joint"
    assert {m.description for m in event.mentioned_events.all()} == {
        "Chinese President Xi Jinping's visit to Russia",
        "BRICS leaders' summit hosted by South Africa",
    }


def test_loading_the_seed_twice_adds_nothing(db):
    load_seed()
    _, created = load_seed()
    assert not created
    assert Statement.objects.count() == 10


@pytest.mark.skipif(seed_text() is None, reason="../shared/seed is not present")
def test_with_the_shared_text_each_statement_points_at_its_sentence(db):
    event, _ = load_seed()
    source = event.sources.get()
    for s in event.statements.all():
        assert source.text[s.start : s.end] == s.text
        assert s.text[0].isupper() and s.text.endswith(".")


def test_without_the_shared_text_the_statements_carry_their_gist(db, monkeypatch, tmp_path):
    monkeypatch.setenv("READOUTS_SHARED_DIR", str(tmp_path))
    event, _ = load_seed()
    assert not event.sources.exists()
    assert all(s.start is None and s.text for s in event.statements.all())


def test_sentence_span_finds_the_whole_sentence():
    text = "First one. Second has the phrase here. Third."
    start, end = sentence_span(text, "the phrase")
    assert text[start:end] == "Second has the phrase here."
    assert sentence_span(text, "absent") is None
