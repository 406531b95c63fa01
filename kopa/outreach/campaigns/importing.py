"""Building a campaign's target list from a spreadsheet: match each row to an organisation, show the
result, and add nothing until staff confirm.

Rows are matched only to organisations in the officer's inventory, by the most specific identifier the
row gives: its OID, else its Kopa id, else its exact name and town (case and accents do not matter). A
row whose OID or id matches nothing is reported, not matched by name instead: a wrong OID is a mistake
to fix, not a reason to guess. The preview's result travels in a signed form field (no table holds
it), so a confirmation can only add what the preview showed, for the same person and campaign.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.errors import ValidationFailed
from kopa.directory.access import staff_scope
from kopa.directory.imports.checking import column_for
from kopa.directory.imports.reading import ImportFileError, read_table
from kopa.directory.rules import normalise
from kopa.outreach.campaigns.selectors import on_list
from kopa.outreach.models import Campaign

COLUMNS = ("oid", "id", "legal_name", "city")
COLUMN_ALIASES = {"town": "city", "kopa_id": "id", "organisation": "legal_name"}
OID = re.compile(r"^E[0-9]{8}$")
QUERY_CHUNK = 500
SIGNING_SALT = "kopa.outreach.targets_import"
# Long enough to read a preview over a coffee; short enough that a stale one is not confirmed later.
PREVIEW_MAX_AGE = 2 * 60 * 60
MATCHED_BY = {"oid": gettext_lazy("OID"), "id": gettext_lazy("Kopa id"), "name": gettext_lazy("Name and town")}


@dataclass(frozen=True)
class MatchedRow:
    row: int
    organisation_id: int
    legal_name: str
    city: str
    oid: str
    matched_by: str  # "oid", "id" or "name"
    on_list: bool = False

    @property
    def matched_by_label(self) -> str:
        return str(MATCHED_BY[self.matched_by])


@dataclass
class TargetImport:
    """What a file would add: the matched rows, and every row that could not be matched, and why."""

    row_count: int = 0
    matched: list[MatchedRow] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    file_error: bool = False

    @property
    def organisation_ids(self) -> list[int]:
        return sorted({m.organisation_id for m in self.matched})

    @property
    def new_ids(self) -> list[int]:
        return sorted({m.organisation_id for m in self.matched if not m.on_list})

    @property
    def already_count(self) -> int:
        return len(self.organisation_ids) - len(self.new_ids)

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.problems if p["level"] == "error")

    def problem(self, row: int | None, message: str, level: str = "error") -> None:
        self.problems.append({"row": row, "message": str(message), "level": level})


def _columns(header: list[str]) -> dict[str, int]:
    """Column name → its position, for the columns this import reads (the first of each)."""
    found: dict[str, int] = {}
    for position, raw in enumerate(header):
        name = column_for(raw)
        name = COLUMN_ALIASES.get(name, name)
        if name in COLUMNS and name not in found:
            found[name] = position
    return found


def _scope_rows(user, *, field_name: str, values: list) -> dict:
    """value → (id, legal name, city, OID) for the organisations in `user`'s inventory."""
    found, values = {}, sorted(set(values))
    for start in range(0, len(values), QUERY_CHUNK):
        rows = staff_scope(user).filter(**{f"{field_name}__in": values[start:start + QUERY_CHUNK]})
        for pk, name, city, oid in rows.values_list("pk", "legal_name", "city", "oid"):
            found[oid if field_name == "oid" else pk] = (pk, name, city, oid or "")
    return found


def _name_index(user) -> dict[tuple[str, str], list[tuple]]:
    """(name, town), without case or accents → the organisations of the inventory so called."""
    index = defaultdict(list)
    for pk, name, city, oid in staff_scope(user).values_list("pk", "legal_name", "city", "oid").iterator():
        index[(normalise(name), normalise(city))].append((pk, name, city, oid or ""))
    return index


def _read(content: bytes, result: TargetImport) -> list[tuple[int, dict]]:
    """The data rows as (row number in the sheet, {column: text}); file-level problems are noted."""
    if len(content) > settings.KOPA_IMPORT_MAX_BYTES:
        result.problem(None, _("The file is larger than %(size)d MB. Split it into smaller files.") % {
            "size": settings.KOPA_IMPORT_MAX_BYTES // (1024 * 1024)})
        return []
    try:
        table = read_table(content)
    except ImportFileError as exc:
        result.problem(None, exc.message)
        return []
    header_at = next((i for i, cells in enumerate(table) if any(cells)), None)
    if header_at is None:
        result.problem(None, _("The file is empty. The first row must name the columns."))
        return []
    columns = _columns(table[header_at])
    if not ("oid" in columns or "id" in columns or {"legal_name", "city"} <= set(columns)):
        result.problem(None, _(
            "The file needs a column “oid”, a column “id”, or the columns “legal_name” and “city”. "
            "The first row has: %(header)s.") % {"header": ", ".join(c for c in table[header_at] if c)})
        return []
    rows = table[header_at + 1:]
    while rows and not any(rows[-1]):  # empty lines at the end are not rows anyone meant
        rows.pop()
    parsed = []
    for number, cells in enumerate(rows, start=header_at + 2):
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in columns.items()}
        parsed.append((number, {**values, "_empty": not any(cells)}))
    return parsed


def read_target_file(*, user, campaign: Campaign, content: bytes) -> TargetImport:
    """Match every row of a CSV or XLSX file to an organisation in `user`'s inventory. Writes nothing."""
    result = TargetImport()
    rows = _read(content, result)
    if result.problems:
        result.file_error = True
        return result
    result.row_count = len(rows)
    oids = [v["oid"].replace(" ", "").upper() for _n, v in rows if v.get("oid")]
    ids = [int(v["id"]) for _n, v in rows if not v.get("oid") and v.get("id", "").isdigit()]
    by_oid = _scope_rows(user, field_name="oid", values=[o for o in oids if OID.match(o)])
    by_id = _scope_rows(user, field_name="pk", values=ids)
    needs_names = any(not v.get("oid") and not v.get("id") and v.get("legal_name") for _n, v in rows)
    by_name = _name_index(user) if needs_names else {}

    matched: list[tuple[int, tuple, str]] = []
    first_row: dict[int, int] = {}
    for number, values in rows:
        found, how = None, ""
        oid, kopa_id = values.get("oid", "").replace(" ", "").upper(), values.get("id", "")
        name, city = values.get("legal_name", ""), values.get("city", "")
        if values["_empty"]:
            result.problem(number, _("Row %(row)d is empty.") % {"row": number})
            continue
        if oid:
            if not OID.match(oid):
                result.problem(number, _("Row %(row)d: “%(value)s” is not an OID (the letter E and 8 digits).")
                               % {"row": number, "value": values["oid"][:40]})
            elif oid not in by_oid:
                result.problem(number, _("Row %(row)d: no organisation with OID %(oid)s in your inventory.")
                               % {"row": number, "oid": oid})
            else:
                found, how = by_oid[oid], "oid"
        elif kopa_id:
            if not kopa_id.isdigit():
                result.problem(number, _("Row %(row)d: “%(value)s” is not a Kopa id (a whole number).")
                               % {"row": number, "value": kopa_id[:40]})
            elif int(kopa_id) not in by_id:
                result.problem(number, _("Row %(row)d: no organisation with Kopa id %(id)s in your "
                                         "inventory.") % {"row": number, "id": kopa_id})
            else:
                found, how = by_id[int(kopa_id)], "id"
        elif name or city:
            candidates = by_name.get((normalise(name), normalise(city)), []) if name and city else None
            if candidates is None:
                result.problem(number, _("Row %(row)d: give both the name and the town, or an OID.")
                               % {"row": number})
            elif not candidates:
                result.problem(number, _("Row %(row)d: no organisation called “%(name)s” in %(city)s in "
                                         "your inventory.") % {"row": number, "name": name[:200],
                                                               "city": city[:120]})
            elif len(candidates) > 1:
                result.problem(number, _(
                    "Row %(row)d: %(count)d organisations in your inventory are called “%(name)s” in "
                    "%(city)s. Add the OID or the Kopa id to this row.") % {
                    "row": number, "count": len(candidates), "name": name[:200], "city": city[:120]})
            else:
                found, how = candidates[0], "name"
        else:
            result.problem(number, _("Row %(row)d has nothing to match: give an OID, a Kopa id, or the name "
                                     "and the town.") % {"row": number})
        if found is None:
            continue
        if found[0] in first_row:
            result.problem(number, _("Row %(row)d is the same organisation as row %(first)d; it is added "
                                     "once.") % {"row": number, "first": first_row[found[0]]}, "warning")
            continue
        first_row[found[0]] = number
        matched.append((number, found, how))

    present = on_list(campaign, [found[0] for _n, found, _h in matched])
    result.matched = [
        MatchedRow(row=number, organisation_id=pk, legal_name=name, city=city, oid=oid, matched_by=how,
                   on_list=pk in present)
        for number, (pk, name, city, oid), how in matched
    ]
    result.problems.sort(key=lambda p: (p["row"] or 0, p["level"] != "error"))
    return result


def sign_preview(*, user, campaign: Campaign, organisation_ids: list[int]) -> str:
    """The preview's matches, signed for this user and campaign, to send back with the confirmation."""
    return signing.dumps({"c": campaign.pk, "u": user.pk, "ids": organisation_ids}, salt=SIGNING_SALT,
                         compress=True)


def unsign_preview(*, user, campaign: Campaign, state: str) -> list[int]:
    """The organisation ids a preview showed. Raises ValidationFailed when the preview is stale, was
    made by someone else or for another campaign, or was altered."""
    expired = ValidationFailed(field="state", message=_(
        "This preview has expired or does not belong to this campaign. Upload the file again."))
    try:
        data = signing.loads(state or "", salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as exc:  # also an expired signature
        raise expired from exc
    if not isinstance(data, dict) or data.get("c") != campaign.pk or data.get("u") != user.pk:
        raise expired
    ids = data.get("ids")
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        raise expired
    return ids
