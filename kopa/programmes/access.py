"""Gates of the programmes: who may manage which partnership, working group and project.

Agency staff manage their agency's working groups and projects, and the partnerships their agency
coordinates or is a member of. A superuser works for every agency. Loading data without a person
behind it (demo data, imports run by the operator) passes `system=True` explicitly; the web pages
never do.
"""

from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import writer_agency_ids
from kopa.core.errors import PermissionDenied
from kopa.directory.access import in_inventory
from kopa.programmes.models import Cycle, Partnership, Project, Strand, WorkingGroup
from kopa.programmes.selectors import (
    one_or_not_found,
    partnership_agency_ids,
    staff_cycles,
    staff_partnerships,
    staff_projects,
    staff_strands,
    staff_working_groups,
)


def can_manage_partnership(user, partnership: Partnership) -> bool:
    """Admins and staff of the coordinating or a member agency (observers read, never change)."""
    return bool(writer_agency_ids(user) & partnership_agency_ids(partnership))


def can_link_organisation(actor, organisation, *, system: bool = False) -> bool:
    """Staff link projects only to organisations they can see: their inventory or the public directory."""
    return system or organisation.public_listing or in_inventory(actor, organisation)  # reading it suffices


def require_staff_of(actor, agency_ids: set[int], *, system: bool = False) -> None:
    """Allow admins and staff of any of `agency_ids` (a superuser always; an observer never); a system
    load needs `system=True`. Raises PermissionDenied."""
    if system:
        return
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    if actor.is_superuser:
        return
    if not writer_agency_ids(actor) & set(agency_ids):
        raise PermissionDenied()


def require_partnership_manager(actor, partnership: Partnership, *, system: bool = False) -> None:
    """Allow staff of the coordinating agency or of a member agency. Raises PermissionDenied."""
    require_staff_of(actor, partnership_agency_ids(partnership), system=system)


# --- the objects a staff member may act on (NotFound for anyone else) ---------------------------------


def partnership_for_staff(*, user, pk: int) -> Partnership:
    """A partnership `user` manages. Raises NotFound."""
    return one_or_not_found(staff_partnerships(user), pk)


def cycle_for_staff(*, user, pk: int) -> Cycle:
    return one_or_not_found(staff_cycles(user), pk)


def strand_for_staff(*, user, pk: int) -> Strand:
    return one_or_not_found(staff_strands(user), pk)


def working_group_for_staff(*, user, pk: int) -> WorkingGroup:
    return one_or_not_found(staff_working_groups(user), pk)


def project_for_staff(*, user, pk: int) -> Project:
    return one_or_not_found(staff_projects(user), pk)


# --- the written policy (kopa.agencies.policy; docs/roles.md) ---------------------------------------

A = Audience

POLICY = {
    "programmes:staff_index": Rule(read=A.ANY_AGENCY),
    "programmes:staff_partnership_list": Rule(read=A.ANY_AGENCY),
    "programmes:staff_partnership_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "programmes:staff_partnership_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "programmes:staff_partnership_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "programmes:staff_cycle_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "programmes:staff_strand_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "programmes:staff_cycle_list": Rule(read=A.ANY_AGENCY),
    "programmes:staff_cycle_detail": Rule(read=A.OWNER),
    "programmes:staff_cycle_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "programmes:staff_strand_list": Rule(read=A.ANY_AGENCY),
    "programmes:staff_strand_detail": Rule(read=A.OWNER),
    "programmes:staff_strand_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "programmes:staff_working_group_list": Rule(read=A.ANY_AGENCY),
    "programmes:staff_working_group_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "programmes:staff_working_group_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER,
                                                  empty_change_not_found=True),
    "programmes:staff_working_group_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "programmes:staff_project_list": Rule(read=A.ANY_AGENCY),
    "programmes:staff_project_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "programmes:staff_project_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "programmes:staff_project_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "api-v1:partnership-list": Rule(read=A.PUBLIC),
    "api-v1:partnership-detail": Rule(read=A.PUBLIC, obj="partnership"),
    "api-v1:project-list": Rule(read=A.PUBLIC),
    "api-v1:project-detail": Rule(read=A.PUBLIC, obj="project"),
}
