"""Retake the README's screenshots (docs/screenshots/) from a running portal.

    make run                                   # in another terminal: the sample data
    .venv/bin/python scripts/screenshots.py --user admin --password ...

It drives Debian's Chromium through Playwright, as the browser tests do, at laptop width (and
one phone shot), in the light scheme unless --dark. The pages are found by following the
portal's own links, so the shots show whatever data the portal holds."""

import argparse
import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    sys.exit("screenshots: Chromium is needed (apt-get install chromium)")


def log_in(page, base, user, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if "/accounts/login/" in page.url:
        sys.exit("screenshots: the login failed (user and password?)")


def first_href(page, selector):
    link = page.locator(selector).first
    if link.count() == 0:
        return None
    return link.get_attribute("href")


def take(page, base, out, dark):
    suffix = "-dark" if dark else ""

    def shot(name, url, full_page=False):
        page.goto(url if url.startswith("http") else base + url)
        page.wait_for_load_state("networkidle")
        path = out / f"{name}{suffix}.png"
        page.screenshot(path=str(path), full_page=full_page)
        print(f"{path.relative_to(out.parent.parent)}  {page.url}")

    shot("home", "/")
    shot("statements-search", "/statements/?q=ukraine")
    shot("events-filtered", "/events/?country=CHN&kind=phone_call")
    # An event read out by two governments: its page and its compare page.
    page.goto(f"{base}/events/?readouts=2")
    compare = first_href(page, "table.rows a[href$='/compare/']")
    if event := first_href(page, "table.rows a[href^='/events/']"):
        shot("event-detail", event)
    if compare:
        shot("compare", compare)
    page.goto(f"{base}/pairs/")
    if pair := first_href(page, "main a[href^='/pairs/']:not([href='/pairs/'])"):
        shot("pair", pair, full_page=True)
    if not dark:
        page.set_viewport_size({"width": 390, "height": 844})
        shot("phone-events", "/events/?country=CHN")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default=os.environ.get("PORTAL_ADMIN_PASSWORD"))
    parser.add_argument("--dark", action="store_true", help="the dark colour scheme")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.password:
        sys.exit("screenshots: --password (or PORTAL_ADMIN_PASSWORD) is needed")
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        context = browser.new_context(
            viewport={"width": 1366, "height": 900},
            color_scheme="dark" if args.dark else "light",
            locale="en-GB",
        )
        page = context.new_page()
        log_in(page, args.base.rstrip("/"), args.user, args.password)
        take(page, args.base.rstrip("/"), args.out, args.dark)
        browser.close()


if __name__ == "__main__":
    main()
