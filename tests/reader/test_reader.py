"""The reader on readouts written for these tests: one per trap of DOMAIN.md, and one per
publishing style."""

import datetime as dt
import re
import unicodedata

import pytest

from readouts.reader import ReadoutError, read_readout
from readouts.reader.people import KnownActor, find_people, match_actor

from .conftest import ANNOTATED, annotation, read, text_of


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip().lower()


@pytest.mark.parametrize("name", ANNOTATED)
def test_each_test_readout_is_read_as_annotated(name):
    gold, ex = annotation(name), read(name)
    assert ex.date.isoformat() == gold["event"]["date"]
    assert ex.kind == gold["event"]["kind"]
    found = {(p.name.split()[-1].lower(), p.country) for p in ex.participants}
    for p in gold["event"]["participants"]:
        assert any(p["country"] == c and w in norm(p["name"]).split() for w, c in found), p
    assert len(ex.participants) == len(gold["event"]["participants"])
    for g in gold["statements"]:
        holders = [s for s in ex.statements if norm(g["anchor"]) in norm(s.text)]
        assert holders, g["anchor"]
        assert {s.country for s in holders} == {g["speaker_country"]}, g["anchor"]
    assert len(ex.statements) <= len(gold["statements"])


@pytest.mark.parametrize("name", ANNOTATED)
def test_every_span_points_at_its_text_in_the_text_as_read(name):
    ex = read(name)
    assert ex.text == text_of(name)
    for s in ex.statements:
        assert ex.text[s.start : s.end] == s.text
        assert s.cue


def test_relative_weekday_is_read_against_the_dateline():
    ex = read("cn_talks_relative_weekday", published=None)
    assert ex.date == dt.date(2024, 1, 19)  # "on Friday", dateline Saturday 2024-01-20


def test_a_dateline_glued_to_its_time_is_read():
    ex = read("ru_press_release_clutter", published=None)
    assert ex.date == dt.date(2024, 6, 14)


def test_a_republished_copy_reads_yesterday_against_its_own_dateline():
    text = (
        "Home > Embassy News\nForeign Minister Wang Yi Speaks with Foreign Minister Ana Ruiz\n\n"
        "2024-03-02 10:00\n\nForeign Minister Wang Yi spoke on the phone yesterday with "
        "Foreign Minister Ana Ruiz of Chile.\n\nWang Yi said that China values Chile.\n"
    )
    ex = read_readout(text, published="2024-03-09")
    assert ex.date == dt.date(2024, 3, 1)
    assert any("republished" in w for w in ex.warnings)


def test_of_several_date_lines_in_the_header_the_one_nearest_the_lead_is_the_readouts_own():
    # An embassy's copy: its own date first, then the original's under its office's name.
    text = (
        "Embassy of Chile\n\nMinister Ruiz's Meeting with Minister Soto\n\nMay 14, 2024\n\n"
        "Office of the Spokesperson\n\nMay 13, 2024\n\nForeign Minister Ana Ruiz of Chile met "
        "today in Lima with Foreign Minister Luis Soto of Peru.\n\nMinister Ruiz said that "
        "Chile values Peru.\n"
    )
    ex = read_readout(text, published="2024-05-14")
    assert ex.date == dt.date(2024, 5, 13)
    assert any("republished" in w for w in ex.warnings)


def test_a_wire_dateline_and_the_year_from_the_url_give_the_date():
    ex = read("wire_dateline_other_events")
    assert ex.date == dt.date(2024, 8, 8)  # "on Thursday", year and day from the URL


def test_other_events_in_the_body_do_not_decide_the_kind():
    ex = read("wire_dateline_other_events")
    assert ex.kind == "video_call"  # "a week after their meeting in Tianjin"
    descriptions = [m.description for m in ex.mentioned_events]
    assert any("APEC meeting in Peru" in d for d in descriptions)
    assert any("visit to Singapore" in d for d in descriptions)


@pytest.mark.parametrize(
    "inserted",
    [
        "who is visiting Lima, Peru, to attend the 5th Chile-Peru-Bolivia Trilateral Summit",
        "visiting Lima to take part in the Pacific Alliance Ministerial Meeting on May 4",
        "on her official visit to Peru",
    ],
)
def test_a_clause_between_subject_and_verb_names_another_event(inserted):
    text = (
        "Chile-Peru Foreign Ministers' Meeting\n\nMay 4, 2024\n\nOn May 3, commencing at 10:00 "
        f"a.m., Ms. RUIZ Ana, Minister of Foreign Affairs of Chile, {inserted}, held a "
        "Chile-Peru Foreign Ministers' Meeting with H.E. Mr. Luis SOTO, Minister of Foreign "
        "Affairs of Peru. The overview is as follows.\n\n1. Minister Ruiz stated that at the "
        "Chile-Peru Summit Meeting held in Lima on April 2, the leaders agreed to deepen ties.\n"
    )
    ex = read_readout(text, publisher="Ministry of Foreign Affairs of Chile")
    assert (ex.kind, ex.date) == ("meeting", dt.date(2024, 5, 3))
    assert [(p.name, p.country) for p in ex.participants] == [
        ("Ruiz Ana", "CHL"),
        ("Luis Soto", "PER"),
    ]
    summit = next(m for m in ex.mentioned_events if "Summit Meeting" in m.description)
    assert (summit.kind, summit.date) == ("meeting", dt.date(2024, 4, 2))


def test_held_talks_then_during_the_call_is_a_phone_call():
    text = (
        "On May 3, 2024, Foreign Minister Wang Yi held talks with Foreign Minister Ana Ruiz of "
        "Chile.\n\nDuring the call, Wang Yi said that China values its ties with Chile.\n"
    )
    assert read_readout(text).kind == "phone_call"


def test_surname_pronoun_and_role_are_resolved_to_the_participant():
    ex = read("us_secretary_call_role")
    by_cue = {s.cue.split("'")[0].strip(): s for s in ex.statements}
    assert by_cue["name"].speaker == "Antony J. Blinken"
    assert by_cue["role"].country == "USA"
    ex = read("tr_nonascii_whitespace")
    quote = next(s for s in ex.statements if "keep talking" in s.text)
    assert quote.speaker == "Giorgos Gerapetritis" and quote.cue.startswith("pronoun")
    assert quote.mode == "direct_quote"


def test_a_paragraph_without_a_reporting_verb_is_its_sides_position():
    ex = read("cn_talks_relative_weekday")
    side = next(s for s in ex.statements if s.text.startswith("China supports Brazil"))
    assert (side.speaker, side.country, side.participant) == ("China", "CHN", None)
    assert "side position" in side.cue


def test_both_sides_readouts_of_one_call_name_the_same_people():
    cn, ru = read("both_sides_cn_sergei"), read("both_sides_ru_sergey")
    assert {p.country for p in cn.participants} == {p.country for p in ru.participants}
    assert cn.date == ru.date == dt.date(2022, 9, 1)
    lavrov_cn = next(p for p in cn.participants if p.country == "RUS")
    known = [KnownActor(7, "Sergey Lavrov", aliases=("Lavrov Sergey Viktorovich",), country="RUS")]
    assert match_actor(lavrov_cn.name, "RUS", known)[0].id == 7
    assert match_actor(lavrov_cn.name, "RUS", known)[1] == "variant"


def test_titles_are_read_as_the_text_gives_them_at_the_date():
    wang_2022 = next(p for p in read("both_sides_cn_sergei").participants if p.country == "CHN")
    wang_2023 = next(p for p in read("republished_embassy_copy").participants if p.country == "CHN")
    assert wang_2022.title == "State Councilor and Foreign Minister"
    assert wang_2023.title == "Director of the Office of the Central Foreign Affairs Commission"


def test_stray_whitespace_curly_quotes_and_non_ascii_names_are_read():
    text = (
        "On 3 May 2024, Foreign Minister Hakan\u00a0Fidan had a phone call with "
        "Foreign Minister Mevlüt Çavuşoğlu of Northern Cyprus.\n\n"
        "\u201cWe stand together,\u201d Fidan\u200b said."
    )
    ex = read_readout(text)
    assert [p.name for p in ex.participants] == [
        "Hakan\u00a0Fidan".replace("\u00a0", " "),
        "Mevlüt Çavuşoğlu",
    ]
    assert ex.statements[0].text == "\u201cWe stand together,\u201d Fidan\u200b said."


def test_page_clutter_gives_no_statement_and_no_participant():
    ex = read("us_secretary_call_role")
    assert "Miller" not in {w for p in ex.participants for w in p.name.split()}
    assert not any("Facebook" in s.text or "attributable" in s.text for s in ex.statements)
    ex = read("ru_press_release_clutter")
    assert not any("Additional" in s.text or "en-GB" in s.text for s in ex.statements)


def test_a_banner_quote_before_the_lead_is_not_a_statement():
    text = (
        "Secretary Pompeo's Call with Foreign Minister Ana Ruiz\n\n"
        "Ambassador Smith: The United States is clear: we stand with our partners.\n\n"
        "May 3, 2024\n\nSecretary Michael R. Pompeo spoke today with Chilean Foreign Minister "
        "Ana Ruiz. The Secretary thanked Chile for its support.\n"
    )
    ex = read_readout(text, publisher="U.S. Department of State")
    assert [s.text for s in ex.statements] == ["The Secretary thanked Chile for its support."]
    assert {p.name for p in ex.participants} == {"Michael R. Pompeo", "Ana Ruiz"}


@pytest.mark.parametrize(
    ("sentence", "name", "title", "country"),
    [
        ("Russian Foreign Minister Sergey Lavrov said", "Sergey Lavrov", "Foreign Minister", "RUS"),
        (
            "Foreign Minister of Turkey Mevlut Cavusoglu said",
            "Mevlut Cavusoglu",
            "Foreign Minister",
            "TUR",
        ),
        (
            "Mr. Shinzo Abe, Prime Minister of Japan, held talks",
            "Shinzo Abe",
            "Prime Minister",
            "JPN",
        ),
        (
            "Mr. KISHIDA Fumio, Prime Minister of Japan, met",
            "Kishida Fumio",
            "Prime Minister",
            "JPN",
        ),
        (
            "H.E. Ms. Lina Haddad, Minister of Foreign Affairs of Jordan, said",
            "Lina Haddad",
            "Minister of Foreign Affairs",
            "JOR",
        ),
        ("The Rt Hon. Jane Doe MP, Foreign Secretary, met", "Jane Doe", "Foreign Secretary", None),
        ("Foreign Minister Tomas Novak of Czechia met", "Tomas Novak", "Foreign Minister", "CZE"),
    ],
)
def test_people_are_found_from_their_titles_not_from_a_list(sentence, name, title, country):
    person = find_people(sentence)[0]
    assert (person.name, person.title, person.country) == (name, title, country)


def test_a_family_name_first_list_entry_is_read():
    people = find_people("Participants: Lavrov, Sergey Viktorovich — Minister of Foreign Affairs")
    assert people[0].name == "Sergey Viktorovich Lavrov"


def test_a_text_with_no_event_is_refused():
    with pytest.raises(ReadoutError, match="no recognisable event"):
        read_readout("The weather in Geneva was fine all week. Markets were calm.")


def test_the_json_has_the_contract_keys():
    data = read("cn_talks_relative_weekday").as_json()
    assert set(data) >= {"event", "statements", "mentioned_events", "warnings"}
    assert set(data["event"]) >= {
        "date",
        "date_precision",
        "kind",
        "title",
        "location",
        "participants",
    }
    assert set(data["event"]["participants"][0]) >= {"name", "title", "country"}
    assert set(data["statements"][0]) >= {
        "speaker",
        "country",
        "mode",
        "text",
        "start",
        "end",
        "topics",
        "cue",
    }
    assert {s["country"] for s in data["statements"]} == {"CHN", "BRA", "BOTH"}


def test_a_lead_in_the_passive_names_the_participants():
    text = (
        "17 February 202213:10\n\nA telephone conversation took place between Foreign Minister "
        "Sergey Lavrov and US Secretary of State Antony Blinken.\n\nAntony Blinken, for his "
        "part, called for de-escalation.\n"
    )
    ex = read_readout(text, publisher="Ministry of Foreign Affairs of the Russian Federation")
    assert [(p.name, p.country) for p in ex.participants] == [
        ("Sergey Lavrov", "RUS"),
        ("Antony Blinken", "USA"),
    ]
    assert (ex.date, ex.kind) == (dt.date(2022, 2, 17), "phone_call")
    assert ex.statements[0].country == "USA"


def test_initials_glued_to_surnames_are_read_and_completed_from_the_headline():
    text = (
        "Press release on Foreign Minister Sergey Lavrov's telephone conversation with US "
        "Secretary of State John Kerry\n\nOn 3 March, Russian Foreign Minister S.Lavrov had a "
        "telephone conversation with US Secretary of State J.Kerry.\n\nS.Lavrov stressed that "
        "Russia acts lawfully. J.Kerry expressed concern over Crimea.\n"
    )
    ex = read_readout(text, published="2014-03-04")
    assert [p.name for p in ex.participants] == ["Sergey Lavrov", "John Kerry"]
    assert [s.country for s in ex.statements] == ["RUS", "USA"]
    assert ex.date == dt.date(2014, 3, 3)


def test_topics_follow_the_taxonomy_rules_whole_words_and_trailing_stars():
    from readouts.reader.topics import TopicMatcher, TopicRule

    matcher = TopicMatcher(
        [
            TopicRule("sanctions", "Sanctions", ("sanction*",)),
            TopicRule("trade", "Trade", ("trade",)),
            TopicRule("us", "US policy", ("U.S. policy",)),
            TopicRule("p2p", "People", ("people-to-people",)),
        ]
    )
    assert matcher.topics("New Sanctions were announced") == ["sanctions"]
    assert matcher.topics("The trader left; trademarks matter") == []
    assert matcher.topics("They discussed U.S. policy and trade") == ["trade", "us"]
    assert matcher.topics("people-to-people exchanges") == ["p2p"]


def test_a_paragraph_with_no_speaker_goes_on_with_the_previous_speaker_but_not_a_disclaimer():
    text = (
        "On May 3, 2024, Foreign Minister Wang Yi held talks with Foreign Minister Ana Ruiz of "
        "Chile in Beijing.\n\nWang Yi said that China values its ties with Chile.\n\n"
        "Facts have proved that cooperation between China and Chile benefits both peoples.\n\n"
        "The talks were held in a friendly atmosphere.\n\n"
        "Please note: this information is raw content directly from the information source.\n"
    )
    ex = read_readout(text)
    assert [(s.country, s.cue.split(":")[0]) for s in ex.statements] == [
        ("CHN", "name 'Wang Yi'"),
        ("CHN", "no speaker named"),
    ]


@pytest.mark.parametrize(
    "opening",
    [
        "Sergey Lavrov: Ladies and gentlemen,\n\nWe",
        "Sergey Lavrov: We",
        # The remarks open before the sentence that reports the talks.
        "Sergey Lavrov: Ladies and gentlemen,\n\nThank you for coming to this press conference"
        " today.\n\nWe",
    ],
)
def test_a_transcripts_labelled_speaker_is_a_participant_and_his_we_is_his_side(opening):
    text = (
        "Foreign Minister Sergey Lavrov's statement and answers to media questions at a joint "
        "news conference with Foreign Minister of Chile Ana Ruiz following their talks, Moscow, "
        f"May 3, 2024\n\n3 May 2024 14:05\n\n{opening} have held useful talks with Foreign "
        "Minister of Chile Ana Ruiz.\n\nWe noted the growth of trade. Russia values Chile's "
        "position.\n\nBoth countries are interested in trade in agricultural products.\n\n"
        "The two of us agreed to meet again in Santiago next year.\n\nQuestion: What about "
        "Ukraine?\n\nAna Ruiz (retold): Chile supports a peaceful settlement.\n"
    )
    ex = read_readout(text, publisher="Ministry of Foreign Affairs of the Russian Federation")
    assert ex.kind == "press_conference"
    assert {(p.name, p.country) for p in ex.participants} == {
        ("Sergey Lavrov", "RUS"),
        ("Ana Ruiz", "CHL"),
    }
    sides = [(s.text.split()[0], s.country) for s in ex.statements]
    if "Thank you" in opening:
        assert sides.pop(0) == ("Thank", "RUS")
    assert sides == [
        ("We", "RUS"),
        ("We", "RUS"),
        ("Both", "RUS"),
        ("The", "BOTH"),
        ("Chile", "CHL"),
    ]


@pytest.mark.parametrize(
    "publisher, url, code",
    [
        ("Federal Foreign Office", None, "DEU"),
        ("Auswärtiges Amt", None, "DEU"),
        (None, "https://www.auswaertiges-amt.de/en/newsroom/news/2600000", "DEU"),
        ("France Diplomatie", None, "FRA"),
        ("Quai d'Orsay", None, "FRA"),
        ("FCDO", None, "GBR"),
        ("Foreign, Commonwealth & Development Office", None, "GBR"),
        ("Farnesina", None, "ITA"),
        (None, "https://www.esteri.it/en/sala_stampa/", "ITA"),
        ("MEA", None, "IND"),
        ("Itamaraty", None, "BRA"),
        ("DIRCO", None, "ZAF"),
        ("DFAT", None, "AUS"),
        ("Global Affairs Canada", None, "CAN"),
        (None, "https://www.international.gc.ca/news-nouvelles/2024.html", "CAN"),
        ("Ministry of Foreign Affairs of Japan", None, "JPN"),
        ("Ministry of Foreign Affairs of the Republic of Korea", None, "KOR"),
        (None, "https://www.forum.dk/news/2024", None),  # not um.dk
    ],
)
def test_the_publisher_names_the_side_of_its_own_official(publisher, url, code):
    text = (
        "Foreign Minister Ana Ruiz held talks with Foreign Minister of Peru Luis Soto in Lima "
        "on 3 May 2024.\n\nRuiz said that the talks were useful.\n"
    )
    ex = read_readout(text, publisher=publisher, url=url)
    ruiz = next(p for p in ex.participants if p.name == "Ana Ruiz")
    assert ruiz.country == code


@pytest.mark.parametrize(
    "where",
    [
        "was in Chile from Thursday to Saturday on her first trip to the country",
        "was in Santiago from Thursday to Saturday on her first trip to Chile",
        "was in the Republic of Chile from Thursday to Saturday",
        "travelled to South America from Thursday to Saturday on her first trip to the region",
    ],
)
def test_a_ministrys_trip_article_gives_the_host_its_officials(where):
    text = (
        "Federal Foreign Office\n\nDeutsch | English\n\nForeign Minister Weber travels to South "
        f"America\n\n04.05.2024 - Article\n\nForeign Minister Anna Weber {where}. She held talks "
        "in Santiago on Friday with Chilean Foreign Minister Ana Ruiz, followed by a joint press "
        "conference. She also met Vice President Luis Soto and Pedro Diaz, Director of the Office "
        "of International Affairs.\n\nRuiz said that Chile wants to expand trade with Germany "
        "and that the dispute with Argentina over fishing rights must be settled peacefully.\n\n"
        "Weber made clear that Germany supports Chile. Argentina and Argentina's position were "
        "not discussed.\n"
    )
    ex = read_readout(text, publisher="Federal Foreign Office")
    assert (ex.kind, ex.date) == ("visit", dt.date(2024, 5, 2))
    assert [(p.name, p.country) for p in ex.participants] == [
        ("Anna Weber", "DEU"),
        ("Ana Ruiz", "CHL"),
        ("Luis Soto", "CHL"),
        ("Pedro Diaz", "CHL"),
    ]


def test_a_country_the_talks_are_about_is_never_guessed_as_a_side():
    text = (
        "Foreign Minister Wang Yi met with Foreign Minister Ana Ruiz in Beijing on Monday.\n\n"
        "Wang Yi said that the Taiwan question is China's internal affair and that no one should "
        "interfere in Taiwan affairs or stir up tensions in the Taiwan Strait.\n\n"
        "Ruiz said that her government firmly adheres to the one-China principle.\n"
    )
    ex = read_readout(text, publisher="Ministry of Foreign Affairs of the PRC")
    ruiz = next(p for p in ex.participants if p.name == "Ana Ruiz")
    assert ruiz.country not in ("TWN", "CHN")
