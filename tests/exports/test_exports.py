"""Exports: the list URL plus export=csv|xlsx|json gives every filtered row, as a download."""

import csv
import datetime
import io
import json
import re
from urllib.parse import urlencode

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readouts.exports.stream import neutralise
from tests.factories import statement


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response):
    text = body(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response):
    book = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]], book


TODAY = timezone.localdate().isoformat()


@pytest.mark.parametrize(
    "fmt, content_type",
    [
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
@pytest.mark.parametrize("name", ["events", "statements"])
def test_each_format_is_a_dated_download(analyst_client, world, fmt, content_type, name):
    response = analyst_client.get(f"/{name}/?export={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}_{TODAY}.{fmt}"'


def test_the_csv_holds_exactly_the_filtered_events(analyst_client, world):
    rows = csv_rows(analyst_client.get("/events/?country=RUS&sort=date&export=csv"))
    assert [r["title"] for r in rows] == [
        "Blinken meets Lavrov",
        "Wang Yi holds phone talks with Sergey Lavrov",
    ]
    call = rows[1]
    assert call["id"] == str(world["call"].pk)
    assert call["portal_url"] == f"http://testserver/events/{world['call'].pk}/"
    assert call["date"] == "2023-08-07"
    assert call["participants"] == "Wang Yi (CHN); Sergey Lavrov (RUS)"
    assert call["countries"] == "CHN; RUS"
    assert call["source_urls"] == "https://example.org/readout; https://example.org/ru"


def test_exports_hold_every_page_not_just_the_first(analyst_client, world, settings):
    settings.PAGE_SIZE = 1
    page = analyst_client.get("/statements/")
    assert len(page.context["rows"]) == 1
    assert len(csv_rows(analyst_client.get("/statements/?export=csv"))) == 4


def test_the_statement_csv_carries_speaker_side_topics_and_source(analyst_client, world):
    rows = csv_rows(analyst_client.get("/statements/?speaker=wang-yi&export=csv"))
    assert len(rows) == 1  # the draft event's statement is not the analyst's to see
    row = rows[0]
    assert row["id"] == str(world["s1"].pk)
    assert row["portal_url"] == f"http://testserver/statements/{world['s1'].pk}/"
    assert row["event_url"] == f"http://testserver/events/{world['call'].pk}/"
    assert (row["speaker"], row["side"], row["mode"]) == ("Wang Yi", "CHN", "reported")
    assert row["topics"] == "Trade"
    assert row["source_url"] == "https://example.org/readout"
    assert row["publisher"] == "MFA China"
    assert (row["span_start"], row["span_end"]) == ("0", "35")


def test_a_statement_without_its_own_source_takes_its_events_first_source(analyst_client, world):
    rows = csv_rows(analyst_client.get(f"/statements/?event={world['meeting'].pk}&export=csv"))
    assert rows[0]["source_url"] == "https://example.org/us"


def test_the_json_export_carries_rows_count_and_provenance(analyst_client, world):
    data = json.loads(body(analyst_client.get("/statements/?country=RUS&export=json")))
    assert data["list"] == "statements"
    assert data["filters"] == {"country": ["RUS"]}
    assert data["query"] == "country=RUS&export=json"
    assert data["exported_by"] == "alice"
    assert data["row_count"] == 1 == len(data["rows"])
    row = data["rows"][0]
    assert row["text"] == "The Ukraine crisis needs peace talks."
    assert row["topics"] == ["Ukraine"]
    assert row["date"] == "2023-08-07"
    assert row["span_start"] == 36


def test_the_json_export_of_nothing_is_valid_json(analyst_client, world):
    data = json.loads(body(analyst_client.get("/events/?q=nothingmatchesthis&export=json")))
    assert data["rows"] == [] and data["row_count"] == 0


def test_the_xlsx_export_has_the_rows_and_a_provenance_sheet(analyst_client, world):
    rows, book = xlsx_rows(analyst_client.get("/events/?export=xlsx&sort=date"))
    assert [r["title"] for r in rows] == [
        "Blinken meets Lavrov",
        "Wang Yi holds phone talks with Sergey Lavrov",
    ]
    assert rows[0]["id"] == world["meeting"].pk  # numbers stay numbers
    about = dict(book["export"].iter_rows(values_only=True))
    assert about["list"] == "events"
    assert about["row_count"] == 2


DANGERS = [
    '=HYPERLINK("http://x")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    " =1+2",  # behind a space
    "\u00a0=1+2",  # a non-breaking space
    "\u200b=1+2",  # a zero-width space
    "\ufeff@SUM(A1)",  # a byte-order mark
    '"=1+2',  # a quote
    "'=1+2",
    "\u201c=1+2",
    "\uff1d1+2",  # full-width equals
    "\uff0b1",
    "\uff20SUM(A1)",
]


@pytest.mark.parametrize("danger", DANGERS)
def test_cells_that_look_like_formulas_cannot_run(analyst_client, world, danger):
    statement(world["meeting"], danger, world["blinken"], world["usa"])
    query = f"/statements/?event={world['meeting'].pk}&sort=date"
    texts = [r["text"] for r in csv_rows(analyst_client.get(query + "&export=csv"))]
    assert "'" + danger in texts
    rows, _ = xlsx_rows(analyst_client.get(query + "&export=xlsx"))
    cell = next(r["text"] for r in rows if r["text"] and r["text"].endswith(danger[1:]))
    cell = cell.replace("_x000D_", "\r")  # how XLSX escapes a carriage return
    assert cell in (danger, "'" + danger)  # a string cell, quote-prefixed: never a formula
    data = json.loads(body(analyst_client.get(query + "&export=json")))
    assert danger in [r["text"] for r in data["rows"]]  # JSON is data: left as written


@pytest.mark.parametrize(
    "text", ["Émigré groups", "«Stability»", "'quoted", "1 = 1", "中方", " plain", "\u00a0x=1"]
)
def test_csv_cells_that_cannot_run_are_left_as_written(analyst_client, world, text):
    statement(world["meeting"], text, world["blinken"], world["usa"])
    query = f"/statements/?event={world['meeting'].pk}&export=csv"
    assert text in [r["text"] for r in csv_rows(analyst_client.get(query))]


def test_xlsx_formula_cells_are_stored_as_quote_prefixed_strings(analyst_client, world):
    statement(world["meeting"], "=1+1", world["blinken"], world["usa"])
    response = analyst_client.get(f"/statements/?event={world['meeting'].pk}&export=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_every_csv_cell_is_quoted_so_no_separator_inside_splits_it(analyst_client, world):
    # Opened where ";" separates cells, "x;=1+2;y" unquoted would be three, the middle live.
    statement(world["meeting"], "x;=1+2;y", world["blinken"], world["usa"])
    query = f"/statements/?event={world['meeting'].pk}&export=csv"
    lines = body(analyst_client.get(query)).decode("utf-8-sig").splitlines()
    assert lines[0].startswith('"id","portal_url",')
    assert any('"x;=1+2;y"' in line for line in lines[1:])
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)


@pytest.mark.parametrize("danger", DANGERS)
def test_neutralise_and_its_sql_agree(world, danger):
    from django.db import connection

    from readouts.exports.stream import dangerous_sql

    with connection.cursor() as cursor:
        sql = f"SELECT {dangerous_sql('t.x')} FROM (SELECT %s::text AS x) AS t"  # noqa: S608
        cursor.execute(sql, [danger])
        assert cursor.fetchone()[0] is True
        cursor.execute(sql, ["x" + danger])
        assert cursor.fetchone()[0] is False
    assert neutralise(danger) == "'" + danger and neutralise("x" + danger) == "x" + danger


def test_neutralise_leaves_ordinary_text_and_numbers_alone():
    assert neutralise("China said") == "China said"
    assert neutralise(42) == 42
    assert neutralise("-5") == "'-5"


def test_an_unknown_format_answers_400(analyst_client, world):
    response = analyst_client.get("/events/?export=pdf")
    assert response.status_code == 400
    assert b"csv, xlsx, json" in response.content


def test_invalid_filters_export_nothing_and_say_why(analyst_client, world):
    response = analyst_client.get("/statements/?country=XYZ&export=csv")
    assert response.status_code == 400
    assert b"Unknown country code: XYZ" in response.content


def test_anonymous_exports_get_the_login_redirect_and_no_data(client, world):
    response = client.get("/statements/?export=csv")
    assert response.status_code == 302
    assert b"Wang" not in response.content


@pytest.mark.parametrize("path", ["/statements/?export=csv", "/events/?export=csv"])
def test_the_csv_row_count_counts_the_filtered_rows_without_the_export_columns(
    analyst_client, world, path
):
    # The export's columns join the speaker, the side, the event, the source and its publisher:
    # none adds or drops a row, and counting through them took twice as long at 1M rows.
    with CaptureQueriesContext(connection) as queries:
        response = analyst_client.get(path)
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and "auditevent" not in q["sql"]  # the export quota's
    ]
    assert len(counts) == 1
    assert " JOIN " not in counts[0]
    assert response["X-Export-Row-Count"] == str(len(csv_rows(response))) != "0"


def test_the_csv_streams_and_carries_its_provenance_in_headers(analyst_client, world):
    response = analyst_client.get("/statements/?country=RUS,CHN&export=csv")
    assert response.streaming
    assert response["X-Export-Filters"] == "country=RUS%2CCHN&export=csv"
    assert response["X-Export-Row-Count"] == "2" == str(len(csv_rows(response)))
    assert response["X-Export-Time"][:4].isdigit()
    assert response["X-Export-User"] == "alice"


def test_the_file_name_carries_the_list_and_its_main_filters(analyst_client, world):
    response = analyst_client.get("/statements/?country=CHN&topic=ukraine&export=csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="statements_CHN_ukraine_{TODAY}.csv"'
    )


def test_the_file_name_stays_short_and_safe_whatever_is_searched(analyst_client, world):
    query = urlencode({"q": 'Ünïcödé "quoted"/../; ' + "x" * 200, "export": "json"})
    response = analyst_client.get(f"/statements/?{query}")
    name = response["Content-Disposition"].split('filename="')[1][:-1]
    assert len(name) <= 80
    assert re.fullmatch(r"statements_[A-Za-z0-9_-]+_\d{4}-\d\d-\d\d\.json", name), name
    assert name.startswith("statements_Unicode-quoted-")


def test_the_events_export_has_topics_counts_labels_and_updated_at(analyst_client, world):
    rows = csv_rows(analyst_client.get("/events/?sort=date&export=csv"))
    meeting, call = rows
    assert call["kind"] == "phone_call" and call["kind_label"] == "Phone call"
    assert meeting["kind_label"] == "Meeting"
    assert call["topics"] == "Arms control and non-proliferation; Trade; Ukraine"
    assert call["statement_count"] == "3" and meeting["statement_count"] == "1"
    world["call"].refresh_from_db()
    assert call["updated_at"] == world["call"].updated_at.astimezone(datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    header = list(rows[0])
    assert header[:13] == [
        "id", "portal_url", "date", "date_precision", "kind", "title", "location",
        "participants", "countries", "publishers", "source_urls", "summary", "status",
    ]  # fmt: skip


def test_every_export_has_updated_at(analyst_client, world):
    for name in ("events", "statements"):
        rows = csv_rows(analyst_client.get(f"/{name}/?export=csv"))
        assert rows and all(
            re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["updated_at"]) for r in rows
        )
    statements = csv_rows(analyst_client.get("/statements/?export=csv"))
    assert {r["event_kind_label"] for r in statements} == {"Phone call", "Meeting"}
