"""The rows of an export written by PostgreSQL: the list's own query wrapped in
`COPY (...) TO STDOUT`, each column written in SQL as its format wants it, and Python passing
the bytes on (formatting each row in Python costs many times what PostgreSQL takes to produce
it). Memory stays flat however many rows there are."""

import csv
import io
import json
import re

from django.conf import settings
from django.db import connection
from django.http import StreamingHttpResponse

STREAM_BYTES = 64 * 1024  # bytes gathered before a piece of a download goes out

# A cell a spreadsheet could run as a formula (OWASP's CSV injection advice): one that begins
# with = + - @ (or their full-width forms, which some spreadsheets read alike), a tab or a
# carriage return, also behind blanks, invisible characters or quotes. Such a cell is written
# as text: a leading ' in CSV, a quote-prefixed cell in Excel.
TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
SKIPPED = " \u00a0\u200b\u200c\u200d\u2060\ufeff\"'\u201c\u2018"
DANGER = re.compile(f"[\t\r]|[{re.escape(SKIPPED)}]*[{re.escape(TRIGGERS)}]")


def sql_class(characters):
    return "[" + "".join(f"\\u{ord(c):04x}" for c in characters) + "]"


def sql_codes(characters):
    return "(" + ", ".join(str(ord(c)) for c in characters) + ")"


# The same test in SQL, for the rows PostgreSQL writes: the code of a text's first character
# first (ascii() reads it in place, and most texts begin with a letter), then the pattern.
SQL_DANGER = f"^{sql_class(SKIPPED)}*{sql_class(TRIGGERS)}"
# CSV with a delimiter and a quote that the text PostgreSQL writes for JSON never holds raw (it
# escapes control characters): each line comes out exactly as PostgreSQL wrote it. A worksheet
# row can hold them, and newlines, which make COPY quote it (xlsx.finish_cells removes them).
RAW_COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02'"


def neutralise(text):
    """Make a cell that a spreadsheet would run as a formula read as plain text (the CSV's
    rule; csv_cell does the same in SQL)."""
    if isinstance(text, str) and DANGER.match(text):
        return "'" + text
    return text


def dangerous_sql(ref):
    """SQL true where the text `ref` is a cell a spreadsheet could run (DANGER)."""
    starts, may_start = sql_codes("\t\r" + TRIGGERS), sql_codes(SKIPPED)
    return f"(ascii({ref}) IN {starts} OR (ascii({ref}) IN {may_start} AND {ref} ~ '{SQL_DANGER}'))"


def csv_cell(column, ref):
    """(SQL, parameters) of a column's CSV cell, from the column `ref` of the list's query.
    Text that a spreadsheet would run as a formula gets a leading quote."""
    if column.kind == "int":
        return ref, []
    if column.kind == "date":
        return f"to_char({ref}, 'YYYY-MM-DD')", []
    if column.kind == "url":
        return f"%s || {ref} || '/'", [column.path]  # the site's address goes in front
    if column.kind == "list":
        ref = f"array_to_string(array_remove({ref}, ''), '; ')"
    return f"CASE WHEN {dangerous_sql(ref)} THEN chr(39) || {ref} ELSE {ref} END", []


def json_value(column, ref):
    """(SQL, parameters) of a column's key and value in a row's JSON object. JSON is data:
    text is left as written."""
    assert "'" not in column.header
    if column.kind == "url":
        return f"'{column.header}', %s || {ref} || '/'", [column.path]
    if column.kind == "list":
        return (
            f"'{column.header}', coalesce(array_remove(array_remove({ref}, NULL), ''), '{{}}')",
            [],
        )
    return f"'{column.header}', {ref}", []


def copy_sql(spec, queryset, base_url, cell, select, options):
    """`COPY (SELECT select FROM the list's rows) TO STDOUT (options)`, every parameter bound:
    `cell(column, ref, index)` gives each column's (SQL, paths); `select` is a format string
    with `{cells}`, the cells joined by commas."""
    inner_sql, inner_params = spec.query(queryset).query.sql_with_params()
    names = [f"c{i}" for i in range(len(spec.columns))]
    # The ORDER BY stays inside the subquery, which PostgreSQL does not pull up into the
    # outer SELECT: the rows come out in the list's order.
    rows = f"({inner_sql}) AS e ({', '.join(names)})"
    cells, params = [], []
    for i, (name, column) in enumerate(zip(names, spec.columns, strict=True)):
        sql, paths = cell(column, f"e.{name}", i)
        cells.append(sql)
        params += [base_url + path for path in paths]
    # Our own SQL around Django's; every value is bound by compose_sql.
    sql = f"COPY (SELECT {select.format(cells=', '.join(cells))} FROM {rows}) TO STDOUT ({options})"  # noqa: S608, E501
    return connection.ops.compose_sql(sql, [*params, *inner_params])


def copy_rows(sql):
    """The rows `sql` (a COPY) writes: bytes, one row per item."""
    finished = False
    try:
        with connection.cursor() as cursor:
            # An export may take longer than a page: its own limit, for this query alone.
            timeout = f"{settings.EXPORT_STATEMENT_TIMEOUT}s"
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [timeout])
            with cursor.copy(sql) as copy:
                yield from copy
            cursor.execute("RESET statement_timeout")
        finished = True
    finally:
        if not finished:
            # The download was abandoned halfway: the connection is in the middle of a COPY,
            # so it is closed rather than handed to the next request.
            connection.close()


def gathered(pieces):
    """Bytes in pieces of about STREAM_BYTES: fewer, larger writes to the client."""
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= STREAM_BYTES:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def download(pieces, content_type, filename):
    response = StreamingHttpResponse(pieces, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(export):
    sql = copy_sql(export.spec, export.queryset, export.base_url,
                   lambda column, ref, i: csv_cell(column, ref), "{cells}",
                   "FORMAT csv, FORCE_QUOTE *")  # fmt: skip

    def pieces():
        header = io.StringIO()
        csv.writer(header, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(
            export.spec.headers()
        )
        # A BOM, so that Excel reads the file as UTF-8; the header goes out before the query
        # runs, so the first bytes arrive at once whatever the size.
        yield ("\ufeff" + header.getvalue()).encode()
        yield from gathered(copy_rows(sql))

    response = download(pieces(), "text/csv; charset=utf-8", export.filename("csv"))
    # The CSV stays a clean table; its provenance travels in the headers (the row count with
    # every format's: export_response).
    provenance = export.provenance
    response["X-Export-Filters"] = provenance["query"] or "(none)"
    response["X-Export-Time"] = provenance["exported_at"]
    response["X-Export-User"] = provenance["exported_by"]
    return response


def json_response(export):
    sql = copy_sql(export.spec, export.queryset, export.base_url,
                   lambda column, ref, i: json_value(column, ref),
                   "json_build_object({cells})::text", RAW_COPY_OPTIONS)  # fmt: skip

    def objects():
        count = 0
        for line in copy_rows(sql):
            # Each line is one object and its newline: the comma goes before the next one.
            yield (b",\n" if count else b"\n") + bytes(line).rstrip(b"\n")
            count += 1
        yield f'\n], "row_count": {count}}}\n'.encode()

    def pieces():
        # The header goes out before the query runs, so the first bytes arrive at once.
        yield (json.dumps(export.provenance, ensure_ascii=False)[:-1] + ', "rows": [').encode()
        yield from gathered(objects())

    return download(pieces(), "application/json; charset=utf-8", export.filename("json"))
