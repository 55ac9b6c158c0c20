"""Two weaknesses of issue 19: an envoy introduced by title ("the Ambassador of Japan to
China, X"; "the Ambassador of Brazil" with no name), and a transcript whose answerer changes
without a name ("Q:"/"A:")."""

import pytest

from readouts.reader import read_readout
from readouts.reader.people import TITLE_ONLY, find_envoys

CN_MFA = "Ministry of Foreign Affairs of the People's Republic of China"


@pytest.mark.parametrize(
    "phrase, name, title, country",
    [
        (
            "met with the Ambassador of Japan to China, Kenji Tanabe, in Beijing.",
            "Kenji Tanabe",
            "Ambassador of Japan to China",
            "JPN",
        ),
        (
            "met Japanese Ambassador to China Kenji Tanabe on Monday",
            "Kenji Tanabe",
            "Ambassador of Japan to China",
            "JPN",
        ),  # fmt: skip
        (
            "met with Kenya's High Commissioner to India Ms. Jane Wambui.",
            "Jane Wambui",
            "High Commissioner of Kenya to India",
            "KEN",
        ),  # fmt: skip
        (
            "met with the Ambassador of Brazil in Beijing.",
            "Ambassador of Brazil",
            "Ambassador of Brazil",
            "BRA",
        ),  # fmt: skip
    ],
)
def test_an_envoy_is_read_from_the_title_and_the_country_it_names(phrase, name, title, country):
    (envoy,) = find_envoys(phrase)
    assert (envoy.name, envoy.title, envoy.country) == (name, title, country)
    assert (envoy.found_by == TITLE_ONLY) == (name == title)


def test_an_envoy_with_no_name_is_a_participant_named_by_title_with_a_warning():
    text = (
        "Foreign Minister Li Wen Meets with Brazilian Ambassador\n\n2024-03-12 18:00\n\n"
        "On March 12, Foreign Minister Li Wen met with the Ambassador of Brazil in Beijing.\n\n"
        "Li Wen said that China values its comprehensive strategic partnership with Brazil.\n\n"
        "The Ambassador said that Brazil is ready to deepen cooperation in agriculture.\n"
    )
    ex = read_readout(text, publisher=CN_MFA)
    assert [(p.name, p.title, p.country) for p in ex.participants] == [
        ("Li Wen", "Foreign Minister", "CHN"),
        ("Ambassador of Brazil", "Ambassador of Brazil", "BRA"),
    ]
    assert ex.participants[1].found_by == TITLE_ONLY
    assert ex.participants[1].actor_id is None
    assert [(s.country, s.participant) for s in ex.statements] == [("CHN", 0), ("BRA", 1)]
    assert any("named by title only" in w for w in ex.warnings)


TRANSCRIPT = (
    "Foreign Minister Sergey Lavrov's remarks and answers to media questions following talks "
    "with Foreign Minister of Kenya Amina Otieno, Moscow, 12 March 2024\n\n"
    "{opening}We have held talks with Foreign Minister of Kenya Amina Otieno.\n\n"
    "{q}What about grain?\n\n{a}Russia will keep supplying grain on fair terms.\n\n"
    "It is a matter of principle for us.\n\n"
    "{q}Will Kenya join?\n\n{switch}Kenya is studying the matter.\n\n"
    "{q}And fertiliser?\n\n{a}Kenya welcomes lower prices.\n"
)


@pytest.mark.parametrize(
    "opening, q, a, switch",
    [
        ("Sergey Lavrov: ", "Q: ", "A: ", "Minister Otieno: "),
        ("", "Question: ", "Answer: ", "Amina Otieno: "),
    ],
)
def test_an_unnamed_answer_is_the_last_named_answerers_and_questions_are_no_ones(
    opening, q, a, switch
):
    text = TRANSCRIPT.format(opening=opening, q=q, a=a, switch=switch)
    ex = read_readout(text, publisher="Ministry of Foreign Affairs of the Russian Federation")
    said = [(s.text.split(".")[0], s.country) for s in ex.statements]
    if opening:  # without a label, the first sentence is the lead: no one's statement
        assert said.pop(0) == (
            "We have held talks with Foreign Minister of Kenya Amina Otieno",
            "RUS",
        )
    assert said == [
        ("Russia will keep supplying grain on fair terms", "RUS"),
        ("It is a matter of principle for us", "RUS"),
        ("Kenya is studying the matter", "KEN"),
        ("Kenya welcomes lower prices", "KEN"),
    ]
    assert not any("?" in s.text for s in ex.statements)


@pytest.mark.parametrize(
    "greeting, speaker",
    [
        ("", "Zhao Lin"),  # the headline makes the spokesperson a participant
        ("Good afternoon. ", "China"),  # else the publisher's side answers
    ],
)
def test_a_spokespersons_answers_are_his_or_the_publishers_side(greeting, speaker):
    text = (
        "Foreign Ministry Spokesperson Zhao Lin's Regular Press Conference on March 12, 2024\n\n"
        f"2024-03-12 16:00\n\nSpokesperson Zhao Lin: {greeting}At the invitation of Foreign"
        " Minister Li Wen, Foreign Minister of Kenya Amina Otieno will visit China from March"
        " 14 to 16.\n\nQ: What does China expect from the visit?\n\n"
        "A: China values its friendship with Kenya and will deepen cooperation.\n\n"
        "Q: Any comment on grain prices?\n\nA: China supports stable food supply chains.\n"
    )
    ex = read_readout(text, publisher=CN_MFA)
    answers = [s for s in ex.statements if s.cue.startswith("transcript: A")]
    assert [(s.text.split()[0], s.speaker, s.country) for s in answers] == [
        ("China", speaker, "CHN"),
        ("China", speaker, "CHN"),
    ]
    assert all("Zhao Lin answering" in s.cue for s in answers)
    assert not any("?" in s.text for s in ex.statements)
