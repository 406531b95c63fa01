"""Exporting a list of organisations as CSV or XLSX, in the columns the import reads back."""

import codecs
import csv
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from django.db.models import QuerySet

from kopa.directory.importing import COLUMNS, FORMULA_STARTS, LIST_COLUMNS
from kopa.directory.models import Organisation

CHUNK = 1000


def _value(org: Organisation, column: str) -> str:
    if column in LIST_COLUMNS:
        return ";".join(sorted(item.code for item in getattr(org, column).all()))
    if column == "country":
        return org.country.code or ""
    if column == "description":
        return (org.description or {}).get("en", "")
    value = getattr(org, column)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value or ""


def export_rows(organisations: QuerySet[Organisation]) -> Iterator[list[str]]:
    """The header, then one row per organisation, read in chunks so memory stays flat."""
    yield list(COLUMNS)
    queryset = organisations.prefetch_related(*LIST_COLUMNS)
    for org in queryset.iterator(chunk_size=CHUNK):
        yield [_value(org, column) for column in COLUMNS]


class _Line:
    """A write-only buffer: csv.writer hands back each line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _escape(value: str) -> str:
    # A cell a spreadsheet would run as a formula is kept as text; the import removes the apostrophe.
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """UTF-8 CSV text, line by line, with a byte-order mark so spreadsheets read the letters right."""
    writer = csv.writer(_Line())
    yield codecs.BOM_UTF8.decode("utf-8")
    for row in rows:
        yield writer.writerow([_escape(value) for value in row])


def xlsx_file(rows: Iterable[list[str]], *, title: str = "Organisations"):
    """An XLSX workbook in a temporary file, written row by row (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    output = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    workbook.save(output)
    output.seek(0)
    return output
