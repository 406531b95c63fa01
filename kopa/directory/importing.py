"""Importing organisations from CSV and XLSX: read, check every row, then apply once staff confirm.

`import_preview` reads the file and stores an `ImportBatch` with every problem found; no organisation
is written. `import_apply` checks the stored rows again against the database as it is now, and writes
them in one transaction. Rows are checked by `check_rows`, which builds each organisation through the
same `services._apply` and `services.organisation_problems` as the profile forms.

Decisions:
- A CSV file must be UTF-8 (with or without a byte-order mark). Windows-1250 and Windows-1257 are not
  guessed: they give the same bytes different letters (0xF0 is "đ" in one and "š" in the other), so a
  guess could silently change names. The error explains how to save the file as UTF-8.
- An OID that is already in the database updates that organisation when it is in the officer's
  inventory; an OID of an organisation outside it is an error on that row. On update, empty cells
  leave the stored value unchanged, and a non-empty list cell replaces the list.
- Unrecognised columns are a file-level warning and are ignored; a missing required column is a
  file-level error and nothing can be imported.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django_countries import countries

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_agency_ids
from kopa.core import audit
from kopa.core.errors import Conflict, NotFound, ValidationFailed
from kopa.core.spreadsheets import FORMULA_STARTS
from kopa.directory import services
from kopa.directory.duplicates import NameIndex, city_key
from kopa.directory.models import ImportBatch, Language, Organisation, TargetGroup, Theme
from kopa.directory.selectors import normalise, staff_scope

COLUMNS = (
    "legal_name", "type", "country", "region", "city", "address", "postcode", "website", "email", "oid",
    "target_groups", "themes", "working_languages", "experience", "can_host", "can_send",
    "can_coordinate", "accessibility", "public_listing", "description",
)
REQUIRED_COLUMNS = ("legal_name", "country", "city")
TEXT_COLUMNS = ("legal_name", "region", "city", "address", "postcode", "website", "email")
CHOICE_COLUMNS = {
    "type": Organisation.Type,
    "experience": Organisation.Experience,
    "accessibility": Organisation.Accessibility,
}
BOOLEAN_COLUMNS = ("can_host", "can_send", "can_coordinate", "public_listing")
LIST_COLUMNS = {"target_groups": TargetGroup, "themes": Theme, "working_languages": Language}
COLUMN_ALIASES = {
    "name": "legal_name", "e_mail": "email", "post_code": "postcode", "postal_code": "postcode",
    "target_group": "target_groups", "theme": "themes", "languages": "working_languages",
    "working_language": "working_languages", "organisation_id": "oid",
}
TRUE_WORDS = {"yes", "y", "1", "true", "da", "ja"}
FALSE_WORDS = {"no", "n", "0", "false", "ne"}
# Cells starting with these are escaped with an apostrophe on export, so spreadsheets never run them.
PROBLEM_VALUE_LENGTH = 200
QUERY_CHUNK = 500


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


# --- reading files -------------------------------------------------------------------------------


def _encoding_error(line: int) -> ImportFileError:
    return ImportFileError(_(
        "The file is not in UTF-8 (the first character that is not is on line %(line)d). Save it as "
        "UTF-8: in Excel choose “CSV UTF-8 (comma delimited)”, in LibreOffice tick “Edit filter "
        "settings” and choose “Unicode (UTF-8)”. Or upload the spreadsheet as XLSX."
    ) % {"line": line})


def _not_a_table() -> ImportFileError:
    return ImportFileError(_(
        "This file is neither a CSV nor an XLSX file. Save the spreadsheet as CSV (UTF-8) or as an "
        "Excel workbook (.xlsx) and upload it again."
    ))


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
    try:
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
        raise ImportFileError(_(
            "This XLSX file cannot be read; it may be damaged or protected by a password. Open it in "
            "your spreadsheet program, save it again as .xlsx or as CSV (UTF-8), and upload it again."
        )) from exc


def read_table(content: bytes) -> list[list[str]]:
    """The cells of a CSV or XLSX file as rows of text, recognised by content, not by file name.

    Raises ImportFileError."""
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_(
            "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV (UTF-8) "
            "and upload it again."
        ))
    return _read_csv(content)


# --- checking rows -------------------------------------------------------------------------------


def _problem(row: int | None, column: str, value: str, message: str, level: str = "error") -> dict:
    return {"row": row, "column": column, "value": (value or "")[:PROBLEM_VALUE_LENGTH],
            "message": str(message), "level": level}


def column_for(header: str) -> str:
    """The column a header names: case, spaces, hyphens and underscores do not matter."""
    key = re.sub(r"[\s_\-]+", "_", normalise(header)).strip("_")
    return COLUMN_ALIASES.get(key, key)


def map_header(header: list[str]) -> tuple[list[str | None], list[dict]]:
    """Each header cell's column (None when unknown) and the file-level problems of the header."""
    columns, problems, unknown, seen = [], [], [], set()
    for raw in header:
        name = column_for(raw)
        if not name:
            columns.append(None)
        elif name in COLUMNS and name not in seen:
            columns.append(name)
            seen.add(name)
        elif name in seen:
            columns.append(None)
            problems.append(_problem(None, name, raw, _(
                "The column “%(column)s” appears more than once; only the first is read.") % {
                "column": raw}, "warning"))
        else:
            columns.append(None)
            unknown.append(raw)
    if unknown:
        problems.append(_problem(None, "", ", ".join(unknown), _(
            "These columns are not recognised and will be ignored: %(columns)s. Recognised columns "
            "are: %(known)s.") % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}, "warning"))
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        problems.append(_problem(None, "", ", ".join(missing), _(
            "Required columns are missing: %(columns)s. Nothing can be imported until the file has "
            "them.") % {"columns": ", ".join(missing)}))
    return columns, problems


@dataclass
class Lookups:
    """Everything rows are checked against, loaded once for the whole file."""

    countries: dict
    choices: dict
    codes: dict

    @classmethod
    def load(cls) -> "Lookups":
        names = {}
        for code, _name in countries:
            names[code.lower()] = code
            if countries.alpha3(code):
                names[normalise(countries.alpha3(code))] = code
        for language in ("en", *(code for code, _n in settings.LANGUAGES)):
            with translation.override(language):
                names.update({normalise(str(name)): code for code, name in countries})
        choices = {}
        for column, enum in CHOICE_COLUMNS.items():
            with translation.override("en"):
                choices[column] = {
                    **{normalise(str(label)): value for value, label in enum.choices},
                    **{value: value for value in enum.values},
                }
        codes = {column: dict(model.objects.values_list("code", "id")) for column, model in LIST_COLUMNS.items()}
        return cls(countries=names, choices=choices, codes=codes)


@dataclass
class RowResult:
    row: int
    values: dict
    data: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    organisation: Organisation | None = None
    before: dict | None = None

    @property
    def has_errors(self) -> bool:
        return any(p["level"] == "error" for p in self.problems)

    def error(self, column: str, message: str, level: str = "error") -> None:
        self.problems.append(_problem(self.row, column, self.values.get(column, ""), message, level))


def _parse(result: RowResult, lookups: Lookups) -> None:
    """Turn one row's cells into service data, noting every cell that cannot be understood."""
    values, data = result.values, result.data
    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            result.error(column, _("This column needs a value."))
    for column in TEXT_COLUMNS:
        if values.get(column):
            data[column] = values[column]
    if values.get("oid"):
        data["oid"] = values["oid"].replace(" ", "").upper()
    if values.get("country"):
        code = lookups.countries.get(normalise(values["country"]))
        if code:
            data["country"] = code
        else:
            result.error("country", _(
                "Unknown country. Use a two-letter ISO code such as SI or LV, or the country's name in "
                "English."))
    for column in CHOICE_COLUMNS:
        if values.get(column):
            value = lookups.choices[column].get(normalise(values[column]))
            if value:
                data[column] = value
            else:
                result.error(column, _("Use one of: %(choices)s.") % {
                    "choices": ", ".join(CHOICE_COLUMNS[column].values)})
    for column in BOOLEAN_COLUMNS:
        if values.get(column):
            word = normalise(values[column])
            if word in TRUE_WORDS or word in FALSE_WORDS:
                data[column] = word in TRUE_WORDS
            else:
                result.error(column, _("Write yes or no."))
    for column in LIST_COLUMNS:
        if values.get(column):
            codes = [c.strip().lower() for c in re.split(r"[;,]", values[column]) if c.strip()]
            unknown = [c for c in codes if c not in lookups.codes[column]]
            if unknown:
                result.error(column, _("Unknown codes: %(codes)s. Known codes are: %(known)s.") % {
                    "codes": ", ".join(unknown), "known": ", ".join(sorted(lookups.codes[column]))})
            else:
                result.lists[column] = sorted(set(codes))
    if values.get("description"):
        data["description"] = {"en": values["description"]}


def _existing_by_oid(oids: set[str]) -> dict[str, int]:
    found, oids = {}, sorted(oids)
    for start in range(0, len(oids), QUERY_CHUNK):
        found.update(Organisation.objects.filter(oid__in=oids[start:start + QUERY_CHUNK])
                     .values_list("oid", "id"))
    return found


def _load_targets(*, actor, ids: set[int], lock: bool) -> dict[int, Organisation]:
    """The organisations in `actor`'s scope among `ids`, with their lists."""
    loaded, ids = {}, sorted(ids)
    for start in range(0, len(ids), QUERY_CHUNK):
        chunk = ids[start:start + QUERY_CHUNK]
        qs = Organisation.objects.filter(pk__in=staff_scope(actor).filter(pk__in=chunk).values("pk"))
        if lock:
            qs = qs.select_for_update()
        loaded.update({o.pk: o for o in qs.prefetch_related(*LIST_COLUMNS)})
    return loaded


def _similar_index(*, actor, results: list[RowResult]) -> NameIndex:
    """Organisations in `actor`'s scope in the countries and towns the file names."""
    wanted = {(r.data.get("country"), city_key(r.data.get("city", ""))) for r in results}
    scope = staff_scope(actor).filter(country__in={c for c, _city in wanted if c})
    return NameIndex.build(
        (country, city, name, (pk, name, city))
        for pk, name, country, city in scope.values_list("id", "legal_name", "country", "city").iterator()
        if (country, city_key(city)) in wanted
    )


def check_rows(*, actor, rows: list[dict], lock: bool = False) -> list[RowResult]:
    """Check every row against the file, the reference lists and the database, a few queries in all.

    Each result carries its organisation, built but not saved, and its problems."""
    lookups = Lookups.load()
    results = [RowResult(row=r["row"], values=r["values"]) for r in rows]
    for result in results:
        _parse(result, lookups)

    first_oid, first_name = {}, {}
    for result in results:
        oid = result.data.get("oid")
        if oid:
            if oid in first_oid:
                result.error("oid", _("The same OID is also in row %(row)d.") % {"row": first_oid[oid]})
            else:
                first_oid[oid] = result.row
        if result.data.get("legal_name") and result.data.get("city"):
            key = (result.data.get("country"), city_key(result.data["city"]),
                   normalise(result.data["legal_name"]))
            if key in first_name:
                result.error("legal_name", _(
                    "Row %(row)d has the same name in the same town.") % {"row": first_name[key]})
            else:
                first_name[key] = result.row

    existing = _existing_by_oid(set(first_oid))
    targets = _load_targets(actor=actor, ids=set(existing.values()), lock=lock)
    for result in results:
        oid = result.data.get("oid")
        target_id = existing.get(oid) if oid and first_oid.get(oid) == result.row else None
        if oid in existing and target_id is None:  # a later row with the same OID: reported above
            result.organisation = Organisation()
        elif target_id is None:
            result.organisation = Organisation()
        elif target_id in targets:
            org = targets[target_id]
            result.organisation = org
            result.before = audit.snapshot(org, fields=services.SCALAR_FIELDS + services.TEXT_FIELDS)
            for column in LIST_COLUMNS:
                result.before[column] = sorted(item.code for item in getattr(org, column).all())
            if "description" in result.data:
                result.data["description"] = {**org.description, **result.data["description"]}
        else:
            result.error("oid", _(
                "An organisation outside your inventory already has this OID. Remove the OID from this "
                "row, or ask the agency that works with that organisation."))
            result.organisation = Organisation()
        reported = {p["column"] for p in result.problems}
        services._apply(result.organisation, result.data)
        # The country cell was matched against the country list by _parse (or reported there).
        for name, messages in services.organisation_problems(
            result.organisation, check_database=False, checked=("country",)
        ).items():
            column = name if name in COLUMNS else ""
            if column not in reported:
                for message in messages:
                    result.error(column, message)

    index = _similar_index(actor=actor, results=[r for r in results if r.before is None])
    for result in results:
        if result.before is None and not result.has_errors:
            similar = index.similar(country=result.data["country"], city=result.data["city"],
                                    name=result.data["legal_name"])
            if similar:
                result.error("legal_name", _(
                    "Looks like an organisation already in your inventory: %(names)s. If it is the same, "
                    "add its OID to this row so the row updates it.") % {
                    "names": "; ".join(f"{name} ({city}, #{pk})" for pk, name, city in similar)},
                    "warning")
    return results


# --- reads ---------------------------------------------------------------------------------------


def import_batches_for(*, user) -> QuerySet[ImportBatch]:
    """The imports of the agencies `user` works for, newest first (without their rows)."""
    return ImportBatch.objects.filter(agency_id__in=staff_agency_ids(user)).defer("rows", "problems")


def import_batch_for(*, user, pk: int) -> ImportBatch:
    """One import of an agency `user` works for. Raises NotFound."""
    batch = ImportBatch.objects.filter(pk=pk, agency_id__in=staff_agency_ids(user)).first()
    if batch is None:
        raise NotFound()
    return batch


# --- writes --------------------------------------------------------------------------------------



@transaction.atomic
def import_preview(*, actor, agency: Agency, filename: str, content: bytes) -> ImportBatch:
    """Read and check an uploaded file for `agency`; stores the batch, writes no organisation.

    Raises PermissionDenied, ValidationFailed (file too large)."""
    require_agency_staff(actor, agency)
    if len(content) > settings.KOPA_IMPORT_MAX_BYTES:
        raise ValidationFailed(fields={"file": [_("The file is larger than %(size)d MB.") % {
            "size": settings.KOPA_IMPORT_MAX_BYTES // (1024 * 1024)}]})
    batch = ImportBatch(agency=agency, created_by=actor, filename=(filename or "")[:255])
    try:
        table = read_table(content)
    except ImportFileError as exc:
        table, batch.problems = [], [_problem(None, "", "", exc.message)]
    while table and not any(table[0]):
        table.pop(0)
    if not table and not batch.problems:
        batch.problems = [_problem(None, "", "", _("The file is empty. The first row must name the columns."))]
    if table:
        columns, batch.problems = map_header(table[0])
        width = len(columns)
        rows = []
        for number, cells in enumerate(table[1:], start=2):
            if not any(cells):
                continue
            rows.append({"row": number, "values": {
                column: cells[i] for i, column in enumerate(columns) if column and i < len(cells)}})
            if any(cells[width:]):
                batch.problems.append(_problem(number, "", ", ".join(c for c in cells[width:] if c), _(
                    "This row has more cells than the header has columns; the extra cells are ignored."),
                    "warning"))
        batch.columns = [c for c in columns if c]
        batch.rows = rows
        batch.row_count = len(rows)
        if not batch.has_file_errors:
            results = check_rows(actor=actor, rows=rows)
            batch.problems += [p for r in results for p in r.problems]
            batch.created_count = sum(1 for r in results if r.before is None and not r.has_errors)
            batch.updated_count = sum(1 for r in results if r.before is not None and not r.has_errors)
            batch.skipped_count = sum(1 for r in results if r.has_errors)
    batch.problems.sort(key=lambda p: (p["row"] or 0, p["level"] != "error"))
    batch.error_count = sum(1 for p in batch.problems if p["level"] == "error")
    batch.warning_count = len(batch.problems) - batch.error_count
    batch.save()
    return batch


def _insert_lists(results: list[RowResult], *, agency: Agency, replace: bool, ids: dict) -> None:
    """Write the target groups, themes, languages and the agency's inventory through their tables."""
    org_ids = [r.organisation.pk for r in results]
    for column in LIST_COLUMNS:
        m2m = Organisation._meta.get_field(column)
        through = m2m.remote_field.through
        source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
        chosen = [r for r in results if column in r.lists]
        if replace and chosen:
            through.objects.filter(**{f"{source}__in": [r.organisation.pk for r in chosen]}).delete()
        through.objects.bulk_create(
            [through(**{source: r.organisation.pk, target: ids[column][code]})
             for r in chosen for code in r.lists[column]],
            batch_size=1000,
        )
    inventory = Organisation.agencies.through
    inventory.objects.bulk_create(
        [inventory(organisation_id=pk, agency_id=agency.pk) for pk in org_ids],
        batch_size=1000, ignore_conflicts=True,
    )



@transaction.atomic
def import_apply(*, actor, batch: ImportBatch, mode: str) -> ImportBatch:
    """Write a checked import, all rows or only the valid ones, in one transaction.

    Rows are checked again against the database as it is now. Raises PermissionDenied, Conflict
    (already imported, or the database changed meanwhile), ValidationFailed (errors in
    all-or-nothing mode: nothing is written)."""
    batch = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
    if batch is None:
        raise NotFound()
    require_agency_staff(actor, batch.agency)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise Conflict(_("This import has already been confirmed."))
    if mode not in ImportBatch.Mode.values:
        raise ValidationFailed(fields={"mode": [_("Choose how to import.")]})
    if batch.has_file_errors:
        raise ValidationFailed(fields={"__all__": [_(
            "This file cannot be imported because of the problems with the file as a whole.")]})

    results = check_rows(actor=actor, rows=batch.rows, lock=True)
    failed = [r for r in results if r.has_errors]
    if failed and mode == ImportBatch.Mode.ALL_OR_NOTHING:
        raise ValidationFailed(fields={"__all__": [_(
            "Nothing was imported: %(count)d rows have errors. Correct the file and upload it again, or "
            "import the valid rows only.") % {"count": len(failed)}]})
    ids = {column: dict(model.objects.values_list("code", "id")) for column, model in LIST_COLUMNS.items()}
    valid = [r for r in results if not r.has_errors]
    creates = [r for r in valid if r.before is None]
    updates = [r for r in valid if r.before is not None]
    now = timezone.now()
    source = {r.row: [None, _("%(file)s, row %(row)d") % {"file": batch.filename, "row": r.row}]
              for r in valid}
    snapshot_fields = services.SCALAR_FIELDS + services.TEXT_FIELDS

    try:
        with transaction.atomic():
            Organisation.objects.bulk_create([r.organisation for r in creates], batch_size=500)
            for r in updates:
                r.organisation.updated_at = now
            Organisation.objects.bulk_update(
                [r.organisation for r in updates],
                [*snapshot_fields, "public_listing_consented_at", "search_text", "updated_at"],
                batch_size=500,
            )
    except IntegrityError as exc:  # an OID taken between the check and the insert
        raise Conflict(_("Another change to the directory got in the way. Confirm the import again.")) from exc
    _insert_lists(creates, agency=batch.agency, replace=False, ids=ids)
    _insert_lists(updates, agency=batch.agency, replace=True, ids=ids)

    entries = []
    for r in creates:
        changes = audit.diff({}, audit.snapshot(r.organisation, fields=snapshot_fields))
        changes.update({column: [None, codes] for column, codes in r.lists.items()})
        changes["source"] = source[r.row]
        entries.append(audit.entry(actor=actor, obj=r.organisation, action="import", changes=changes))
    for r in updates:
        after = audit.snapshot(r.organisation, fields=snapshot_fields)
        after.update({column: r.lists.get(column, r.before[column]) for column in LIST_COLUMNS})
        changes = audit.diff(r.before, after)
        changes["source"] = source[r.row]
        entries.append(audit.entry(actor=actor, obj=r.organisation, action="import", changes=changes))
    audit.record_many(entries)

    batch.problems = [p for p in batch.problems if p["row"] is None] + [
        p for r in results for p in r.problems]
    batch.problems.sort(key=lambda p: (p["row"] or 0, p["level"] != "error"))
    batch.error_count = sum(1 for p in batch.problems if p["level"] == "error")
    batch.warning_count = len(batch.problems) - batch.error_count
    batch.status = ImportBatch.Status.APPLIED
    batch.mode = mode
    batch.applied_at = now
    batch.created_count, batch.updated_count, batch.skipped_count = len(creates), len(updates), len(failed)
    batch.save()
    return batch
