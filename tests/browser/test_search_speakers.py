"""Searching the statements by a speaker's name, and what an empty search offers (issue 20,
item 4)."""

from playwright.sync_api import expect


def test_an_analyst_finds_a_speaker_by_name_and_recovers_from_a_typo(
    page, live_server, corpus, people, log_in
):
    log_in("alice")
    page.get_by_role("link", name="Statements", exact=True).click()
    page.get_by_label("Search the statements").fill("Wang Yi")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("tr.statement")).to_have_count(2)
    expect(page.locator("tr.statement .speaker").first).to_have_text("Wang Yi")

    page.get_by_label("Search the statements").fill("Lavorv")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("tr.statement")).to_have_count(0)
    expect(page.get_by_role("link", name="CSV")).to_have_count(0)
    expect(page.locator(".facet-count")).to_have_count(0)
    page.get_by_role("link", name="Search for “Lavrov”").click()
    expect(page.locator("tr.statement")).to_have_count(2)
