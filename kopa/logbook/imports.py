"""Reading a CSV file of earlier Logbook records into rows to record: every line is checked, and each
line's problems are kept next to it, so the page shows them all and nothing is saved until the whole
file is right."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kopa.logbook.services import BulkRow

COLUMNS = ("date", "activity", "hours", "visits", "youth_led_hours", "youth_led_people", "note")
REQUIRED = ("date", "activity", "hours")
MAX_LINES = 5000
MAX_BYTES = 2 * 1024 * 1024


@dataclass
class Line:
    """A line of the file as it was read, and what is wrong with it."""

    number: int
    cells: list[str]
    values: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def shown(self) -> list[str]:
        """The line's cells in the order of COLUMNS."""
        return [self.values.get(name, "") for name in COLUMNS]


@dataclass
class Parsed:
    lines: list[Line] = field(default_factory=list)
    rows: list[BulkRow] = field(default_factory=list)
    file_problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_problem and not any(line.problems for line in self.lines)


def _decimal(text: str, problems: list, label: str, *, maximum: int) -> Decimal:
    try:
        value = Decimal((text or "0").replace(",", "."))
    except InvalidOperation:
        problems.append(_("%(column)s is not a number.") % {"column": label})
        return Decimal(0)
    if not value.is_finite() or value < 0 or value > maximum or value != value.quantize(Decimal("0.1")):
        problems.append(_("%(column)s must be between 0 and %(maximum)s, with at most one decimal.")
                        % {"column": label, "maximum": maximum})
        return Decimal(0)
    return value


def _integer(text: str, problems: list, label: str) -> int:
    text = (text or "0").strip()
    if not text.isdigit() or int(text) > 10000:
        problems.append(_("%(column)s must be a whole number from 0 to 10000.") % {"column": label})
        return 0
    return int(text)


def parse_entries(upload, activities) -> Parsed:
    """The lines of an uploaded CSV file (UTF-8, comma or semicolon separated) as rows for
    `services.entries_record_bulk`, with each line's problems. `activities` are the unit's, found by
    name (case ignored)."""
    parsed = Parsed()
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        parsed.file_problem = _("The file is larger than 2 MB. Split it into smaller files.")
        return parsed
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        parsed.file_problem = _("The file is not a UTF-8 CSV file. Save it as \"CSV UTF-8\" and try again.")
        return parsed
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        parsed.file_problem = _("The first line must name the columns; missing: %(columns)s.") % {
            "columns": ", ".join(missing)}
        return parsed
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        parsed.file_problem = _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}
        return parsed
    by_name = {a.name.strip().casefold(): a for a in activities}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(parsed.lines) >= MAX_LINES:
            parsed.file_problem = _("The file has more than %(count)s lines. Split it into smaller files.") % {
                "count": MAX_LINES}
            return parsed
        line = Line(number=number, cells=cells)
        parsed.lines.append(line)
        values = line.values = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        problems = line.problems
        if len(cells) > len(header):
            problems.append(_("The line has more cells than the first line names."))
        try:
            day = date.fromisoformat(values.get("date", ""))
        except ValueError:
            problems.append(_("The date must be written as 2026-03-31."))
            day = None
        activity = by_name.get(values.get("activity", "").casefold())
        if activity is None:
            problems.append(_("The unit has no activity called \"%(name)s\".") % {"name": values.get("activity", "")})
        hours = _decimal(values.get("hours", ""), problems, _("Hours"), maximum=24)
        led_hours = _decimal(values.get("youth_led_hours", ""), problems, _("Youth-led hours"), maximum=24)
        visits = _integer(values.get("visits", ""), problems, _("Visits"))
        led_people = _integer(values.get("youth_led_people", ""), problems, _("Young people who led them"))
        note = values.get("note", "")
        if len(note) > 5000:
            problems.append(_("The note is longer than 5000 characters."))
        if not problems:
            parsed.rows.append(BulkRow(key=f"line {number}", identity="|".join(c.strip() for c in cells), activity=activity, values={
                "date": day, "hours": hours, "visits": visits, "youth_led_hours": led_hours,
                "youth_led_people": led_people, "note": note}))
    if not parsed.lines:
        parsed.file_problem = _("The file has no records below its first line.")
    return parsed
