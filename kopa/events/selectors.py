"""Reads about events and registrations, aware of who is asking."""

from django.db.models import F, QuerySet

from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import PermissionDenied
from kopa.events.models import HELD_STATUSES, Event, Registration


def places_held(event: Event) -> int:
    """Places taken: confirmed (and later attended or no-show) + selected + open offers."""
    return Registration.objects.filter(event=event, status__in=HELD_STATUSES).count()


def places_free(event: Event) -> int:
    return max(event.capacity - places_held(event), 0)


def waiting_list(event: Event) -> QuerySet[Registration]:
    """The people waiting for a place, first come first."""
    return Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).order_by(
        "id"
    )


def is_host_staff(user, event: Event) -> bool:
    """Whether `user` works for the agency that organises `event`."""
    return event.organiser_agency_id in staff_agency_ids(user)


def is_sending_staff(user, country: str) -> bool:
    """Whether `user` works for an agency of `country`, the sending agency of its applicants."""
    ids = staff_agency_ids(user)
    return bool(ids) and Agency.objects.filter(id__in=ids, country=country).exists()


def registrations_for_sending_country(
    *, user, event: Event, country: str
) -> QuerySet[Registration]:
    """Applicants of `event` sent from `country`, by preselection rank then arrival.

    Only the sending agency of `country` and the host agency may see them. Raises PermissionDenied.
    """
    if not (is_host_staff(user, event) or is_sending_staff(user, country)):
        raise PermissionDenied()
    return Registration.objects.filter(event=event, sending_country=country).order_by(
        F("preselection_rank").asc(nulls_last=True), "id"
    )


def next_preselected(event: Event, *, country: str | None = None) -> Registration | None:
    """The next preselected applicant: best rank first, then arrival; of `country` when given."""
    qs = Registration.objects.filter(event=event, status=Registration.Status.PRESELECTED)
    if country:
        qs = qs.filter(sending_country=country)
    return qs.order_by(F("preselection_rank").asc(nulls_last=True), "id").first()
