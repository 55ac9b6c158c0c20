"""An analyst's day, in a real browser: log in, filter with the form and with a facet, open an
event and its highlighted spans, export, save a search, compare two readouts, log out."""

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
from playwright.sync_api import expect


def test_an_analyst_logs_in_filters_reads_exports_and_logs_out(
    page, live_server, corpus, people, log_in, tmp_path
):
    log_in("alice")
    expect(page.get_by_role("heading", name="Latest events")).to_be_visible()

    # Filter the events by country and date, with the form.
    page.get_by_role("link", name="Events", exact=True).click()
    expect(page.locator("table.rows tbody tr")).to_have_count(2)
    page.locator("summary", has_text="More filters").click()
    page.get_by_role("combobox", name="Country").fill("RUS")
    page.get_by_label("From").fill("2022-01-01")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(1)
    expect(page.locator("table.rows")).to_contain_text("Wang Yi holds phone talks")
    expect(page.locator(".chips")).to_contain_text("Russia (RUS)")

    # Remove the date with its chip, then narrow with a facet instead.
    page.get_by_role("link", name="Remove filter from: 2022-01-01").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(2)
    page.locator(".facet", has_text="Kind").get_by_role("link", name="Meeting").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(1)
    expect(page.locator("table.rows")).to_contain_text("Blinken meets Lavrov")
    assert "kind=meeting" in page.url and "country=RUS" in page.url
    page.get_by_role("link", name="Remove filter kind: Meeting").click()
    expect(page.locator("table.rows tbody tr")).to_have_count(2)

    # Open the call and see every statement's span highlighted in its source.
    page.get_by_role("link", name="Wang Yi holds phone talks with Sergey Lavrov").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wang Yi holds phone talks with Sergey Lavrov"
    )
    expect(page.locator(".source-text mark")).to_have_count(4)
    expect(page.locator(".source-text mark").first).to_have_text(
        "Wang said trade reached a new high."
    )
    page.get_by_role("link", name="in the source").first.click()
    assert page.url.endswith(
        "#span-" + page.locator(".source-text mark").first.get_attribute("id").split("-")[1]
    )

    # Export the statements of Russia: CSV and Excel, every row, checked in the files.
    page.goto(f"{live_server.url}/statements/?country=RUS")
    expect(page.locator("tr.statement")).to_have_count(2)
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    download = csv_download.value
    assert download.suggested_filename.startswith("statements_")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["speaker"], r["side"]) for r in rows] == [("Sergey Lavrov", "RUS")] * 2
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Excel").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    xlsx_download.value.save_as(tmp_path / "statements.xlsx")
    book = openpyxl.load_workbook(tmp_path / "statements.xlsx", read_only=True)
    sheet_rows = list(book.worksheets[0].iter_rows(values_only=True))
    speaker = sheet_rows[0].index("speaker")
    assert [row[speaker] for row in sheet_rows[1:]] == ["Sergey Lavrov"] * 2

    # Log out.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(f"{live_server.url}/events/")
    assert "/accounts/login/" in page.url


def test_an_analyst_saves_a_search_and_reopens_it(page, live_server, corpus, people, log_in):
    log_in("alice")
    page.goto(f"{live_server.url}/statements/?topic=ukraine&country=RUS")
    page.get_by_label("Save this search as").fill("Russia on Ukraine")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Saved “Russia on Ukraine”")

    page.goto(f"{live_server.url}/")
    page.locator(".menu summary").click()
    page.get_by_role("link", name="Russia on Ukraine").click()
    assert parse_qs(urlsplit(page.url).query) == {"topic": ["ukraine"], "country": ["RUS"]}
    expect(page.locator("tr.statement")).to_have_count(1)
    expect(page.locator("tr.statement")).to_contain_text("roots in NATO expansion")


def test_an_analyst_compares_two_readouts_of_one_call(page, live_server, corpus, people, log_in):
    log_in("alice")
    page.goto(f"{live_server.url}/events/{corpus['call'].pk}/")
    page.get_by_role("link", name="Compare the 2 readouts").click()
    expect(page.get_by_role("heading", name="Two readouts of one event")).to_be_visible()
    table = page.locator("table.compare")
    ukraine = table.locator("tr", has_text="Ukraine").first
    expect(ukraine).to_contain_text("the Ukraine crisis needs talks")
    expect(ukraine).to_contain_text("roots in NATO expansion")
    expect(page.locator("text=Only in MFA China")).to_be_visible()
    expect(page.locator(".compare-grid").first).to_contain_text("Sanctions")
    expect(page.locator(".source-text mark")).to_have_count(4)


def test_an_analyst_opens_a_country_pair(page, live_server, corpus, people, log_in):
    log_in("alice")
    page.get_by_role("link", name="Pairs").click()
    page.get_by_label("One country").fill("CHN")
    page.get_by_label("and another").fill("RUS")
    page.get_by_role("button", name="Open the pair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("China – Russia")
    page.get_by_role("link", name="1 statement by Russia on Ukraine").click()
    assert "pair=CHN-RUS" in page.url and "country=RUS" in page.url
    expect(page.locator("tr.statement")).to_have_count(1)
