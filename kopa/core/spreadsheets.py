"""Lists as CSV and XLSX: one writer and one response shape for every export in Kopa.

Cells that a spreadsheet would run as a formula are kept as text (CSV: a leading apostrophe, which
Kopa's imports remove again; XLSX: cells typed as strings). Rows are written as they come, so an
export of a national inventory keeps memory flat.
"""

import codecs
import csv
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from django.http import FileResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Line:
    """A write-only buffer: csv.writer hands back each line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _escape(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """UTF-8 CSV text, line by line, with a byte-order mark so spreadsheets read the letters right."""
    writer = csv.writer(_Line())
    yield codecs.BOM_UTF8.decode("utf-8")
    for row in rows:
        yield writer.writerow([_escape(value) if isinstance(value, str) else value for value in row])


def _append_rows(workbook: Workbook, title, rows: Iterable[list]) -> None:
    sheet = workbook.create_sheet(title=str(title)[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)


def xlsx_workbook(sheets: Iterable[tuple[str, Iterable[list]]]):
    """An XLSX workbook of several sheets ((title, rows) each, titles unique within 31 characters),
    in a temporary file, written row by row."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        _append_rows(workbook, title, rows)
    output = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    workbook.save(output)
    output.seek(0)
    return output


def xlsx_file(rows: Iterable[list], *, title: str = "Sheet"):
    """An XLSX workbook in a temporary file, written row by row (openpyxl's write-only mode)."""
    return xlsx_workbook([(title, rows)])


def csv_response(rows: Iterable[list], *, filename: str) -> StreamingHttpResponse:
    """A streamed CSV download named `filename` (with its .csv)."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[list], *, filename: str, title: str) -> FileResponse:
    """An XLSX download named `filename` (with its .xlsx), one sheet called `title`."""
    return FileResponse(xlsx_file(rows, title=title), as_attachment=True, filename=filename,
                        content_type=XLSX_CONTENT_TYPE)
