"""The topics over time of the statement list: they open on the latest years, unfold the
earlier ones without a script, and every cell's count stays readable in light and dark."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.colours import SHOWN_COLOURS, contrast
from tests.factories import event, statement

SHOWN_HEADERS = "ths => ths.filter(th => th.offsetParent !== null).map(th => th.textContent)"


@pytest.fixture
def fifteen_years(corpus):
    """Trade statements every year from 2010 to 2024, the most in 2024 (the darkest cell)."""
    w = corpus
    for year in range(2010, 2025):
        call = event(f"Call of {year}", datetime.date(year, 3, 1))
        for _ in range(3 if year == 2024 else 1):
            statement(call, f"Trade grew in {year}.", w["wang"], w["chn"], topics=[w["trade"]])
    return w


def test_topics_over_time_open_on_the_latest_years_and_unfold_the_others(
    page, live_server, fifteen_years, people, log_in
):
    log_in("alice")
    page.goto(f"{live_server.url}/statements/")
    page.locator("details.heat summary").click()
    headers = page.locator(".heat thead th")
    latest = [str(year) for year in range(2017, 2025)]
    assert headers.evaluate_all(SHOWN_HEADERS) == ["Topic", *latest, "All"]
    page.get_by_label("Show the 7 earlier years too (2010 – 2016)").check()
    every = [str(year) for year in range(2010, 2025)]
    assert headers.evaluate_all(SHOWN_HEADERS) == ["Topic", *every, "All"]
    expect(page.locator(".heat td.earlier a").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_count_of_the_topics_over_time_reads_at_4_5_to_1(
    page, live_server, fifteen_years, people, log_in, scheme
):
    log_in("alice")
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/statements/")
    page.locator("details.heat summary").click()
    page.locator("#heat-all").check()
    expect(page.locator(".heat td.shade-10 a")).to_have_text("3")  # the darkest cell
    cells = page.locator(".heat td a")
    assert cells.count() > 15
    for cell in cells.all():
        shown = cell.evaluate(SHOWN_COLOURS)
        assert contrast(shown["text"], shown["background"]) >= 4.5, (cell.text_content(), shown)
