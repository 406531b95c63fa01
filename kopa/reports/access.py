"""Gates of the reports: who may see and who may change a report.

Activity reports: any role of the event's organising agency (observers included) sees the event's
reports and downloads them; admins and staff of that agency create, edit, add photos, finalise,
make a new version and publish to the library. Anyone else gets a 404.
"""

from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import is_agency_writer
from kopa.core.errors import PermissionDenied
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
}
