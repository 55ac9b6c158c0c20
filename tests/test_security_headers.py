"""Headers and session limits that hold on every page (ASVS 3.3, 14.4): the policy against
injected scripts, no cache of what a signed-in user sees, sessions that end."""

import time

import pytest
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import path

from portal.middleware import SEEN_AT, SIGNED_IN_AT

POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


@login_not_required
def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", failing_view)]


@pytest.mark.parametrize(
    "url", ["/", "/statements/", "/admin/", "/admin/readouts/event/", "/no-such-page/"]
)
def test_every_page_carries_the_policy(editor_client, url):
    response = editor_client.get(url)
    assert response["Content-Security-Policy"].startswith(POLICY)
    assert "form-action 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_login_page_and_the_error_page_carry_it_too(db, settings):
    assert Client().get("/accounts/login/")["Content-Security-Policy"].startswith(POLICY)
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert response["Content-Security-Policy"].startswith(POLICY)


@pytest.mark.parametrize("url", ["/", "/statements/", "/statements/?export=csv", "/admin/"])
def test_nothing_a_signed_in_user_sees_is_cached(editor_client, url):
    response = editor_client.get(url)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_passwords_need_twelve_characters_and_not_a_common_one(db):
    with pytest.raises(ValidationError, match="at least 12"):
        validate_password("Tr0ub4dor&3")
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")
    validate_password("correct horse battery")


def age_session(client, signed_in_ago, seen_ago):
    session = client.session
    now = int(time.time())
    session[SIGNED_IN_AT], session[SEEN_AT] = now - signed_in_ago, now - seen_ago
    session.save()


def test_a_session_ends_after_the_idle_period(analyst_client, settings):
    age_session(analyst_client, 3600, settings.SESSION_IDLE_SECONDS + 5)
    response = analyst_client.get("/statements/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # Signed out for good, with a message on the login page.
    page = analyst_client.get(response["Location"])
    assert "Your session has expired" in page.content.decode()
    assert analyst_client.get("/").status_code == 302


def test_a_session_ends_at_its_absolute_lifetime_however_busy(analyst_client, settings):
    age_session(analyst_client, settings.SESSION_ABSOLUTE_SECONDS + 5, 10)
    assert analyst_client.get("/statements/").status_code == 302


def test_an_active_session_goes_on_and_records_the_request(analyst_client, settings):
    age_session(analyst_client, 3600, settings.SESSION_IDLE_SECONDS - 60)
    assert analyst_client.get("/statements/").status_code == 200
    assert time.time() - analyst_client.session[SEEN_AT] < 5
    assert analyst_client.get("/statements/").status_code == 200


def test_signing_in_starts_the_clock(analyst, settings):
    client = Client()
    client.post("/accounts/login/", {"username": analyst.username, "password": "a-long-password"})
    assert time.time() - client.session[SIGNED_IN_AT] < 5
