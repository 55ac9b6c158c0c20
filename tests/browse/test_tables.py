"""Tables analysts expect: sorting by a column's header, a page size of their choice kept
for their session, and sort labels that say what they do (issue 20, item 5)."""

import pytest

from readouts.browse.filters import EventFilterSet
from tests.factories import grow


def test_no_sort_label_contradicts_itself():
    labels = dict(EventFilterSet().filters["sort"].field.choices)
    assert labels["-date"] == "Date (newest first)"
    assert labels["date"] == "Date (oldest first)"
    assert not any("descending" in str(label) for label in labels.values())


def test_the_headers_sort_and_a_second_click_reverses(analyst_client, world):
    page = analyst_client.get("/events/?country=RUS").content.decode()
    # Newest first by default: Date says so, and its link turns the order round.
    assert '<th scope="col" aria-sort="descending"><a href="?country=RUS&amp;sort=date"' in page
    assert 'href="?country=RUS&amp;sort=title"' in page
    page = analyst_client.get("/events/?country=RUS&sort=date").content.decode()
    assert 'aria-sort="ascending"><a href="?country=RUS&amp;sort=-date"' in page
    titles = [r["title"] for r in analyst_client.get("/events/?sort=date").context["rows"]]
    assert titles == ["Blinken meets Lavrov", "Wang Yi holds phone talks with Sergey Lavrov"]


def test_the_page_size_is_chosen_and_kept_for_the_session(analyst_client, world):
    grow(world, 30)
    assert len(analyst_client.get("/statements/?per_page=25").context["rows"]) == 25
    assert len(analyst_client.get("/statements/").context["rows"]) == 25  # kept
    assert len(analyst_client.get("/events/").context["rows"]) == 25  # for every list
    page = analyst_client.get("/events/?per_page=100")
    assert len(page.context["rows"]) == 32
    assert 'href="?per_page=25"' in page.content.decode()
    assert len(analyst_client.get("/events/").context["rows"]) == 32


def test_a_page_size_off_the_menu_answers_400_with_no_rows(analyst_client, world):
    response = analyst_client.get("/events/?per_page=100000")
    assert response.status_code == 400
    assert "Rows per page" in response.content.decode()
    assert not response.context["rows"]


def test_the_page_size_is_no_filter_of_a_saved_search_or_an_export(analyst_client, world):
    response = analyst_client.get("/events/?per_page=25&export=csv")
    assert response.status_code == 200


@pytest.mark.parametrize("sort", ["speakers", "-relevance", "country;drop", "Country"])
def test_a_sort_off_the_menu_answers_400_saying_so_with_no_rows(analyst_client, world, sort):
    response = analyst_client.get("/statements/", {"sort": sort})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not response.context["rows"]
