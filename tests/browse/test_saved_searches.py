"""Saved searches: an analyst names the current filter and finds it again."""

import pytest

from readouts.models import SavedSearch


def save(client, name, query, list_name="statements"):
    return client.post("/searches/save/", {"name": name, "list_name": list_name, "query": query})


def test_an_analyst_saves_a_search_and_is_sent_to_it(analyst_client, analyst, world):
    response = save(analyst_client, "China on trade", "country=CHN&topic=trade&page=3")
    search = SavedSearch.objects.get(owner=analyst)
    assert search.query == "country=CHN&topic=trade"  # no page, no export
    assert response["Location"] == "/statements/?country=CHN&topic=trade"


def test_saved_searches_show_in_the_menu_and_on_their_page(analyst_client, world):
    save(analyst_client, "China on trade", "country=CHN&topic=trade")
    page = analyst_client.get("/events/").content.decode()
    assert "China on trade" in page
    assert 'href="/statements/?country=CHN&amp;topic=trade"' in page
    listing = analyst_client.get("/searches/")
    assert [s.name for s in listing.context["searches"]] == ["China on trade"]


def test_saving_under_the_same_name_updates_the_search(analyst_client, analyst, world):
    save(analyst_client, "Mine", "country=CHN")
    save(analyst_client, "Mine", "country=RUS")
    assert list(SavedSearch.objects.filter(owner=analyst).values_list("query", flat=True)) == [
        "country=RUS"
    ]


def test_unknown_parameters_are_not_saved(analyst_client, analyst, world):
    save(analyst_client, "Odd", "country=CHN&export=csv&evil=%3Cscript%3E", "events")
    assert SavedSearch.objects.get(owner=analyst).query == "country=CHN"


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "list_name": "events", "query": ""},
        {"name": "x" * 121, "list_name": "events", "query": ""},
        {"name": "ok", "list_name": "admin", "query": ""},
        {"name": "nul\x00", "list_name": "events", "query": ""},
        {"name": "ok", "list_name": "events", "query": "q=" + "a" * 3000},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(analyst_client, world, data):
    response = analyst_client.post("/searches/save/", data)
    assert response.status_code == 400
    assert b"was not saved" in response.content
    assert not SavedSearch.objects.exists()


def test_searches_are_private_to_their_owner(analyst_client, editor, world):
    from django.test import Client

    save(analyst_client, "Mine", "country=CHN")
    search = SavedSearch.objects.get()
    client = Client()
    client.force_login(editor)
    assert "Mine" not in client.get("/events/").content.decode()
    assert client.post(f"/searches/{search.pk}/delete/").status_code == 404
    assert SavedSearch.objects.exists()


def test_the_owner_deletes_a_search(analyst_client, world):
    save(analyst_client, "Mine", "country=CHN")
    search = SavedSearch.objects.get()
    assert analyst_client.get(f"/searches/{search.pk}/delete/").status_code == 405
    assert analyst_client.post(f"/searches/{search.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_saving_needs_a_role_and_a_post(client, outsider, world):
    client.force_login(outsider)
    assert save(client, "x", "").status_code == 403
    assert client.get("/searches/save/").status_code == 403


def test_the_menu_follows_each_change(analyst_client, analyst, world):
    def menu_queries():
        page = analyst_client.get("/events/").content.decode()
        # The menu's entries only (a flash message may name a search too).
        return page.replace(' <span class="muted">', "|"), None

    save(analyst_client, "First", "country=CHN")
    page, _ = menu_queries()
    assert "First|" in page
    save(analyst_client, "Second", "country=RUS")
    page, _ = menu_queries()
    assert "First|" in page and "Second|" in page
    search = SavedSearch.objects.get(name="First")
    search.name = "Renamed"
    search.save()
    assert "Renamed|" in menu_queries()[0]
    analyst_client.post(f"/searches/{search.pk}/delete/")
    page, _ = menu_queries()
    assert "Renamed|" not in page and "Second|" in page
