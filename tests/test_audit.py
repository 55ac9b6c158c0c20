"""Logins are throttled per user name and address (ASVS 2.2.1); logins, failures, lockouts and
exports are kept in the audit trail (ASVS 7.1, 7.2), which only superusers read; and each user
has an hourly export quota."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from readouts.audit import AuditEvent, client_ip, prune

from .conftest import make_user

PASSWORD = "a-long-password"


def log_in(client, username, password, url="/accounts/login/", ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_pause_the_login_even_with_the_right_password(analyst, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "alice", "wrong").status_code == 200
    response = log_in(client, "alice", "wrong")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    # The right password no longer opens the session while the pause lasts.
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_throttled_too(editor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "edgar", "wrong", url="/admin/login/")
    assert log_in(client, "edgar", PASSWORD, url="/admin/login/").status_code == 429


def test_one_attacker_cannot_lock_everyone_out(analyst, settings):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        log_in(attacker, "alice", "wrong", ip="203.0.113.9")
    # Alice, from her own address, still logs in.
    alice = Client()
    assert log_in(alice, "alice", PASSWORD, ip="10.0.0.7").status_code == 302
    # The attacker's address may still try other names.
    make_user("bob")
    assert log_in(attacker, "bob", PASSWORD, ip="203.0.113.9").status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, seen",
    [
        (0, "198.51.100.1", "127.0.0.9"),  # no proxy: a client's header counts for nothing
        (1, "198.51.100.1", "198.51.100.1"),  # what the proxy wrote
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own entry comes first
        (2, "6.6.6.6, 198.51.100.1, 10.1.1.1", "198.51.100.1"),
        (2, "198.51.100.1", "127.0.0.9"),  # too short to be two proxies': the connection's
        (1, "not-an-address", None),
    ],
)
def test_the_client_address_is_the_one_the_proxy_saw(proxies, forwarded, seen, settings, rf):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="127.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == seen


def test_behind_a_proxy_a_forged_header_does_not_dodge_the_throttle(analyst, settings):
    settings.PROXY_COUNT = 1
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "alice", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5",
    )
    assert response.status_code == 429
    # Alice elsewhere is not locked out.
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.77",
    )
    assert response.status_code == 302


def test_an_editor_sees_and_lifts_a_lockout(analyst, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "alice", "wrong")
    editor_client = Client()
    editor_client.force_login(editor)
    page = editor_client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "alice" in page.content.decode()
    attempt = AccessAttempt.objects.get(username="alice")
    response = editor_client.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert log_in(Client(), "alice", PASSWORD).status_code == 302


def test_analysts_cannot_reach_the_lockouts(analyst_client):
    assert analyst_client.get("/admin/axes/accessattempt/").status_code == 302


def test_logins_failures_and_lockouts_are_recorded(analyst, settings):
    client = Client()
    log_in(client, "alice", PASSWORD)
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", "wrong", ip="198.51.100.4")
    log_in(client, "nobody-such", "wrong")
    actions = list(AuditEvent.objects.order_by("at", "id").values_list("action", "username"))
    assert actions[:2] == [("login", "alice"), ("logout", "alice")]
    assert actions.count(("login_failed", "alice")) == settings.AXES_FAILURE_LIMIT
    assert ("lockout", "alice") in actions and ("login_failed", "nobody-such") in actions
    failed = AuditEvent.objects.filter(action="login_failed", username="alice").first()
    assert failed.ip_address == "198.51.100.4" and failed.user is None


def test_an_export_is_recorded_with_its_list_filters_format_and_rows(analyst_client, world):
    response = analyst_client.get("/statements/?country=CHN&export=json")
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.list_name, event.format) == ("alice", "statements", "json")
    assert event.filters == {"country": ["CHN"]}
    assert event.row_count == int(response["X-Export-Row-Count"]) > 0


def test_past_the_hourly_quota_an_export_answers_429(analyst_client, analyst, world, settings):
    settings.EXPORT_QUOTA_PER_HOUR = 3
    for _ in range(3):
        assert analyst_client.get("/events/?export=csv").status_code == 200
    response = analyst_client.get("/events/?export=csv")
    assert response.status_code == 429
    assert "You have exported 3 times in the past hour" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600
    assert AuditEvent.objects.filter(action="export").count() == 3  # the refusal is not one
    # An hour on, the quota is free again.
    AuditEvent.objects.update(at=timezone.now() - datetime.timedelta(minutes=61))
    assert analyst_client.get("/events/?export=csv").status_code == 200


def test_only_superusers_read_the_trail_and_nobody_edits_it(editor_client, analyst, world):
    AuditEvent.objects.create(action="login", username="alice")
    assert editor_client.get("/admin/readouts/auditevent/").status_code == 403
    root = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    page = client.get("/admin/readouts/auditevent/")
    assert page.status_code == 200 and "alice" in page.content.decode()
    event = AuditEvent.objects.first()
    assert client.get(f"/admin/readouts/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/readouts/auditevent/add/").status_code == 403


@pytest.mark.parametrize("days", [10, 400])
def test_the_trail_is_kept_for_the_retention_period(db, settings, days):
    settings.AUDIT_RETENTION_DAYS = 365
    event = AuditEvent.objects.create(action="login", username="alice")
    AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - datetime.timedelta(days=days))
    assert prune() == (1 if days > 365 else 0)
    call_command("pruneaudit", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AuditEvent.objects.exists() == (days <= 365)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_name_longer_than_any_accounts_is_refused_before_a_login_is_tried(analyst, url):
    # It went on to the login, whose failure django-axes could not store (a 500).
    response = log_in(Client(), "a" * 300, PASSWORD, url=url)
    assert response.status_code == 200
    assert "at most 150 characters" in " ".join(response.context["form"].errors["username"])
    assert not AccessAttempt.objects.exists()
