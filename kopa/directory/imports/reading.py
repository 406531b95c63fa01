"""Reading uploaded spreadsheets: the cells of a CSV or XLSX file as rows of text.

Decisions:
- A CSV file must be UTF-8 (with or without a byte-order mark). Windows-1250 and Windows-1257 are not
  guessed: they give the same bytes different letters (0xF0 is "đ" in one and "š" in the other), so a
  guess could silently change names. The error explains how to save the file as UTF-8.
- A file is recognised by its content, not by its name.
"""

import codecs
import csv
import io
from datetime import date, datetime

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


def _read_csv(content: bytes) -> list[list[str]]:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _encoding_error(1)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _encoding_error(content[: exc.start].count(b"\n") + 1) from exc
    if "\x00" in text:
        raise _not_a_table()
    first_line = text.split("\n", 1)[0]
    try:  # Excel in Slovenian and Latvian settings separates with semicolons
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:  # a cell our export escaped with an apostrophe (so spreadsheets never run it) reads back bare
        return [
            [cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell.strip()
             for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise _not_a_table() from exc


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    # openpyxl reports a damaged workbook with many exception types; every one means "cannot read".
    except Exception as exc:
        raise ImportFileError("xlsx_unreadable") from exc


def read_table(content: bytes) -> list[list[str]]:
    """The cells of a CSV or XLSX file as rows of text, recognised by content, not by file name.

    Raises ImportFileError."""
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("old_excel")
    return _read_csv(content)
