"""Reads about agencies and programme objects, aware of who is asking."""

from django.db.models import QuerySet

from kopa.programmes.models import (
    Agency,
    AgencyMembership,
    Cycle,
    Partnership,
    Project,
    Strand,
    WorkingGroup,
)


def staff_agency_ids(user) -> set[int]:
    """Agencies `user` works for (as staff or admin); every agency for a superuser."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_kopa_staff_agencies", None)
    if cache is None:
        if user.is_superuser:
            cache = set(Agency.objects.values_list("id", flat=True))
        else:
            cache = set(
                AgencyMembership.objects.filter(user=user).values_list("agency_id", flat=True)
            )
        user._kopa_staff_agencies = cache
    return cache


def admin_agency_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("id", flat=True))
    return set(
        AgencyMembership.objects.filter(user=user, role=AgencyMembership.Role.ADMIN).values_list(
            "agency_id", flat=True
        )
    )


def is_agency_staff(user) -> bool:
    return bool(staff_agency_ids(user))


def agencies_for_staff(user) -> QuerySet[Agency]:
    return Agency.objects.filter(id__in=staff_agency_ids(user))


def current_agency(user, requested_id: str | int | None = None) -> Agency | None:
    """The agency a staff member is working as: the one asked for if allowed, else their first."""
    ids = staff_agency_ids(user)
    if not ids:
        return None
    try:
        wanted = int(requested_id) if requested_id else None
    except (TypeError, ValueError):
        wanted = None
    chosen = wanted if wanted in ids else min(ids)
    return Agency.objects.filter(id=chosen).first()


def agencies_in_country(country_code: str) -> QuerySet[Agency]:
    return Agency.objects.filter(country=country_code)


def partnership_list() -> QuerySet[Partnership]:
    return Partnership.objects.select_related("coordinator").prefetch_related("members", "strands", "cycles")


def partnership_detail(*, slug: str) -> Partnership:
    return partnership_list().prefetch_related("members__agency", "strands__target_groups").get(slug=slug)


def working_groups_for(agency: Agency) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(agency=agency).prefetch_related("members")


def project_list(*, agency: Agency | None = None) -> QuerySet[Project]:
    qs = Project.objects.select_related("agency", "lead", "cycle").prefetch_related(
        "partners__organisation"
    )
    return qs.filter(agency=agency) if agency else qs


def cycles_for(partnership: Partnership) -> QuerySet[Cycle]:
    return Cycle.objects.filter(partnership=partnership)


def strands_for(partnership: Partnership) -> QuerySet[Strand]:
    return Strand.objects.filter(partnership=partnership).prefetch_related("target_groups")
