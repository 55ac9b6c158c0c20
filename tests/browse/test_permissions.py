"""The permission matrix of every URL: anonymous, logged in without a role, analyst, editor."""

import pytest
from django.urls import reverse

LOGIN = "/accounts/login/"


def portal_urls(world):
    call, draft = world["call"], world["draft"]
    return {
        "home": "/",
        "event list": "/events/",
        "event detail": f"/events/{call.pk}/",
        "statement list": "/statements/",
        "statement detail": f"/statements/{world['s1'].pk}/",
        "actor": "/actors/wang-yi/",
        "country": "/actors/china/",
        "topic": "/topics/trade/",
        "event export": "/events/?export=csv",
        "statement export": "/statements/?export=json",
        "password change": "/accounts/password_change/",
        "draft event": f"/events/{draft.pk}/",
        "draft statement": f"/statements/{world['s5'].pk}/",
    }


ADMIN_URLS = [
    "/admin/",
    "/admin/readouts/event/",
    "/admin/readouts/event/add/",
    "/admin/readouts/statement/",
    "/admin/readouts/actor/",
    "/admin/readouts/source/",
    "/admin/readouts/topic/",
]

PAGES = [
    "home",
    "event list",
    "event detail",
    "statement list",
    "statement detail",
    "actor",
    "country",
    "topic",
    "event export",
    "statement export",
]


@pytest.mark.parametrize("name", [*PAGES, "password change", "draft event"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, name):
    url = portal_urls(world)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert b"Wang" not in response.content


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_anonymous_visitors_are_sent_to_the_admin_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_login_page_is_open_to_all(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.parametrize("name", PAGES)
def test_a_user_without_a_role_is_refused(client, outsider, world, name):
    client.force_login(outsider)
    assert client.get(portal_urls(world)[name]).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_analysts_open_every_portal_page(analyst_client, world, name):
    assert analyst_client.get(portal_urls(world)[name]).status_code == 200


@pytest.mark.parametrize("name", ["draft event", "draft statement"])
def test_analysts_do_not_see_drafts(analyst_client, world, name):
    assert analyst_client.get(portal_urls(world)[name]).status_code == 404


@pytest.mark.parametrize("name", [*PAGES, "draft event", "draft statement"])
def test_editors_open_every_portal_page_drafts_included(editor_client, world, name):
    assert editor_client.get(portal_urls(world)[name]).status_code == 200


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_analysts_never_reach_the_admin(analyst_client, db, url):
    response = analyst_client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_editors_use_the_admin(editor_client, db, url):
    assert editor_client.get(url).status_code == 200


def test_editors_cannot_manage_users(editor_client, db):
    assert editor_client.get("/admin/auth/user/").status_code == 403


def test_logout_is_a_post(analyst_client):
    assert analyst_client.get("/accounts/logout/").status_code == 405
    response = analyst_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert analyst_client.get("/").status_code == 302


def test_the_login_form_logs_an_analyst_in(client, analyst):
    response = client.post(LOGIN, {"username": "alice", "password": "a-long-password"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, analyst):
    response = client.post(LOGIN, {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert b"do not match" in response.content


def test_analysts_change_their_password(analyst_client, analyst):
    response = analyst_client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-password",
            "new_password1": "Another-long-pw-42",
            "new_password2": "Another-long-pw-42",
        },
    )
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert analyst.check_password("Another-long-pw-42")


def test_the_admin_link_shows_for_editors_only(analyst_client, editor, client, world):
    assert b'href="/admin/"' not in analyst_client.get("/").content
    client.force_login(editor)
    assert b'href="/admin/"' in client.get("/").content


def test_the_edit_link_shows_for_editors_only(analyst_client, editor, client, world):
    url = f"/events/{world['call'].pk}/"
    assert b"Edit in the admin" not in analyst_client.get(url).content
    client.force_login(editor)
    assert b"Edit in the admin" in client.get(url).content
