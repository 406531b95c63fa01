"""Reading uploaded spreadsheets: the cells of a CSV or XLSX file as rows of text.

Decisions:
- A CSV file must be UTF-8 (with or without a byte-order mark). Windows-1250 and Windows-1257 are not
  guessed: they give the same bytes different letters (0xF0 is "đ" in one and "š" in the other), so a
  guess could silently change names. The error explains how to save the file as UTF-8.
- A file is recognised by its content, not by its name.
- A file is read one row at a time (a CSV through a text wrapper, an XLSX in openpyxl's read-only
  mode), so memory does not grow with the file; an XLSX file's declared size is checked before any
  row is read, so a small file declaring 16,384 columns is refused at once.
"""

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from openpyxl import load_workbook

from django.conf import settings

from kopa.core.spreadsheets import FORMULA_STARTS
from kopa.directory.imports.problems import message


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message (by its code in `problems.MESSAGES`) says why
    and what to do."""

    def __init__(self, code: str, params: dict | None = None):
        self.code, self.params = code, params or {}
        super().__init__(code)

    @property
    def message(self) -> str:
        return message(self.code, self.params)


@dataclass(frozen=True)
class Limits:
    """How much one file may hold: data rows, columns and characters in one cell."""

    rows: int
    columns: int
    cell_chars: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(rows=settings.KOPA_IMPORT_MAX_ROWS, columns=settings.KOPA_IMPORT_MAX_COLUMNS,
                   cell_chars=settings.KOPA_IMPORT_MAX_CELL_CHARS)


def _encoding_error(line: int) -> ImportFileError:
    return ImportFileError("not_utf8", {"line": line})


def _not_a_table() -> ImportFileError:
    return ImportFileError("not_a_table")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def _limit(code: str, **params) -> ImportFileError:
    return ImportFileError(code, params)


def _checked(cells: list[str], number: int, limits: Limits) -> list[str]:
    """The cells of row `number`, refused when the row is wider or a cell longer than the limits."""
    if len(cells) > limits.columns and any(cells[limits.columns:]):
        raise _limit("too_many_columns", limit=limits.columns)
    for column, cell in enumerate(cells, start=1):
        if len(cell) > limits.cell_chars:
            raise _limit("cell_too_long", row=number, column=column, limit=limits.cell_chars)
    return cells[:limits.columns]


def _first_bad_line(file: BinaryIO) -> int:
    """The line of the first byte that is not UTF-8 (no UTF-8 sequence contains a line feed)."""
    file.seek(0)
    for number, line in enumerate(file, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 1


def _csv_rows(file: BinaryIO, limits: Limits) -> Iterator[list[str]]:
    start = file.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _encoding_error(1)
    file.seek(0)
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        first_line = text.readline(limits.columns * (limits.cell_chars + 3))
        try:  # Excel in Slovenian and Latvian settings separates with semicolons
            delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
        reader = csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
        for cells in reader:
            if any("\x00" in cell for cell in cells):
                raise _not_a_table()
            # a cell our export escaped with an apostrophe (so spreadsheets never run it) reads back bare
            yield _checked([cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell.strip()
                            for cell in cells], reader.line_num, limits)
    except UnicodeDecodeError as exc:
        raise _encoding_error(_first_bad_line(file)) from exc
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _limit("cell_too_long", row=reader.line_num + 1, column=0, limit=limits.cell_chars) from exc
        raise _not_a_table() from exc
    finally:
        text.detach()


def _xlsx_rows(file: BinaryIO, limits: Limits) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    # openpyxl reports a damaged workbook with many exception types; every one means "cannot read".
    except Exception as exc:
        raise ImportFileError("xlsx_unreadable") from exc
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared size (its dimension tag), checked before a single row is read.
        if (sheet.max_column or 0) > limits.columns:
            raise _limit("too_many_columns", limit=limits.columns)
        if (sheet.max_row or 0) > limits.rows + 1:
            raise _limit("too_many_rows", limit=limits.rows)
        rows = sheet.iter_rows(values_only=True, max_col=limits.columns + 1)
        number = 0
        while True:
            try:
                values = next(rows, None)
            except Exception as exc:
                raise ImportFileError("xlsx_unreadable") from exc
            if values is None:
                return
            number += 1
            yield _checked([_cell(v) for v in values], number, limits)
    finally:
        workbook.close()


def read_rows(file: BinaryIO, limits: Limits) -> Iterator[list[str]]:
    """The cells of a CSV or XLSX file as rows of text, one row at a time, recognised by content,
    not by file name. `file` is a binary file open for reading, able to seek.

    Raises ImportFileError, also when the file is wider, or a cell longer, than `limits` (the
    number of rows is counted by the caller, which skips empty rows)."""
    start = file.read(8)
    file.seek(0)
    if start.startswith(b"PK\x03\x04"):
        return _xlsx_rows(file, limits)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("old_excel")
    return _csv_rows(file, limits)


def read_table(content: bytes) -> list[list[str]]:
    """Every row of a small CSV or XLSX file at once (as `read_rows`, within the import limits).

    Raises ImportFileError."""
    return list(read_rows(io.BytesIO(content), Limits.from_settings()))
