"""Settings read from the environment fail loudly on nonsense."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import settings as portal_settings


@pytest.mark.parametrize("raw, expected", [("1", True), ("yes", True), ("off", False), ("", None)])
def test_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert portal_settings.env_bool("SOME_FLAG", None) is expected


def test_a_nonsense_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be a boolean"):
        portal_settings.env_bool("DEBUG", False)


@pytest.mark.parametrize("raw", ["eighty", "0", "70000"])
def test_a_nonsense_port_fails_loudly(monkeypatch, raw):
    monkeypatch.setenv("PORT", raw)
    with pytest.raises(ImproperlyConfigured, match="PORT"):
        portal_settings.env_int("PORT", 8000, 1, 65535)


def test_an_empty_host_in_a_list_fails_loudly(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org,,")
    with pytest.raises(ImproperlyConfigured):
        portal_settings.env_list("ALLOWED_HOSTS", [])


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h", "not a url at all"])
def test_database_url_must_be_postgresql_with_a_name(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ImproperlyConfigured):
        portal_settings.database_config()


def test_a_socket_path_in_the_database_url_is_read(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://me@%2Fvar%2Frun%2Fpostgresql:5432/readouts")
    config = portal_settings.database_config()
    assert (config["HOST"], config["NAME"], config["USER"]) == (
        "/var/run/postgresql",
        "readouts",
        "me",
    )


def test_a_short_secret_key_fails_loudly(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        portal_settings.secret_key(debug=False)
