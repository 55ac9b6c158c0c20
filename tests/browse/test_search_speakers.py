"""The statement search finds what a speaker said, reads quotes as a phrase, and suggests what
to try when nothing matches (issue 20, item 4)."""

from readouts.browse.suggest import nearest_spelling


def texts(response):
    return [row["text"] for row in response.context["rows"]]


def test_a_speakers_name_finds_what_they_said_after_what_mentions_them(analyst_client, world):
    world["lavrov"].aliases = ["Sergei Lavrov"]
    world["lavrov"].save()
    found = texts(analyst_client.get("/statements/", {"q": "Wang Yi"}))
    assert found == ["Trade reached a new high."]  # his; the draft's stays out
    for q in ("Sergei Lavrov", "lavrov", '"Sergey Lavrov"'):
        assert texts(analyst_client.get("/statements/", {"q": q})) == [
            "The Ukraine crisis needs peace talks."
        ], q
    # A word of the text and a speaker: the text's match ranks first.
    world["s4"].text = "Lavrov and I spoke about the Arctic."
    world["s4"].save()
    assert texts(analyst_client.get("/statements/", {"q": "Lavrov"})) == [
        "Lavrov and I spoke about the Arctic.",
        "The Ukraine crisis needs peace talks.",
    ]


def test_a_search_with_operators_names_no_speaker(analyst_client, world):
    assert texts(analyst_client.get("/statements/", {"q": "Wang -Yi"})) == []
    assert texts(analyst_client.get("/statements/", {"q": "arctic or wang"})) == [
        "The Arctic should stay a region of cooperation."
    ]


def test_a_quoted_phrase_is_a_phrase(analyst_client, world):
    assert texts(analyst_client.get("/statements/", {"q": '"Ukraine crisis"'})) == [
        "The Ukraine crisis needs peace talks."
    ]
    assert texts(analyst_client.get("/statements/", {"q": '"crisis Ukraine"'})) == []
    assert texts(analyst_client.get("/statements/", {"q": "crisis Ukraine"})) == [
        "The Ukraine crisis needs peace talks."
    ]


def test_an_empty_result_suggests_what_to_try_and_offers_no_export(analyst_client, world):
    response = analyst_client.get("/statements/", {"q": "Reykjavik", "country": "CHN"})
    assert texts(response) == []
    tried = {s["text"]: s["url"] for s in response.context["suggestions"]}
    assert tried["Remove the country filter"] == "?q=Reykjavik"
    assert tried["1 event match “Reykjavik”"] == "/events/?q=Reykjavik"
    content = response.content.decode()
    assert "Try instead" in content and "export=csv" not in content
    misspelt = analyst_client.get("/statements/", {"q": "Lavorv"})
    assert {s["text"] for s in misspelt.context["suggestions"]} == {"Search for “Lavrov”"}


def test_the_nearest_spelling_comes_from_the_names_and_topics_given():
    names = ["Sergey Lavrov", "Wang Yi", "Arms control", "Ukraine"]
    assert nearest_spelling("Ukrain talks", names) == "Ukraine talks"
    assert nearest_spelling("Sergey Lavorv", names) == "Sergey Lavrov"
    assert nearest_spelling("talks", names) is None
