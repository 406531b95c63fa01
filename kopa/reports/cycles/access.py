"""Gates of the cycle and partnership reports.

A cycle belongs to a partnership; the staff of the partnership's agencies (coordinator and members)
read the report of their own agency for the cycle and the partnership's report across every agency.
Each agency writes only its own narrative (admins and staff; observers read). `POLICY` is merged
into the permission matrix with the other apps' rules.
"""

from dataclasses import dataclass

from kopa.agencies.models import Agency
from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import all_agencies, is_agency_writer, staff_agency_ids
from kopa.core.errors import NotFound, PermissionDenied
from kopa.programmes.access import cycle_for_staff
from kopa.programmes.models import Cycle
from kopa.programmes.selectors import partnership_agency_ids


@dataclass(frozen=True)
class CycleAccess:
    """A cycle as one person sees it: the agency they report for, and every agency of the
    partnership."""

    cycle: Cycle
    agency: Agency
    partnership_agency_ids: frozenset[int]
    may_write: bool


def cycle_report_access(*, user, pk: int, agency_id=None) -> CycleAccess:
    """The cycle `pk` for a person of one of its partnership's agencies, reporting for `agency_id`
    when they work for it (else their first such agency). Raises NotFound for anyone else."""
    cycle = cycle_for_staff(user=user, pk=pk)
    agencies = partnership_agency_ids(cycle.partnership)
    own = sorted(staff_agency_ids(user) & agencies)
    if not own:
        raise NotFound()
    try:
        wanted = int(agency_id) if agency_id else None
    except (TypeError, ValueError):
        wanted = None
    chosen = wanted if wanted in own else own[0]
    return CycleAccess(cycle=cycle, agency=all_agencies().get(pk=chosen),
                       partnership_agency_ids=frozenset(agencies),
                       may_write=is_agency_writer(user, chosen))


def may_see_cycle_report(user, parameters: dict) -> bool:
    """The gate of a cycle report's background jobs: the person may still read that cycle's report
    for that agency."""
    try:
        access = cycle_report_access(user=user, pk=parameters["cycle"], agency_id=parameters["agency"])
    except (NotFound, KeyError):
        return False
    return access.agency.pk == parameters["agency"]


def require_narrative_writer(actor, agency: Agency, agencies) -> None:
    """Admins and staff of `agency`, which must be one of the partnership's `agencies`."""
    if agency.pk not in agencies or not is_agency_writer(actor, agency.pk):
        raise PermissionDenied()


A = Audience

POLICY = {
    "reports:cycle_list": Rule(read=A.ANY_AGENCY),
    "reports:cycle_report": Rule(read=A.OWNER),
    "reports:cycle_partnership": Rule(read=A.OWNER),
    "reports:cycle_narrative": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "reports:cycle_export": Rule(read=A.NOBODY, write=A.OWNER),
    "reports:cycle_beneficiary": Rule(read=A.NOBODY, write=A.OWNER),
}
