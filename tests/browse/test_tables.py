"""Tables analysts expect: sorting by a column's header, a page size of their choice kept
for their account, and sort labels that say what they do (issue 20, item 5)."""

import pytest
from django.test import Client

from readouts.browse.filters import EventFilterSet
from readouts.choices import Status
from readouts.roles import ANALYSTS
from tests.conftest import make_user
from tests.factories import grow, statement


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


def test_the_page_size_is_chosen_and_kept_for_the_account(analyst_client, analyst, world):
    grow(world, 30)
    assert len(analyst_client.get("/statements/?per_page=25").context["rows"]) == 25
    assert len(analyst_client.get("/statements/").context["rows"]) == 25  # kept
    assert len(analyst_client.get("/events/").context["rows"]) == 25  # for every list
    page = analyst_client.get("/events/?per_page=100")
    assert len(page.context["rows"]) == 32
    assert 'href="?per_page=25"' in page.content.decode()
    assert len(analyst_client.get("/events/").context["rows"]) == 32
    # In another browser the same account finds its choice; another account has its own.
    analyst_client.get("/statements/?per_page=25")
    elsewhere = Client()
    elsewhere.force_login(analyst)
    assert len(elsewhere.get("/events/").context["rows"]) == 25
    other = Client()
    other.force_login(make_user("bea", ANALYSTS))
    assert len(other.get("/events/").context["rows"]) == 32  # 50 a page


def test_a_page_size_off_the_menu_answers_400_with_no_rows(analyst_client, world):
    response = analyst_client.get("/events/?per_page=100000")
    assert response.status_code == 400
    assert "Rows per page" in response.content.decode()
    assert not response.context["rows"]


def test_the_page_size_is_no_filter_of_a_saved_search_or_an_export(analyst_client, world):
    response = analyst_client.get("/events/?per_page=25&export=csv")
    assert response.status_code == 200


def test_the_statement_headers_sort_by_date_speaker_and_country(analyst_client, world):
    page = analyst_client.get("/statements/?country=RUS&country=USA").content.decode()
    # Newest first by default: Date says so; the other headers sort on a first click.
    query = "country=RUS&amp;country=USA"
    assert f'aria-sort="descending"><a href="?{query}&amp;sort=date"' in page
    assert f'<th scope="col"><a href="?{query}&amp;sort=speaker"' in page
    assert f'<th scope="col"><a href="?{query}&amp;sort=country"' in page
    assert "by relevance" not in page  # no search, no relevance
    response = analyst_client.get("/statements/?country=RUS&country=USA&sort=country")
    page = response.content.decode()
    assert f'aria-sort="ascending"><a href="?{query}&amp;sort=-country"' in page
    sides = [row["side_code"] for row in response.context["rows"]]
    assert sides == ["RUS", "USA"]
    response = analyst_client.get("/statements/?sort=-speaker")
    assert 'aria-sort="descending"><a href="?sort=speaker"' in response.content.decode()
    speakers = [row["speaker_name"] or "Both sides" for row in response.context["rows"]]
    assert speakers == ["Wang Yi", "Sergey Lavrov", "Both sides", "Antony Blinken"]


def test_with_a_search_the_statements_sort_by_relevance_until_a_header_says_otherwise(
    analyst_client, world
):
    page = analyst_client.get("/statements/?q=ukraine").content.decode()
    relevance = 'aria-sort="other">Statement <span class="muted">·</span> <a href="?q=ukraine'
    assert relevance + '&amp;sort=relevance"' in page
    assert '<th scope="col"><a href="?q=ukraine&amp;sort=-date" class="sort-header">Date' in page
    page = analyst_client.get("/statements/?q=ukraine&sort=speaker").content.decode()
    assert 'aria-sort="other"' not in page
    assert 'aria-sort="ascending"><a href="?q=ukraine&amp;sort=-speaker"' in page


@pytest.mark.parametrize("sort", ["speakers", "-relevance", "country;drop", "Country"])
def test_a_sort_off_the_menu_answers_400_saying_so_with_no_rows(analyst_client, world, sort):
    response = analyst_client.get("/statements/", {"sort": sort})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not response.context["rows"]


def test_the_events_sort_by_the_statements_their_reader_may_see(analyst_client, editor, world):
    statement(world["meeting"], "Not yet checked.", status=Status.DRAFT)
    statement(world["meeting"], "Not yet checked either.", status=Status.DRAFT)
    page = analyst_client.get("/events/").content.decode()
    assert '<th scope="col" class="num"><a href="?sort=-statements"' in page
    response = analyst_client.get("/events/?sort=-statements")
    assert 'aria-sort="descending"><a href="?sort=statements"' in response.content.decode()
    counts = [(row["title"], row["statement_total"]) for row in response.context["rows"]]
    assert counts == [
        ("Wang Yi holds phone talks with Sergey Lavrov", 3),
        ("Blinken meets Lavrov", 1),
    ]
    # An editor counts the drafts too.
    editor_client = Client()
    editor_client.force_login(editor)
    response = editor_client.get("/events/?sort=statements")
    counts = [(row["title"], row["statement_total"]) for row in response.context["rows"]]
    assert counts == [
        ("Draft call, not yet checked", 1),
        ("Blinken meets Lavrov", 3),  # equals: the newer record first
        ("Wang Yi holds phone talks with Sergey Lavrov", 3),
    ]
