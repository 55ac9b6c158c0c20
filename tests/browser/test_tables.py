"""Sorting the event table by clicking its headers (issue 20, item 5)."""

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
