"""Writes about travel: a participant's travel details and grant, the band tables, ride sharing.

Travel details are private participation data: audit entries say that they changed and who changed
them, never what they are.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kopa.agencies.selectors import admin_agency_ids
from kopa.core import audit
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.events.access import require_place_holder
from kopa.events.geo import band_for, grant_for, place_distance_km
from kopa.events.models import (
    PARTICIPANT_STATUSES,
    DistanceBand,
    Place,
    Registration,
    RideOffer,
    RideRequest,
    TravelDetails,
)
from kopa.events.models.travel import GREEN_MODES, TransportMode
from kopa.events.rules import RIDE_MATCH_MAX_KM, event_zone

# Arrival and departure may lie this far outside the event's dates (travel days).
TRAVEL_DAYS_AROUND = timedelta(days=3)


def _record(actor, registration: Registration, part: str, before, after) -> None:
    """Audit that a part of the private travel data changed, without its content."""
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.UPDATE,
        changes={part: [before, after]},
    )


def _check_travel_dates(event, arrival: datetime | None, departure: datetime | None) -> dict:
    errors: dict[str, list[str]] = {}
    zone = event_zone(event)
    earliest, latest = event.start - TRAVEL_DAYS_AROUND, event.end + TRAVEL_DAYS_AROUND
    if arrival is not None and not earliest <= arrival <= event.end:
        errors["arrival"] = [
            _("Arrive between %(earliest)s and the end of the event.")
            % {
                "earliest": formats.date_format(
                    timezone.localtime(earliest, zone), "DATETIME_FORMAT"
                )
            }
        ]
    if departure is not None and not event.start <= departure <= latest:
        errors["departure"] = [
            _("Leave between the start of the event and %(latest)s.")
            % {"latest": formats.date_format(timezone.localtime(latest, zone), "DATETIME_FORMAT")}
        ]
    if arrival is not None and departure is not None and departure <= arrival:
        errors.setdefault("departure", []).append(_("The departure must be after the arrival."))
    return errors


@transaction.atomic
def travel_save(
    *,
    registration: Registration,
    actor,
    origin: Place | None,
    mode: str,
    arrival: datetime | None = None,
    departure: datetime | None = None,
) -> TravelDetails:
    """Save how a participant travels and work out distance, band and grant.

    Raises PermissionDenied, Conflict (no place held), ValidationFailed."""
    require_place_holder(actor, registration)
    event = registration.event
    errors = _check_travel_dates(event, arrival, departure)
    if origin is None:
        errors["origin"] = [_("Choose the town you travel from.")]
    if mode not in TransportMode.values:
        errors["mode"] = [_("Choose the main means of transport.")]
    if errors:
        raise ValidationFailed(fields=errors)

    green = mode in GREEN_MODES
    km = band = grant = None
    if event.latitude is not None and event.longitude is not None:
        km = place_distance_km(origin, event)
        band = band_for(km, event.grant_call_year)
        grant = grant_for(band, green=green)
    travel, created = TravelDetails.objects.select_for_update().get_or_create(
        registration=registration, defaults={"mode": mode}
    )
    travel.origin, travel.mode, travel.green = origin, mode, green
    travel.distance_km, travel.band, travel.grant_eur = km, band, grant
    travel.arrival, travel.departure = arrival, departure
    travel.save()
    _record(
        actor,
        registration,
        "travel_details",
        None if created else "given",
        "given" if created else "changed",
    )
    return travel


def _check_band_admin(actor) -> None:
    if not admin_agency_ids(actor):
        raise PermissionDenied(_("Only agency administrators can change the travel grant tables."))


@transaction.atomic
def band_update(
    *,
    actor,
    band: DistanceBand,
    standard_eur: Decimal | None,
    green_eur: Decimal | None,
    confirmed: bool,
) -> DistanceBand:
    """Correct a band's amounts and whether they are confirmed. Agency admins only.

    Raises PermissionDenied, ValidationFailed."""
    _check_band_admin(actor)
    errors = {}
    for name, value in (("standard_eur", standard_eur), ("green_eur", green_eur)):
        if value is not None and value < 0:
            errors[name] = [_("An amount cannot be negative.")]
    if confirmed and standard_eur is None:
        errors["standard_eur"] = [_("A confirmed band needs a standard amount.")]
    if errors:
        raise ValidationFailed(fields=errors)
    band = DistanceBand.objects.select_for_update().get(pk=band.pk)
    before = audit.snapshot(band)
    band.standard_eur, band.green_eur, band.confirmed = standard_eur, green_eur, confirmed
    band.save()
    audit.record(
        actor=actor,
        obj=band,
        action=AuditEntry.Action.UPDATE,
        changes=audit.diff(before, audit.snapshot(band)),
    )
    return band


# --- ride sharing -----------------------------------------------------------------------------------


@transaction.atomic
def ride_offer_save(
    *, registration: Registration, actor, origin: Place | None, seats: int, notes: str = ""
) -> RideOffer:
    """Offer (or change) free seats from a town. Raises PermissionDenied, Conflict, ValidationFailed."""
    require_place_holder(actor, registration)
    errors = {}
    if origin is None:
        errors["origin"] = [_("Choose the town you drive from.")]
    if not 1 <= seats <= 8:
        errors["seats"] = [_("Offer between 1 and 8 seats.")]
    offer = (
        RideOffer.objects.select_for_update()
        .filter(event=registration.event, driver=registration)
        .first()
    )
    if offer is not None and not errors:
        taken = offer.passengers.count()
        if seats < taken:
            errors["seats"] = [
                _("%(count)s people already ride with you: offer at least that many seats.")
                % {"count": taken}
            ]
    if errors:
        raise ValidationFailed(fields=errors)
    if offer is None:
        offer = RideOffer(event=registration.event, driver=registration)
    offer.origin, offer.seats, offer.notes = origin, seats, notes.strip()
    offer.save()
    _record(actor, registration, "ride_offer", None, f"{seats} seats")
    return offer


@transaction.atomic
def ride_offer_withdraw(*, offer: RideOffer, actor) -> None:
    """Withdraw an offer; its passengers are asking for a ride again. Raises PermissionDenied."""
    require_place_holder(actor, offer.driver)
    offer = RideOffer.objects.select_for_update().get(pk=offer.pk)
    offer.passengers.update(offer=None)
    _record(actor, offer.driver, "ride_offer", f"{offer.seats} seats", None)
    offer.delete()


@transaction.atomic
def ride_request_save(*, registration: Registration, actor, origin: Place | None) -> RideRequest:
    """Ask for a ride from a town. Raises PermissionDenied, Conflict, ValidationFailed."""
    require_place_holder(actor, registration)
    if origin is None:
        raise ValidationFailed(fields={"origin": [_("Choose the town you travel from.")]})
    request, _created = RideRequest.objects.select_for_update().get_or_create(
        event=registration.event, passenger=registration, defaults={"origin": origin}
    )
    if request.origin_id != origin.pk:
        request.origin = origin
        request.save(update_fields=["origin"])
    _record(actor, registration, "ride_request", None, "asked")
    return request


@transaction.atomic
def ride_request_withdraw(*, request: RideRequest, actor) -> None:
    """No longer look for a ride (and leave a ride taken). Raises PermissionDenied."""
    require_place_holder(actor, request.passenger)
    _record(actor, request.passenger, "ride_request", "asked", None)
    RideRequest.objects.filter(pk=request.pk).delete()


@transaction.atomic
def ride_take(*, request: RideRequest, offer: RideOffer, actor) -> RideRequest:
    """Take a seat in a proposed ride; the offer row is locked so seats are never exceeded.

    Raises PermissionDenied, Conflict (not proposed, or no free seat)."""
    require_place_holder(actor, request.passenger)
    offer = (
        RideOffer.objects.select_for_update().select_related("origin", "driver").get(pk=offer.pk)
    )
    request = RideRequest.objects.select_for_update().select_related("origin").get(pk=request.pk)
    if (
        offer.event_id != request.event_id
        or offer.driver_id == request.passenger_id
        or offer.driver.status not in PARTICIPANT_STATUSES
        or place_distance_km(offer.origin, request.origin) > RIDE_MATCH_MAX_KM
    ):
        raise Conflict(_("This ride is not one of those proposed to you."))
    if request.offer_id == offer.pk:
        return request
    if offer.passengers.count() >= offer.seats:
        raise Conflict(_("This ride has no free seat left. Choose another one."))
    request.offer = offer
    request.save(update_fields=["offer"])
    _record(actor, request.passenger, "ride", None, f"ride offer #{offer.pk}")
    return request


@transaction.atomic
def ride_leave(*, request: RideRequest, actor) -> RideRequest:
    """Give up the seat taken; the request stays open. Raises PermissionDenied."""
    require_place_holder(actor, request.passenger)
    previous = request.offer_id
    RideRequest.objects.filter(pk=request.pk).update(offer=None)
    request.offer = None
    _record(actor, request.passenger, "ride", f"ride offer #{previous}", None)
    return request
