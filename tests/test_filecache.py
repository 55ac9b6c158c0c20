"""The file cache counts its directory now and then, not at every write, and still culls."""

import os

import pytest

from readouts.filecache import FileBasedCache


def make(tmp_path, **options):
    return FileBasedCache(str(tmp_path), {"TIMEOUT": 60, "OPTIONS": options})


def entries(tmp_path):
    return len([f for f in os.listdir(tmp_path) if f.endswith(FileBasedCache.cache_suffix)])


def counting(cache, monkeypatch):
    calls = []
    listing = cache._list_cache_files

    def counted():
        calls.append(1)
        return listing()

    monkeypatch.setattr(cache, "_list_cache_files", counted)
    return calls


def test_the_directory_is_listed_once_every_few_writes_not_at_each(tmp_path, monkeypatch):
    cache = make(tmp_path, MAX_ENTRIES=1000, CULL_EVERY=10)
    listed = counting(cache, monkeypatch)
    for i in range(100):
        cache.set(f"key-{i}", i)
    assert len(listed) == 10
    assert entries(tmp_path) == 100
    assert [cache.get(f"key-{i}") for i in (0, 50, 99)] == [0, 50, 99]


def test_it_culls_as_soon_as_its_own_writes_may_reach_the_limit(tmp_path):
    cache = make(tmp_path, MAX_ENTRIES=30, CULL_FREQUENCY=3, CULL_EVERY=1000)
    for i in range(200):
        cache.set(f"key-{i}", i)
        assert entries(tmp_path) <= 30


def test_writes_of_other_processes_are_caught_at_the_next_count(tmp_path):
    ours = make(tmp_path, MAX_ENTRIES=50, CULL_EVERY=5)
    ours.set("first", 1)  # counted: one entry
    other = make(tmp_path, MAX_ENTRIES=10_000)
    for i in range(200):
        other.set(f"elsewhere-{i}", i)
    for i in range(5):
        ours.set(f"ours-{i}", i)
    assert entries(tmp_path) < 200  # culled within CULL_EVERY writes


@pytest.mark.parametrize("every", [1, 7])
def test_a_cull_frequency_of_zero_empties_the_cache(tmp_path, every):
    cache = make(tmp_path, MAX_ENTRIES=20, CULL_FREQUENCY=0, CULL_EVERY=every)
    for i in range(45):
        cache.set(f"key-{i}", i)
        assert entries(tmp_path) <= 20
    assert entries(tmp_path) == 45 % 20


def test_the_portal_uses_it():
    from django.conf import settings

    from portal import settings as portal_settings

    assert portal_settings.CACHES["default"]["BACKEND"] == "readouts.filecache.FileBasedCache"
    # Of the database DATABASE_URL names (DATABASES itself now names the test database).
    assert portal_settings.CACHES["default"]["KEY_PREFIX"] == portal_settings.cache_namespace(
        portal_settings.database_config()
    )
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")  # tests: in memory


def test_servers_of_two_databases_sharing_its_directory_never_read_each_others_entries(tmp_path):
    from portal.settings import cache_namespace

    ours = {"HOST": "/work/.data/pg", "PORT": "5432", "NAME": "readouts", "USER": "me"}
    bench = dict(ours, NAME="readouts_bench")
    assert cache_namespace(ours) == cache_namespace(dict(ours, USER="someone else"))
    assert len({cache_namespace(ours), cache_namespace(bench),
                cache_namespace(dict(ours, HOST="db.example.org")),
                cache_namespace(dict(ours, PORT="5433"))}) == 4  # fmt: skip

    ours_now = FileBasedCache(str(tmp_path), {"KEY_PREFIX": cache_namespace(ours)})
    bench_now = FileBasedCache(str(tmp_path), {"KEY_PREFIX": cache_namespace(bench)})
    ours_now.set("readouts:data-version", "v1")
    ours_now.set("readouts:user:v1:3", "user 3 of ours")  # a versioned key: kept once read
    assert bench_now.get("readouts:data-version") is None
    assert bench_now.get("readouts:user:v1:3") is None
    bench_now.set("readouts:user:v1:3", "user 3 of the bench")
    assert ours_now.get("readouts:user:v1:3") == "user 3 of ours"
    assert bench_now.get("readouts:user:v1:3") == "user 3 of the bench"
    # Another process of the same server reads what this one wrote.
    again = FileBasedCache(str(tmp_path), {"KEY_PREFIX": cache_namespace(dict(ours))})
    assert again.get("readouts:user:v1:3") == "user 3 of ours"


def test_its_entries_and_djangos_read_each_other(tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache as Django

    ours, theirs = make(tmp_path), Django(str(tmp_path), {"TIMEOUT": 60})
    page = "<li>a rendered fragment</li>\n" * 5000
    ours.set("ours", page)
    theirs.set("theirs", {"facets": [1, 2, 3]})
    assert theirs.get("ours") == page
    assert ours.get("theirs") == {"facets": [1, 2, 3]}
    assert ours.get("missing", "default") == "default"
    ours.set("gone", 1, timeout=-1)
    assert ours.get("gone") is None and not ours.has_key("gone")


def reads(cache, monkeypatch):
    opened = []
    real = open

    def counted(name, *args, **kwargs):
        opened.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counted)
    return opened


def test_an_entry_under_a_versioned_key_is_read_from_its_file_once(tmp_path, monkeypatch):
    cache = make(tmp_path)
    versioned = "readouts:" + "ab" * 32, "readouts:user:v1:7", "template.cache.list-rows.x"
    for key in (*versioned, "readouts:data-version", "django.contrib.sessions.cached_dbx"):
        cache.set(key, {"value of": key})
    opened = reads(cache, monkeypatch)
    for _ in range(3):
        for key in (*versioned, "readouts:data-version", "django.contrib.sessions.cached_dbx"):
            assert cache.get(key) == {"value of": key}
    # Each versioned entry read once; the data version and a session at every get.
    assert len(opened) == len(versioned) + 2 * 3
    cache.delete(versioned[0])
    assert cache.get(versioned[0]) is None
    other = make(tmp_path)  # another process
    other.set("readouts:data-version", "new")
    assert cache.get("readouts:data-version") == "new"


def test_a_kept_entry_expires_as_its_file_would(tmp_path, monkeypatch):
    import time

    cache = make(tmp_path)
    key = "readouts:perms:v1:7:0"
    cache.set(key, "perms", timeout=1)
    assert cache.get(key) == "perms"
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 5)
    assert cache.get(key) is None
    assert cache.get(key, "gone") == "gone"


def test_clearing_the_cache_forgets_what_was_kept(tmp_path):
    cache = make(tmp_path)
    key = "readouts:" + "cd" * 32
    cache.set(key, 1)
    assert cache.get(key) == 1
    cache.clear()
    assert cache.get(key) is None


def test_it_lists_the_entries_django_would_list(tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache as Django

    cache = make(tmp_path / "cache")
    assert cache._list_cache_files() == []  # no directory yet
    for n in range(7):
        cache.set(f"key {n}", n)
    os.mkdir(tmp_path / "cache" / "locks")  # what cache.lock() keeps beside the entries
    (tmp_path / "cache" / "notes.txt").write_text("not an entry")
    listed = cache._list_cache_files()
    assert len(listed) == 7
    assert sorted(listed) == sorted(Django._list_cache_files(cache))
