"""Reads about agencies and programme objects, aware of who is asking."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound
from kopa.directory.models import Organisation, Person
from kopa.directory.organisations.selectors import OrganisationFilters, linkable_organisation_list
from kopa.directory.people.selectors import people_for_staff, people_search
from kopa.directory.rules import normalise
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    ProjectPartner,
    Strand,
    WorkingGroup,
)

# How many people or organisations a search on a staff page offers at once.
SEARCH_LIMIT = 20


def partnership_list() -> QuerySet[Partnership]:
    return Partnership.objects.select_related("coordinator").prefetch_related("members", "strands", "cycles")


def partnership_detail(*, slug: str) -> Partnership:
    """A partnership with its members, strands and cycles. Public. Raises NotFound."""
    try:
        return partnership_list().prefetch_related("members__agency", "strands__target_groups").get(slug=slug)
    except Partnership.DoesNotExist as exc:
        raise NotFound() from exc


def working_groups_for(agency: Agency) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(agency=agency).prefetch_related("members")


def project_list(*, agency: Agency | None = None) -> QuerySet[Project]:
    qs = Project.objects.select_related("agency", "lead", "cycle").prefetch_related(
        "partners__organisation"
    )
    return qs.filter(agency=agency) if agency else qs


def previous_cycle(cycle: Cycle) -> Cycle | None:
    """The partnership's cycle that started last before `cycle`."""
    return (Cycle.objects.filter(partnership_id=cycle.partnership_id, start__lt=cycle.start)
            .order_by("-start").first())


def approved_projects(*, cycle: Cycle, agency_ids) -> QuerySet[Project]:
    """The projects of `agency_ids` in `cycle` that were approved (running and completed ones
    too), with their partners."""
    approved = [Project.Status.APPROVED, Project.Status.RUNNING, Project.Status.COMPLETED]
    return (Project.objects.filter(cycle=cycle, agency_id__in=list(agency_ids), status__in=approved)
            .select_related("agency", "lead").prefetch_related("partners__organisation")
            .order_by("agency__name", "acronym", "pk"))


def cycles_for(partnership: Partnership) -> QuerySet[Cycle]:
    return Cycle.objects.filter(partnership=partnership)


def strands_for(partnership: Partnership) -> QuerySet[Strand]:
    return Strand.objects.filter(partnership=partnership).prefetch_related("target_groups")


def partnership_agency_ids(partnership: Partnership) -> set[int]:
    """The coordinating agency and every member agency on Kopa (the gates in
    `kopa.programmes.access` let their staff manage the partnership)."""
    ids = {partnership.coordinator_id}
    ids.update(
        partnership.members.exclude(agency__isnull=True).values_list("agency_id", flat=True)
    )
    return ids


# The back office: what `user` manages, by the rule written out in `kopa.programmes.access`. A
# superuser works for every agency.


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


def staff_cycle_list(user) -> QuerySet[Cycle]:
    """The cycles `user` manages, newest first, for the back office's list."""
    return staff_cycles(user).order_by("-start")


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


def staff_overview(user) -> dict[str, int]:
    """How many partnerships, cycles, strands, working groups and projects `user` manages."""
    return {
        "partnership_count": staff_partnerships(user).count(),
        "cycle_count": staff_cycles(user).count(),
        "strand_count": staff_strands(user).count(),
        "working_group_count": staff_working_groups(user).count(),
        "project_count": staff_projects(user).count(),
    }


def one_or_not_found(queryset, pk):
    """The object `pk` of `queryset`. Raises NotFound."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def partnership_members(partnership: Partnership) -> QuerySet[PartnershipMember]:
    return partnership.members.select_related("agency")


def partnership_member(*, partnership: Partnership, pk: int) -> PartnershipMember:
    """One member of `partnership`. Raises NotFound."""
    return one_or_not_found(PartnershipMember.objects.filter(partnership=partnership), pk)


def cycle_projects(*, user, cycle: Cycle) -> QuerySet[Project]:
    """The projects in `cycle` followed by the agencies `user` works for."""
    return cycle.projects.select_related("lead").filter(agency_id__in=staff_agency_ids(user))


def working_group_members(group: WorkingGroup) -> list[Person]:
    return list(group.members.all())


def member_candidates(*, user, q: str, exclude) -> list[Person]:
    """People `user` may see whose names contain every word of `q` (or whose e-mail is one of its
    words), other than `exclude`: whom to offer as new members of a working group."""
    if not q.split():
        return []
    found = people_search(user=user, q=q, whole_email=True).exclude(pk__in=[p.pk for p in exclude])
    return list(found[:SEARCH_LIMIT])


def working_group_person(*, user, group: WorkingGroup, pk) -> Person:
    """A person to add to or remove from `group`: one `user` may see in the directory, or a member
    already. Raises NotFound."""
    if not str(pk or "").isdigit():
        raise NotFound()
    person = people_for_staff(user=user).filter(pk=pk).first() or group.members.filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person


def project_partners(project: Project) -> list[ProjectPartner]:
    return list(project.partners.select_related("organisation").order_by("country", "organisation__legal_name"))


def project_partner(*, project: Project, pk: int) -> ProjectPartner:
    """One partner of `project`. Raises NotFound."""
    return one_or_not_found(ProjectPartner.objects.filter(project=project), pk)


def partner_candidates(*, user, q: str, exclude_ids) -> list[Organisation]:
    """Organisations staff may link whose search text has every word of `q`, other than
    `exclude_ids`: whom to offer as a project's new partners."""
    if not normalise(q).split():
        return []
    found = linkable_organisation_list(user=user, filters=OrganisationFilters(q=q))
    return list(found.exclude(pk__in=exclude_ids).order_by("legal_name")[:SEARCH_LIMIT])


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
    return one_or_not_found(public_project_list().prefetch_related("partners__organisation"), pk)


def visible_projects(user) -> QuerySet[Project]:
    """Funded projects for everyone, plus every project of the agencies `user` works for."""
    return (public_project_list() | staff_projects(user)).select_related("cycle__partnership")


def project_for_user(*, user, pk: int) -> Project:
    """One project `user` may see. Raises NotFound."""
    return one_or_not_found(visible_projects(user), pk)


def actions_by_organisation(organisation_ids) -> dict[int, set[str]]:
    """The actions (e.g. KA220-YOU) of the funded projects each organisation led or was a partner in."""
    found: dict[int, set[str]] = {}
    led = Project.objects.filter(lead_id__in=organisation_ids).exclude(action="").values_list("lead_id", "action")
    partnered = ProjectPartner.objects.filter(organisation_id__in=organisation_ids).exclude(
        project__action="").values_list("organisation_id", "project__action")
    for organisation_id, action in [*led, *partnered]:
        found.setdefault(organisation_id, set()).add(action)
    return found


def organisations_by_action(actions) -> dict[int, set[str]]:
    """The organisations that led or were a partner in a funded project of one of `actions`, each
    with those of `actions` it ran."""
    actions = set(actions)
    found: dict[int, set[str]] = {}
    if not actions:
        return found
    led = Project.objects.filter(action__in=actions).values_list("lead_id", "action")
    partnered = ProjectPartner.objects.filter(project__action__in=actions).values_list(
        "organisation_id", "project__action")
    for organisation_id, action in [*led, *partnered]:
        found.setdefault(organisation_id, set()).add(action)
    return found
