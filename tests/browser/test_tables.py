"""Sorting the event and statement tables by clicking their headers (issue 20, item 5)."""

import re

import pytest
from playwright.sync_api import expect


def test_an_analyst_sorts_the_events_by_clicking_the_date_header(
    page, live_server, corpus, people, log_in
):
    log_in("alice")
    page.goto(f"{live_server.url}/events/")
    first_title = page.locator("table.rows tbody tr").first
    expect(first_title).to_contain_text("Wang Yi holds phone talks")  # newest first
    page.get_by_role("link", name="Date", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/events/?sort=date")
    expect(first_title).to_contain_text("Blinken meets Lavrov")
    expect(page.locator("th[aria-sort=ascending]")).to_have_count(1)
    page.get_by_role("link", name="Date", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/events/?sort=-date")
    expect(first_title).to_contain_text("Wang Yi holds phone talks")


@pytest.mark.parametrize("width", [1366, 390])
def test_an_analyst_sorts_the_statements_by_clicking_the_speaker_header(
    page, live_server, corpus, people, log_in, width
):
    log_in("alice")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/statements/")
    first_speaker = page.locator("table.rows tbody tr").first.locator(".speaker")
    expect(first_speaker).to_have_text("Wang Yi")  # newest first
    header = page.locator("th", has_text="Speaker")
    expect(header).not_to_have_attribute("aria-sort", re.compile("."))
    header.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/statements/?sort=speaker")
    expect(first_speaker).to_have_text("Antony Blinken")
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/statements/?sort=-speaker")
    expect(first_speaker).to_have_text("Wang Yi")
    expect(header).to_have_attribute("aria-sort", "descending")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_hidden_column_stays_hidden_in_another_browser(
    page, browser, live_server, corpus, people, log_in, width
):
    log_in("alice")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/statements/?sort=speaker")
    expect(page.locator("th", has_text="Country")).to_have_count(1)
    page.get_by_text("Columns", exact=True).click()
    page.get_by_role("checkbox", name="Country").uncheck()
    page.get_by_role("button", name="Save columns").click()
    expect(page).to_have_url(f"{live_server.url}/statements/?sort=speaker")
    expect(page.locator("th", has_text="Country")).to_have_count(0)
    expect(page.locator("td.country")).to_have_count(0)
    expect(page.locator("td.who").first).to_be_visible()

    other = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    again = log_in("alice", on=other.new_page())
    again.goto("/statements/")
    expect(again.locator("tr.statement").first).to_be_visible()
    expect(again.locator("th", has_text="Country")).to_have_count(0)
    expect(again.locator("td.country")).to_have_count(0)
    other.close()
