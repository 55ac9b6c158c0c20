"""Comparing and pairs (issue 20, item 8), on a laptop and on a phone: from the events read out
by both sides to their compare page."""

import pytest
from playwright.sync_api import expect

WIDTHS = [1366, 360]


def fits(page, width):
    """Nothing on the page reaches past the screen's right edge."""
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_an_analyst_filters_the_events_read_out_by_both_sides_and_compares_them(
    page, live_server, corpus, people, log_in, width
):
    log_in("alice")
    page.set_viewport_size({"width": width, "height": 900})
    page.get_by_role("link", name="Events", exact=True).click()
    expect(page.locator("table.rows tbody tr")).to_have_count(2)
    if width < 700:  # on a phone the filters open behind a button
        page.get_by_text("Filter the events").click()
    page.get_by_label("Read out by two or more publishers").check()
    page.get_by_role("button", name="Apply").click()

    assert "readouts=2" in page.url
    expect(page.locator("table.rows tbody tr")).to_have_count(1)
    expect(page.locator(".chips")).to_contain_text("read out by two or more publishers")
    assert fits(page, width)
    row = page.locator("table.rows tbody tr", has_text="Wang Yi holds phone talks")
    row.get_by_role("link", name="Compare readouts").click()

    expect(page.get_by_role("heading", name="Two readouts of one event")).to_be_visible()
    expect(page.locator("text=Only in MFA China")).to_be_visible()
    assert fits(page, width)
