"""Personal API tokens: made on the API tokens page or by `manage.py createtoken`, shown once,
kept as a hash, listed with their use and expiry, revoked by their owner only."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from readouts.api.tokens import ApiToken, digest
from tests.conftest import make_user


def test_a_token_is_kept_as_a_hash_only(analyst):
    token, secret = ApiToken.issue(analyst, "notebook", 30)
    assert secret.startswith("rdo_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == digest(secret) and secret not in str(stored.__dict__)
    assert secret.startswith(stored.hint)
    assert (stored.expires_at - timezone.now()).days in (29, 30)
    assert stored.read_only


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_token_lasts_a_day_to_a_year(analyst, days):
    with pytest.raises(ValueError):
        ApiToken.issue(analyst, "x", days)


def test_the_page_shows_a_new_token_once(analyst_client, analyst):
    response = analyst_client.post("/accounts/tokens/", {"name": "R notebook", "days": "90"})
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get(user=analyst)
    secret = page.split('id="new-token">')[1].split("<")[0]
    assert digest(secret) == token.key_hash
    assert "no-store" in response["Cache-Control"]
    again = analyst_client.get("/accounts/tokens/").content.decode()
    assert "R notebook" in again and token.hint in again and secret not in again
    assert "never" in again  # not used yet


@pytest.mark.parametrize(
    "data", [{"name": "", "days": "90"}, {"name": "x", "days": "0"}, {"name": "x", "days": "abc"},
             {"name": "x" * 101, "days": "5"}, {"name": "x", "days": "400"}],
)  # fmt: skip
def test_bad_input_makes_no_token(analyst_client, analyst, data):
    response = analyst_client.post("/accounts/tokens/", data)
    assert response.status_code == 400
    assert "No token was made" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_only_the_owner_revokes_a_token(analyst_client, analyst, editor):
    mine, _ = ApiToken.issue(analyst, "mine", 5)
    theirs, _ = ApiToken.issue(editor, "theirs", 5)
    assert analyst_client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert analyst_client.get(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 405
    response = analyst_client.post(f"/accounts/tokens/{mine.pk}/revoke/")
    assert response.status_code == 302
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.state == "revoked" and theirs.state == "active"
    page = analyst_client.get("/accounts/tokens/").content.decode()
    assert "theirs" not in page and "revoked" in page


def test_the_page_needs_a_login_and_a_role(outsider):
    assert Client().get("/accounts/tokens/").status_code == 302
    client = Client()
    client.force_login(outsider)
    assert client.get("/accounts/tokens/").status_code == 403
    assert client.post("/accounts/tokens/", {"name": "x", "days": "5"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_createtoken_prints_a_working_token(analyst):
    out, err = io.StringIO(), io.StringIO()
    call_command("createtoken", "alice", "--name", "cron", "--days", "7", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=digest(secret))
    assert token.name == "cron" and token.user == analyst
    assert (token.expires_at - timezone.now()) <= datetime.timedelta(days=7)
    assert "cron" in err.getvalue()
    response = Client().get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "args, message",
    [(["nobody"], "No user"), (["olive"], "no role"), (["alice", "--days", "0"], "1 to 365")],
)
def test_createtoken_refuses_what_would_not_work(analyst, outsider, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("createtoken", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()


def test_createtoken_refuses_an_inactive_user(db):
    make_user("gone", "Analysts", is_active=False)
    with pytest.raises(CommandError, match="not active"):
        call_command("createtoken", "gone", stdout=io.StringIO(), stderr=io.StringIO())
