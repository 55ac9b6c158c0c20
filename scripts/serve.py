#!/usr/bin/env python3
"""`make run`'s server: nginx on PORT in front of gunicorn on APP_PORT (PORT + 1 unless set).

gunicorn gives each connection a thread for as long as its request takes to arrive, so a
dozen clients that send a header line every few seconds would hold every thread and the
portal would stop answering. nginx reads each request whole (with timeouts) before passing it
on, and takes the answer as fast as gunicorn writes it, whatever the client's speed: what the
gunicorn documentation asks of a production deployment. Without nginx (and no way to install
it), gunicorn serves on PORT alone, with a warning.

    serve.py                 nginx and gunicorn, until Ctrl-C or SIGTERM stops both
    serve.py --config        print the nginx configuration it would use

Settings from the environment: PORT, APP_PORT, GUNICORN_WORKERS, GUNICORN_THREADS, SERVE_STATE.
Standard library only.
"""

import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# nginx's configuration and pid file (a test gives each of its servers a folder of its own).
STATE = Path(os.environ.get("SERVE_STATE", "") or ROOT / ".data" / "nginx")

CONFIG = """\
# Written by scripts/serve.py at every start.
worker_processes 1;
pid {state}/nginx.pid;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;  # gunicorn logs each request
    server_tokens off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    # A request arrives whole within these, or the connection is closed: a slow client
    # holds a few bytes of nginx's memory, never a gunicorn thread.
    client_header_timeout 10s;
    client_body_timeout 20s;
    send_timeout 60s;
    keepalive_timeout 30s;
    client_max_body_size 30m;  # the admin's readout upload (20 MB) and the form around it

    upstream portal {{
        server 127.0.0.1:{app_port};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # The client's address as nginx saw it, replacing whatever the client sent.
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            # An export may run as long as EXPORT_STATEMENT_TIMEOUT allows.
            proxy_read_timeout 660s;
        }}
    }}
}}
"""


def nginx_binary():
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("serve: installing Debian's nginx, which buffers slow clients", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "nginx-light"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(install, env=env, capture_output=True)
    return shutil.which("nginx") or (os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx")


def temp_folder():
    """nginx's buffers on disk. As root, its workers run as www-data, who may not reach the
    clone: a private folder under /var/tmp then, as localpg.py does for PostgreSQL."""
    if os.geteuid() != 0:
        return STATE / "temp"
    digest = hashlib.sha256(str(STATE).encode()).hexdigest()[:12]
    return Path("/var/tmp") / f"readouts-nginx-{digest}"  # noqa: S108


def write_config(port, app_port):
    STATE.mkdir(parents=True, exist_ok=True)
    temp = temp_folder()
    temp.mkdir(mode=0o700, parents=True, exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        worker = "www-data" if _exists("www-data") else "nobody"
        entry = pwd.getpwnam(worker)
        os.chown(temp, entry.pw_uid, entry.pw_gid)
        user = f"user {worker};"
    text = CONFIG.format(state=STATE, temp=temp, user=user, port=port, app_port=app_port)
    (STATE / "nginx.conf").write_text(text)
    return STATE / "nginx.conf"


def _exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def gunicorn_command(bind):
    venv = Path(sys.executable).parent
    return [
        str(venv / "gunicorn"), "portal.wsgi", "--bind", bind,
        "--workers", os.environ.get("GUNICORN_WORKERS", "3"),
        "--threads", os.environ.get("GUNICORN_THREADS", "4"),
        "--worker-class", "gthread", "--access-logfile", "-", "--graceful-timeout", "10",
    ]  # fmt: skip


def main(argv):
    port = int(os.environ.get("PORT", "8000"))
    app_port = int(os.environ.get("APP_PORT", "") or port + 1)
    nginx = nginx_binary()
    if "--config" in argv:
        print(write_config(port, app_port).read_text())
        return 0
    if not nginx:
        print(
            "serve: nginx is not installed: gunicorn serves alone, and slow clients can hold "
            "its threads. Install nginx, or put a proxy that buffers requests in front "
            "(README, Operations).",
            file=sys.stderr,
        )
        alone = gunicorn_command(f"127.0.0.1:{port}")
        os.execv(alone[0], alone)  # noqa: S606 (a fixed command, no shell)
    config = write_config(port, app_port)
    env = dict(os.environ, BEHIND_PROXY="1")  # the client's address comes from nginx
    children = [
        subprocess.Popen(gunicorn_command(f"127.0.0.1:{app_port}"), cwd=ROOT, env=env),
        subprocess.Popen(
            [nginx, "-p", str(STATE), "-c", str(config), "-e", "stderr", "-g", "daemon off;"]
        ),
    ]

    def stop(signum=None, frame=None):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Whichever stops first (Ctrl-C, a crash), the other is stopped too.
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    stop()
    codes = [child.wait(15) for child in children]
    return next((code for code in codes if code not in (0, -signal.SIGTERM, None)), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
