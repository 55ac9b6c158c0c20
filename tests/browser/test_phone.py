"""On a phone (360 to 414 px wide) no main page scrolls sideways, the rows come before the
filters, and the filters open behind a button."""

import pytest
from playwright.sync_api import expect

PAGES = [
    "/",
    "/events/",
    "/events/?country=CHN",
    "/events/?readouts=2",
    "/statements/",
    "/statements/?q=Ukraine",
    "/events/{call}/",
    "/events/{call}/compare/",
    "/statements/{statement}/",
    "/actors/wang-yi/",
    "/topics/ukraine/",
    "/pairs/",
    "/pairs/CHN-RUS/",
    "/pairs/CHN-RUS/?date_after=2023-01-01",
    "/searches/",
    "/accounts/tokens/",
]

LONG_PUBLISHER = (
    "Ministry of Foreign Affairs of the People's Republic of China, Department of Information"
)


@pytest.fixture
def long_labels(corpus, people):
    """The labels that widened the pages: a publisher's long name, a long saved search."""
    from readouts.models import SavedSearch
    from tests.factories import publisher, source, statement

    text = "Wang said the Ukraine crisis needs talks."
    long = source(corpus["call"], text, publisher(LONG_PUBLISHER))
    statement(corpus["call"], text, corpus["wang"], corpus["chn"], source=long, start=0, end=41)
    SavedSearch.objects.create(
        owner=people["analyst"],
        name="China and Russia on Ukraine, the long version of a name",
        list_name="statements",
        query="q=Ukraine&country=CHN&country=RUS&topic=ukraine&date_after=2020-01-01"
        "&date_before=2024-12-31&publisher=ministry-of-foreign-affairs-of-the-peoples-republic",
    )
    return corpus


def widest(page):
    """The element that reaches furthest right, for a message that says where to look."""
    return page.evaluate("""() => { let best = null, right = 0;
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect().right;
          if (r > right) { right = r; best = el; } }
        return best ? `${best.tagName}.${best.className} (${Math.round(right)}px)` : ''; }""")


@pytest.mark.parametrize("width", [360, 414])
def test_no_main_page_scrolls_sideways_on_a_phone(page, live_server, long_labels, log_in, width):
    statement = long_labels["call"].statements.order_by("position").first()
    log_in("alice")
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = {}
    for url in PAGES:
        url = url.format(call=long_labels["call"].pk, statement=statement.pk)
        page.goto(live_server.url + url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[url] = f"{scroll_width}px, widest: {widest(page)}"
    assert too_wide == {}


def test_on_a_phone_the_filters_open_behind_a_button_after_the_rows_count(
    page, live_server, long_labels, log_in
):
    log_in("alice")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/events/?country=CHN")
    search = page.get_by_label("Search the events")
    expect(search).to_be_hidden()
    expect(page.locator("table.rows tbody tr").first).to_be_in_viewport()
    page.get_by_text("Filter the events").click()
    expect(search).to_be_visible()
    search.fill("Blinken")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".empty")).to_be_visible()

    # On a laptop the filters are always there, with no button to open them.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/events/")
    expect(page.get_by_label("Search the events")).to_be_visible()
    expect(page.locator(".filters-toggle > summary")).to_be_hidden()


def test_a_long_label_is_cut_with_its_full_name_on_hover(page, live_server, long_labels, log_in):
    log_in("alice")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/events/")
    label = page.locator(".facet a", has_text="Ministry of Foreign Affairs of the People")
    expect(label).to_have_attribute("title", LONG_PUBLISHER)


def test_the_chips_and_facets_say_or_within_a_filter_and_and_across(
    page, live_server, long_labels, log_in
):
    log_in("alice")
    page.goto(f"{live_server.url}/events/?country=CHN")
    page.locator(".facet", has_text="Country").get_by_role("link", name="Russia").click()
    expect(page.locator(".chip-group").first).to_have_text(
        "country China (CHN) × or Russia (RUS) ×", use_inner_text=True
    )
    expect(page.locator(".facet", has_text="Country").locator(".facet-note")).to_be_visible()
    page.locator(".facet", has_text="Kind").get_by_role("link", name="Meeting").click()
    expect(page.locator(".chips")).to_contain_text("and")
    expect(page.locator("table.rows tbody tr")).to_have_count(1)


@pytest.mark.parametrize("width", [360, 414])
def test_an_editors_top_bar_fits_a_phone(page, live_server, corpus, people, log_in, width):
    """An editor's bar has one link more (Admin), which went past the screen's edge."""
    log_in("edgar")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, widest(page)
    for name in ("Events", "Statements", "Pairs", "Admin"):
        box = page.locator("header.site").get_by_role("link", name=name, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, name
