"""Checking an import: the header's columns, then every row against the file, the reference lists
and the database, a few queries in all.

Rows are checked by `check_rows`, which builds each organisation through the same
`apply_profile` and `organisation_problems` as the profile forms.

Decisions:
- An OID that is already in the database updates that organisation when it is in the officer's
  inventory; an OID of an organisation outside it is an error on that row. On update, empty cells
  leave the stored value unchanged, and a non-empty list cell replaces the list.
- Unrecognised columns are a file-level warning and are ignored; a missing required column is a
  file-level error and nothing can be imported.
"""

import re
from dataclasses import dataclass, field
from functools import partial

from django_countries import countries

from django.conf import settings
from django.utils import translation

from kopa.core import audit, pacing
from kopa.directory.access import staff_scope
from kopa.directory.imports.problems import in_every_language, problem
from kopa.directory.models import Language, Organisation, TargetGroup, Theme
from kopa.directory.organisations.services import (
    SCALAR_FIELDS,
    TEXT_FIELDS,
    apply_profile,
    organisation_problems,
)
from kopa.directory.rules import NameIndex, city_key, normalise

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
QUERY_CHUNK = 500
TICK_EVERY = 500  # rows checked between two of a background job's pauses (kopa.core.pacing)


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
            problems.append(problem(None, name, raw, "duplicate_column", {"column": raw}, "warning"))
        else:
            columns.append(None)
            unknown.append(raw)
    if unknown:
        problems.append(problem(None, "", ", ".join(unknown), "unknown_columns",
                                {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}, "warning"))
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        problems.append(problem(None, "", ", ".join(missing), "missing_columns",
                                {"columns": ", ".join(missing)}))
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

    def error(self, column: str, code: str, params: dict | None = None, level: str = "error") -> None:
        self.problems.append(problem(self.row, column, self.values.get(column, ""), code, params, level))


def _parse(result: RowResult, lookups: Lookups) -> None:
    """Turn one row's cells into service data, noting every cell that cannot be understood."""
    values, data = result.values, result.data
    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            result.error(column, "needs_value")
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
            result.error("country", "unknown_country")
    for column in CHOICE_COLUMNS:
        if values.get(column):
            value = lookups.choices[column].get(normalise(values[column]))
            if value:
                data[column] = value
            else:
                result.error(column, "choose_one", {"choices": ", ".join(CHOICE_COLUMNS[column].values)})
    for column in BOOLEAN_COLUMNS:
        if values.get(column):
            word = normalise(values[column])
            if word in TRUE_WORDS or word in FALSE_WORDS:
                data[column] = word in TRUE_WORDS
            else:
                result.error(column, "yes_or_no")
    for column in LIST_COLUMNS:
        if values.get(column):
            codes = [c.strip().lower() for c in re.split(r"[;,]", values[column]) if c.strip()]
            unknown = [c for c in codes if c not in lookups.codes[column]]
            if unknown:
                result.error(column, "unknown_codes", {
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


def _by_field(found: dict) -> list[tuple[str, int, dict]]:
    """(field, position, {language: message}) from {language: {field: [messages]}}."""
    if not found:
        return []
    first = next(iter(found.values()))
    return [(name, n, {language: str(problems[name][n]) for language, problems in found.items()})
            for name, messages in first.items() for n in range(len(messages))]


def check_rows(*, actor, rows: list[dict], lock: bool = False) -> list[RowResult]:
    """Check every row against the file, the reference lists and the database, a few queries in all.

    Each result carries its organisation, built but not saved, and its problems."""
    lookups = Lookups.load()
    results = [RowResult(row=r["row"], values=r["values"]) for r in rows]
    for number, result in enumerate(results, start=1):
        _parse(result, lookups)
        if number % TICK_EVERY == 0:
            pacing.tick()

    first_oid, first_name = {}, {}
    for result in results:
        oid = result.data.get("oid")
        if oid:
            if oid in first_oid:
                result.error("oid", "same_oid", {"row": first_oid[oid]})
            else:
                first_oid[oid] = result.row
        if result.data.get("legal_name") and result.data.get("city"):
            key = (result.data.get("country"), city_key(result.data["city"]),
                   normalise(result.data["legal_name"]))
            if key in first_name:
                result.error("legal_name", "same_name", {"row": first_name[key]})
            else:
                first_name[key] = result.row

    existing = _existing_by_oid(set(first_oid))
    targets = _load_targets(actor=actor, ids=set(existing.values()), lock=lock)
    for number, result in enumerate(results, start=1):
        if number % TICK_EVERY == 0:
            pacing.tick()
        oid = result.data.get("oid")
        target_id = existing.get(oid) if oid and first_oid.get(oid) == result.row else None
        if oid in existing and target_id is None:  # a later row with the same OID: reported above
            result.organisation = Organisation()
        elif target_id is None:
            result.organisation = Organisation()
        elif target_id in targets:
            org = targets[target_id]
            result.organisation = org
            result.before = audit.snapshot(org, fields=SCALAR_FIELDS + TEXT_FIELDS)
            for column in LIST_COLUMNS:
                result.before[column] = sorted(item.code for item in getattr(org, column).all())
            if "description" in result.data:
                result.data["description"] = {**org.description, **result.data["description"]}
        else:
            result.error("oid", "oid_elsewhere")
            result.organisation = Organisation()
        reported = {p["column"] for p in result.problems}
        apply_profile(result.organisation, result.data)
        # The country cell was matched against the country list by _parse (or reported there).
        found = organisation_problems(result.organisation, check_database=False, checked=("country",))
        if found:  # rare: worth checking again in every language, for readers of other languages
            found = in_every_language(partial(organisation_problems, result.organisation,
                                              check_database=False, checked=("country",)))
        for name, position, texts in _by_field(found):
            column = name if name in COLUMNS else ""
            if column not in reported:
                result.error(column, "profile", {"text": texts, "field": name, "position": position})

    index = _similar_index(actor=actor, results=[r for r in results if r.before is None])
    for number, result in enumerate(results, start=1):
        if number % TICK_EVERY == 0:
            pacing.tick()
        if result.before is None and not result.has_errors:
            similar = index.similar(country=result.data["country"], city=result.data["city"],
                                    name=result.data["legal_name"])
            if similar:
                result.error("legal_name", "similar", {
                    "names": "; ".join(f"{name} ({city}, #{pk})" for pk, name, city in similar)},
                    "warning")
    return results
