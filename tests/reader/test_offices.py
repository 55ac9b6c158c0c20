"""The office table: who held which office when, and the officials a readout names by title
alone, resolved by it (readouts/data/offices.toml, or the roles editors keep)."""

import datetime as dt

from readouts.reader import read_readout
from readouts.reader.offices import (
    FOREIGN_MINISTER,
    HEAD_OF_GOVERNMENT,
    HEAD_OF_STATE,
    Holder,
    OfficeTable,
    default_offices,
)

from .conftest import read, text_of


def test_the_shipped_table_covers_the_g20_the_p5_and_the_eus_top_offices_from_2000():
    table = default_offices()
    g20 = [
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "KOR",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "TUR",
        "GBR",
        "USA",
        "EU",
    ]
    for code in g20:
        for day in (dt.date(2000, 6, 1), dt.date(2012, 6, 1), dt.date(2024, 6, 1)):
            if code == "EU" and day.year == 2000:
                continue  # the European Council has had a permanent president since 2009
            holders = [
                table.holder(code, office, day) for office in (HEAD_OF_STATE, FOREIGN_MINISTER)
            ]
            assert all(holders), (code, day)
    assert all(h.source.startswith("https://") for h in table.holders)
    assert all(h.end is None or h.start < h.end for h in table.holders)


def test_each_office_has_one_holder_at_a_time():
    table = default_offices()
    by_office = {}
    for h in table.holders:
        by_office.setdefault((h.country, h.office), []).append(h)
    for key, holders in by_office.items():
        holders.sort(key=lambda h: h.start)
        for before, after in zip(holders, holders[1:], strict=False):
            assert before.end is not None and before.end <= after.start, (key, before, after)


def test_a_holder_is_looked_up_by_the_day_and_the_successor_holds_the_day_of_handover():
    table = default_offices()
    assert table.holder("USA", HEAD_OF_STATE, dt.date(2021, 1, 19)).name == "Donald Trump"
    assert table.holder("USA", HEAD_OF_STATE, dt.date(2021, 1, 20)).name == "Joe Biden"
    assert table.holder("GBR", HEAD_OF_GOVERNMENT, dt.date(2022, 10, 1)).name == "Liz Truss"
    assert table.holder("CHN", FOREIGN_MINISTER, dt.date(2023, 3, 1)).name == "Qin Gang"
    assert table.holder("XXX", HEAD_OF_STATE, dt.date(2021, 1, 1)) is None


def test_a_bare_title_names_the_office_of_the_country_that_uses_it():
    table = default_offices()
    day = dt.date(2019, 6, 1)
    assert table.by_title("USA", "Secretary", day).name == "Mike Pompeo"
    assert table.by_title("GBR", "Foreign Secretary", day).name == "Jeremy Hunt"
    assert table.by_title("DEU", "Chancellor", day).name == "Angela Merkel"
    assert table.by_title("DEU", "President", day).name == "Frank-Walter Steinmeier"
    assert table.by_title("IND", "EAM", day).name == "S. Jaishankar"
    assert table.by_title("GBR", "President", day) is None


def test_the_president_of_a_white_house_readout_is_the_president_on_the_day():
    ex = read("us_wh_president_title_only")
    obama = ex.participants[0]
    assert (obama.name, obama.country, obama.title) == ("Barack Obama", "USA", "President")
    assert obama.found_by.startswith("office table")
    assert any("from the office table" in w and "Barack Obama" in w for w in ex.warnings)
    assert ex.statements[1].speaker == "Barack Obama"


def test_the_prime_minister_of_a_downing_street_readout_is_resolved_and_speaks():
    ex = read("uk_pm_call_title_only")
    assert [(p.name, p.country) for p in ex.participants] == [
        ("Rishi Sunak", "GBR"),
        ("Cyril Ramaphosa", "ZAF"),
    ]
    assert {s.speaker for s in ex.statements if s.country == "GBR"} == {"Rishi Sunak"}


def test_the_i_of_a_ministers_release_is_the_foreign_minister_on_the_day():
    ex = read("au_minister_first_person")
    assert (ex.participants[0].name, ex.participants[0].country) == ("Marise Payne", "AUS")
    assert any(w.startswith("'I' read as Marise Payne") for w in ex.warnings)


def test_a_title_is_resolved_from_the_table_the_caller_gives():
    table = OfficeTable(
        [Holder("USA", HEAD_OF_STATE, "President", "Jane Example", dt.date(2015, 1, 1))]
    )
    ex = read("us_wh_president_title_only", offices=table)
    assert ex.participants[0].name == "Jane Example"
    bare = read_readout(
        text_of("us_wh_president_title_only"),
        published="2015-06-10",
        publisher="The White House",
        offices=OfficeTable([]),
    )
    assert "Barack Obama" not in [p.name for p in bare.participants]


def test_a_title_with_another_countrys_adjective_or_a_vice_is_not_the_publishers():
    text = (
        "Readout\n\nJune 10, 2015\n\nThe Vice President spoke today with Prime Minister "
        "Shinzo Abe of Japan. The two discussed trade."
    )
    ex = read_readout(text, publisher="The White House")
    assert "Barack Obama" not in [p.name for p in ex.participants]


def test_a_release_of_several_calls_keeps_every_participant_and_lists_each_call():
    ex = read("in_pm_several_calls")
    assert len(ex.participants) == 4
    data = ex.as_json()
    assert len(data["event"]["participants"]) == 4
    calls = data["events"]
    assert [[p["country"] for p in e["participants"]] for e in calls] == [
        ["IND", "KOR"],
        ["IND", "ZWE"],
        ["IND", "MOZ"],
    ]
    assert [e["statements"] for e in calls] == [[0, 1], [2], [3]]


def test_a_release_of_one_call_has_no_events_list():
    assert "events" not in read("uk_pm_call_title_only").as_json()


def test_a_bare_minister_is_the_foreign_minister_of_a_foreign_ministrys_release_only():
    ex = read("au_bare_minister")
    assert [(p.name, p.country) for p in ex.participants][0] == ("Penny Wong", "AUS")
    assert any("'The Minister' read as Penny Wong" in w for w in ex.warnings)
    # Another ministry's "Minister" is not the foreign minister.
    other = read("au_bare_minister", publisher="Australian Minister for Trade", url=None)
    assert "Penny Wong" not in [p.name for p in other.participants]
