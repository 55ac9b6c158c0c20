"""The Cite button of an event page copies its citation (issue 20, item 6)."""

from playwright.sync_api import expect


def test_an_analyst_copies_a_citation_of_an_event(page, live_server, corpus, people, log_in):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in("alice")
    call = corpus["call"]
    page.goto(f"{live_server.url}/events/{call.pk}/")
    expect(page.get_by_role("button", name="Copy the text")).to_be_hidden()  # until opened
    page.locator("details.cite summary").click()
    page.get_by_role("button", name="Copy the BibTeX").click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"@misc{{readouts-event-{call.pk},")
    assert f"{live_server.url}/events/{call.pk}/" in copied
