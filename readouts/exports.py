"""Exports of the lists: one column specification per list drives CSV, XLSX and JSON.

Every export runs one query over the same filtered queryset as the page and streams it, so
memory stays flat however many rows there are. CSV and JSON are written by PostgreSQL itself:
the list's query wrapped in `COPY (...) TO STDOUT`, with formula neutralisation, dates, lists and
JSON objects expressed in SQL, and Python passing the bytes on (for speed: formatting each row in
Python cost ten times what PostgreSQL takes to produce it). XLSX reads the same query with a
server-side cursor and is written by xlsxwriter in constant-memory mode to a temporary file,
then streamed.
"""

import csv
import datetime
import io
import json
import tempfile
from dataclasses import dataclass

import xlsxwriter
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import F, Func, OuterRef, Value
from django.db.models.functions import Coalesce, Concat
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .models import Participant, Source, Statement

FORMATS = ("csv", "xlsx", "json")
CHUNK_SIZE = 5000  # rows a server-side cursor fetches at a time (XLSX)
STREAM_BYTES = 64 * 1024  # bytes gathered before a piece of a CSV or JSON download goes out
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The same test in SQL, for the CSV that PostgreSQL writes.
SQL_FORMULA_PREFIXES = "('=', '+', '-', '@', chr(9), chr(13))"


@dataclass(frozen=True)
class Column:
    """One exported column: its header, the field or annotation of the list's rows it shows, and
    its kind, which says how each format writes it: text, int, date, list (of texts), or url (the
    row's page in the portal: the site's address, `path`, the value and a slash)."""

    header: str
    field: str
    kind: str = "text"
    path: str = ""

    def python(self, value, base_url):
        """The value as the XLSX writer gets it."""
        if self.kind == "url":
            return f"{base_url}{self.path}{value}/"
        if self.kind == "list":
            return [item for item in (value or []) if item]
        return value

    def csv_sql(self, ref):
        """(SQL, parameters) of this column's CSV cell, from the column `ref` of the list's
        query. Text that a spreadsheet would run as a formula gets a leading quote."""
        if self.kind == "int":
            return ref, []
        if self.kind == "date":
            return f"to_char({ref}, 'YYYY-MM-DD')", []
        if self.kind == "url":
            return f"%s || {ref} || '/'", [self.path]  # the site's address goes in front
        if self.kind == "list":
            ref = f"array_to_string(array_remove({ref}, ''), '; ')"
        sql = (
            f"CASE WHEN left({ref}, 1) IN {SQL_FORMULA_PREFIXES} "
            f"THEN chr(39) || {ref} ELSE {ref} END"
        )
        return sql, []

    def json_sql(self, ref):
        """(SQL, parameters) of this column's value in a row's JSON object. JSON is data: text
        is left as written."""
        if self.kind == "url":
            return f"%s || {ref} || '/'", [self.path]
        if self.kind == "list":
            return f"coalesce(array_remove(array_remove({ref}, NULL), ''), '{{}}')", []
        return ref, []


def neutralise(text):
    """Make a cell that a spreadsheet would run as a formula read as plain text."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def joined(items):
    return "; ".join(str(item) for item in items)


@dataclass(frozen=True)
class ExportSpec:
    name: str  # the list's name, used in the file name
    columns: tuple

    def headers(self):
        return [c.header for c in self.columns]

    def query(self, queryset):
        """The one query every format reads: the list's rows, one value per column, in the
        list's order."""
        return queryset.values_list(*[F(column.field) for column in self.columns])

    def rows(self, queryset, base_url):
        """Each row as a list of Python values in column order, read with a server-side
        cursor."""
        columns = list(enumerate(self.columns))
        for row in self.query(queryset).iterator(chunk_size=CHUNK_SIZE):
            yield [column.python(row[i], base_url) for i, column in columns]

    def copy_sql(self, queryset, base_url, fmt):
        """`COPY (SELECT ...) TO STDOUT` writing the rows as CSV (fmt "csv") or as one JSON
        object per line (fmt "json"), every parameter bound."""
        inner_sql, inner_params = self.query(queryset).query.sql_with_params()
        names = [f"c{i}" for i in range(len(self.columns))]
        cells, params = [], []
        for name, column in zip(names, self.columns, strict=True):
            sql, extra = (column.csv_sql if fmt == "csv" else column.json_sql)(f"e.{name}")
            if fmt == "json":
                assert "'" not in column.header
                sql = f"'{column.header}', {sql}"
            cells.append(sql)
            params += [base_url + path for path in extra]
        if fmt == "csv":
            select, options = ", ".join(cells), "FORMAT csv"
        else:
            # CSV with a delimiter and a quote that JSON text never holds raw (it escapes
            # control characters): each object comes out exactly as PostgreSQL wrote it.
            select = f"json_build_object({', '.join(cells)})::text"
            options = "FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02'"
        # The ORDER BY stays inside the subquery, which PostgreSQL does not pull up into the
        # outer SELECT: the rows come out in the list's order.
        # Our own SQL around Django's; every value is bound by compose_sql.
        columns = ", ".join(names)
        sql = f"COPY (SELECT {select} FROM ({inner_sql}) AS e ({columns})) TO STDOUT ({options})"  # noqa: S608
        return connection.ops.compose_sql(sql, [*params, *inner_params])

    def copy_rows(self, queryset, base_url, fmt):
        """The rows as PostgreSQL writes them for `fmt`: bytes, one row per item."""
        sql = self.copy_sql(queryset, base_url, fmt)
        finished = False
        try:
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                yield from copy
            finished = True
        finally:
            if not finished:
                # The download was abandoned halfway: the connection is in the middle of a
                # COPY, so it is closed rather than handed to the next request.
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


def event_export_queryset(queryset):
    participants = (
        Participant.objects.filter(event=OuterRef("pk"))
        .order_by("order", "id")
        .annotate(
            label=Concat(
                F("actor__name"),
                Value(" ("),
                Coalesce(F("side__code"), F("side__name"), Value("?")),
                Value(")"),
            )
        )
        .values("label")
    )
    sources = Source.objects.filter(event=OuterRef("pk")).order_by("published_on", "id")
    return queryset.annotate(
        participant_labels=ArraySubquery(participants),
        countries=ArraySubquery(
            Participant.objects.filter(event=OuterRef("pk"), side__isnull=False)
            .order_by("order", "id")
            .values("side__code")
        ),
        publishers=ArraySubquery(sources.values("publisher__name")),
        source_urls=ArraySubquery(sources.values("url")),
    )


EVENT_EXPORT = ExportSpec(
    name="events",
    columns=(
        Column("id", "id", "int"),
        Column("portal_url", "id", "url", path="/events/"),
        Column("date", "occurred_on", "date"),
        Column("date_precision", "date_precision"),
        Column("kind", "kind"),
        Column("title", "title"),
        Column("location", "location"),
        Column("participants", "participant_labels", "list"),
        Column("countries", "countries", "list"),
        Column("publishers", "publishers", "list"),
        Column("source_urls", "source_urls", "list"),
        Column("summary", "summary"),
        Column("status", "status"),
    ),
)


class LinkedNames(Func):
    """The names of a statement's linked records (its topics, the actors it mentions), as an
    array in the order of their ids.

    For speed: the names come from a map of every id to its name that PostgreSQL builds once per
    query, so each row costs one index-only look-up of its links, where joining the names for
    every row cost three times as much (a quarter of a million-row export's time)."""

    template = (
        "ARRAY(SELECT (SELECT jsonb_object_agg(n.id, n.name) FROM %(names)s n) "
        "->> l.%(target)s::text FROM %(links)s l "
        "WHERE l.statement_id = %(expressions)s ORDER BY l.%(target)s)"
    )

    def __init__(self, field_name):
        field = Statement._meta.get_field(field_name)
        through = field.remote_field.through._meta
        quote = connection.ops.quote_name
        super().__init__(
            F("pk"),
            names=quote(field.related_model._meta.db_table),
            links=quote(through.db_table),
            target=quote(field.m2m_reverse_name()),
            output_field=ArrayField(models.TextField()),
        )


def statement_export_queryset(queryset):
    first_source = Source.objects.filter(event=OuterRef("event_id")).order_by("published_on", "id")
    return queryset.annotate(
        speaker_name=F("speaker__name"),
        side_code=Coalesce(F("side__code"), F("side__name")),
        event_title=F("event__title"),
        source_url=Coalesce(F("source__url"), first_source.values("url")[:1]),
        publisher_name=Coalesce(
            F("source__publisher__name"), first_source.values("publisher__name")[:1]
        ),
        topic_names=LinkedNames("topics"),
        mention_names=LinkedNames("mentions"),
    )


STATEMENT_EXPORT = ExportSpec(
    name="statements",
    columns=(
        Column("id", "id", "int"),
        Column("portal_url", "id", "url", path="/statements/"),
        Column("date", "occurred_on", "date"),
        Column("event_id", "event_id", "int"),
        Column("event_url", "event_id", "url", path="/events/"),
        Column("event_title", "event_title"),
        Column("event_kind", "event_kind"),
        Column("speaker", "speaker_name"),
        Column("side", "side_code"),
        Column("mode", "mode"),
        Column("text", "text"),
        Column("topics", "topic_names", "list"),
        Column("mentions", "mention_names", "list"),
        Column("publisher", "publisher_name"),
        Column("source_url", "source_url"),
        Column("span_start", "start", "int"),
        Column("span_end", "end", "int"),
        Column("status", "status"),
    ),
)


def filename(spec, extension):
    return f"{spec.name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(spec, queryset, base_url, provenance):
    def pieces():
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow(spec.headers())
        # A BOM, so that Excel reads the file as UTF-8; the header goes out before the query
        # runs, so the first bytes arrive at once whatever the size.
        yield ("\ufeff" + header.getvalue()).encode()
        yield from gathered(spec.copy_rows(queryset, base_url, "csv"))

    response = StreamingHttpResponse(pieces(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(spec, "csv")}"'
    response["X-Export-Filters"] = provenance["query"] or "(none)"
    response["X-Export-Time"] = provenance["exported_at"]
    return response


def json_response(spec, queryset, base_url, provenance):
    def objects():
        count = 0
        for line in spec.copy_rows(queryset, base_url, "json"):
            # Each line is one object and its newline: the comma goes before the next one.
            yield (b",\n" if count else b"\n") + bytes(line).rstrip(b"\n")
            count += 1
        yield f'\n], "row_count": {count}}}\n'.encode()

    def pieces():
        # The header goes out before the query runs, so the first bytes arrive at once.
        yield (json.dumps(provenance, ensure_ascii=False)[:-1] + ', "rows": [').encode()
        yield from gathered(objects())

    response = StreamingHttpResponse(pieces(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(spec, "json")}"'
    return response


def xlsx_response(spec, queryset, base_url, provenance):
    # Written to a temporary file in constant-memory mode (rows are flushed as written),
    # then streamed from disk; the file disappears when the response closes it.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    workbook = xlsxwriter.Workbook(
        handle,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd",
            "tmpdir": tempfile.gettempdir(),
        },
    )
    bold = workbook.add_format({"bold": True})
    text_format = workbook.add_format({"quote_prefix": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet(spec.name)
    sheet.freeze_panes(1, 0)
    for col, header in enumerate(spec.headers()):
        sheet.write_string(0, col, header, bold)
    count = 0
    for count, row in enumerate(spec.rows(queryset, base_url), start=1):
        for col, value in enumerate(row):
            write_cell(sheet, count, col, value, text_format, date_format)
    sheet.autofilter(0, 0, max(count, 1), len(spec.columns) - 1)

    about = workbook.add_worksheet("export")
    about.set_column(0, 0, 18)
    about.set_column(1, 1, 100)
    for line, (key, value) in enumerate([*provenance.items(), ("row_count", count)]):
        about.write_string(line, 0, key, bold)
        if isinstance(value, int):
            about.write_number(line, 1, value)
            continue
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        about.write_string(line, 1, neutralise(str(value)))
    workbook.close()
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename(spec, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def write_cell(sheet, row, col, value, text_format, date_format):
    if value is None:
        return
    if isinstance(value, list):
        value = joined(value)
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(
            row, col, datetime.datetime.combine(value, datetime.time()), date_format
        )
    elif value.startswith(FORMULA_PREFIXES):
        # A string cell never runs; the quote prefix keeps it text even when edited.
        sheet.write_string(row, col, value, text_format)
    else:
        sheet.write_string(row, col, value)


RESPONDERS = {"csv": csv_response, "xlsx": xlsx_response, "json": json_response}


def export_response(fmt, spec, queryset, request, filters_applied):
    """The download of `queryset` in format `fmt` (one of FORMATS)."""
    base_url = request.build_absolute_uri("/")[:-1]
    provenance = {
        "list": spec.name,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "exported_by": request.user.get_username(),
        "url": request.build_absolute_uri(),
        "query": request.GET.urlencode(),
        "filters": filters_applied,
        "columns": spec.headers(),
    }
    return RESPONDERS[fmt](spec, queryset, base_url, provenance)
