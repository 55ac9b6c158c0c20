"""`make run`'s server stack (scripts/serve.py: nginx in front of gunicorn): slow clients
cannot hold the application's threads, and the client's address the portal records is the
one nginx saw, never one the client wrote into X-Forwarded-For itself."""

import http.client
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

import pytest
from django.conf import settings

from bench.slow_clients import under_attack
from readouts.audit import AuditEvent
from tests.conftest import make_user
from tests.test_two_servers import database_url, free_port, static_root, wait_for

__all__ = ["static_root"]  # a fixture, used by name

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")),
        reason="nginx is not installed (make test installs it as root)",
    ),
]


@pytest.fixture
def stack(static_root, tmp_path):
    """serve.py with one gunicorn worker of two threads: two slow clients would stall it."""
    port, app_port = free_port(), free_port()
    env = dict(
        os.environ,
        PORT=str(port),
        APP_PORT=str(app_port),
        SERVE_STATE=str(tmp_path / "nginx"),
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        DATABASE_URL=database_url(),
        SECRET_KEY=settings.SECRET_KEY,
        DEBUG="0",
        STATIC_ROOT=str(static_root),
    )
    process = subprocess.Popen(
        [sys.executable, "scripts/serve.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("SERVER_LOG", os.devnull), "a"),  # noqa: SIM115
    )
    try:
        wait_for(port)
        wait_for(app_port)
        yield port, app_port
    finally:
        process.terminate()
        process.wait(20)


def test_slow_clients_do_not_hold_up_other_users(stack):
    port, app_port = stack
    times = under_attack(port, connections=8, seconds=4, path="/healthz", timeout=5)
    assert None not in times, times
    assert max(times) < 2, times
    # The same attack on gunicorn alone stalls it: what nginx is there for.
    times = under_attack(app_port, connections=8, seconds=3, path="/healthz", timeout=2)
    assert None in times, times


def test_the_address_recorded_is_the_one_nginx_saw(stack):
    port, _ = stack
    make_user("alice")

    def request(method, path, headers, body=None):
        # From another loopback address than nginx's own, so that the two can be told apart.
        conn = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=("127.0.0.2", 0)
        )
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response, response.read().decode()

    response, page = request("GET", "/accounts/login/", {})
    assert response.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    body = urllib.parse.urlencode(
        {"username": "alice", "password": "wrong", "csrfmiddlewaretoken": token}
    )
    response, _ = request(
        "POST",
        "/accounts/login/",
        {
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": "6.6.6.6",  # forged by the client
        },
        body,
    )
    assert response.status == 200
    failed = AuditEvent.objects.get(action="login_failed", username="alice")
    assert failed.ip_address == "127.0.0.2"
