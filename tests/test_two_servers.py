"""Two app servers on one database, each with its own cache (or both on one Redis): a change
made through one shows on the other at its next request, counts included, because cached
counts are keyed by the data version PostgreSQL keeps; and a user deactivated through one is
logged out on the other, because no server keeps users between requests."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from readouts.roles import EDITORS
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered on port {port}")


def database_url():
    """The URL of the database the tests run on, for the servers."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = urllib.parse.quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The static files as `make run` collects them (the servers run with DEBUG off)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=dict(os.environ, STATIC_ROOT=str(root), DEBUG="0", SECRET_KEY=settings.SECRET_KEY),
        check=True,
    )
    return root


@pytest.fixture
def redis_url():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (make test installs it as root)")
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
    )
    wait_for(port)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


class Server:
    """gunicorn serving the portal as `make run` does, on a port of its own."""

    def __init__(self, static_root, cache_url=""):
        self.port = free_port()
        env = dict(
            os.environ,
            DATABASE_URL=database_url(),
            SECRET_KEY=settings.SECRET_KEY,
            DEBUG="0",
            STATIC_ROOT=str(static_root),
            CACHE_URL=cache_url,
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "2",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=env,
            stderr=open(os.environ.get("SERVER_LOG", os.devnull), "a"),  # noqa: SIM115
        )
        wait_for(self.port)

    def request(self, method, path, cookies, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body, doseq=True)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def session_of(user):
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def admin_post(server, cookies, path, data):
    """A form of the admin sent as a browser sends it: its CSRF token first."""
    status, page = server.request("GET", path, cookies)
    assert status == 200, (path, status)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookies = {**cookies, "csrftoken": token}
    return server.request("POST", path, cookies, {**data, "csrfmiddlewaretoken": token})


def shown(page):
    """The list's total and its topic facet, as the page writes them."""
    total = re.search(r'<p class="count"[^>]*>\s*(\d+) statements?', page).group(1)
    topics = dict(re.findall(
        r'<span class="facet-label">(?:✓ )?([^<]+)</span> <span class="facet-count">(\d+)</span>',
        page[page.index('id="facet-topic"'):page.index("</section>", page.index('id="facet-topic"'))],
    ))  # fmt: skip
    return int(total), topics


@pytest.mark.parametrize("shared", [False, True], ids=["own-caches", "one-redis"])
def test_what_one_server_changes_the_other_shows_at_its_next_request(
    world, analyst, static_root, shared, request
):
    cache_url = request.getfixturevalue("redis_url") if shared else ""
    superuser = make_user("root", is_staff=True, is_superuser=True)
    editor = make_user("eddie", EDITORS, is_staff=True)
    first, second = Server(static_root, cache_url), Server(static_root, cache_url)
    try:
        reader = session_of(analyst)
        list_path = "/statements/?country=CHN"
        status, page = second.request("GET", list_path, reader)
        assert status == 200
        assert shown(page) == (1, {"Trade": "1"})
        second.request("GET", list_path, reader)  # counted, kept in the second's cache

        # An editor publishes the draft event through the first server's admin.
        draft = world["draft"]
        status, _ = admin_post(first, session_of(editor), "/admin/readouts/event/", {
            "action": "publish", "_selected_action": [draft.pk], "index": "0",
        })  # fmt: skip
        assert status == 302
        status, page = second.request("GET", list_path, reader)
        assert status == 200
        assert shown(page) == (2, {"Trade": "2"})
        assert "A draft statement about trade." in page

        # A superuser deactivates the analyst through the first server's admin.
        analyst.refresh_from_db()
        path = f"/admin/auth/user/{analyst.pk}/change/"
        status, _ = admin_post(
            first,
            session_of(superuser),
            path,
            {
                "username": analyst.username,
                "email": analyst.email,
                "first_name": "",
                "last_name": "",
                "groups": [g.pk for g in analyst.groups.all()],
                "date_joined_0": analyst.date_joined.strftime("%Y-%m-%d"),
                "date_joined_1": analyst.date_joined.strftime("%H:%M:%S"),
            },
        )  # fmt: skip (is_active left out: unticked)
        assert status == 302
        analyst.refresh_from_db()
        assert not analyst.is_active
        status, _ = second.request("GET", list_path, reader)
        assert status == 302  # to the login page
    finally:
        first.stop()
        second.stop()
