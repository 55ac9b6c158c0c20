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


def test_check_deploy_is_clean_with_production_values(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = dict(
        base,
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-production-secret-key-0123456789",
        HTTPS="1",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_PRELOAD="1",
        ALLOWED_HOSTS="readouts.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_nonsense_setting_stops_the_start():
    import os
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=dict(os.environ, PAGE_SIZE="lots"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "PAGE_SIZE must be an integer" in result.stderr
