"""Loading many organisations at once (demo data, generated benchmark data) without a person behind it.

The one bulk path: search text is built by `services.search_text_for`, exactly as the services build
it, and every organisation passes the same validation as a form would give it. Nothing is audited:
no person made these changes.
"""

from collections.abc import Iterable, Sequence

from django.db import transaction

from kopa.core import pagecache
from kopa.core.errors import ValidationFailed
from kopa.directory.models import Organisation
from kopa.directory.organisations import services

LINK_FIELDS = ("target_groups", "themes", "working_languages", "agencies")


def organisations_bulk_create(
    organisations: Sequence[Organisation], *, batch_size: int = 1000, validate: bool = True
) -> list[Organisation]:
    """Insert new organisations in batches, with their search text. Raises ValidationFailed (nothing is
    inserted) when one of them is invalid or an OID appears twice or is already taken."""
    oids: set[str] = set()
    for index, org in enumerate(organisations):
        org.search_text = services.search_text_for(org)
        if validate:
            problems = services.organisation_problems(org, check_database=False)
            if org.oid and org.oid in oids:
                problems.setdefault("oid", []).append(f"{org.oid} appears twice.")
            if problems:
                raise ValidationFailed(f"Organisation {index} ({org.legal_name}) is invalid: {problems}",
                                       fields=problems)
        if org.oid:
            oids.add(org.oid)
    if validate and oids:
        taken = _taken_oids(oids)
        if taken:
            message = f"OIDs already taken: {', '.join(sorted(taken)[:10])}"
            raise ValidationFailed(message, fields={"oid": [message]})
    with transaction.atomic():
        created = Organisation.objects.bulk_create(organisations, batch_size=batch_size)
        pagecache.changed("directory")  # bulk inserts send no signal
    return created


def _taken_oids(oids: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(oids)
    for start in range(0, len(ordered), 900):  # below SQLite's limit of bound parameters
        chunk = ordered[start:start + 900]
        found.update(Organisation.objects.filter(oid__in=chunk).values_list("oid", flat=True))
    return found


def organisation_links_bulk_create(
    *, field: str, pairs: Iterable[tuple[int, int]], batch_size: int = 5000
) -> int:
    """Link organisations to target groups, themes, working languages or agencies, given as
    (organisation id, other id) pairs; pairs that already exist are left alone. Returns the count."""
    if field not in LINK_FIELDS:
        raise ValueError(f"Unknown link field: {field}")
    m2m = Organisation._meta.get_field(field)
    through = m2m.remote_field.through
    source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
    rows = [through(**{source: org_id, target: other_id}) for org_id, other_id in pairs]
    through.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
    pagecache.changed("directory")
    return len(rows)
