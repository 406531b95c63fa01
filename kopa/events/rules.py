"""Domain facts about events that reads and writes both need: pure functions and constants.

Nothing here queries or writes. Selectors and services both import from here, so that a read never
has to import a write to know, say, whether registration is open or which nights one can stay.
"""

from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.errors import Conflict
from kopa.events.models import Barrier, Event, Registration

# Statuses the participant can withdraw from (selected and offered places are declined), on the web
# page My events and in the API.
CANCELLABLE_STATUSES = frozenset({
    Registration.Status.APPLIED,
    Registration.Status.PRESELECTED,
    Registration.Status.SELECTED,
    Registration.Status.CONFIRMED,
    Registration.Status.WAITLISTED,
    Registration.Status.OFFERED,
})

# Ride offers are proposed to people asking for a ride whose town is at most this far away.
RIDE_MATCH_MAX_KM = 50


class RegistrationClosed(Conflict):
    code = "registration_closed"
    default_message = gettext_lazy("Registration for this event is closed.")


def event_zone(event: Event) -> tzinfo:
    """The event's time zone (the site's when it is not a known zone): dates and times of the event,
    its travel and its nights are the venue's."""
    try:
        return ZoneInfo(event.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def check_registration_open(event: Event, now: datetime) -> None:
    """Raise RegistrationClosed unless `event` takes registrations or applications at `now`."""
    if event.status == Event.Status.CANCELLED:
        raise RegistrationClosed(_("This event has been cancelled."))
    if event.status != Event.Status.PUBLISHED:
        raise RegistrationClosed(_("This event is not open for registration yet."))
    if event.registration_opens and now < event.registration_opens:
        opens = timezone.localtime(event.registration_opens, event_zone(event))
        raise RegistrationClosed(
            _("Registration opens on %(date)s.")
            % {"date": formats.date_format(opens, "DATETIME_FORMAT")}
        )
    if now >= event.registration_deadline:
        raise RegistrationClosed(_("Registration for this event has closed."))
    if event.is_selection and event.application_deadline and now > event.application_deadline:
        raise RegistrationClosed(_("The application deadline has passed."))


def event_days(event: Event) -> list[date]:
    """The calendar days of `event` in its own time zone, first to last."""
    zone = event_zone(event)
    first = timezone.localtime(event.start, zone).date()
    last = timezone.localtime(event.end, zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def nights_window(event: Event) -> tuple[date, date]:
    """The first and last night one can stay: the night before the start to the night before the end."""
    zone = event_zone(event)
    start = timezone.localtime(event.start, zone).date()
    end = timezone.localtime(event.end, zone).date()
    return start - timedelta(days=1), max(end - timedelta(days=1), start - timedelta(days=1))


def barrier_counts(declared) -> tuple[int, dict[str, int]]:
    """How many people declared at least one barrier, and how many declared each, from their
    declarations (lists of barrier codes, given with consent). Whatever is not a known code is
    someone's own words and is never counted by name."""
    people, counts = 0, {}
    for codes in declared:
        if not isinstance(codes, list):
            continue
        known = {code for code in codes if isinstance(code, str) and code in Barrier.values}
        if known:
            people += 1
        for code in known:
            counts[code] = counts.get(code, 0) + 1
    return people, counts
