"""Scheduled work of the outreach app; run by the task worker or a periodic job."""

from kopa.outreach import services_tasks


def send_task_reminders() -> int:
    """E-mail assignees about their open follow-up tasks due today or earlier, once per task."""
    return services_tasks.tasks_remind()
