"""Reads for check-in, attendance, documents and certificates, aware of who is asking."""

from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kopa.core.errors import Conflict, NotFound, PermissionDenied
from kopa.events.access import is_organiser, is_registrant
from kopa.events.models import (
    PARTICIPANT_STATUSES,
    Attendance,
    Event,
    LearningRecord,
    Registration,
)
from kopa.events.rules import event_days, event_zone


class CertificatesNotReleased(Conflict):
    code = "certificates_not_released"
    default_message = gettext_lazy(
        "Your certificate is not ready yet: you can download it once the organisers release the "
        "certificates. We tell you by e-mail."
    )


def default_checkin_day(event: Event, *, now: datetime | None = None) -> date:
    """Today in the event's time zone, kept within the event's days."""
    today = timezone.localtime(now or timezone.now(), event_zone(event)).date()
    days = event_days(event)
    return min(max(today, days[0]), days[-1])


def registration_by_code(*, event: Event, code: str) -> Registration:
    """The registration of `event` whose check-in code is `code`. Raises NotFound."""
    code = (code or "").strip()
    registration = (
        Registration.objects.filter(event=event, checkin_code=code)
        .select_related("event", "organisation")
        .first()
        if code
        else None
    )
    if registration is None:
        raise NotFound()
    return registration


def participants(event: Event) -> QuerySet[Registration]:
    """The participants of `event` (not open offers), by name: the sign-in sheet's and badges'
    people."""
    return (
        Registration.objects.filter(event=event, status__in=PARTICIPANT_STATUSES)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
    )


def attendees(event: Event) -> QuerySet[Registration]:
    """The registrations marked attended, by name: the people who get a certificate."""
    return (
        Registration.objects.filter(event=event, status=Registration.Status.ATTENDED)
        .select_related("organisation")
        .order_by("last_name", "first_name", "id")
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


def checked_in_count(event: Event) -> int:
    """How many distinct people checked in on at least one day of `event`."""
    return Registration.objects.filter(event=event, attendance__isnull=False).distinct().count()


def checked_in_countries(event: Event) -> dict[str, int]:
    """How many distinct people checked in to `event`, per country of residence (code), most first."""
    rows = (
        Registration.objects.filter(event=event, attendance__isnull=False)
        .values("country_of_residence")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "country_of_residence")
    )
    return {str(row["country_of_residence"]): row["n"] for row in rows}


def days_attended(registration: Registration) -> list[date]:
    return list(registration.attendance.order_by("day").values_list("day", flat=True))


def learning_record(registration: Registration) -> LearningRecord | None:
    return LearningRecord.objects.filter(registration=registration).first()


def certificate_registration(*, user, pk: int, event_pk: int | None = None) -> Registration:
    """A registration (of the event `event_pk`, when given) whose certificate `user` may download:
    their own once the organisers released the certificates or, for organisers, any attendee's.
    Raises NotFound; PermissionDenied when the person has not attended; CertificatesNotReleased."""
    qs = Registration.objects.select_related("event").filter(pk=pk)
    if event_pk is not None:
        qs = qs.filter(event_id=event_pk)
    registration = qs.first()
    if registration is None:
        raise NotFound()
    organiser = is_organiser(user, registration.event)
    if not (is_registrant(user, registration) or organiser):
        raise NotFound()
    if registration.status != Registration.Status.ATTENDED:
        raise PermissionDenied()
    # Organisers may look at a certificate before they release them all.
    if not organiser and not certificates_released(registration.event):
        raise CertificatesNotReleased()
    return registration


def certificates_released(event: Event) -> bool:
    return event.certificates_released_at is not None
