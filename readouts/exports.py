"""Exports of the lists: one column specification per list drives CSV, XLSX and JSON.

Every export runs one query over the same filtered queryset as the page, reads it with a
server-side cursor and streams it, so memory stays flat however many rows there are. XLSX is
written by xlsxwriter in constant-memory mode to a temporary file, then streamed.
"""

import csv
import datetime
import json
import tempfile
from dataclasses import dataclass, field

import xlsxwriter
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, Value
from django.db.models.functions import Coalesce, Concat
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .models import Participant, Source, Statement

FORMATS = ("csv", "xlsx", "json")
CHUNK_SIZE = 2000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: its header and how to get its value from a row of `.values()`."""

    header: str
    key: str
    kind: str = "text"  # text, int, date, list, url
    build_url: object = field(default=None, compare=False)

    def value(self, row, base_url):
        raw = row.get(self.key)
        if self.kind == "url" and self.build_url is not None:
            return base_url + self.build_url(row)
        if self.kind == "list":
            return [item for item in (raw or []) if item]
        return raw


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

    def rows(self, queryset, base_url):
        """Each row as a list of Python values, in column order, from one streamed query."""
        keys = sorted({c.key for c in self.columns})
        for row in queryset.values(*keys).iterator(chunk_size=CHUNK_SIZE):
            yield [c.value(row, base_url) for c in self.columns]


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
        Column("portal_url", "id", "url", build_url=lambda row: f"/events/{row['id']}/"),
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
        topic_names=ArraySubquery(
            Statement.topics.through.objects.filter(statement=OuterRef("pk"))
            .order_by("topic__name")
            .values("topic__name")
        ),
        mention_names=ArraySubquery(
            Statement.mentions.through.objects.filter(statement=OuterRef("pk"))
            .order_by("actor__name")
            .values("actor__name")
        ),
    )


STATEMENT_EXPORT = ExportSpec(
    name="statements",
    columns=(
        Column("id", "id", "int"),
        Column("portal_url", "id", "url", build_url=lambda row: f"/statements/{row['id']}/"),
        Column("date", "occurred_on", "date"),
        Column("event_id", "event_id", "int"),
        Column("event_url", "event_id", "url", build_url=lambda row: f"/events/{row['event_id']}/"),
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


class Echo:
    """A file-like object that hands back what is written, for csv.writer to stream."""

    def write(self, value):
        return value


def csv_response(spec, rows, provenance):
    def lines():
        writer = csv.writer(Echo())
        yield "\ufeff"  # a BOM, so that Excel reads the file as UTF-8
        yield writer.writerow(spec.headers())
        for row in rows:
            yield writer.writerow([neutralise(csv_cell(value)) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(spec, "csv")}"'
    response["X-Export-Filters"] = provenance["query"] or "(none)"
    response["X-Export-Time"] = provenance["exported_at"]
    return response


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return joined(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def json_default(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def json_response(spec, rows, provenance):
    headers = spec.headers()

    def chunks():
        yield json.dumps(provenance, ensure_ascii=False)[:-1] + ', "rows": ['
        count = 0
        for row in rows:
            item = json.dumps(
                dict(zip(headers, row, strict=True)), default=json_default, ensure_ascii=False
            )
            yield ("," if count else "") + "\n" + item
            count += 1
        yield f'\n], "row_count": {count}}}\n'

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(spec, "json")}"'
    return response


def xlsx_response(spec, rows, provenance):
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
    for count, row in enumerate(rows, start=1):
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
    return RESPONDERS[fmt](spec, spec.rows(queryset, base_url), provenance)
