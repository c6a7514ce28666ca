"""Every CSV and XLSX export is written here, in one dialect for each format.

CSV is written for Finnish Excel: UTF-8 with a byte order mark (without it Excel reads the
file as Windows-1252), semicolons (the comma is the decimal separator in Finnish, so Excel's
list separator is ";"), CRLF line ends. A text cell that a spreadsheet would run as a formula
gets a leading apostrophe (CSV injection).

XLSX cells are typed: numbers are number cells, dates are date cells with a date format,
text is text (never a formula). Text starting with "=" still gets the apostrophe, so that
it reads the same as in the CSV file; nothing else does, so an answer starting with "-" stays
as it was typed. The header row is bold, frozen and has an autofilter; column widths follow
the content of the first rows. The workbook is written row by row with XlsxWriter in its
constant-memory mode (rows go to a temporary file as they come, text inline), so memory does
not grow with the rows, and 100,000 survey responses take seconds. (openpyxl, which reads the
guide's imports, writes the same cells several times slower.)

Both formats show a boolean as the reader's "Yes" or "No": it is an answer to a question,
and Excel would show a boolean cell as TRUE/FALSE, or TOSI/EPÄTOSI.

Rows are sequences of `Cell` values; the first row is the header. Callers give values their
type and people readable labels in the reader's language; this module only writes them.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO

import xlsxwriter
from flask_babel import gettext as _
from openpyxl import load_workbook

Cell = str | int | bool | date | None
Row = Sequence[Cell]

#: A CSV cell starting with one of these would run as a formula in a spreadsheet.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: In an XLSX file only text starting with "=" would read as a formula; other text cells are
#: text whatever they start with.
XLSX_FORMULA_STARTS = ("=",)
#: The most characters one XLSX cell holds.
_XLSX_CELL_LIMIT = 32_767
#: What separates several values in one cell (several groups, languages or service areas).
LIST_SEPARATOR = ", "
#: Characters a spreadsheet file cannot hold: C0 controls but tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: A sheet name cannot hold : \ / ? * [ ] and has at most 31 characters.
_SHEET_NAME_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")
_CSV_BATCH = 500
#: Column widths (in characters) are measured on this many rows, within these bounds.
_WIDTH_SAMPLE = 500
_WIDTH_MIN, _WIDTH_MAX = 8, 50

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"


def excel_safe(value: str, starts: tuple[str, ...] = CSV_FORMULA_STARTS) -> str:
    """`value` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + value if value[:1] in starts else value


def printable(value: str) -> str:
    """`value` without the control characters a spreadsheet file cannot hold."""
    return value if value.isprintable() else _CONTROL.sub("", value)  # the test is the quicker


def join(values: Iterable[str]) -> str:
    """Several values in one cell, the empty ones left out."""
    return LIST_SEPARATOR.join(value for value in values if value)


def _yes_no() -> tuple[str, str]:
    """The reader's words for False and True, looked up once per file."""
    return _("No"), _("Yes")


# --- CSV -----------------------------------------------------------------------------------

def csv_stream(rows: Iterable[Row]) -> Iterator[bytes]:
    """The rows as CSV for Finnish Excel, in chunks of a few hundred rows: the rows are read
    as the chunks are sent, so a long export keeps memory flat."""
    return _csv_chunks(rows, _yes_no())  # the words are looked up now, in the request


def _csv_chunks(rows: Iterable[Row], words: tuple[str, str]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    yield "\ufeff".encode()
    for batch in _batched(rows, _CSV_BATCH):
        writer.writerows([_csv_text(value, words) for value in row] for row in batch)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def _batched(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, size)):
        yield batch


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """The whole CSV file at once, for small exports."""
    return b"".join(csv_stream(rows))


def _csv_text(value: Cell, words: tuple[str, str]) -> str:
    if isinstance(value, str):
        return excel_safe(printable(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return words[value]
    if isinstance(value, date):
        return value.isoformat()  # Excel reads ISO dates as dates in every locale
    return str(value)


# --- XLSX ----------------------------------------------------------------------------------

def sheet_title(title: str) -> str:
    """`title` as a sheet name may be ("" if nothing is left)."""
    return _SHEET_NAME_FORBIDDEN.sub("", title)[:31].strip(" '")


def write_xlsx(rows: Iterable[Row], target: str | IO[bytes], title: str) -> None:
    """Write the rows as a one-sheet workbook to a path or a binary file, row by row."""
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet(sheet_title(title) or None)
    formats = {"bold": workbook.add_format({"bold": True}), "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
               "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})}
    words, rows = _yes_no(), iter(rows)
    sample = list(itertools.islice(rows, _WIDTH_SAMPLE))
    _set_widths(sheet, sample)
    sheet.freeze_panes(1, 0)
    count = columns = 0
    for row in itertools.chain(sample, rows):
        _write_row(sheet, count, row, words, formats, formats["bold"] if count == 0 else None)
        count, columns = count + 1, max(columns, len(row))
    if columns:
        sheet.autofilter(0, 0, count - 1, columns - 1)
    workbook.close()


def xlsx_bytes(rows: Iterable[Row], title: str) -> bytes:
    """The whole workbook at once, for small exports."""
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, title)
    return buffer.getvalue()


def read_xlsx(source: str | IO[bytes]) -> tuple[str, list[tuple]]:
    """The first sheet of a workbook: its name and its rows of cell values (for a file that
    comes back edited, such as a translation review)."""
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _write_row(sheet, number: int, row: Row, words: tuple[str, str], formats: dict, style) -> None:
    """One row, each cell written as its type (never through XlsxWriter's guessing `write()`,
    which would take text starting with "=" for a formula)."""
    for column, value in enumerate(row):
        if value is None:
            continue
        if isinstance(value, str):
            text = excel_safe(printable(value), XLSX_FORMULA_STARTS)[:_XLSX_CELL_LIMIT]
            sheet.write_string(number, column, text, style)
        elif isinstance(value, bool):
            sheet.write_string(number, column, words[value], style)
        elif isinstance(value, datetime):
            sheet.write_datetime(number, column, value, formats["datetime"])
        elif isinstance(value, date):
            sheet.write_datetime(number, column, value, formats["date"])
        else:
            sheet.write_number(number, column, value, style)


def _set_widths(sheet, sample: list[Row]) -> None:
    """Each column as wide as its longest value in the sample, within bounds (column widths
    come before the rows in the file, so they are set from the first rows only)."""
    widths: dict[int, int] = {}
    for row in sample:
        for index, value in enumerate(row):
            widths[index] = max(widths.get(index, 0), _display_width(value))
    for index, width in widths.items():
        sheet.set_column(index, index, min(max(width + 2, _WIDTH_MIN), _WIDTH_MAX))


def _display_width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return max(len(line) for line in str(value).splitlines() or [""])

