"""Scheduled work of the outreach app: run every morning by the built-in scheduler (`KOPA_SCHEDULE`,
`kopa.core.scheduler`), or by hand with the `send_task_reminders` management command."""

from datetime import date

from kopa.outreach.followups.services import followups_remind
from kopa.outreach.funnel.services import funnel_reach_rebuild


def send_followup_reminders(*, today: date | None = None) -> int:
    """E-mail assignees about their open follow-up tasks due `today` (default: today) or earlier,
    once per task. Returns the number of e-mails sent."""
    return followups_remind(today=today)


def rebuild_funnel(*, campaign_ids: list[int] | None = None) -> int:
    """Rebuild the funnel's first days (FunnelReach) from the interactions, for some campaigns or all:
    after bulk writes that bypass the Interaction model (imports of history, benchmarks). Idempotent.
    Returns the number of (campaign, organisation) rows."""
    return funnel_reach_rebuild(campaign_ids=campaign_ids)
