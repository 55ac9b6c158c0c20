"""Exports of the lists: every filtered row of a list, as CSV, Excel or JSON, streamed.

The list's page and its export share one FilterSet and one filtered queryset; one column
specification per list (columns.py) drives the three formats: CSV and JSON written by
PostgreSQL through COPY (stream.py), the workbook's rows too, in a zip that stream-zip writes
as they come (xlsx.py).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

from .columns import EVENT_EXPORT, STATEMENT_EXPORT, ExportSpec
from .stream import csv_response, json_response
from .xlsx import xlsx_response

FORMATS = ("csv", "xlsx", "json")
RESPONSES = {"csv": csv_response, "xlsx": xlsx_response, "json": json_response}

__all__ = ["EVENT_EXPORT", "FORMATS", "STATEMENT_EXPORT", "ExportSpec", "export_response"]


@dataclass
class Export:
    spec: ExportSpec
    queryset: object  # the list's filtered queryset
    base_url: str  # the site's address, before each row's portal URL
    provenance: dict  # what was exported, when, by whom, with which filters

    def filename(self, extension):
        """`statements_CHN_ukraine_2026-12-04.csv`: the list, its main filters, the day; ASCII
        letters, digits and dashes between underscores, at most FILENAME_MAX characters."""
        tail = f"_{timezone.localdate():%Y-%m-%d}.{extension}"
        parts = [self.spec.name]
        filters = self.provenance["filters"]
        for name in FILENAME_FILTERS:
            for value in filters.get(name, []):
                parts += [slug for v in value.split(",") if (slug := filename_slug(v))]
        stem = "_".join(parts)[: FILENAME_MAX - len(tail)].rstrip("_-")
        return stem + tail


# The filters that say what an export holds, in the order its file name names them.
FILENAME_FILTERS = ("country", "pair", "actor", "speaker", "topic", "kind", "publisher", "q")
FILENAME_MAX = 80


def filename_slug(value):
    """`value` in ASCII letters, digits and dashes (accents dropped): safe in any file system
    and in a Content-Disposition header."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:30]


def export_response(request, fmt, spec, queryset, filters_applied):
    """The download of `queryset`, a list's filtered rows, in format `fmt` (one of FORMATS)."""
    provenance = {
        "list": spec.name,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "exported_by": request.user.get_username(),
        "url": request.build_absolute_uri(),
        "query": request.GET.urlencode(),
        "filters": filters_applied,
        "columns": spec.headers(),
    }
    base_url = request.build_absolute_uri("/")[:-1]
    response = RESPONSES[fmt](Export(spec, queryset, base_url, provenance))
    # Counted before the rows stream (for the audit trail and the client), on the filtered
    # rows without the export's columns, whose joins (none adds or drops a row) would double
    # its time.
    response["X-Export-Row-Count"] = str(queryset.order_by().count())
    return response
