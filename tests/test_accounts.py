"""Accounts as Django keeps them, read at every request: a change of role or of the user row
(deactivation, password, deletion) takes effect at the user's next request, however it was
made."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from readouts.choices import Status
from readouts.roles import ANALYSTS, EDITORS

pytestmark = pytest.mark.django_db


def test_a_user_deactivated_in_sql_is_out_at_the_next_request(analyst_client, analyst, world):
    # No signal sees this: Django reads the user at every request, nothing is kept between.
    assert analyst_client.get("/events/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auth_user SET is_active = false WHERE id = %s", [analyst.pk])
    assert analyst_client.get("/events/").status_code == 302


def test_a_role_removed_in_sql_takes_effect_at_the_next_request(analyst_client, analyst, world):
    assert analyst_client.get("/events/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auth_user_groups WHERE user_id = %s", [analyst.pk])
    assert analyst_client.get("/events/").status_code == 403


def test_losing_the_role_takes_effect_at_once(analyst_client, analyst, world):
    assert analyst_client.get("/events/").status_code == 200
    analyst.groups.clear()
    assert analyst_client.get("/events/").status_code == 403


def test_gaining_a_role_takes_effect_at_once(client, outsider, world):
    client.force_login(outsider)
    assert client.get("/events/").status_code == 403
    outsider.groups.add(Group.objects.get(name=ANALYSTS))
    assert client.get("/events/").status_code == 200


def test_a_groups_permissions_changing_takes_effect_at_once(analyst_client, world):
    assert analyst_client.get("/events/").status_code == 200
    analysts = Group.objects.get(name=ANALYSTS)
    analysts.permissions.remove(Permission.objects.get(codename="view_event"))
    assert analyst_client.get("/events/").status_code == 403


def test_becoming_an_editor_shows_the_drafts_at_once(analyst_client, analyst, world):
    from tests.factories import event

    draft = event("A draft only editors see", status=Status.DRAFT)
    assert analyst_client.get(f"/events/{draft.pk}/").status_code == 404
    analyst.groups.add(Group.objects.get(name=EDITORS))
    assert analyst_client.get(f"/events/{draft.pk}/").status_code == 200


def test_a_deactivated_user_has_no_permission(analyst_client, analyst, world):
    assert analyst_client.get("/events/").status_code == 200
    analyst.is_active = False
    analyst.save()
    # An inactive user is logged out by Django's session check; the permission is gone too.
    assert analyst.has_perm("readouts.view_event") is False


def test_a_deactivated_user_is_out_at_the_next_request(analyst_client, analyst, world):
    assert analyst_client.get("/events/").status_code == 200
    analyst.is_active = False
    analyst.save()
    response = analyst_client.get("/events/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_password_ends_the_sessions_at_the_next_request(analyst_client, analyst, world):
    assert analyst_client.get("/events/").status_code == 200
    analyst.set_password("a whole new passphrase 42")
    analyst.save()
    response = analyst_client.get("/events/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deleted_user_is_out_at_the_next_request(analyst_client, analyst, world):
    assert analyst_client.get("/events/").status_code == 200
    analyst.delete()
    response = analyst_client.get("/events/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_changed_name_shows_at_the_next_request(analyst_client, analyst, world):
    analyst_client.get("/events/")
    analyst.username = "renamed-analyst"
    analyst.save()
    assert "renamed-analyst" in analyst_client.get("/events/").content.decode()
