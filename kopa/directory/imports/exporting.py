"""The rows of an organisation export, in the columns the import reads back (written by `kopa.core.spreadsheets`)."""

from collections.abc import Iterator

from django.db.models import QuerySet

from kopa.directory.imports.checking import COLUMNS, LIST_COLUMNS
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
