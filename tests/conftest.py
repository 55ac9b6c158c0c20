"""The cast every test draws on: an anonymous visitor, an outsider (logged in, no role), an
analyst and an editor; and factories for the records they look at."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from readouts.roles import ANALYSTS, EDITORS


def pytest_configure(config):
    # Tests do not run collectstatic: serve static files unhashed, straight from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # For speed: tests log users in by the dozen; a slow hash guards nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test process keeps its cache in memory, emptied before every test (below).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests last, the browser tests the very last: they run on a database that
    is emptied after each of them (its migrated groups and topics too), and the browser tests
    take the longest."""

    def emptying(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=lambda item: ("tests/browser/" in item.nodeid, emptying(item)))


def make_user(username, group=None, **extra):
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-password", **extra)
    if group:
        if not Group.objects.filter(name=group).exists():  # flushed by a transactional test
            from django.contrib.auth.models import Permission

            from readouts.roles import sync_groups

            sync_groups(Group, Permission)
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def outsider(db):
    return make_user("olive")


@pytest.fixture
def analyst(db):
    return make_user("alice", ANALYSTS)


@pytest.fixture
def editor(db):
    return make_user("edgar", EDITORS, is_staff=True)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def world(db):
    from tests.factories import world as build

    return build()
