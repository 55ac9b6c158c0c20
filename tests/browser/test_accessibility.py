"""Every main page: no serious or critical axe-core violation, labelled fields, keyboard use,
and a layout that holds on a phone and in print."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.colours import SHOWN_COLOURS, contrast, luminance

PAGES = [
    "/",
    "/events/",
    "/events/?country=XYZ",
    "/events/?readouts=2",
    "/events/{call}/",
    "/events/{call}/compare/",
    "/statements/",
    "/statements/?q=ukraine",
    "/statements/{statement}/",
    "/actors/wang-yi/",
    "/actors/china/",
    "/topics/ukraine/",
    "/pairs/",
    "/pairs/CHN-RUS/",
    "/pairs/CHN-RUS/?date_after=2023-01-01",
    "/searches/",
    "/accounts/password_change/",
]


def serious(results):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def urls(corpus):
    statement = corpus["call"].statements.order_by("position").first()
    return [p.format(call=corpus["call"].pk, statement=statement.pk) for p in PAGES]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_serious_accessibility_violations(
    page, live_server, people, log_in, urls, scheme
):
    from readouts.models import SavedSearch

    # A saved search, so that its page shows its buttons and links too.
    SavedSearch.objects.create(
        owner=people["analyst"], name="Russia", list_name="events", query="country=RUS"
    )
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    page.goto(f"{live_server.url}/accounts/login/")
    problems = {"/accounts/login/": serious(axe.run(page))}
    log_in("alice")
    for url in urls:
        page.goto(live_server.url + url)
        # What folds away is checked too: the topics over time, the Cite box, more filters.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        problems[url] = serious(axe.run(page))
    assert {url: found for url, found in problems.items() if found} == {}


def test_dark_mode_follows_the_system_setting(page, live_server, corpus, people, log_in, urls):
    log_in("alice")
    for url in urls:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(live_server.url + url)
            shown = page.locator("main").evaluate(SHOWN_COLOURS)
            page_is_dark = luminance(shown["background"]) < luminance(shown["text"])
            assert page_is_dark == (scheme == "dark"), (url, scheme, shown)
            assert contrast(shown["text"], shown["background"]) >= 4.5, (url, scheme, shown)


def test_every_form_field_has_a_label(page, live_server, people, log_in, urls):
    log_in("alice")
    for url in ("/events/", "/statements/", "/pairs/"):
        page.goto(live_server.url + url)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll(
            'input:not([type=hidden]), select, textarea')].filter(el =>
            !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
        assert unlabelled == [], url


def test_the_keyboard_reaches_the_content_and_the_filters(
    page, live_server, corpus, people, log_in
):
    log_in("alice")
    page.goto(f"{live_server.url}/events/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the results")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    page.keyboard.press("Tab")  # past the filters: the next stop is in the results
    assert page.evaluate("document.activeElement.closest('#results') !== null")
    page.get_by_label("Search the events").focus()
    page.keyboard.type("Blinken")
    page.keyboard.press("Enter")
    expect(page.locator("table.rows tbody tr")).to_have_count(1)
    for _ in range(40):  # Tab onwards until the first result link takes the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Blinken meets Lavrov":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Blinken meets Lavrov")


def test_on_a_phone_the_rows_come_first_and_nothing_overflows(
    page, live_server, corpus, people, log_in
):
    log_in("alice")
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/events/", "/statements/", f"/events/{corpus['call'].pk}/", "/pairs/CHN-RUS/"):
        page.goto(live_server.url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{url} is {overflow}px wider than the phone"
    page.goto(f"{live_server.url}/events/")
    expect(page.locator("table.rows tbody tr").first).to_be_in_viewport()
    expect(page.locator("#filters")).to_be_hidden()  # folded behind a button (test_phone.py)


def test_detail_pages_print_without_the_navigation(page, live_server, corpus, people, log_in):
    log_in("alice")
    page.goto(f"{live_server.url}/events/{corpus['call'].pk}/")
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.locator(".source-text").first).to_be_visible()
    assert page.pdf()[:4] == b"%PDF"


def test_the_skip_link_jumps_to_the_results_of_a_list_and_to_the_content_elsewhere(
    page, live_server, corpus, people, log_in
):
    log_in("alice")
    page.set_viewport_size({"width": 390, "height": 500})  # the results start below the fold
    page.goto(f"{live_server.url}/statements/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    results = page.locator("#results")
    expect(results).to_be_focused()
    assert abs(results.evaluate("e => e.getBoundingClientRect().top")) <= 1  # scrolled there
    expect(results.locator("tr.statement").first).to_be_attached()
    expect(results.locator("#filters")).to_have_count(0)
    page.goto(f"{live_server.url}/events/{corpus['call'].pk}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
