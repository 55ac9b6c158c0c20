"""Comparing and pairs (issue 20, item 8), on a laptop and on a phone: from the events read out
by both sides to their compare page; from a pair within dates to both sides' topics."""

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


@pytest.mark.parametrize("width", WIDTHS)
def test_an_analyst_reads_a_pairs_topics_side_by_side_within_dates(
    page, live_server, corpus, people, log_in, width
):
    import datetime

    from tests.factories import event, statement

    w = corpus
    earlier = event(
        "Wang Yi and Lavrov speak in 2021",
        datetime.date(2021, 3, 10),
        participants=[(w["wang"], w["chn"]), (w["lavrov"], w["rus"])],
    )
    statement(earlier, "Ukraine needs a settlement.", w["lavrov"], w["rus"], topics=[w["ukraine"]])

    log_in("alice")
    page.set_viewport_size({"width": width, "height": 900})
    page.get_by_role("link", name="Pairs").click()
    page.get_by_label("One country").fill("China")
    page.get_by_label("and another").fill("Russia")
    page.get_by_role("button", name="Open the pair").click()
    topics = page.locator("table.pair-topics")
    ukraine = topics.locator("tbody tr", has_text="Ukraine")
    expect(ukraine.locator("td").nth(1)).to_have_text("2")  # Russia's, both years

    page.get_by_label("From", exact=True).fill("2023-01-01")
    page.get_by_label("To", exact=True).fill("2023-12-31")
    page.get_by_role("button", name="Apply").click()
    assert "date_after=2023-01-01" in page.url and "date_before=2023-12-31" in page.url
    expect(page.locator(".counts")).to_contain_text("1 event")
    expect(topics.get_by_role("columnheader")).to_have_text(["Topic", "China", "Russia", "Total"])
    expect(ukraine.locator("td")).to_have_text(["1", "1", "2"])
    assert fits(page, width)

    topics.get_by_role("link", name="1 statement by Russia on Ukraine").click()
    for part in ("pair=CHN-RUS", "date_after=2023-01-01", "country=RUS", "topic=ukraine"):
        assert part in page.url
    expect(page.locator("tr.statement")).to_have_count(1)
    expect(page.locator("tr.statement")).to_contain_text("roots in NATO expansion")
    assert fits(page, width)
