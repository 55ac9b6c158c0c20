"""The seed readout, exactly as DOMAIN.md works it out by hand."""

import datetime as dt

from readouts.reader import read_readout


def test_the_seed_is_read_as_domain_md_works_it_out(seed_text):
    ex = read_readout(seed_text, published="2023-08-08")
    assert (ex.date, ex.date_precision, ex.kind) == (dt.date(2023, 8, 7), "day", "phone_call")
    assert [(p.name, p.country) for p in ex.participants] == [
        ("Wang Yi", "CHN"),
        ("Sergey Lavrov", "RUS"),
    ]
    assert ex.participants[0].title.startswith(
        "Member of the Political Bureau of the Communist Party"
    )
    assert ex.participants[0].title.endswith("Minister of Foreign Affairs")
    assert ex.participants[1].title == "Foreign Minister"
    assert [(s.speaker, s.country) for s in ex.statements] == [
        ("Wang Yi", "CHN"),
        ("Wang Yi", "CHN"),
        ("Wang Yi", "CHN"),
        ("Wang Yi", "CHN"),
        ("Wang Yi", "CHN"),
        ("China", "CHN"),
        ("Sergey Lavrov", "RUS"),
        ("both sides", "BOTH"),
        ("Wang Yi", "CHN"),
        ("Sergey Lavrov", "RUS"),
    ]
    gists = [
        "good friends who can trust and rely",
        "bilateral trade has reached a new high",
        "the most important task for both sides",
        "promote the multipolarization of the world",
        "This is the international responsibility",
        "China is willing to support South Africa",
        "Russia is willing to continue to strengthen",
        "exchanged views on international and regional issues",
        "China will uphold an independent and fair position",
        "Russia highly appreciates China",
    ]
    for statement, gist in zip(ex.statements, gists, strict=True):
        assert gist in statement.text
        assert seed_text[statement.start : statement.end] == statement.text
    assert ex.statements[7].mode == "joint"
    topics = [set(s.topics) for s in ex.statements]
    assert {"trade", "energy", "people-to-people"} <= topics[1]
    assert {"multilateralism", "un", "brics", "sco"} <= topics[6]
    assert "ukraine" in topics[8]
    mentioned = " | ".join(m.description for m in ex.mentioned_events)
    assert "Xi Jinping's visit to Russia in March" in mentioned
    assert "BRICS leaders' summit" in mentioned
