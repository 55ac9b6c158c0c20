"""Saved searches: an analyst names the current filter and finds it again."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from readouts.models import SavedSearch
from readouts.watch import news
from tests.factories import event, statement


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
    search = SavedSearch.objects.get()
    assert f'href="/searches/{search.pk}/open/"' in page  # opens the list, marking it seen
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
    assert analyst_client.put(f"/searches/{search.pk}/delete/").status_code == 405
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


def test_deleting_asks_first_and_changes_nothing_until_confirmed(analyst_client, world):
    save(analyst_client, "Mine", "country=CHN")
    search = SavedSearch.objects.get()
    listing = analyst_client.get("/searches/").content.decode()
    assert f'href="/searches/{search.pk}/delete/"' in listing  # a link to a page, not a POST
    page = analyst_client.get(f"/searches/{search.pk}/delete/")
    assert page.status_code == 200
    assert "Delete the saved search “Mine”?" in page.content.decode()
    assert SavedSearch.objects.exists()
    assert analyst_client.post(f"/searches/{search.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_confirmation_page_is_private_to_the_owner(analyst_client, editor, world):
    save(analyst_client, "Mine", "country=CHN")
    search = SavedSearch.objects.get()
    other = Client()
    other.force_login(editor)
    assert other.get(f"/searches/{search.pk}/delete/").status_code == 404


def test_the_owner_renames_a_search(analyst_client, world):
    save(analyst_client, "Mine", "country=CHN")
    search = SavedSearch.objects.get()
    response = analyst_client.post(f"/searches/{search.pk}/rename/", {"name": " China "})
    assert response.status_code == 302
    search.refresh_from_db()
    assert search.name == "China"
    assert search.query == "country=CHN"


@pytest.mark.parametrize("name", ["", "x" * 121, "Taken"])
def test_a_bad_or_taken_name_renames_nothing(analyst_client, world, name):
    save(analyst_client, "Taken", "country=RUS")
    save(analyst_client, "Mine", "country=CHN")
    search = SavedSearch.objects.get(name="Mine")
    response = analyst_client.post(f"/searches/{search.pk}/rename/", {"name": name}, follow=True)
    assert "Not renamed" in response.content.decode()
    search.refresh_from_db()
    assert search.name == "Mine"


def test_only_the_owner_renames(analyst_client, editor, world):
    save(analyst_client, "Mine", "country=CHN")
    search = SavedSearch.objects.get()
    other = Client()
    other.force_login(editor)
    assert other.post(f"/searches/{search.pk}/rename/", {"name": "Theirs"}).status_code == 404
    assert other.get(f"/searches/{search.pk}/open/").status_code == 404
    assert analyst_client.get(f"/searches/{search.pk}/rename/").status_code == 405
    search.refresh_from_db()
    assert search.name == "Mine" and search.seen_at is not None


def test_the_filters_read_as_words(analyst_client, world):
    save(analyst_client, "Mine", "country=CHN&country=RUS&topic=ukraine")
    page = analyst_client.get("/searches/").content.decode()
    assert "country China (CHN) or Russia (RUS), topic Ukraine" in page
    assert "country=CHN" not in page.split("<table")[1].split("</table>")[0]
    save(analyst_client, "All", "")
    assert "no filters: every row" in analyst_client.get("/searches/").content.decode()


def test_new_rows_are_counted_since_the_last_visit_and_opening_resets_it(
    analyst_client, analyst, world
):
    search = SavedSearch.objects.create(
        owner=analyst, name="China", list_name="statements", query="country=CHN"
    )
    SavedSearch.objects.filter(pk=search.pk).update(seen_at=timezone.now())
    fresh = event("New call", participants=[(world["wang"], world["chn"])])
    statement(fresh, "A new line.", world["wang"], world["chn"])
    statement(fresh, "Another new line.", world["wang"], world["chn"])
    statement(fresh, "A Russian line.", world["lavrov"], world["rus"])

    menu = analyst_client.get("/events/").content.decode()
    assert '<span class="new-count">2 new</span>' in menu
    listing = analyst_client.get("/searches/").content.decode()
    assert "2 new since your last visit" in listing

    response = analyst_client.get(f"/searches/{search.pk}/open/")
    assert response["Location"] == "/statements/?country=CHN"
    assert "new-count" not in analyst_client.get("/events/").content.decode()


def test_drafts_are_never_counted_as_new_for_an_analyst(analyst_client, analyst, world):
    search = SavedSearch.objects.create(
        owner=analyst, name="China", list_name="statements", query="country=CHN"
    )
    SavedSearch.objects.filter(pk=search.pk).update(seen_at=timezone.now())
    draft = event("Draft", participants=[(world["wang"], world["chn"])], status="draft")
    statement(draft, "Not yet.", world["wang"], world["chn"], status="draft")
    assert "new-count" not in analyst_client.get("/events/").content.decode()


def test_counting_stops_at_the_cap(analyst, world, monkeypatch):
    monkeypatch.setattr(news, "CAP", 2)
    search = SavedSearch.objects.create(
        owner=analyst, name="All", list_name="statements", query="", seen_at=timezone.now()
    )
    SavedSearch.objects.filter(pk=search.pk).update(
        seen_at=timezone.now() - datetime.timedelta(days=1)
    )
    search.refresh_from_db()
    [annotated] = news.annotate(analyst, [search])
    assert annotated.new == 3 and annotated.new_text == "2+ new"


def test_the_count_is_kept_until_the_data_or_the_visit_changes(
    analyst_client, analyst, world, django_assert_max_num_queries
):
    search = SavedSearch.objects.create(
        owner=analyst, name="China", list_name="statements", query="country=CHN"
    )
    analyst_client.get("/events/")
    analyst.has_perm("readouts.change_event")  # the user's permissions, read once per request
    with django_assert_max_num_queries(2):  # the searches and the data version
        news.annotate(analyst, list(SavedSearch.objects.all()))
    analyst_client.get(f"/searches/{search.pk}/open/")
    search.refresh_from_db()
    [again] = news.annotate(analyst, [search])
    assert again.new == 0
