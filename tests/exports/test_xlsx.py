"""The Excel export: a workbook streamed while PostgreSQL writes its rows, which reads back (in
openpyxl's two modes) exactly as the rows were, as far as a spreadsheet can hold them."""

import datetime
import io
import json
import struct
import zipfile
from urllib.parse import urlencode
from xml.etree import ElementTree

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl.utils.escape import unescape

from readouts.exports import STATEMENT_EXPORT
from readouts.exports import xlsx as exports
from tests.factories import event, person, statement

PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/workbook.xml",
]


def download(client, query, name="statements"):
    response = client.get(f"/{name}/?{query}&export=xlsx")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def workbook(data, read_only):
    return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)


def sheet_rows(data, read_only=True):
    rows = list(workbook(data, read_only).worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def about(data, read_only=True):
    return dict(workbook(data, read_only)["export"].iter_rows(values_only=True))


def texts_of(client, world, read_only=True):
    data = download(client, f"event={world['meeting'].pk}")
    return {row["text"] for row in sheet_rows(data, read_only)}


READ_BACK_AS_WRITTEN = [
    "<b>bold</b> & \"double\" 'single' ]]> &amp; &lt;",
    "a tab\there and a newline\nthere",
    "a carriage return\rthere",
    "  spaces around  ",
    "emoji 😀, a clef 𝄞, 中文, Ελληνικά",
    '<row r="9"><c r="A9"><v>1</v></c></row> <> \'<>\'',
    exports.TEXT_CELL + "=1+1",  # markup of ours, in a text: escaped, so never taken for ours
]


@pytest.mark.parametrize("read_only", [True, False])
def test_markup_quotes_whitespace_and_any_unicode_read_back_as_written(
    analyst_client, world, read_only
):
    for text in READ_BACK_AS_WRITTEN:
        statement(world["meeting"], text, world["blinken"], world["usa"])
    assert set(READ_BACK_AS_WRITTEN) <= texts_of(analyst_client, world, read_only)


@pytest.mark.parametrize("read_only", [True, False])
def test_characters_xml_forbids_are_removed_and_the_rest_kept(analyst_client, world, read_only):
    statement(world["meeting"], "bell\x07, \x01escape\x1f, \x0bvt\x0cff \ufffe\uffff end", None)
    assert "bell, escape, vtff  end" in texts_of(analyst_client, world, read_only)


def test_text_that_looks_like_excels_own_escapes_is_escaped_for_excel(analyst_client, world):
    statement(world["meeting"], "_x0041_ and _x00e9_ and _xyz_", world["blinken"])
    data = download(analyst_client, f"event={world['meeting'].pk}")
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "_x005F_x0041_ and _x005F_x00e9_ and _xyz_" in sheet
    # Excel reads _x005F_ as "_"; openpyxl leaves the escapes to its unescape().
    assert "_x0041_ and _x00e9_ and _xyz_" in {unescape(t) for t in texts_of(analyst_client, world)}


def test_text_longer_than_a_cell_holds_is_cut_in_excel_only(analyst_client, world):
    long = "".join(f"{i:05d} " for i in range(7000))  # 42,000 characters
    statement(world["meeting"], long, world["blinken"])
    texts = texts_of(analyst_client, world)
    assert long[: exports.XLSX_MAX_TEXT] in texts
    response = analyst_client.get(f"/statements/?event={world['meeting'].pk}&export=json")
    data = json.loads(b"".join(response.streaming_content))
    assert long in [row["text"] for row in data["rows"]]


def test_a_list_longer_than_a_cell_holds_is_cut_too(analyst_client, world):
    many = statement(world["meeting"], "Many mentioned.", world["blinken"])
    many.mentions.set([person(f"{i:03d} " + "x" * 196) for i in range(170)])  # 34,000 characters
    rows = sheet_rows(download(analyst_client, f"event={world['meeting'].pk}"))
    mentions = next(row["mentions"] for row in rows if row["text"] == "Many mentioned.")
    assert len(mentions) == exports.XLSX_MAX_TEXT and mentions.startswith("000 xx")


@pytest.mark.parametrize("danger", ["\x01=1+1", "\x1f@SUM(A1)", "\n-5"])
def test_a_formula_behind_a_removed_character_stays_quote_prefixed_text(
    analyst_client, world, danger
):
    statement(world["meeting"], danger, world["blinken"])
    book = workbook(download(analyst_client, f"event={world['meeting'].pk}"), read_only=False)
    shown = danger.lstrip("\x01\x1f")
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == shown]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_ordinary_text_has_no_quote_prefix(analyst_client, world):
    book = workbook(download(analyst_client, f"event={world['meeting'].pk}"), read_only=False)
    texts = [
        c for row in book.worksheets[0].iter_rows(min_row=2) for c in row if c.data_type == "s"
    ]
    assert texts and not any(c.quotePrefix for c in texts)


def test_numbers_are_numbers_dates_are_dates_and_lists_are_joined(analyst_client, world):
    statement(world["call"], "Both.", world["wang"], world["chn"], topics=[world["ukraine"], world["trade"]], start=0, end=5)  # fmt: skip
    book = workbook(download(analyst_client, f"event={world['call'].pk}"), read_only=False)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    first = next(row for row in rows if row["id"].value == world["s1"].pk)
    assert first["id"].data_type == "n" and isinstance(first["id"].value, int)
    assert first["span_start"].value == 0 and first["span_end"].value == 35
    assert first["date"].is_date and first["date"].number_format == "yyyy-mm-dd"
    assert first["date"].value == datetime.datetime(2023, 8, 7)
    portal_url = f"http://testserver/statements/{world['s1'].pk}/"
    assert first["portal_url"].value == f'=HYPERLINK("{portal_url}")'  # a live link
    assert first["text"].data_type == "s"
    both = next(row for row in rows if row["text"].value == "Both.")
    assert both["topics"].value == "Trade; Ukraine"
    joint = world["s3"]
    assert next(row for row in rows if row["id"].value == joint.pk)["speaker"].value is None


def test_the_event_list_joins_participants_and_countries(analyst_client, world):
    rows = sheet_rows(download(analyst_client, "sort=date", name="events"))
    call = next(row for row in rows if row["id"] == world["call"].pk)
    assert call["participants"] == "Wang Yi (CHN); Sergey Lavrov (RUS)"
    assert call["countries"] == "CHN; RUS"
    assert call["date"] == datetime.datetime(2023, 8, 7)
    assert call["summary"] == "Talks on Ukraine."
    assert call["location"] is None  # an empty text is an empty cell, not a text ""
    meeting = next(row for row in rows if row["id"] == world["meeting"].pk)
    assert meeting["location"] == "Reykjavik"


@pytest.mark.parametrize(
    "day, shown",
    [
        (datetime.date(1900, 3, 1), datetime.datetime(1900, 3, 1)),
        (datetime.date(1899, 12, 31), "1899-12-31"),  # before Excel's calendar: as text
    ],
)
def test_dates_before_excels_calendar_are_written_as_text(analyst_client, world, day, shown):
    old = event("An old treaty", day)
    statement(old, "Signed.", world["blinken"])
    rows = sheet_rows(download(analyst_client, f"event={old.pk}"))
    assert [row["date"] for row in rows] == [shown]


@pytest.mark.parametrize("read_only", [True, False])
def test_an_export_of_nothing_is_a_workbook_with_its_header_and_no_rows(
    analyst_client, world, read_only
):
    data = download(analyst_client, "q=nothingmatchesthis")
    rows = list(workbook(data, read_only).worksheets[0].iter_rows(values_only=True))
    assert rows == [tuple(STATEMENT_EXPORT.headers())]
    assert about(data, read_only)["row_count"] == 0


@pytest.mark.parametrize("read_only", [True, False])
def test_the_export_sheet_says_what_when_by_whom_how_and_how_many(analyst_client, world, read_only):
    # The query and the URL carry what was typed, markup and all.
    query = urlencode({"country": "RUS", "q": 'peace <b>talks</b> & "needs"'})
    data = download(analyst_client, query)
    info = about(data, read_only)
    assert list(info) == [
        "list",
        "exported_at",
        "exported_by",
        "url",
        "query",
        "filters",
        "columns",
        "row_count",
    ]
    assert info["list"] == "statements" and info["exported_by"] == "alice"
    assert datetime.datetime.fromisoformat(info["exported_at"])
    assert info["query"] == f"{query}&export=xlsx"
    assert info["url"] == f"http://testserver/statements/?{query}&export=xlsx"
    assert json.loads(info["filters"]) == {
        "country": ["RUS"],
        "q": ['peace <b>talks</b> & "needs"'],
    }
    assert json.loads(info["columns"]) == STATEMENT_EXPORT.headers()
    assert info["row_count"] == len(sheet_rows(data))
    assert workbook(data, read_only).sheetnames == ["statements", "export"]


def test_the_header_stays_in_view_and_carries_the_filter_over_every_row(analyst_client, world):
    book = workbook(download(analyst_client, ""), read_only=False)
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:T5"  # the header and the analyst's four statements
    assert all(cell.font.b for cell in sheet[1])


def test_the_workbook_streams_its_first_bytes_before_the_query_runs(analyst_client, world):
    response = analyst_client.get("/statements/?export=xlsx")
    assert isinstance(response, StreamingHttpResponse)
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(pieces)
        assert first.startswith(b"PK\x03\x04")
        assert not any(q["sql"].startswith("COPY") for q in queries.captured_queries)
        rest = b"".join(pieces)
    assert any(q["sql"].startswith("COPY") for q in queries.captured_queries)
    assert zipfile.ZipFile(io.BytesIO(first + rest)).testzip() is None


def test_every_entry_is_a_plain_zip_entry_that_excel_reads(analyst_client, world):
    # Excel refuses some zip64 layouts: every entry is deflated, with its sizes in a data
    # descriptor after it and no zip64 field anywhere.
    data = download(analyst_client, "")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    assert archive.namelist() == PARTS
    for info in archive.infolist():
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.flag_bits & 0x08
        assert info.extra == b""
        local = struct.unpack("<IHHHHHIIIHH", data[info.header_offset : info.header_offset + 30])
        assert local[0] == 0x04034B50 and local[10] == 0  # no extra field in the local header
        ElementTree.fromstring(archive.read(info))  # noqa: S314 - well-formed, as we wrote it
    assert b"PK\x06\x06" not in data  # no zip64 end record


def test_a_sheet_stops_short_of_what_a_plain_zip_entry_holds(
    analyst_client, world, monkeypatch, transactional_db
):
    monkeypatch.setattr(exports, "XLSX_MAX_BYTES", 2_000)  # as if 4 GiB were 2,000 bytes
    data = download(analyst_client, "")
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    rows = sheet_rows(data)
    assert 0 < len(rows) < 4
    info = about(data)
    assert info["row_count"] == len(rows)
    assert f"the rows after the first {len(rows)} are not in this file" in info["note"]


def test_rows_past_what_a_sheet_holds_stay_out_and_the_export_sheet_says_so(
    analyst_client, world, monkeypatch, transactional_db
):
    # A transactional test: stopping the query midway closes the database connection.
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    data = download(analyst_client, "")
    assert len(sheet_rows(data)) == 2
    info = about(data)
    assert info["row_count"] == 2
    assert "the rows after the first 2 are not in this file" in info["note"]


def test_portal_links_are_live_and_columns_have_widths(analyst_client, world):
    data = download(analyst_client, f"event={world['call'].pk}")
    cached = workbook(data, read_only=False)  # the formulas
    sheet = cached.worksheets[0]
    assert sheet.column_dimensions["B"].width == exports.WIDTHS["url"]
    assert sheet.column_dimensions["K"].width == 60  # text
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True).worksheets[0]
    urls = [row[1] for row in values.iter_rows(min_row=2, values_only=True)]
    assert urls and all(u.startswith("http://testserver/statements/") for u in urls)
