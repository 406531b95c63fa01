"""Scheduled work of the outreach app: run by the queue worker (`kopa.core.tasks`) or, once a day, by
the `send_task_reminders` management command."""

from datetime import date

from kopa.outreach.followups.services import followups_remind


def send_followup_reminders(*, today: date | None = None) -> int:
    """E-mail assignees about their open follow-up tasks due `today` (default: today) or earlier,
    once per task. Returns the number of e-mails sent."""
    return followups_remind(today=today)
