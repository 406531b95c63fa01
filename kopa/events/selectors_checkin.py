"""Reads for check-in, attendance, documents and certificates, aware of who is asking."""

from datetime import date, datetime, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from kopa.core.errors import NotFound, PermissionDenied
from kopa.events.models import HELD_STATUSES, Attendance, Event, LearningRecord, Registration
from kopa.events.selectors import is_host_staff
from kopa.events.services import _event_zone


def event_days(event: Event) -> list[date]:
    """The calendar days of `event` in its own time zone, first to last."""
    zone = _event_zone(event)
    first = timezone.localtime(event.start, zone).date()
    last = timezone.localtime(event.end, zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def default_checkin_day(event: Event, *, now: datetime | None = None) -> date:
    """Today in the event's time zone, kept within the event's days."""
    today = timezone.localtime(now or timezone.now(), _event_zone(event)).date()
    days = event_days(event)
    return min(max(today, days[0]), days[-1])


def organised_event(*, user, pk: int) -> Event:
    """An event `user` organises (staff of its agency). Raises NotFound."""
    event = (
        Event.objects.select_related("organiser_agency", "organiser_organisation")
        .filter(pk=pk)
        .first()
    )
    if event is None or not is_host_staff(user, event):
        raise NotFound()
    return event


def registration_by_code(*, event: Event, code: str) -> Registration:
    """The registration of `event` whose check-in code is `code`. Raises NotFound."""
    code = (code or "").strip()
    registration = (
        Registration.objects.filter(event=event, checkin_code=code).select_related("event").first()
        if code
        else None
    )
    if registration is None:
        raise NotFound()
    return registration


def place_holders(event: Event) -> QuerySet[Registration]:
    """Everyone holding a place at `event`, by name: the sign-in sheet's and badges' people."""
    return Registration.objects.filter(event=event, status__in=HELD_STATUSES).order_by(
        "last_name", "first_name", "id"
    )


def attendees(event: Event) -> QuerySet[Registration]:
    """The registrations marked attended, by name: the people who get a certificate."""
    return Registration.objects.filter(event=event, status=Registration.Status.ATTENDED).order_by(
        "last_name", "first_name", "id"
    )


def attendance_counts(event: Event) -> dict[date, int]:
    """How many people checked in on each day of `event` (days without check-ins count 0)."""
    counts = dict.fromkeys(event_days(event), 0)
    rows = (
        Attendance.objects.filter(registration__event=event)
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    for row in rows:
        counts[row["day"]] = row["n"]
    return counts


def days_attended(registration: Registration) -> list[date]:
    return list(registration.attendance.order_by("day").values_list("day", flat=True))


def learning_record(registration: Registration) -> LearningRecord | None:
    return LearningRecord.objects.filter(registration=registration).first()


def own_registration(*, user, pk: int) -> Registration:
    """The user's own registration `pk`. Raises NotFound (also for other people's)."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    registration = Registration.objects.select_related("event").filter(pk=pk, user=user).first()
    if registration is None:
        raise NotFound()
    return registration


def certificate_registration(*, user, pk: int) -> Registration:
    """A registration whose certificate `user` may download: their own or, for organisers, any
    attendee's. Raises NotFound; PermissionDenied when the person has not attended."""
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if registration is None:
        raise NotFound()
    is_self = getattr(user, "is_authenticated", False) and registration.user_id == user.pk
    if not (is_self or is_host_staff(user, registration.event)):
        raise NotFound()
    if registration.status != Registration.Status.ATTENDED:
        raise PermissionDenied()
    return registration
