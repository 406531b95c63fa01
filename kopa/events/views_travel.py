"""Travel pages: a participant's travel and rides, the organisers' travel and ride lists, band tables."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_required
from kopa.agencies.selectors import admin_agency_ids
from kopa.core.errors import KopaError, NotFound, ValidationFailed
from kopa.core.http import posted_id
from kopa.events import selectors_travel as selectors
from kopa.events import services_travel as services
from kopa.events.forms_travel import (
    BandForm,
    PlaceSearchForm,
    RideOfferForm,
    RideRequestForm,
    TravelForm,
)
from kopa.events.models import DistanceBand, Place, RideOffer, RideRequest, TravelDetails


def own_registration_or_404(request, registration_pk: int):
    try:
        return selectors.own_held_registration(user=request.user, pk=registration_pk)
    except NotFound as exc:
        raise Http404() from exc


def organised_event_or_404(request, pk: int):
    try:
        return selectors.organiser_event(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404() from exc


def _places_found(request, registration):
    search = PlaceSearchForm(request.GET or None)
    query = search.cleaned_data["place_q"] if search.is_valid() else ""
    return (
        search,
        query,
        list(selectors.place_search(query, country=registration.country_of_residence.code)),
    )


def show_error(form, exc: KopaError) -> None:
    if isinstance(exc, ValidationFailed):
        form.add_service_errors(exc)
    else:
        form.add_error(None, exc.message)


# --- the participant's travel ----------------------------------------------------------------------


@login_required
def travel_my(request, registration_pk: int):
    registration = own_registration_or_404(request, registration_pk)
    event = registration.event
    travel = (
        TravelDetails.objects.select_related("origin", "band")
        .filter(registration=registration)
        .first()
    )
    search, query, found = _places_found(request, registration)
    with timezone.override(services.event_zone(event)):
        initial = {}
        if travel is not None:
            initial = {
                "origin": travel.origin_id,
                "mode": travel.mode,
                "arrival": travel.arrival,
                "departure": travel.departure,
            }
        form = TravelForm(request.POST or None, initial=initial)
        form.set_places([form.chosen_place(), travel.origin if travel else None, *found])
        if request.method == "POST" and form.is_valid():
            try:
                services.travel_save(
                    registration=registration, actor=request.user, **form.cleaned_data
                )
            except KopaError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("Your travel details are saved."))
                return redirect("events:travel_my", registration_pk=registration.pk)
        return render(
            request,
            "events/travel_my.html",
            {
                "registration": registration,
                "event": event,
                "travel": travel,
                "search": search,
                "query": query,
                "found": found,
                "form": form,
            },
        )


# --- organisers: travel list, grants per sending country ---------------------------------------------


@staff_required
def travel_staff(request, pk: int):
    event = organised_event_or_404(request, pk)
    summary = selectors.grant_summary(event)
    with timezone.override(services.event_zone(event)):
        return render(
            request,
            "events/travel_staff.html",
            {
                "event": event,
                "participants": selectors.travel_list(event),
                "summary": summary,
                "total_eur": sum((row.total_eur for row in summary), 0),
                "total_people": sum(row.people for row in summary),
                "total_green": sum(row.green for row in summary),
                "total_unconfirmed": sum(row.unconfirmed for row in summary),
            },
        )


@staff_required
def bands(request):
    return render(
        request,
        "events/travel_bands.html",
        {
            "tables": selectors.band_tables(),
            "can_edit": bool(admin_agency_ids(request.user)),
        },
    )


@staff_required
def band_edit(request, band_pk: int):
    if not admin_agency_ids(request.user):
        raise DjangoPermissionDenied()
    band = get_object_or_404(DistanceBand.objects.select_related("table"), pk=band_pk)
    form = BandForm(request.POST or None, instance=band)
    if request.method == "POST" and form.is_valid():
        try:
            services.band_update(actor=request.user, band=band, **form.cleaned_data)
        except KopaError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("The travel grant table is saved."))
            return redirect("events:bands")
    return render(request, "events/travel_band_edit.html", {"band": band, "form": form})


# --- ride sharing --------------------------------------------------------------------------------


def _ride_forms(request, registration, offer, ride_request, found):
    travel_origin = TravelDetails.objects.filter(registration=registration).values_list(
        "origin", flat=True
    )
    home = next(iter(travel_origin), None)
    post = request.POST if request.method == "POST" else None
    offer_form = RideOfferForm(
        post if post and post.get("form") == "offer" else None,
        prefix="offer",
        initial={
            "origin": offer.origin_id if offer else home,
            "seats": offer.seats if offer else 1,
            "notes": offer.notes if offer else "",
        },
    )
    request_form = RideRequestForm(
        post if post and post.get("form") == "request" else None,
        prefix="request",
        initial={"origin": ride_request.origin_id if ride_request else home},
    )
    home_place = Place.objects.filter(pk=home).first() if home else None
    offer_form.set_places(
        [offer_form.chosen_place(), offer.origin if offer else None, home_place, *found]
    )
    request_form.set_places(
        [
            request_form.chosen_place(),
            ride_request.origin if ride_request else None,
            home_place,
            *found,
        ]
    )
    return offer_form, request_form


@login_required
def rides_my(request, registration_pk: int):
    registration = own_registration_or_404(request, registration_pk)
    event = registration.event
    offer = (
        RideOffer.objects.select_related("origin").filter(event=event, driver=registration).first()
    )
    ride_request = (
        RideRequest.objects.select_related("origin", "offer__driver", "offer__origin")
        .filter(event=event, passenger=registration)
        .first()
    )
    search, query, found = _places_found(request, registration)
    offer_form, request_form = _ride_forms(request, registration, offer, ride_request, found)
    here = reverse("events:rides_my", kwargs={"registration_pk": registration.pk})
    for form, save in (
        (offer_form, services.ride_offer_save),
        (request_form, services.ride_request_save),
    ):
        if form.is_bound and form.is_valid():
            try:
                save(registration=registration, actor=request.user, **form.cleaned_data)
            except KopaError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(here)
    proposals = []
    if ride_request is not None and ride_request.offer_id is None:
        match = next(
            (m for m in selectors.ride_matches(event) if m.request.pk == ride_request.pk), None
        )
        proposals = match.proposals if match else []
    passengers = list(offer.passengers.select_related("passenger")) if offer else []
    return render(
        request,
        "events/travel_rides_my.html",
        {
            "registration": registration,
            "event": event,
            "offer": offer,
            "ride_request": ride_request,
            "passengers": passengers,
            "proposals": proposals,
            "search": search,
            "query": query,
            "found": found,
            "offer_form": offer_form,
            "request_form": request_form,
            "max_km": services.RIDE_MATCH_MAX_KM,
        },
    )


@login_required
@require_POST
def ride_action(request, registration_pk: int):
    """Take a proposed ride, leave it, or withdraw an offer or a request."""
    registration = own_registration_or_404(request, registration_pk)
    event = registration.event
    action = request.POST.get("action")
    ride_request = RideRequest.objects.filter(event=event, passenger=registration).first()
    offer = RideOffer.objects.filter(event=event, driver=registration).first()
    try:
        if action == "take" and ride_request is not None:
            chosen = get_object_or_404(RideOffer, pk=posted_id(request, "offer"), event=event)
            services.ride_take(request=ride_request, offer=chosen, actor=request.user)
            messages.success(request, _("You have a seat in this ride."))
        elif action == "leave" and ride_request is not None:
            services.ride_leave(request=ride_request, actor=request.user)
            messages.success(request, _("You left the ride. You are looking for a ride again."))
        elif action == "withdraw_request" and ride_request is not None:
            services.ride_request_withdraw(request=ride_request, actor=request.user)
            messages.success(request, _("You are no longer looking for a ride."))
        elif action == "withdraw_offer" and offer is not None:
            services.ride_offer_withdraw(offer=offer, actor=request.user)
            messages.success(request, _("Your ride offer is withdrawn."))
        else:
            raise Http404()
    except KopaError as exc:
        messages.error(request, exc.message)
    return redirect("events:rides_my", registration_pk=registration.pk)


@staff_required
def rides_staff(request, pk: int):
    event = organised_event_or_404(request, pk)
    return render(
        request,
        "events/travel_rides_staff.html",
        {
            "event": event,
            "offers": selectors.ride_offers(event),
            "matches": selectors.ride_matches(event),
            "taken": selectors.ride_requests(event).filter(offer__isnull=False),
            "max_km": services.RIDE_MATCH_MAX_KM,
        },
    )
