"""Scheduled work of the outreach app: run every morning by the built-in scheduler (`KOPA_SCHEDULE`,
`kopa.core.scheduler`), or by hand with the `send_task_reminders` management command; and the
downloads — the funnel's, a campaign's target list and interactions, My tasks — which staff start
(by a POST) and watch as background jobs (`kopa.core.jobs`; the kinds below)."""

from datetime import date

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kopa.agencies.selectors import is_agency_staff
from kopa.core.errors import NotFound
from kopa.core.jobs import JobKind, csv_result, xlsx_result
from kopa.outreach import followups, interactions
from kopa.outreach.access import campaign_for_staff
from kopa.outreach.campaigns.forms import TargetSearchForm
from kopa.outreach.campaigns.selectors import target_export_rows
from kopa.outreach.followups.forms import TaskFilterForm
from kopa.outreach.followups.selectors import my_followup_list
from kopa.outreach.followups.services import followups_remind
from kopa.outreach.funnel import exports
from kopa.outreach.funnel.services import funnel_reach_rebuild
from kopa.outreach.interactions.forms import InteractionFilterForm
from kopa.outreach.interactions.selectors import interaction_list


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


# --- a campaign's lists and My tasks: the rows the page shows, with its filters (the job's query) -----


def may_see_campaign(user, parameters: dict) -> bool:
    """The gate of a campaign's list export: the campaign is one of the person's agencies'."""
    try:
        campaign_for_staff(user=user, pk=parameters["campaign"])
    except NotFound:
        return False
    return True


def may_see_own_tasks(user, parameters: dict) -> bool:
    """My tasks are the person's own (the job names no agency): they must still be agency staff."""
    return is_agency_staff(user)


def _query(job) -> QueryDict | None:
    return QueryDict(job.parameters.get("query", "")) or None


def _targets_rows(job):
    campaign = campaign_for_staff(user=job.requested_by, pk=job.parameters["campaign"])
    search = TargetSearchForm(_query(job))
    q = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    return target_export_rows(campaign, q=q), f"campaign-{campaign.pk}-targets"


def _interaction_rows(job):
    campaign = campaign_for_staff(user=job.requested_by, pk=job.parameters["campaign"])
    filters = InteractionFilterForm(_query(job)).to_filters()
    listed = interaction_list(campaign=campaign, user=job.requested_by, filters=filters)
    return interactions.selectors.export_rows(listed), f"interactions-campaign-{campaign.pk}"


def _task_rows(job):
    form = TaskFilterForm(_query(job), user=job.requested_by)
    tasks = my_followup_list(user=job.requested_by, **form.filters())
    return followups.selectors.export_rows(tasks), "tasks"


def _list_export(rows_of, *, xlsx_title=None):
    def run(*, job, progress):
        rows, name = rows_of(job)
        if xlsx_title is None:
            return csv_result(rows, f"{name}.csv")
        return xlsx_result(rows, f"{name}.xlsx", title=str(xlsx_title))
    return run


TARGETS_CSV = JobKind(title=_("Target list (CSV)"), run=_list_export(_targets_rows),
                      may_see=may_see_campaign)
TARGETS_XLSX = JobKind(title=_("Target list (XLSX)"),
                       run=_list_export(_targets_rows, xlsx_title=_("Target list")),
                       may_see=may_see_campaign)
INTERACTIONS_CSV = JobKind(title=_("Interactions (CSV)"), run=_list_export(_interaction_rows),
                           may_see=may_see_campaign)
INTERACTIONS_XLSX = JobKind(title=_("Interactions (XLSX)"),
                            run=_list_export(_interaction_rows, xlsx_title=_("Interactions")),
                            may_see=may_see_campaign)
TASKS_CSV = JobKind(title=_("My tasks (CSV)"), run=_list_export(_task_rows), may_see=may_see_own_tasks)
TASKS_XLSX = JobKind(title=_("My tasks (XLSX)"), run=_list_export(_task_rows, xlsx_title=_("Tasks")),
                     may_see=may_see_own_tasks)


def rebuild_funnel(*, campaign_ids: list[int] | None = None) -> int:
    """Rebuild the funnel's first days (FunnelReach) from the interactions, for some campaigns or all:
    after bulk writes that bypass the Interaction model (imports of history, benchmarks). Idempotent.
    Returns the number of (campaign, organisation) rows."""
    return funnel_reach_rebuild(campaign_ids=campaign_ids)
