"""A load test against `make run`: ANALYSTS analysts read, search and export for SECONDS while
EDITORS editors save records in the admin and a slow-client attack runs, then the database is
checked for lost updates and for exactly the statements written.

    make run PORT=8300 &                      # the portal as it is served, nginx in front
    python3 bench/load.py 8300 [--seconds 60] [--analysts 32] [--editors 2] [--slow 12]
                               [--generate EVENTS,STATEMENTS] [--out FILE]

- Users: `manage.py createuser --update` makes (or resets) one analyst account per analyst
  thread (load-analyst-01, ...) and one editor per editor thread, with a random password; each
  logs in through the login form, CSRF token and all. One account per analyst is what 32
  analysts are, and keeps each under the hourly export quota (EXPORT_QUOTA_PER_HOUR) without
  changing the server's settings.
- Analysts loop without pause over a weighted mix (MIX): the statement list with filters, the
  event list, full-text searches, event and statement pages, actor and topic pages, two
  readouts compared, and CSV, JSON and XLSX exports of filtered lists. Anything but a 200 is
  an error, and so is a request that takes longer than --timeout.
- Editors: each has an event of its own, and all share one more. Each opens the admin change
  form of its own event (or, one time in three, the shared one), waits a moment, gives it a new
  title with a counter, half the time adds a statement in the inline form, and saves what the
  browser would send, the form's hidden `version` field included (readouts/admin_locking.py).
  A save answers 302 (saved) or the form again with "Nothing was saved" (refused as stale: the
  other editor saved the shared event meanwhile); anything else is an error.
- The attack: bench/slow_clients.py's slow clients, --slow connections, each opened again when
  nginx closes it (client_header_timeout), for the whole run.
- After: each event's history must be the chain of successful saves, each opened on the version
  the one before it wrote (a save over a version it had not seen is a lost update); the final
  title the last save's; the statements counted before plus those added equal the count after.

The database is reached through `manage.py shell` with DATABASE_URL (or the project's own
PostgreSQL, scripts/localpg.py). Standard library only; prints Markdown. docs/load.md has the
method and the latest figures.
"""

import argparse
import contextlib
import datetime
import html.parser
import http.client
import json
import os
import platform
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ is on the path, not the project
from bench.slow_clients import slow_client  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"

# What an analyst does, and how often (weights).
MIX = {
    "statement list": 18,
    "event list": 10,
    "search": 14,
    "event detail": 12,
    "statement detail": 10,
    "actor": 6,
    "topic": 6,
    "compare": 5,
    "home": 3,
    "export csv": 7,
    "export json": 5,
    "export xlsx": 4,
}
SEARCH_WORDS = [
    "trade", "security", "cooperation", "Ukraine", "energy", "climate", "nuclear", "sanctions",
    '"strategic partnership"', "investment -trade", "peace or ceasefire", "Taiwan", "visit",
]  # fmt: skip
STALE = "Nothing was saved"


# --- The database, through manage.py ------------------------------------------------------


def database_env():
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        url = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "localpg.py"), "url"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        env["DATABASE_URL"] = url
    return env


def django(code, **args):
    """Run `code` in `manage.py shell` with ARGS (a dict) and return the JSON it prints last."""
    program = f"import json\nARGS = json.loads({json.dumps(json.dumps(args))})\n{code}"
    done = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", program],
        cwd=ROOT, env=database_env(), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"load: manage.py shell failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


SETUP = """
import io, os
from datetime import date
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.contrib.auth import get_user_model
from readouts.models import Actor, Event, Publisher, Statement, Topic

os.environ["PORTAL_USER_PASSWORD"] = ARGS["password"]
for name, role in ARGS["users"]:
    call_command("createuser", name, role=role, update=True, stdout=io.StringIO())
events = {}
for key in ARGS["events"]:
    event, _ = Event.objects.get_or_create(
        summary=f"bench/load.py: {key}",
        defaults={"title": f"Load test: {key}", "occurred_on": date.today(), "kind": "meeting",
                  "status": "published"},
    )
    # What earlier runs added, so that the change form stays the same size from run to run.
    event.statements.all().delete()
    events[key] = event.pk
# What an analyst may open: what they could not would answer 404.
analyst = get_user_model().objects.get(username=ARGS["users"][0][0])
public = Event.objects.visible_to(analyst)
statements = Statement.objects.visible_to(analyst)
actors = Actor.objects.visible_to(analyst)
span = statements.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
print(json.dumps({
    "events": events,
    "event_ids": list(public.order_by("?").values_list("pk", flat=True)[:300]),
    "compare_ids": list(public.annotate(n=Count("sources")).filter(n__gte=2)
                        .order_by("?").values_list("pk", flat=True)[:100]),
    "statement_ids": list(statements.order_by("?").values_list("pk", flat=True)[:300]),
    "people": list(actors.filter(kind="person").order_by("?").values_list("slug", flat=True)[:100]),
    "countries": list(actors.filter(kind="country").exclude(code="")
                      .order_by("?").values_list("code", flat=True)[:40]),
    "country_slugs": list(actors.filter(kind="country").values_list("slug", flat=True)[:40]),
    "topics": list(Topic.objects.visible_to(analyst).values_list("slug", flat=True)[:60]),
    "publishers": list(Publisher.objects.visible_to(analyst).values_list("slug", flat=True)[:20]),
    "years": [span["first"].year, span["last"].year] if span["first"] else [2020, 2024],
    "event_count": Event.objects.count(),
    "statement_count": Statement.objects.count(),
}))
"""

AFTER = """
from readouts.models import Event, Statement

result = {"events": {}}
for key, pk in ARGS["events"].items():
    event = Event.objects.get(pk=pk)
    history = event.history.order_by("history_date", "history_id")
    result["events"][key] = {
        "title": event.title,
        "history": [
            [h.title, h.updated_at.isoformat(), h.history_user.username if h.history_user else ""]
            for h in history
        ],
    }
result["event_count"] = Event.objects.count()
result["statement_count"] = Statement.objects.count()
result["added"] = sorted(
    Statement.objects.filter(text__startswith=ARGS["marker"]).values_list("text", flat=True)
)
print(json.dumps(result))
"""

GENERATE = """
from readouts.devdata.generate import generate
from readouts.models import Event, Statement

events = max(0, ARGS["events"] - Event.objects.count())
statements = max(0, ARGS["statements"] - Statement.objects.count())
if events or statements:
    generate(max(events, 1), statements, seed=int(ARGS["seed"]))
print(json.dumps({"events": Event.objects.count(), "statements": Statement.objects.count()}))
"""


# --- HTTP ----------------------------------------------------------------------------------


class Browser:
    """One user's connection (kept alive) and cookies."""

    def __init__(self, port, timeout):
        self.port, self.timeout, self.cookies, self.conn = port, timeout, {}, None

    def request(self, method, path, body=None, headers=None):
        """(status, body bytes, response) of one request; the connection is opened again when
        the server closed it between requests."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server had closed: once more on a new one.
                self.close()
                if attempt == 2:
                    raise
                continue
            except BaseException:
                self.close()
                raise
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.close()
            return response.status, data, response
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def post_form(self, path, fields):
        body = urllib.parse.urlencode(fields, doseq=True)
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def login(self, username, password):
        status, page, _ = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise SystemExit(f"load: no login form ({status})")
        fields = {"username": username, "password": password}
        status, _, response = self.post_form(
            "/accounts/login/", {**fields, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"load: could not log in as {username} ({status})")
        return self


class ChangeForm(html.parser.HTMLParser):
    """What a browser sends back from an admin change form, untouched (as in
    tests/test_admin_locking.py)."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id", "").endswith("_form")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value", "")])
        elif not self.inside or "name" not in attrs or "__prefix__" in attrs["name"]:
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "checkbox", "radio"):
            self.fields.append([attrs["name"], attrs.get("value", "")])
        elif tag == "input" and "checked" in attrs:
            self.fields.append([attrs["name"], attrs.get("value", "on")])
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data


def form_fields(page):
    parser = ChangeForm()
    parser.feed(page.decode())
    return [tuple(pair) for pair in parser.fields]


def replaced(fields, name, value):
    return [(k, value if k == name else v) for k, v in fields]


def value(fields, name):
    return next((v for k, v in fields if k == name), None)


# --- The users -----------------------------------------------------------------------------


class Recorder:
    """Every request's kind, status and time; errors with what they were."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)

    def add(self, kind, seconds, error=None):
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def analyst_path(kind, pool, rng):
    """A URL of `kind` an analyst would open, with filters drawn from the data."""
    first, last = pool["years"]
    year = rng.randint(first, last)

    def some(name, values, k=1):
        return [(name, v) for v in rng.sample(values, min(k, len(values)))] if values else []

    def statement_filters():
        options = [
            some("country", pool["countries"], rng.choice((1, 1, 2))),
            [("date_after", f"{year}-01-01")],
            some("topic", pool["topics"]),
            [("kind", rng.choice(("phone_call", "meeting", "visit", "multilateral")))],
            some("speaker", pool["people"]),
            some("publisher", pool["publishers"]),
        ]
        chosen = [pair for group in rng.sample(options, rng.randint(1, 3)) for pair in group]
        return chosen + [("sort", rng.choice(("-date", "date", "speaker")))]

    if kind == "statement list":
        query = statement_filters()
        if rng.random() < 0.3:
            query.append(("page", 2))
        return "/statements/?" + urllib.parse.urlencode(query)
    if kind == "event list":
        options = [
            some("country", pool["countries"]),
            [("kind", rng.choice(("phone_call", "meeting", "visit", "video_call")))],
            [("date_after", f"{year}-01-01"), ("date_before", f"{year}-12-31")],
            some("topic", pool["topics"]),
        ]
        query = [pair for group in rng.sample(options, rng.randint(0, 2)) for pair in group]
        query.append(("sort", rng.choice(("-date", "date", "title"))))
        return "/events/?" + urllib.parse.urlencode(query)
    if kind == "search":
        words = rng.choice(SEARCH_WORDS)
        if rng.random() < 0.25:
            return "/events/?" + urllib.parse.urlencode({"q": words})
        query = [("q", words)] + (some("country", pool["countries"]) if rng.random() < 0.3 else [])
        return "/statements/?" + urllib.parse.urlencode(query)
    if kind == "event detail":
        return f"/events/{rng.choice(pool['event_ids'])}/"
    if kind == "statement detail":
        return f"/statements/{rng.choice(pool['statement_ids'])}/"
    if kind == "actor":
        if rng.random() < 0.6 and pool["people"]:
            return f"/actors/{rng.choice(pool['people'])}/"
        return f"/actors/{rng.choice(pool['country_slugs'])}/"
    if kind == "topic":
        return f"/topics/{rng.choice(pool['topics'])}/"
    if kind == "compare":
        return f"/events/{rng.choice(pool['compare_ids'] or pool['event_ids'])}/compare/"
    if kind == "home":
        return "/"
    if kind.startswith("export"):
        fmt = kind.split()[1]
        if rng.random() < 0.5:
            query = some("country", pool["countries"]) + [("date_after", f"{year}-01-01")]
            return "/statements/?" + urllib.parse.urlencode([*query, ("export", fmt)])
        query = [("date_after", f"{year}-01-01"), ("date_before", f"{year}-12-31")]
        return "/events/?" + urllib.parse.urlencode([*query, ("export", fmt)])
    raise ValueError(kind)


def analyst(browser, pool, recorder, stop, seed):
    rng = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    while not stop.is_set():
        kind = rng.choices(kinds, weights)[0]
        path = analyst_path(kind, pool, rng)
        started = time.perf_counter()
        try:
            status, _, _ = browser.request("GET", path)
            error = None if status == 200 else f"{status} {path}"
        except TimeoutError:
            error = f"timeout {path}"
        except OSError as exc:
            error = f"{type(exc).__name__} {path}"
        recorder.add(kind, time.perf_counter() - started, error)


class Editor:
    """Saves in the admin, and what came of each."""

    def __init__(self, name, browser, own, shared, marker):
        self.name, self.browser, self.own, self.shared = name, browser, own, shared
        self.marker = marker
        self.saved = []  # (event key, title, the version it was opened on, statement text)
        self.stale = 0
        self.attempts = 0

    def run(self, recorder, stop, seed):
        rng = random.Random(seed)
        while not stop.is_set():
            key, pk = self.shared if rng.random() < 1 / 3 else self.own
            url = f"/admin/readouts/event/{pk}/change/"
            started = time.perf_counter()
            try:
                status, page, _ = self.browser.request("GET", url)
            except OSError as exc:
                recorder.add("admin form", time.perf_counter() - started, f"{exc!r} {url}")
                continue
            recorder.add(
                "admin form",
                time.perf_counter() - started,
                None if status == 200 else f"{status} {url}",
            )
            if status != 200:
                continue
            fields = form_fields(page)
            stop.wait(rng.uniform(0.1, 0.6))  # the editor types
            self.attempts += 1
            n = self.attempts
            title = f"{self.marker} {key}: {self.name} save {n}"
            fields = replaced(fields, "title", title)
            text = None
            if rng.random() < 0.5:
                total = int(value(fields, "statements-TOTAL_FORMS"))
                text = f"{self.marker} statement by {self.name}, save {n}."
                fields = replaced(fields, "statements-TOTAL_FORMS", str(total + 1))
                prefix = f"statements-{total}-"
                fields += [
                    (prefix + "id", ""), (prefix + "position", str(100 + n)), (prefix + "status", "published"),
                    (prefix + "mode", "reported"), (prefix + "text", text),
                    (prefix + "event", str(pk)), (prefix + "cue", ""), (prefix + "version", ""),
                ]  # fmt: skip
            fields.append(("_save", "Save"))
            started = time.perf_counter()
            try:
                status, page, _ = self.browser.post_form(url, fields)
            except OSError as exc:
                recorder.add("admin save", time.perf_counter() - started, f"{exc!r} {url}")
                continue
            seconds = time.perf_counter() - started
            if status == 302:
                self.saved.append((key, title, value(fields, "version"), text))
                recorder.add("admin save", seconds)
            elif status == 200 and STALE.encode() in page:
                self.stale += 1
                recorder.add("admin save", seconds)
            else:
                found = re.findall(rb'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
                why = b" | ".join(found)[:300].decode(errors="replace")
                recorder.add("admin save", seconds, f"{status} {url} {why}")


def slow_attack(port, connections, stop):
    """`connections` slow clients for as long as the run lasts: nginx closes each after its
    client_header_timeout, and it comes back. Returns the threads and a count of connections."""
    opened = [0]
    lock = threading.Lock()

    def one():
        while not stop.is_set():
            with lock:
                opened[0] += 1
            slow_client(port, stop)
            stop.wait(0.2)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    return threads, opened


# --- The figures ---------------------------------------------------------------------------


def percentile(ordered, share):
    """Nearest rank."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def row(kind, times, errors, seconds):
    ordered = sorted(times)
    ms = [percentile(ordered, p) * 1000 for p in (0.5, 0.95, 0.99)] + [ordered[-1] * 1000]
    cells = [kind, len(ordered), f"{len(ordered) / seconds:.1f}", errors, *(f"{m:.0f}" for m in ms)]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def report(args, recorder, editors, seconds, opened, before, after, setup, load, cpu):
    lines = [
        f"# Load test {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"    {' '.join(['python3', 'bench/load.py', *sys.argv[1:]])}",
        "",
        f"Against `make run` on 127.0.0.1:{args.port} (nginx in front of gunicorn), "
        f"{args.analysts} analysts (one account each, no pause between requests), "
        f"{len(editors)} editors, {args.slow} slow clients; {seconds:.1f} s; "
        f"{before['event_count']:,} events and {before['statement_count']:,} statements at the "
        f"start. Machine: {os.cpu_count()} cores ({platform.machine()}), load average "
        f"{load[0]:.2f} before and {load[1]:.2f} at the end; its CPU {cpu.pop('busy'):.0%} busy "
        "during the run, in shares of all its cores: "
        + ", ".join(f"{part} {share:.0%}" for part, share in cpu.items())
        + " (the rest: other programs on the machine).",
        "",
        "| kind | requests | per s | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    analyst_times, errors = [], 0
    for kind in MIX:
        times = recorder.times.get(kind, [])
        if times:
            lines.append(row(kind, times, len(recorder.errors[kind]), seconds))
            analyst_times += times
            errors += len(recorder.errors[kind])
    lines.append(row("**all analysts**", analyst_times, errors, seconds))
    for kind in ("admin form", "admin save"):
        if recorder.times.get(kind):
            lines.append(row(kind, recorder.times[kind], len(recorder.errors[kind]), seconds))
    saved = sum(len(e.saved) for e in editors)
    stale = sum(e.stale for e in editors)
    attempts = sum(e.attempts for e in editors)
    added = [e_saved[3] for e in editors for e_saved in e.saved if e_saved[3]]
    lines += [
        "",
        f"Editors: {attempts} saves attempted, {saved} saved, {stale} refused as stale, "
        f"{attempts - saved - stale} otherwise; {len(added)} statements added with them.",
        f"Slow clients: {args.slow} at a time, {opened} connections opened in all "
        "(nginx closes each after 10 s of unfinished headers).",
        "",
    ]
    all_errors = [(k, e) for k, es in recorder.errors.items() for e in es]
    if all_errors:
        lines.append("Errors (the first 20):")
        lines += [f"- {kind}: {error}" for kind, error in all_errors[:20]]
        lines.append("")

    checks = []
    total = sum(len(t) for t in recorder.times.values())
    checks.append((not all_errors, f"no errors: {len(all_errors)} of {total} requests"))
    lost = lost_updates(editors, after)
    checks.append((not lost, "no lost update: " + ("; ".join(lost) if lost else
                   f"{saved} saves on {len(setup['events'])} events, each on the version "
                   "the one before wrote, the final title the last save's")))  # fmt: skip
    want = before["statement_count"] + len(added)
    checks.append((
        after["statement_count"] == want and sorted(added) == after["added"],
        f"statements: {before['statement_count']:,} before + {len(added)} added = {want:,}; "
        f"{after['statement_count']:,} after, {len(after['added'])} of them the run's",
    ))  # fmt: skip
    checks.append((
        after["event_count"] == before["event_count"],
        f"events: {before['event_count']:,} before, {after['event_count']:,} after",
    ))  # fmt: skip
    checks.append((saved > 0 and stale > 0, f"the editors' saves went through ({saved}) and "
                   f"were refused when stale ({stale})"))  # fmt: skip
    lines += [f"{'PASS' if ok else 'FAIL'} {text}" for ok, text in checks]
    return "\n".join(lines) + "\n", all(ok for ok, _ in checks)


def lost_updates(editors, after):
    """What is wrong with each event's history: every successful save in it, in the order the
    database took them, each opened on the version the save before it wrote, nothing else of the
    run's in it, and the event's title the last one's."""
    problems = []
    for key, found in after["events"].items():
        saves = {title: opened for e in editors for k, title, opened, _ in e.saved if k == key}
        history = found["history"]
        ours = [i for i, (title, _, _) in enumerate(history) if title in saves]
        stray = [t for t, _, _ in history if t.startswith(editors[0].marker) and t not in saves]
        if len(ours) != len(saves):
            problems.append(f"{key}: {len(saves)} saves, {len(ours)} of them in its history")
        if stray:
            problems.append(f"{key}: {len(stray)} refused saves in its history")
        for i in ours:
            title, _, _ = history[i]
            if i == 0 or history[i - 1][1] != saves[title]:
                problems.append(f"{key}: {title!r} saved over a version it was not opened on")
        if saves and found["title"] != history[-1][0]:
            problems.append(f"{key}: title {found['title']!r}, last saved {history[-1][0]!r}")
        if saves and history[-1][0] not in saves:
            problems.append(f"{key}: the last change is not one of the run's saves")
    return problems


# --- The run -------------------------------------------------------------------------------


def cpu_ticks():
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat (zeros elsewhere)."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def portal_ticks():
    """CPU ticks used so far by the portal's processes (this clone's gunicorn, PostgreSQL and
    nginx, found by their pid files and command lines in /proc), by part."""
    ticks = defaultdict(int)
    parents = {}
    for part, pid_file in (("PostgreSQL", "pg/postmaster.pid"), ("nginx", "nginx/nginx.pid")):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int((ROOT / ".data" / pid_file).read_text().split()[0])] = part
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn").encode()
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit():
            continue
        try:
            stat = (folder / "stat").read_text().rsplit(")", 1)[1].split()
            command = (folder / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue  # gone meanwhile
        pid, ppid, used = int(folder.name), int(stat[1]), int(stat[11]) + int(stat[12])
        if gunicorn in command:
            ticks["gunicorn"] += used
        elif pid in parents or ppid in parents:
            ticks[parents.get(pid) or parents[ppid]] += used
    return ticks


def wait_for(port, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"load: nothing answers /healthz on 127.0.0.1:{port} (make run PORT={port})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int, help="make run's PORT (nginx)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--analysts", type=int, default=32)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument("--slow", type=int, default=12, help="slow-client connections")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for one request")
    parser.add_argument(
        "--generate",
        metavar="EVENTS,STATEMENTS",
        help="first add synthetic data (manage.py generate's) up to this many in all",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="also write the report to this file")
    args = parser.parse_args()
    if not 1 <= args.analysts <= 200 or not 1 <= args.editors <= 20 or args.seconds > 900:
        parser.error("at most 200 analysts, 20 editors and 900 seconds")
    wait_for(args.port)

    if args.generate:
        events, statements = (int(n) for n in args.generate.split(","))
        print(f"load: generating up to {events:,} events, {statements:,} statements", flush=True)
        print(f"load: {django(GENERATE, events=events, statements=statements, seed=args.seed)}")
    run = secrets.token_hex(3)
    marker = f"Load {run}"
    password = secrets.token_urlsafe(18)
    analysts = [f"load-analyst-{i + 1:02d}" for i in range(args.analysts)]
    editors = [f"load-editor-{i + 1}" for i in range(args.editors)]
    keys = [*editors, "shared"]
    users = [(name, "analyst") for name in analysts] + [(name, "editor") for name in editors]
    print(f"load: run {run}: {len(users)} users and {len(keys)} events", flush=True)
    setup = django(SETUP, users=users, password=password, events=keys)

    print("load: logging in", flush=True)
    browsers = {name: Browser(args.port, args.timeout).login(name, password) for name, _ in users}
    recorder, stop = Recorder(), threading.Event()
    shared = ("shared", setup["events"]["shared"])
    workers = [
        Editor(name, browsers[name], (name, setup["events"][name]), shared, marker)
        for name in editors
    ]
    load_before = os.getloadavg()[0]
    attackers, opened = slow_attack(args.port, args.slow, stop)
    time.sleep(1.0)  # the slow clients take their places first
    threads = [
        threading.Thread(
            target=analyst, args=(browsers[name], setup, recorder, stop, args.seed * 1000 + i)
        )
        for i, name in enumerate(analysts)
    ] + [
        threading.Thread(target=e.run, args=(recorder, stop, args.seed * 1000 + 500 + i))
        for i, e in enumerate(workers)
    ]
    print(f"load: {args.seconds:.0f} s of load", flush=True)
    cpu_before, mine_before, portal_before = cpu_ticks(), time.process_time(), portal_ticks()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(args.seconds)
    stop.set()
    for thread in threads:
        thread.join(args.timeout + 5)
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()[0]
    busy, total = (after - before for after, before in zip(cpu_ticks(), cpu_before, strict=True))
    cores_seconds = seconds * (os.cpu_count() or 1)
    cpu = {"busy": busy / total if total else float("nan")}
    hz = os.sysconf("SC_CLK_TCK")
    for part, used in portal_ticks().items():
        cpu[part] = (used - portal_before.get(part, 0)) / hz / cores_seconds
    cpu["this load generator"] = (time.process_time() - mine_before) / cores_seconds
    for thread in attackers:
        thread.join(10)
    for browser in browsers.values():
        browser.close()

    before = {k: setup[k] for k in ("event_count", "statement_count")}
    after = django(AFTER, events=setup["events"], marker=marker)
    text, ok = report(
        args, recorder, workers, seconds, opened[0], before, after, setup,
        (load_before, load_after), cpu,
    )  # fmt: skip
    print(text)
    if args.out:
        Path(args.out).write_text(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
