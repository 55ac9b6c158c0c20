"""Watching saved searches: a private Atom feed per saved search, and e-mail digests of what
first appeared in it, sent once by `manage.py send_digests`; drafts never in either for an
analyst."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from readouts.choices import Status
from readouts.models import Event, SavedSearch
from readouts.watch.digests import send_due
from tests.factories import event, statement

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def search(analyst, world):
    return SavedSearch.objects.create(
        owner=analyst, name="China", list_name="statements", query="country=CHN"
    )


def feed_of(client, search):
    response = client.post(f"/searches/{search.pk}/feed/")
    assert response.status_code == 302
    search.refresh_from_db()
    return f"/feeds/{search.feed_key}/"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    found = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        found.append(entry.find(f"{ATOM}title").text)
    return found


def test_a_feed_reader_reads_the_search_without_a_login(analyst_client, search, world):
    address = feed_of(analyst_client, search)
    titles = entries(Client().get(address))
    assert titles == ["Wang Yi: Trade reached a new high."]  # the draft's line is not there
    assert "no-store" not in Client().get(address).get("Cache-Control", "")


def test_a_feed_address_is_revoked_or_replaced(analyst_client, search):
    old = feed_of(analyst_client, search)
    new = feed_of(analyst_client, search)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    analyst_client.post(f"/searches/{search.pk}/feed/", {"feed": "off"})
    assert Client().get(new).status_code == 404
    assert Client().get("/feeds/made-up/").status_code == 404


def test_a_disabled_owner_s_feed_is_gone(analyst_client, analyst, search):
    address = feed_of(analyst_client, search)
    analyst.is_active = False
    analyst.save()
    assert Client().get(address).status_code == 404


def test_only_the_owner_changes_a_search_s_watching(editor_client, search):
    assert editor_client.post(f"/searches/{search.pk}/feed/").status_code == 404
    response = editor_client.post(f"/searches/{search.pk}/digest/", {"digest": "daily"})
    assert response.status_code == 404
    search.refresh_from_db()
    assert search.feed_key is None and search.digest == ""


def test_a_digest_needs_an_address_and_a_known_period(analyst_client, analyst, search):
    analyst.email = ""
    analyst.save()
    analyst_client.post(f"/searches/{search.pk}/digest/", {"digest": "daily"})
    search.refresh_from_db()
    assert search.digest == ""
    analyst.email = "alice@example.org"
    analyst.save()
    analyst_client.post(f"/searches/{search.pk}/digest/", {"digest": "hourly"})
    search.refresh_from_db()
    assert search.digest == ""
    analyst_client.post(f"/searches/{search.pk}/digest/", {"digest": "weekly"})
    search.refresh_from_db()
    assert search.digest == "weekly" and search.digest_since is not None


def test_a_digest_is_sent_once_with_what_appeared(analyst_client, search, world):
    analyst_client.post(f"/searches/{search.pk}/digest/", {"digest": "daily"})
    start = timezone.now()
    # After the watch began: a new published statement, and the draft event published (its
    # statement about trade appears then); an edit of an old statement is not news.
    fresh = statement(world["call"], "China welcomes the talks.", world["wang"], world["chn"])
    Event.objects.filter(pk=world["draft"].pk).set_status(Status.PUBLISHED)
    old = world["s1"]
    old.text = "Trade reached a new high, edited."
    old.save()
    assert send_due(now=start + datetime.timedelta(hours=20)) == (0, 0)  # not yet due
    later = start + datetime.timedelta(days=1)
    assert send_due(now=later) == (1, 0)
    assert send_due(now=later) == (0, 0)  # twice: nothing twice
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Readouts: 2 new statements in “China”"
    assert fresh.text in message.body and "A draft statement about trade." in message.body
    assert "edited" not in message.body
    assert f"/statements/{fresh.pk}/" in message.body
    # A day later with nothing new: nothing sent, and the time moves on.
    assert send_due(now=later + datetime.timedelta(days=1)) == (0, 1)
    assert len(mail.outbox) == 1


def test_an_analyst_s_digest_never_holds_a_draft(analyst_client, search, world):
    analyst_client.post(f"/searches/{search.pk}/digest/", {"digest": "daily"})
    hidden = event("Still a draft", datetime.date(2025, 1, 1), status=Status.DRAFT)
    statement(hidden, "A secret line.", world["wang"], world["chn"])
    assert send_due(now=timezone.now() + datetime.timedelta(days=1)) == (0, 1)
    assert mail.outbox == []


def test_the_command_sends_the_due_digests(analyst_client, search, world):
    analyst_client.post(f"/searches/{search.pk}/digest/", {"digest": "weekly"})
    SavedSearch.objects.filter(pk=search.pk).update(
        digest_since=timezone.now() - datetime.timedelta(days=8)
    )
    statement(world["call"], "Another line.", world["wang"], world["chn"])
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert "1 digest(s) sent" in out.getvalue() and len(mail.outbox) == 1
    call_command("send_digests", stdout=out)
    assert len(mail.outbox) == 1


def test_the_saved_searches_page_offers_watching(analyst_client, search):
    page = analyst_client.get("/searches/").content.decode()
    assert "Make a feed" in page and 'name="digest"' in page
