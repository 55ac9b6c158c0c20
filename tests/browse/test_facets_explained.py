"""Facets and chips say what they do (issue 20, item 3): values of one filter are
alternatives, filters add up, a facet in use counts without its own filter, no rows no counts."""


def test_two_values_of_one_filter_read_as_or_and_filters_as_and(analyst_client, world):
    response = analyst_client.get("/statements/?country=CHN,RUS&topic=trade")
    groups = [
        (g["name"], [c["label"] for c in g["chips"]]) for g in response.context["chip_groups"]
    ]
    assert groups == [("country", ["China (CHN)", "Russia (RUS)"]), ("topic", ["Trade"])]
    content = response.content.decode()
    assert '<span class="chip-or">or</span>' in content
    assert '<li class="chip-and" aria-hidden="true">and</li>' in content
    assert "a row matches every filter, and any one of the values given for a filter" in content


def test_a_facet_in_use_says_its_counts_leave_its_own_filter_out(analyst_client, world):
    response = analyst_client.get("/events/?country=CHN")
    country = next(f for f in response.context["facets"] if f.name == "country")
    assert country.in_use
    assert not next(f for f in response.context["facets"] if f.name == "kind").in_use
    assert response.content.decode().count("In use: counted without this filter") == 1


def test_a_list_with_no_rows_shows_no_counts_and_no_exports(analyst_client, world):
    response = analyst_client.get("/events/?country=CHN&kind=meeting")
    assert response.status_code == 200 and list(response.context["rows"]) == []
    assert response.context["facets"] == []
    content = response.content.decode()
    assert "facet-count" not in content
    assert "No event matches these filters." in content
