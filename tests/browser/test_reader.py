"""The readout reader as an editor uses it: paste a readout in the admin, preview the draft with
its spans highlighted, save it, correct it, publish it; an analyst then finds its statements."""

from pathlib import Path

from playwright.sync_api import expect

READOUT = Path(__file__).parent.parent / "reader" / "readouts" / "us_secretary_call_role.txt"


def test_an_editor_adds_a_readout_and_an_analyst_finds_its_statements(
    page, live_server, people, log_in, browser
):
    log_in("edgar")
    page.goto(f"{live_server.url}/admin/readouts/event/")
    page.get_by_role("link", name="Add readout").click()
    page.get_by_label("Text of the readout").fill(READOUT.read_text(encoding="utf-8"))
    page.get_by_label("Publisher").fill("U.S. Department of State")
    page.get_by_label("Publication date").fill("2024-03-05")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    expect(page.locator(".preview-table").first).to_contain_text("2024-03-04")
    expect(page.locator(".readout-text mark")).to_have_count(4)
    expect(page.locator("body")).to_contain_text("Subrahmanyam Jaishankar")

    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert "/admin/readouts/event/" in page.url and page.url.endswith("/change/")

    # Correct the title and publish the draft.
    page.locator("#id_title").fill("Blinken and Jaishankar on Gaza and the Quad")
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    analyst = log_in("alice", on=browser.new_context(base_url=live_server.url).new_page())
    analyst.goto("/statements/?country=USA&q=Quad")
    expect(analyst.locator("tr.statement").first).to_contain_text("Quad")
    analyst.locator("tr.statement").first.get_by_role(
        "link", name="Blinken and Jaishankar on Gaza and the Quad"
    ).click()
    expect(analyst.locator(".source-text mark")).to_have_count(4)
