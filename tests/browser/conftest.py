"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

On failure, the page's screenshot and HTML are kept in tests/browser/artifacts/."""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are
# still plain synchronous calls between page actions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).parent / "artifacts"
PASSWORD = "a-long-password"


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium).")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "accept_downloads": True,
        "locale": "en-GB",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(autouse=True)
def keep_evidence_on_failure(request, page):
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-120:]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
            (ARTIFACTS / f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # the page may be gone; the failure matters more
            print(f"could not keep the evidence: {error}")


@pytest.fixture(autouse=True)
def csp_violations(page):
    """What the browser reports against the Content-Security-Policy during a test: every
    browser test fails on any, so that each page and admin action it walks keeps the policy."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    # A violation is also an event in the page; Playwright's init script runs outside the policy.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield found
    assert found == [], "the page broke the Content-Security-Policy"


@pytest.fixture(autouse=True)
def roles_and_topics(transactional_db):
    """The live server's tests flush the database between tests: the groups and topics made
    by data migrations must be made again."""
    from django.contrib.auth.models import Group, Permission

    from readouts.models import Topic
    from readouts.roles import sync_groups
    from readouts.taxonomy import sync_topics

    sync_groups(Group, Permission)
    sync_topics(Topic)


@pytest.fixture
def corpus(roles_and_topics):
    """The shared world, with both sides' readouts of the China-Russia call."""
    from readouts.models import Statement
    from tests.factories import statement, topic, world

    w = world()
    call = w["call"]
    cn = call.sources.get(publisher=w["mfa_cn"])
    ru = call.sources.get(publisher=w["mfa_ru"])
    cn.text = "Wang said trade reached a new high. Wang said the Ukraine crisis needs talks."
    cn.save()
    ru.text = "Lavrov said the Ukraine crisis has roots in NATO expansion. Lavrov raised sanctions."
    ru.save()
    Statement.objects.filter(event=call).delete()
    sanctions = topic("sanctions", "Sanctions")
    statement(
        call, cn.text[:35], w["wang"], w["chn"], topics=[w["trade"]], source=cn, start=0, end=35
    )
    statement(
        call,
        cn.text[36:],
        w["wang"],
        w["chn"],
        topics=[w["ukraine"]],
        source=cn,
        start=36,
        end=len(cn.text),
    )
    statement(
        call, ru.text[:59], w["lavrov"], w["rus"], topics=[w["ukraine"]], source=ru, start=0, end=59
    )
    statement(
        call,
        ru.text[60:],
        w["lavrov"],
        w["rus"],
        topics=[sanctions],
        source=ru,
        start=60,
        end=len(ru.text),
    )
    return w


@pytest.fixture
def people(roles_and_topics):
    from readouts.roles import ANALYSTS, EDITORS
    from tests.conftest import make_user

    return {
        "analyst": make_user("alice", ANALYSTS),
        "editor": make_user("edgar", EDITORS, is_staff=True),
    }


@pytest.fixture
def log_in(page, live_server):
    def log_in(username, on=None):
        """Log `username` in on the test's page, or on another one (a second person's)."""
        on = on or page
        on.goto(f"{live_server.url}/accounts/login/")
        on.get_by_label("User name").fill(username)
        on.get_by_label("Password").fill(PASSWORD)
        on.get_by_role("button", name="Log in").click()
        on.wait_for_url(f"{live_server.url}/")
        return on

    return log_in
