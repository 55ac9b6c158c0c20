"""An analyst types names, not codes, into the filters and the pair form (issue 20, item 2)."""

from playwright.sync_api import expect


def test_an_analyst_filters_by_country_and_person_names(page, live_server, corpus, people, log_in):
    log_in("alice")
    page.get_by_role("link", name="Events", exact=True).click()
    page.locator("summary", has_text="More filters").click()
    page.get_by_role("combobox", name="Country").fill("russia")
    page.get_by_role("combobox", name="Participant").fill("Antony Blinken")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(1)
    assert page.url.endswith("/events/?country=RUS&actor=antony-blinken")
    expect(page.locator(".chips")).to_contain_text("Russia (RUS)")
    expect(page.get_by_role("link", name="CSV")).to_have_attribute(
        "href", "?country=RUS&actor=antony-blinken&export=csv"
    )
    # The suggestions name each person with what tells namesakes apart.
    expect(page.locator("#person-options option[value=sergey-lavrov]")).to_have_text(
        "Sergey Lavrov (Russia)"
    )
    expect(page.locator("#country-options option[value=CHN]")).to_have_text("China")


def test_the_pair_form_reads_names_and_keeps_what_was_typed(
    page, live_server, corpus, people, log_in
):
    log_in("alice")
    page.goto(f"{live_server.url}/pairs/")
    page.get_by_label("One country").fill("China")
    page.get_by_label("and another").fill("Atlantis")
    page.get_by_role("button", name="Open the pair").click()
    expect(page.get_by_role("alert")).to_contain_text("Unknown country code: Atlantis")
    expect(page.get_by_label("One country")).to_have_value("China")
    page.get_by_label("and another").fill("Russia")
    page.get_by_role("button", name="Open the pair").click()
    page.wait_for_url("**/pairs/CHN-RUS/")
