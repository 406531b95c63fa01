"""The participant's travel pages: how they travel (and their grant), and ride sharing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.core.errors import KopaError
from kopa.core.http import posted_id
from kopa.core.web import submit
from kopa.events.access import own_registration
from kopa.events.registration.selectors import purged_on
from kopa.events.rules import RIDE_MATCH_MAX_KM, event_zone
from kopa.events.travel.forms import PlaceSearchForm, RideOfferForm, RideRequestForm, TravelForm
from kopa.events.travel.selectors import (
    event_ride_offer,
    own_ride_offer,
    own_ride_request,
    passengers,
    place_search,
    ride_matches,
    travel_details,
    travel_origin,
)
from kopa.events.travel.services import (
    ride_leave,
    ride_offer_save,
    ride_offer_withdraw,
    ride_request_save,
    ride_request_withdraw,
    ride_take,
    travel_save,
)


def _places_found(request, registration):
    search = PlaceSearchForm(request.GET or None)
    query = search.cleaned_data["place_q"] if search.is_valid() else ""
    return (
        search,
        query,
        list(place_search(query, country=registration.country_of_residence.code)),
    )


@login_required
def travel_my(request, registration_pk: int):
    registration = own_registration(user=request.user, pk=registration_pk, participant=True)
    event = registration.event
    travel = travel_details(registration)
    purged = purged_on(event)
    if purged is not None:
        # The grant figures stay; where from and when are deleted, and nothing can be changed.
        context = {"registration": registration, "event": event, "travel": travel,
                   "purged_on": purged}
        return render(request, "events/travel/my.html", context)
    search, query, found = _places_found(request, registration)
    with timezone.override(event_zone(event)):
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
        saved = submit(
            request,
            form,
            lambda: travel_save(registration=registration, actor=request.user, **form.cleaned_data),
            success=_("Your travel details are saved."),
        )
        if saved is not None:
            return redirect("events:travel_my", registration_pk=registration.pk)
        return render(
            request,
            "events/travel/my.html",
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


# --- ride sharing --------------------------------------------------------------------------------


def _ride_forms(request, registration, offer, ride_request, found):
    home_place = travel_origin(registration)
    home = home_place.pk if home_place else None
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
    registration = own_registration(user=request.user, pk=registration_pk, participant=True)
    event = registration.event
    purged = purged_on(event)
    if purged is not None:
        return render(request, "events/travel/rides_my.html",
                      {"registration": registration, "event": event, "purged_on": purged})
    offer = own_ride_offer(registration)
    ride_request = own_ride_request(registration)
    search, query, found = _places_found(request, registration)
    offer_form, request_form = _ride_forms(request, registration, offer, ride_request, found)
    for form, save in ((offer_form, ride_offer_save), (request_form, ride_request_save)):
        saved = submit(
            request,
            form,
            lambda form=form, save=save: save(
                registration=registration, actor=request.user, **form.cleaned_data
            ),
            success=_("Saved."),
        )
        if saved is not None:
            return redirect("events:rides_my", registration_pk=registration.pk)
    proposals = []
    if ride_request is not None and ride_request.offer_id is None:
        match = next((m for m in ride_matches(event) if m.request.pk == ride_request.pk), None)
        proposals = match.proposals if match else []
    return render(
        request,
        "events/travel/rides_my.html",
        {
            "registration": registration,
            "event": event,
            "offer": offer,
            "ride_request": ride_request,
            "passengers": passengers(offer) if offer else [],
            "proposals": proposals,
            "search": search,
            "query": query,
            "found": found,
            "offer_form": offer_form,
            "request_form": request_form,
            "max_km": RIDE_MATCH_MAX_KM,
        },
    )


@login_required
@require_POST
def ride_action(request, registration_pk: int):
    """Take a proposed ride, leave it, or withdraw an offer or a request."""
    registration = own_registration(user=request.user, pk=registration_pk, participant=True)
    action = request.POST.get("action")
    ride_request = own_ride_request(registration)
    offer = own_ride_offer(registration)
    acts_on = {
        "take": ride_request,
        "leave": ride_request,
        "withdraw_request": ride_request,
        "withdraw_offer": offer,
    }
    if acts_on.get(action) is None:
        raise Http404()
    if action == "take":
        chosen = event_ride_offer(event=registration.event, pk=posted_id(request, "offer"))
    try:
        if action == "take":
            ride_take(request=ride_request, offer=chosen, actor=request.user)
            messages.success(request, _("You have a seat in this ride."))
        elif action == "leave":
            ride_leave(request=ride_request, actor=request.user)
            messages.success(request, _("You left the ride. You are looking for a ride again."))
        elif action == "withdraw_request":
            ride_request_withdraw(request=ride_request, actor=request.user)
            messages.success(request, _("You are no longer looking for a ride."))
        else:
            ride_offer_withdraw(offer=offer, actor=request.user)
            messages.success(request, _("Your ride offer is withdrawn."))
    except KopaError as exc:
        messages.error(request, exc.message)
    return redirect("events:rides_my", registration_pk=registration.pk)
