"""Gates of the reports: who may see and who may change a report.

Activity reports: any role of the event's organising agency (observers included) sees the event's
reports and downloads them; admins and staff of that agency create, edit, add photos, finalise,
make a new version and publish to the library. Anyone else gets a 404.

Cycle and partnership reports: a cycle belongs to a partnership; the staff of the partnership's
agencies (coordinator and members) read the report of their own agency for the cycle and the
partnership's report across every agency. Each agency writes only its own narrative (admins and
staff; observers read).
"""

from dataclasses import dataclass

from kopa.agencies.models import Agency
from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import all_agencies, is_agency_writer, staff_agency_ids
from kopa.core.errors import NotFound, PermissionDenied
from kopa.programmes.access import cycle_for_staff
from kopa.programmes.models import Cycle
from kopa.programmes.selectors import partnership_agency_ids
from kopa.reports.activity.selectors import one_or_not_found, staff_reports, writable_reports
from kopa.reports.models import ActivityReport

# --- activity reports -----------------------------------------------------------------------------


def may_change_activity_report(user, report: ActivityReport) -> bool:
    return is_agency_writer(user, report.agency_id)


def may_change_event_reports(user, event) -> bool:
    return is_agency_writer(user, event.organiser_agency_id)


def require_activity_writer(actor, agency_id: int) -> None:
    """Admins and staff of the agency (a superuser too). Raises PermissionDenied."""
    if not is_agency_writer(actor, agency_id):
        raise PermissionDenied()


def activity_report_for_staff(*, user, pk) -> ActivityReport:
    """An activity report of `user`'s agencies (any role). Raises NotFound."""
    return one_or_not_found(staff_reports(user), pk)


def activity_report_for_writer(*, user, pk) -> ActivityReport:
    """An activity report `user` may change. Raises NotFound."""
    return one_or_not_found(writable_reports(user), pk)


def may_see_activity_report(user, parameters: dict) -> bool:
    """The gate of a report's documents (background jobs): any role of the event's agency."""
    return staff_reports(user).filter(pk=parameters.get("report")).exists()


# --- cycle and partnership reports ---------------------------------------------------------------


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
    # Activity reports.
    "reports:activity_list": Rule(read=A.ANY_AGENCY),
    "reports:activity_event": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "reports:activity_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "reports:activity_photos": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "reports:activity_photo": Rule(read=A.OWNER, write=A.NOBODY),
    "reports:activity_pdf": Rule(read=A.NOBODY, write=A.OWNER),
    "reports:activity_docx": Rule(read=A.NOBODY, write=A.OWNER),
    "reports:activity_finalise": Rule(read=A.NOBODY, write=A.OWNER_WRITER),
    "reports:activity_new_version": Rule(read=A.NOBODY, write=A.OWNER_WRITER),
    "reports:activity_publish": Rule(read=A.NOBODY, write=A.OWNER_WRITER),
    # Cycle and partnership reports.
    "reports:cycle_list": Rule(read=A.ANY_AGENCY),
    "reports:cycle_report": Rule(read=A.OWNER),
    "reports:cycle_partnership": Rule(read=A.OWNER),
    "reports:cycle_narrative": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "reports:cycle_export": Rule(read=A.NOBODY, write=A.OWNER),
    "reports:cycle_beneficiary": Rule(read=A.NOBODY, write=A.OWNER),
}
