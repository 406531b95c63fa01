"""An import's problems, stored as a code and its parameters and shown in the reader's language.

A batch is checked in the uploader's language but may be read by a colleague in another, so no
message text is stored: `problem_message` writes it when the page is shown. Problems the profile's own
validation finds are stored in every language Kopa speaks (code "profile"). Problems stored before
they had codes keep their text ("message"), shown as it is.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick

PROBLEM_VALUE_LENGTH = 200

MESSAGES = {
    "duplicate_column": _("The column “%(column)s” appears more than once; only the first is read."),
    "unknown_columns": _(
        "These columns are not recognised and will be ignored: %(columns)s. Recognised columns "
        "are: %(known)s."),
    "missing_columns": _(
        "Required columns are missing: %(columns)s. Nothing can be imported until the file has "
        "them."),
    "empty_file": _("The file is empty. The first row must name the columns."),
    "extra_cells": _(
        "This row has more cells than the header has columns; the extra cells are ignored."),
    "needs_value": _("This column needs a value."),
    "unknown_country": _(
        "Unknown country. Use a two-letter ISO code such as SI or LV, or the country's name in "
        "English."),
    "choose_one": _("Use one of: %(choices)s."),
    "yes_or_no": _("Write yes or no."),
    "unknown_codes": _("Unknown codes: %(codes)s. Known codes are: %(known)s."),
    "same_oid": _("The same OID is also in row %(row)d."),
    "same_name": _("Row %(row)d has the same name in the same town."),
    "oid_elsewhere": _(
        "An organisation outside your inventory already has this OID. Remove the OID from this "
        "row, or ask the agency that works with that organisation."),
    "similar": _(
        "Looks like an organisation already in your inventory: %(names)s. If it is the same, "
        "add its OID to this row so the row updates it."),
    "not_utf8": _(
        "The file is not in UTF-8 (the first character that is not is on line %(line)d). Save it as "
        "UTF-8: in Excel choose “CSV UTF-8 (comma delimited)”, in LibreOffice tick “Edit filter "
        "settings” and choose “Unicode (UTF-8)”. Or upload the spreadsheet as XLSX."),
    "not_a_table": _(
        "This file is neither a CSV nor an XLSX file. Save the spreadsheet as CSV (UTF-8) or as an "
        "Excel workbook (.xlsx) and upload it again."),
    "xlsx_unreadable": _(
        "This XLSX file cannot be read; it may be damaged or protected by a password. Open it in "
        "your spreadsheet program, save it again as .xlsx or as CSV (UTF-8), and upload it again."),
    "too_many_rows": _(
        "The file has more than %(limit)d rows. Split it into smaller files and import them one "
        "after the other."),
    "too_many_columns": _(
        "The file has more than %(limit)d columns. Keep only the columns Kopa reads (see the list "
        "on the upload page) and upload it again."),
    "cell_too_long": _(
        "A cell in row %(row)d is longer than %(limit)d characters. Shorten it and upload the file "
        "again."),
    "old_excel": _(
        "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV (UTF-8) "
        "and upload it again."),
}


# Why a background step stopped, shown on the import's page in the reader's language.
OUTCOMES = {
    "nothing_imported": _(
        "Nothing was imported: %(count)d rows have errors. Correct the file and upload it again, or "
        "import the valid rows only."),
    "conflict": _("Another change to the directory got in the way. Confirm the import again."),
    "no_permission": _("You do not have permission to do this."),
    "read_failed": _(
        "The file could not be read because of an unexpected error. Upload it again; if it fails "
        "again, save it as CSV (UTF-8) and try that."),
    "write_failed": _(
        "The import stopped because of an unexpected error and nothing was saved. Confirm it again."),
    "timed_out": _(
        "This took longer than Kopa allows for one import and was stopped; nothing was saved. "
        "Split the file into smaller files and import them one after the other."),
}


def problem(row: int | None, column: str, value: str, code: str, params: dict | None = None,
            level: str = "error") -> dict:
    """One problem as a batch stores it: a row (None for the whole file), a column, the value, and
    the message's code with its parameters."""
    return {"row": row, "column": column, "value": (value or "")[:PROBLEM_VALUE_LENGTH],
            "code": code, "params": params or {}, "level": level}


def message(code: str, params: dict | None = None) -> str:
    """The message of `code` (a problem or an outcome) in the active language."""
    text = str(MESSAGES.get(code) or OUTCOMES[code])
    return text % params if params else text


def in_every_language(render) -> dict:
    """{language: render()} for every language Kopa speaks, e.g. validation messages."""
    results = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            results[code] = render()
    return results


def problem_message(stored: dict) -> str:
    """A stored problem's message in the reader's language."""
    code = stored.get("code")
    if code == "profile":
        return pick(stored.get("params", {}).get("text"))
    if code in MESSAGES:
        return message(code, stored.get("params"))
    return stored.get("message", "")
