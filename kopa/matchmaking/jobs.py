"""Scheduled work of matchmaking, run by the built-in scheduler (`KOPA_SCHEDULE`) as
`kopa.matchmaking.jobs:<name>`, and the meeting scheduler of a matchmaking event, which its organisers
start (by a POST) and watch as a background job (`kopa.matchmaking.jobs:SCHEDULE`)."""

from django.utils.translation import gettext_lazy as _

from kopa.core.errors import Conflict, NotFound
from kopa.core.jobs import JobKind, Result
from kopa.matchmaking.access import may_run_meetings, organised_meetings
from kopa.matchmaking.alerts.services import alerts_send
from kopa.matchmaking.meetings.selectors import schedule_instance
from kopa.matchmaking.meetings.services import request_reminders_send, schedule_store
from kopa.matchmaking.optimise import InvalidInstance, schedule
from kopa.matchmaking.requests.services import requests_expire


def close_expired_requests() -> int:
    """Close, as expired, the partner requests whose closing date has passed."""
    return requests_expire()


def send_meeting_request_reminders() -> int:
    """Remind recipients, once, of meeting requests they left unanswered (see `request_reminders_send`)."""
    return request_reminders_send()


# --- the meeting scheduler of a matchmaking event, started by its organisers --------------------------


def may_schedule(user, parameters: dict) -> bool:
    """The gate of a scheduler run: the admins and staff of the agency organising the event."""
    try:
        setup = organised_meetings(user=user, pk=parameters["event"])
    except NotFound:
        return False
    return may_run_meetings(user, setup)


def run_scheduler(*, job, progress):
    setup = organised_meetings(user=job.requested_by, pk=job.parameters["event"])
    instance = schedule_instance(setup, time_limit=SCHEDULER_SECONDS)
    progress.step(1, 3)
    try:
        result = schedule(instance)
    except InvalidInstance as exc:
        raise Conflict(_("The pinned meetings break the event's rules: unpin them and run it again.")) from exc
    progress.step(2, 3)
    schedule_store(actor=job.requested_by, setup=setup, result=result,
                   instance_requests={r.id for r in instance.requests})
    return Result(link={"name": "matchmaking:meetings_staff", "args": [setup.event_id],
                        "label": str(_("Back to the meetings"))},
                  message=_("%(scheduled)s of at most %(bound)s possible meetings scheduled.") % {
                      "scheduled": result.objective, "bound": result.bound})


SCHEDULER_SECONDS = 10
SCHEDULE = JobKind(title=_("Meeting schedule"), run=run_scheduler, may_see=may_schedule)
def send_saved_search_alerts() -> int:
    """The daily digest of new partner requests to each confirmed saved search."""
    return alerts_send()
