"""Scheduled work of the outreach app: run every morning by the built-in scheduler (`KOPA_SCHEDULE`,
`kopa.core.scheduler`), or by hand with the `send_task_reminders` management command; and the funnel's
downloads, which staff start and watch as background jobs (`kopa.core.jobs`; the kinds below)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from kopa.core.jobs import JobKind
from kopa.outreach.followups.services import followups_remind
from kopa.outreach.funnel import exports
from kopa.outreach.funnel.services import funnel_reach_rebuild


def send_followup_reminders(*, today: date | None = None) -> int:
    """E-mail assignees about their open follow-up tasks due `today` (default: today) or earlier,
    once per task. Returns the number of e-mails sent."""
    return followups_remind(today=today)


def _export(build):
    def run(*, job, progress):
        return build(user=job.requested_by, query=job.parameters.get("query", ""))
    return run


FUNNEL_PDF = JobKind(title=_("Outreach funnel (PDF)"), run=_export(exports.dashboard_pdf),
                     may_see=exports.may_see)
FUNNEL_CSV = JobKind(title=_("Outreach funnel tables (CSV)"), run=_export(exports.dashboard_csv),
                     may_see=exports.may_see)
FUNNEL_XLSX = JobKind(title=_("Outreach funnel tables (XLSX)"), run=_export(exports.dashboard_xlsx),
                      may_see=exports.may_see)
DROP_OFF_CSV = JobKind(title=_("Drop-off list (CSV)"), run=_export(exports.drop_off_csv),
                       may_see=exports.may_see)
DROP_OFF_XLSX = JobKind(title=_("Drop-off list (XLSX)"), run=_export(exports.drop_off_xlsx),
                        may_see=exports.may_see)


def rebuild_funnel(*, campaign_ids: list[int] | None = None) -> int:
    """Rebuild the funnel's first days (FunnelReach) from the interactions, for some campaigns or all:
    after bulk writes that bypass the Interaction model (imports of history, benchmarks). Idempotent.
    Returns the number of (campaign, organisation) rows."""
    return funnel_reach_rebuild(campaign_ids=campaign_ids)
