"""Scheduled work of the outreach app: run every morning by the built-in scheduler (`KOPA_SCHEDULE`,
`kopa.core.scheduler`), or by hand with the `send_task_reminders` management command."""

from datetime import date

from kopa.outreach.followups.services import followups_remind


def send_followup_reminders(*, today: date | None = None) -> int:
    """E-mail assignees about their open follow-up tasks due `today` (default: today) or earlier,
    once per task. Returns the number of e-mails sent."""
    return followups_remind(today=today)
