"""Ride sharing: offers proposed nearest first within the limit, seats never exceeded."""

import pytest

from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.events.models import Registration, RideRequest
from kopa.events.rules import RIDE_MATCH_MAX_KM
from kopa.events.tests.travel_support import RIGA, town
from kopa.events.travel.selectors import ride_matches
from kopa.events.travel.services import (
    ride_offer_save,
    ride_offer_withdraw,
    ride_request_save,
    ride_take,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    return make_event(**RIGA)


@pytest.fixture
def person(make_registration, make_user, event):
    def make(first_name, **fields):
        user = make_user(first_name=first_name)
        return make_registration(event=event, user=user, first_name=first_name, **fields)

    return make


def _offer(registration, from_town, seats=3):
    return ride_offer_save(
        registration=registration, actor=registration.user, origin=town(from_town), seats=seats
    )


def _ask(registration, from_town):
    return ride_request_save(
        registration=registration, actor=registration.user, origin=town(from_town)
    )


def test_offers_are_proposed_nearest_first_and_only_within_the_limit(event, person):
    from_ogre = _offer(person("Andris"), "Ogre")
    from_jurmala = _offer(person("Baiba"), "Jūrmala")
    _offer(person("Kristaps"), "Tallinn")
    request = _ask(person("Liga"), "Riga")

    [match] = ride_matches(event)
    assert match.request == request
    assert [p.offer for p in match.proposals] == [from_jurmala, from_ogre]
    assert [p.distance_km for p in match.proposals] == sorted(
        p.distance_km for p in match.proposals
    )
    assert all(p.distance_km <= RIDE_MATCH_MAX_KM for p in match.proposals)


def test_the_limit_can_be_changed(event, person):
    _offer(person("Andris"), "Ogre")
    _ask(person("Liga"), "Riga")
    [match] = ride_matches(event, max_km=10)
    assert match.proposals == []


def test_a_driver_is_not_proposed_their_own_offer(event, person):
    driver = person("Andris")
    _offer(driver, "Riga")
    _ask(driver, "Riga")
    [match] = ride_matches(event)
    assert match.proposals == []


def test_taking_a_seat_is_allowed_until_the_seats_are_gone(event, person):
    offer = _offer(person("Andris"), "Riga", seats=1)
    first, second = _ask(person("Liga"), "Riga"), _ask(person("Maris"), "Jūrmala")

    ride_take(request=first, offer=offer, actor=first.passenger.user)
    with pytest.raises(Conflict):
        ride_take(request=second, offer=offer, actor=second.passenger.user)

    assert list(offer.passengers.all()) == [first]
    [match] = ride_matches(event)  # the full offer is proposed to nobody
    assert match.request == second and match.proposals == []


def test_an_offer_too_far_away_cannot_be_taken(event, person):
    offer = _offer(person("Kristaps"), "Tallinn")
    request = _ask(person("Liga"), "Riga")
    with pytest.raises(Conflict):
        ride_take(request=request, offer=offer, actor=request.passenger.user)
    assert RideRequest.objects.get(pk=request.pk).offer is None


def test_only_the_passenger_takes_their_seat(event, person, make_user):
    offer = _offer(person("Andris"), "Riga")
    request = _ask(person("Liga"), "Riga")
    with pytest.raises(PermissionDenied):
        ride_take(request=request, offer=offer, actor=make_user())


def test_seats_cannot_drop_below_the_passengers_already_riding(event, person):
    driver = person("Andris")
    offer = _offer(driver, "Riga", seats=2)
    for name in ("Liga", "Maris"):
        request = _ask(person(name), "Riga")
        ride_take(request=request, offer=offer, actor=request.passenger.user)
    with pytest.raises(ValidationFailed) as failed:
        _offer(driver, "Riga", seats=1)
    assert "seats" in failed.value.fields


def test_withdrawing_an_offer_puts_its_passengers_back_to_asking(event, person):
    offer = _offer(person("Andris"), "Riga")
    request = _ask(person("Liga"), "Riga")
    ride_take(request=request, offer=offer, actor=request.passenger.user)
    ride_offer_withdraw(offer=offer, actor=offer.driver.user)
    request.refresh_from_db()
    assert request.offer is None


def test_people_without_a_place_cannot_offer_rides(event, person):
    waiting = person("Andris", status=Registration.Status.WAITLISTED)
    with pytest.raises(Conflict):
        _offer(waiting, "Riga")


def test_a_participant_takes_a_proposed_ride_on_the_rides_page(client, event, person):
    driver = person("Andris", last_name="Liepa")
    offer = _offer(driver, "Jūrmala")
    passenger = person("Liga")
    client.force_login(passenger.user)
    url = f"/en/my/events/{passenger.pk}/rides/"
    response = client.post(url, {"form": "request", "request-origin": town("Riga").pk})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Ride with Andris" in page
    client.post(
        f"/en/my/events/{passenger.pk}/rides/change/", {"action": "take", "offer": offer.pk}
    )
    page = client.get(url).content.decode()
    assert "Andris Liepa drives from Jūrmala" in page
    assert driver.email in page


def test_a_ride_offer_without_a_town_is_refused_next_to_the_field(client, event, person):
    driver = person("Andris")
    client.force_login(driver.user)
    page = client.post(
        f"/en/my/events/{driver.pk}/rides/", {"form": "offer", "offer-seats": "2"}
    ).content.decode()
    assert "Search for the town you drive from and choose it." in page


def test_organisers_see_offers_requests_and_proposals(
    client, event, person, make_user, host_agency
):
    _offer(person("Andris", last_name="Liepa"), "Jūrmala")
    _ask(person("Liga", last_name="Vitola"), "Riga")
    client.force_login(make_user(agency=host_agency))
    page = client.get(f"/en/staff/events/{event.pk}/rides/").content.decode()
    assert "Andris Liepa from Jūrmala" in page
    assert "Liga Vitola" in page


def test_participants_cannot_open_the_organisers_ride_list(client, event, person):
    passenger = person("Liga")
    client.force_login(passenger.user)
    assert client.get(f"/en/staff/events/{event.pk}/rides/").status_code == 404
