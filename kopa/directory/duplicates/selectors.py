"""Finding organisations entered twice, and comparing two of them side by side before a merge.

Names are compared by `kopa.directory.rules` (accent-free, without legal-form words) and only within
one country and town.
"""

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from django.utils.translation import gettext as _

from kopa.agencies.selectors import staff_agency_ids
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.directory.rules import SIMILARITY_THRESHOLD, NameIndex, city_key, name_key


@dataclass(frozen=True)
class DuplicatePair:
    first: dict
    second: dict
    score: int


def duplicate_pairs(*, user, limit: int = 500) -> list[DuplicatePair]:
    """Pairs of organisations in `user`'s scope with similar names in the same country and town.

    Only names inside one country and town are compared, so the work grows with the size of the
    largest town, not with the square of the whole inventory.
    """
    rows = staff_scope(user).values("id", "legal_name", "country", "city", "oid").order_by("id")
    groups = defaultdict(list)
    for row in rows:
        row["key"] = name_key(row["legal_name"])
        groups[(str(row["country"]), city_key(row["city"]))].append(row)
    pairs = []
    for members in groups.values():
        if len(members) < 2:
            continue
        keys = [m["key"] for m in members]
        for i, member in enumerate(members[:-1]):
            for _key, score, j in process.extract(
                member["key"], keys[i + 1:], scorer=fuzz.token_sort_ratio,
                score_cutoff=SIMILARITY_THRESHOLD, limit=None,
            ):
                pairs.append(DuplicatePair(first=member, second=members[i + 1 + j], score=round(score)))
    pairs.sort(key=lambda p: (-p.score, p.first["legal_name"].lower(), p.first["id"], p.second["id"]))
    return pairs[:limit]


def similar_in_scope(*, user, organisation: Organisation, limit: int = 10) -> list[Organisation]:
    """Organisations in `user`'s scope whose names look like `organisation`'s, in the same town."""
    return similar_to(user=user, country=organisation.country, city=organisation.city,
                      name=organisation.legal_name, exclude_pk=organisation.pk, limit=limit)


def similar_to(*, user, country, city: str, name: str, oid: str = "", exclude_pk: int | None = None,
               limit: int = 10) -> list[Organisation]:
    """Organisations in `user`'s scope that may be the one named: the one with the same OID first,
    then similar names in the same country and town."""
    scope = staff_scope(user)
    if exclude_pk is not None:
        scope = scope.exclude(pk=exclude_pk)
    found = list(scope.filter(oid=oid)) if oid else []
    others = scope.filter(country=country).exclude(pk__in=[o.pk for o in found])
    index = NameIndex.build(
        (o.country, o.city, o.legal_name, o)
        for o in others.only("id", "legal_name", "country", "city", "oid")
        if city_key(o.city) == city_key(city)
    )
    return (found + index.similar(country=country, city=city, name=name, limit=limit))[:limit]


def merge_comparison(*, user, first: Organisation, second: Organisation) -> list[tuple]:
    """Rows of the side-by-side table before a merge: a label, then each organisation's value."""
    agency_ids = staff_agency_ids(user)

    def lists(org, name):
        return ", ".join(str(item) for item in getattr(org, name).all()) or "–"

    def counts(org):
        return {
            "people": org.affiliations.count(),
            "notes": org.staff_notes.filter(agency_id__in=agency_ids).count(),
            "projects": org.led_projects.count() + org.project_partnerships.count(),
            "representatives": org.representatives.count(),
        }

    rows = []
    for name in ("legal_name", "type", "oid", "country", "region", "city", "address", "postcode",
                 "website", "email", "experience", "accessibility"):
        field = Organisation._meta.get_field(name)
        values = []
        for org in (first, second):
            display = getattr(org, f"get_{name}_display", None)
            if name == "country":
                value = org.country.name
            else:
                value = display() if display else getattr(org, name)
            values.append(str(value or "–"))
        rows.append((field.verbose_name, *values))
    for name in ("target_groups", "themes", "working_languages"):
        rows.append((Organisation._meta.get_field(name).verbose_name, lists(first, name), lists(second, name)))
    first_counts, second_counts = counts(first), counts(second)
    for key, label in (("people", _("People with a role")), ("notes", _("Your agency's notes")),
                       ("projects", _("Projects")), ("representatives", _("Representatives"))):
        rows.append((label, first_counts[key], second_counts[key]))
    return rows
