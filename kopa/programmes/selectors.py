"""Reads about agencies and programme objects, aware of who is asking."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from kopa.core.errors import NotFound
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


# Who may manage what: agency staff manage their agency's working groups and projects, and the
# partnerships their agency coordinates or is a member of. A superuser works for every agency.


def partnership_agency_ids(partnership: Partnership) -> set[int]:
    """The coordinating agency and every member agency on Kopa."""
    ids = {partnership.coordinator_id}
    ids.update(
        partnership.members.exclude(agency__isnull=True).values_list("agency_id", flat=True)
    )
    return ids


def can_manage_agency(user, agency: Agency | None) -> bool:
    return agency is not None and agency.pk in staff_agency_ids(user)


def can_manage_partnership(user, partnership: Partnership) -> bool:
    return bool(staff_agency_ids(user) & partnership_agency_ids(partnership))


def staff_partnerships(user) -> QuerySet[Partnership]:
    """Partnerships `user` manages, for the back office."""
    ids = staff_agency_ids(user)
    if not ids:
        return Partnership.objects.none()
    qs = Partnership.objects.select_related("coordinator").prefetch_related("members", "cycles")
    if user.is_superuser:
        return qs
    return qs.filter(Q(coordinator_id__in=ids) | Q(members__agency_id__in=ids)).distinct()


def staff_cycles(user) -> QuerySet[Cycle]:
    return Cycle.objects.filter(partnership__in=staff_partnerships(user).values("pk")).select_related(
        "partnership"
    )


def staff_strands(user) -> QuerySet[Strand]:
    return (
        Strand.objects.filter(partnership__in=staff_partnerships(user).values("pk"))
        .select_related("partnership")
        .prefetch_related("target_groups")
    )


def staff_working_groups(user) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(agency_id__in=staff_agency_ids(user)).select_related(
        "agency"
    ).prefetch_related("members")


def staff_projects(user) -> QuerySet[Project]:
    return project_list().filter(agency_id__in=staff_agency_ids(user))


def _one(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def partnership_for_staff(*, user, pk: int) -> Partnership:
    """A partnership `user` manages. Raises NotFound."""
    return _one(staff_partnerships(user), pk)


def cycle_for_staff(*, user, pk: int) -> Cycle:
    return _one(staff_cycles(user), pk)


def strand_for_staff(*, user, pk: int) -> Strand:
    return _one(staff_strands(user), pk)


def working_group_for_staff(*, user, pk: int) -> WorkingGroup:
    return _one(staff_working_groups(user), pk)


def project_for_staff(*, user, pk: int) -> Project:
    return _one(staff_projects(user), pk)


# Public pages. Only projects that were funded are public: plans and applications stay internal.
PUBLIC_PROJECT_STATUSES = (
    Project.Status.APPROVED,
    Project.Status.RUNNING,
    Project.Status.COMPLETED,
)


@dataclass
class ProjectFilters:
    programme: list[str] = field(default_factory=list)
    action: str = ""
    status: list[str] = field(default_factory=list)
    agency: str = ""


def filter_projects(qs: QuerySet[Project], filters: ProjectFilters) -> QuerySet[Project]:
    if filters.programme:
        qs = qs.filter(programme__in=filters.programme)
    if filters.action:
        qs = qs.filter(action__icontains=filters.action.strip())
    if filters.status:
        qs = qs.filter(status__in=filters.status)
    if filters.agency:
        qs = qs.filter(agency__slug=filters.agency)
    return qs


def public_project_list(*, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    qs = project_list().filter(status__in=PUBLIC_PROJECT_STATUSES)
    return filter_projects(qs, filters or ProjectFilters())


def public_project_detail(*, pk: int) -> Project:
    """A funded project. Raises NotFound."""
    return _one(public_project_list().prefetch_related("partners__organisation"), pk)


def public_agency(*, slug: str) -> Agency:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise NotFound()
    return agency


def staff_members(agency_ids) -> QuerySet:
    """The users who work for any of `agency_ids` (e.g. to assign a task to), by name."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(agency_memberships__agency_id__in=list(agency_ids), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
