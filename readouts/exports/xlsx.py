"""The Excel export: a workbook of two sheets, the rows and the export's provenance.

PostgreSQL writes each row of the worksheet as XML, its values escaped (cell_sql, through the
same COPY as the CSV); Python numbers the rows, finishes the cells over whole batches
(finish_cells) and hands the parts to stream-zip, which deflates them into the workbook as
they come, so the download starts at once and memory stays flat."""

import json
import re
import stat

from django.utils import timezone
from isal import isal_zlib
from stream_zip import ZIP_32, stream_zip

from .stream import RAW_COPY_OPTIONS, SKIPPED, TRIGGERS, copy_rows, copy_sql, download, gathered

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_575  # the rows of an Excel sheet, less the header
XLSX_MAX_TEXT = 32_767  # the characters of an Excel cell
# A zip entry holds 4 GiB in the zip format every reader takes (Excel refuses some zip64
# layouts): the sheet stops short of it, with room for its end.
XLSX_MAX_BYTES = 0xFFFFFFFF - 64 * 1024 * 1024
XLSX_BATCH_BYTES = 256 * 1024  # worksheet bytes cleaned and deflated at a time
# stream-zip hands its output on in blocks of this size: small enough that the parts written
# before the query runs go out at once; stream.gathered makes larger pieces of the rest.
ZIP_BLOCK = 1024


def deflate():
    """ISA-L's raw deflate at its fastest level: zlib's format at several times its speed
    (deflating was a quarter of a worker's time for an export with zlib's)."""
    return isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)


# Markup in text, written as entities (by PostgreSQL for the rows, by Python for the rest): what
# an element's content needs. Quotes need entities only in an attribute's value, where no value
# goes (each entity costs PostgreSQL one more pass over every text: about 0.15 s a column at 1M
# rows).
XML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# The bytes XML 1.0 forbids: control characters other than tab, newline and carriage return
# (UTF-8 never uses these bytes inside a longer character, so removing them is exact).
XML_FORBIDDEN_BYTES = bytes(range(32)).translate(None, b"\t\n\r")
XML_NONCHARACTERS = re.compile(rb"\xef\xbf[\xbe\xbf]")  # U+FFFE and U+FFFF in UTF-8
# Excel reads `_xHHHH_` in a text as the character HHHH; its own escape for a literal one is
# to write the underscore as `_x005F_`.
EXCEL_ESCAPE = re.compile(rb"_(x[0-9A-Fa-f]{4}_)")

# The cell formats of styles.xml, by position.
QUOTED_STYLE, DATE_STYLE, HEADER_STYLE = 1, 2, 3
# How a text cell without a style goes on after its reference; and, the same with the style
# that keeps it text even when edited (a quote prefix), where its text could run as a formula:
# as stream.DANGER has it, or where it begins with a control character (one XML forbids,
# which is removed and would unmask what follows).
TEXT_CELL = ' t="inlineStr"><is><t xml:space="preserve">'
QUOTED_TEXT_CELL = re.compile(
    re.escape(TEXT_CELL.encode())
    + rb"(?=[\x00-\x1f]|(?:%s)*(?:%s))"
    % tuple(b"|".join(re.escape(c.encode()) for c in chars) for chars in (SKIPPED, TRIGGERS))
)
# Where PostgreSQL leaves a row's number, in its <row> and in each cell's reference, for
# DataSheet to write in. For speed: numbering the rows in SQL (a window function) doubled what
# the cells cost PostgreSQL. Escaped text never holds "<>".
ROW_NUMBER = "<>"
ROW_NUMBER_BYTES = ROW_NUMBER.encode()

NAMESPACES = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PART_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{PART_TYPE}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{PART_TYPE}.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{PART_TYPE}.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{PART_TYPE}.styles+xml"/>
</Types>"""

PACKAGE_RELS = f"""{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIP}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK_RELS = f"""{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIP}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIP}/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="{RELATIONSHIP}/styles" Target="styles.xml"/>
</Relationships>"""

# Cell formats: 0 plain, 1 quote-prefixed text (stays text when edited), 2 date, 3 bold.
STYLES = f"""{DECLARATION}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

# The header row stays in view (frozen) while the rows scroll.
DATA_SHEET_HEAD = f"""{DECLARATION}<worksheet {NAMESPACES}>
<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
{{cols}}<sheetData>
"""

# Column widths in characters, by kind; a long text (title, text, summary) wider.
WIDTHS = {"int": 9, "date": 11, "url": 36, "list": 32, "text": 24}
WIDE = {"title", "text", "summary", "event_title"}

ABOUT_SHEET_HEAD = f"""{DECLARATION}<worksheet {NAMESPACES}>
<sheetFormatPr defaultRowHeight="15"/>
<cols><col min="1" max="1" width="18" customWidth="1"/><col min="2" max="2" width="100" customWidth="1"/></cols>
<sheetData>
"""


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def around(before, sql, after):
    """SQL of the value `sql` between two fixed texts: NULL when the value is NULL."""
    return f"{sql_literal(before)} || {sql} || {sql_literal(after)}"


def xml_escape(text):
    """`text` with its markup written as entities, as the SQL of Column.xlsx_sql does."""
    for char, entity in XML_ENTITIES.items():
        text = text.replace(char, entity)
    return text


LINK_MIDDLE = '")</f><v>'  # between a HYPERLINK formula and its cached value


def column_widths(spec):
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{60 if c.header in WIDE else WIDTHS.get(c.kind, 20)}"'
        ' customWidth="1"/>'
        for i, c in enumerate(spec.columns, start=1)
    )
    return f"<cols>{widths}</cols>"


def column_letter(index):
    """The letters of the column at `index` (from 0): A, B, ... Z, AA, AB, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def text_cell(ref, text, bold=False):
    """A cell of `text`, for the parts of a workbook Python writes (finish_cells follows; a
    bold cell is a label of ours, never quote-prefixed)."""
    text = xml_escape(text)
    if bold:
        return f'<c r="{ref}" t="inlineStr" s="{HEADER_STYLE}"><is><t>{text}</t></is></c>'
    return f'<c r="{ref}"{TEXT_CELL}{text}</t></is></c>'


def finish_cells(data):
    """Worksheet rows as Excel and XML 1.0 read them, finished at C speed over a whole batch
    (for speed: doing the same in SQL cost more than the rest of a cell): the quote prefix
    on a text that could run as a formula; the control characters XML forbids removed (with
    them the quotes COPY puts around a row that holds a newline or one of them); a carriage
    return as a character reference (a raw one is read back as a newline); and text that
    Excel would read as its own escapes escaped. The XML around the values holds none of
    these, and a value's markup is already escaped, so no value can pass for a cell's
    start."""
    data = QUOTED_TEXT_CELL.sub(f' s="{QUOTED_STYLE}"{TEXT_CELL}'.encode(), data)
    data = XML_NONCHARACTERS.sub(b"", data.translate(None, XML_FORBIDDEN_BYTES))
    return EXCEL_ESCAPE.sub(rb"_x005F_\1", data.replace(b"\r", b"&#13;"))


class DataSheet:
    """The sheet of rows: its XML in pieces, from the rows PostgreSQL writes, and how many
    rows it holds once written."""

    def __init__(self, spec, rows):
        self.spec, self.rows = spec, rows
        self.count, self.truncated = 0, False

    def pieces(self):
        header = "".join(
            text_cell(f"{column_letter(i)}1", column.header, bold=True)
            for i, column in enumerate(self.spec.columns)
        )
        head = DATA_SHEET_HEAD.format(cols=column_widths(self.spec))
        yield finish_cells(f'{head}<row r="1">{header}</row>\n'.encode())
        batch, size, written = [], 0, 0
        for row in self.rows:
            row = bytes(row).replace(ROW_NUMBER_BYTES, b"%d" % (self.count + 2))
            written += len(row)
            if self.count == XLSX_MAX_ROWS or written > XLSX_MAX_BYTES:
                # A row more than a sheet holds: it and the rest stay out, and the query
                # stops (copy_rows closes the connection).
                self.truncated = True
                self.rows.close()
                break
            self.count += 1
            batch.append(row)
            size += len(row)
            if size >= XLSX_BATCH_BYTES:
                yield finish_cells(b"".join(batch))
                batch, size = [], 0
        if batch:
            yield finish_cells(b"".join(batch))
        # The filter buttons on the header, over every row: known only now, and the
        # autoFilter element comes after the rows.
        last = f"{column_letter(len(self.spec.columns) - 1)}{self.count + 1}"
        yield f'</sheetData>\n<autoFilter ref="A1:{last}"/>\n</worksheet>'.encode()


def about_sheet(provenance, sheet):
    """The sheet "export": what was exported, when, by whom, with which filters, and how
    many rows."""
    lines = [*provenance.items(), ("row_count", sheet.count)]
    if sheet.truncated:
        lines.append(
            (
                "note",
                f"An Excel sheet holds {XLSX_MAX_ROWS:,} rows (and this file 4 GB of them): "
                f"the rows after the first {sheet.count:,} are not in this file. The CSV and "
                "JSON exports hold every row.",
            )
        )
    rows = []
    for number, (key, value) in enumerate(lines, start=1):
        if isinstance(value, int):
            cell = f'<c r="B{number}"><v>{value}</v></c>'
        else:
            if isinstance(value, dict | list):
                value = json.dumps(value, ensure_ascii=False)
            cell = text_cell(f"B{number}", str(value))
        rows.append(f'<row r="{number}">{text_cell(f"A{number}", key, bold=True)}{cell}</row>')
    body = "\n".join(rows)
    return finish_cells(f"{ABOUT_SHEET_HEAD}{body}\n</sheetData>\n</worksheet>".encode())


def workbook(spec, sheet):
    """workbook.xml: the two sheets, and the range of the filter (which Excel and LibreOffice
    keep as a hidden name)."""
    last = f"${column_letter(len(spec.columns) - 1)}${sheet.count + 1}"
    return f"""{DECLARATION}<workbook {NAMESPACES}>
<bookViews><workbookView activeTab="0"/></bookViews>
<sheets><sheet name="{spec.name}" sheetId="1" r:id="rId1"/><sheet name="export" sheetId="2" r:id="rId2"/></sheets>
<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'{spec.name}'!$A$1:{last}</definedName></definedNames>
</workbook>""".encode()


def cell_sql(column, ref, index):
    """(SQL, parameters) of a column's cell in a worksheet row, from the column `ref` of the
    list's query: NULL where there is no value or an empty text, and concat() leaves the cell
    out. Numbers are numbers; dates are date serials in the date style; lists are joined with
    "; "; text is an inline string, cut to what a cell holds and escaped (finish_cells
    quote-prefixes it where it could run as a formula). Each value is named once, so
    PostgreSQL computes it once."""
    letter = column_letter(index)
    cell = f'<c r="{letter}{ROW_NUMBER}"'
    if column.kind == "int":
        return around(f"{cell}><v>", ref, "</v></c>"), []
    if column.kind == "date":
        # Days since Excel's day 0. Excel counts a 29 February 1900 that never was, so a
        # date before March 1900 is written as text rather than as a wrong serial.
        serial = f"({ref} - date '1899-12-30')"
        serial = around(f'{cell} s="{DATE_STYLE}"><v>', serial, "</v></c>")
        text = f"to_char({ref}, 'YYYY-MM-DD')"
        text = around(f'{cell} t="inlineStr"><is><t>', text, "</t></is></c>")
        return f"CASE WHEN {ref} >= date '1900-03-01' THEN {serial} ELSE {text} END", []
    if column.kind == "url":
        # A live link: HYPERLINK of the portal's own address (the site's address and a path,
        # escaped in Python; the value is a number, so no quote can end the formula's text),
        # with the address as its cached value.
        url = f"%s || {ref} || '/'"
        link = f"{url} || {sql_literal(LINK_MIDDLE)} || {url}"
        return around(f'{cell} t="str"><f>HYPERLINK("', link, "</v></c>"), [
            xml_escape(column.path),
            xml_escape(column.path),
        ]
    # A cell holds XLSX_MAX_TEXT characters; Excel repairs a file with more. For speed,
    # a text is measured in bytes first (at once), and counted in characters only if long.
    if column.kind == "list":
        text = f"left(array_to_string(array_remove({ref}, ''), '; '), {XLSX_MAX_TEXT})"
    else:
        long = f"octet_length({ref}) > {XLSX_MAX_TEXT}"
        text = f"CASE WHEN {long} THEN left({ref}, {XLSX_MAX_TEXT}) ELSE {ref} END"
    text = f"nullif({text}, '')"
    for char, entity in XML_ENTITIES.items():
        text = f"replace({text}, {sql_literal(char)}, {sql_literal(entity)})"
    return around(cell + TEXT_CELL, text, "</t></is></c>"), []


def first_at_once(pieces):
    """The first piece at once (the parts written before the query runs), the rest gathered."""
    pieces = iter(pieces)
    first = next(pieces, b"")
    if first:
        yield first
    yield from gathered(pieces)


def later(make):
    """An entry's content made only when the zip comes to it (after the rows)."""
    yield make()


def xlsx_response(export):
    spec = export.spec
    sql = copy_sql(spec, export.queryset, export.base_url, cell_sql,
                   f"concat('<row r=\"{ROW_NUMBER}\">', {{cells}}, '</row>')", RAW_COPY_OPTIONS)  # fmt: skip
    sheet = DataSheet(spec, copy_rows(sql))
    now = timezone.localtime().replace(tzinfo=None)

    def parts():
        # The parts that do not depend on the rows come first, so the first bytes go out
        # before the query runs; zip entries come in any order, so what needs the row count
        # comes after the rows.
        yield from (
            ("[Content_Types].xml", [CONTENT_TYPES.encode()]),
            ("_rels/.rels", [PACKAGE_RELS.encode()]),
            ("xl/_rels/workbook.xml.rels", [WORKBOOK_RELS.encode()]),
            ("xl/styles.xml", [STYLES.encode()]),
            ("xl/worksheets/sheet1.xml", sheet.pieces()),
            ("xl/worksheets/sheet2.xml", later(lambda: about_sheet(export.provenance, sheet))),
            ("xl/workbook.xml", later(lambda: workbook(spec, sheet))),
        )

    files = ((name, now, stat.S_IFREG | 0o600, ZIP_32, content) for name, content in parts())
    zipped = stream_zip(files, chunk_size=ZIP_BLOCK, get_compressobj=deflate,
                        extended_timestamps=False)  # fmt: skip
    return download(first_at_once(zipped), XLSX_TYPE, export.filename("xlsx"))
