"""The columns a user shows in each list, kept for their account (issue 20, item 5)."""

import csv
import io

import pytest
from django.test import Client

from readouts.models import ListPreference
from readouts.roles import ANALYSTS
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def save(client, list_name, shown, query=""):
    return client.post(f"/{list_name}/columns/", {"show": shown, "query": query})


def test_an_analyst_hides_a_column_and_the_list_no_longer_writes_it(analyst_client, world):
    page = analyst_client.get("/statements/?country=RUS").content.decode()
    assert '<td class="country">' in page and ">Country</a></th>" in page
    response = save(analyst_client, "statements", ["date", "speaker", "event", "topics"],
                    "country=RUS&sort=speaker")  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/statements/?country=RUS&sort=speaker"  # back where it was
    page = analyst_client.get(response["Location"]).content.decode()
    assert '<td class="country">' not in page and ">Country</a></th>" not in page
    assert '<td class="who">' in page and "Saved your columns of the statement list." in page
    assert ListPreference.objects.get(list_name="statements").hidden_columns == ["country"]
    # Each list has its own columns.
    assert ">Participants</th>" in analyst_client.get("/events/").content.decode()


def test_an_event_list_without_its_counts_and_participants(analyst_client, world):
    save(analyst_client, "events", ["date"])
    page = analyst_client.get("/events/").content.decode()
    assert ">Participants</th>" not in page and '<td class="num">' not in page
    assert '<td class="date">2023-08-07' in page


def test_the_choice_follows_its_user_and_no_one_else(analyst, world):
    mine = Client()
    mine.force_login(analyst)
    save(mine, "statements", ["date"])
    elsewhere = Client()  # another browser, the same person
    elsewhere.force_login(analyst)
    assert '<td class="who">' not in elsewhere.get("/statements/").content.decode()
    other = Client()
    other.force_login(make_user("bob", ANALYSTS))
    assert '<td class="who">' in other.get("/statements/").content.decode()


def test_showing_every_column_again(analyst_client, world):
    save(analyst_client, "statements", [])
    assert '<td class="date">' not in analyst_client.get("/statements/").content.decode()
    save(analyst_client, "statements", ["date", "speaker", "country", "event", "topics"])
    assert ListPreference.objects.get().hidden_columns == []
    assert '<td class="date">' in analyst_client.get("/statements/").content.decode()


@pytest.mark.parametrize("shown", [["date", "password"], ["<script>"], ["participants"]])
def test_a_column_the_list_does_not_have_changes_nothing_and_says_so(analyst_client, world, shown):
    save(analyst_client, "statements", ["date"])
    response = save(analyst_client, "statements", shown, "q=trade")
    assert response["Location"] == "/statements/?q=trade"
    page = analyst_client.get(response["Location"]).content.decode()
    assert "The columns were not changed." in page and "<script>" not in page
    assert ListPreference.objects.get().hidden_columns == ["speaker", "country", "event", "topics"]


def test_the_way_back_is_the_list_and_never_another_site(analyst_client, world):
    response = save(analyst_client, "events", ["date"], "next=https://evil.example/&kind=meeting")
    assert response["Location"].startswith("/events/?")
    response = save(analyst_client, "events", ["date"], "x" * 3000)
    assert response["Location"] == "/events/"


def test_only_a_user_with_a_role_saves_columns_and_only_by_post(client, analyst_client, world):
    assert analyst_client.get("/statements/columns/").status_code == 405
    anonymous = Client()
    response = save(anonymous, "statements", ["date"])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    outsider = Client()
    outsider.force_login(make_user("olive"))
    assert save(outsider, "statements", ["date"]).status_code == 403
    assert not ListPreference.objects.exists()


def test_exports_keep_every_column_whatever_the_list_shows(analyst_client, world):
    save(analyst_client, "statements", [])
    response = analyst_client.get("/statements/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert {"speaker", "side", "topics", "event_title"} <= set(header)


def test_a_list_with_chosen_columns_stays_within_its_query_bound(
    analyst_client, world, django_assert_max_num_queries
):
    save(analyst_client, "statements", ["date", "speaker"])
    with django_assert_max_num_queries(31):
        analyst_client.get("/statements/?country=CHN")
