"""Reads about agencies and programme objects, aware of who is asking."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound
from kopa.programmes.models import (
    Cycle,
    Partnership,
    Project,
    Strand,
    WorkingGroup,
)


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



