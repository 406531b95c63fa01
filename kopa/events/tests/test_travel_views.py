"""Travel pages: picking a town without JavaScript, the grant shown, organisers' lists, band tables."""

from datetime import timedelta
from decimal import Decimal

import pytest

from kopa.agencies.models import AgencyMembership
from kopa.events.models import DistanceBand, Place, Registration, TransportMode
from kopa.events.tests.travel_support import RIGA, grant_tables, town
from kopa.events.travel.selectors import place_search
from kopa.events.travel.services import travel_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tables():
    grant_tables()


@pytest.fixture
def event(make_event, now):
    return make_event(start=now + timedelta(days=60), **RIGA)


@pytest.fixture
def participant(make_user):
    return make_user(first_name="Ilze", last_name="Kalnina")


@pytest.fixture
def registration(make_registration, event, participant):
    return make_registration(
        event=event, user=participant, first_name="Ilze", last_name="Kalnina", sending_country="SI"
    )


def _url(registration):
    return f"/en/my/events/{registration.pk}/travel/"


def test_searching_lists_towns_starting_with_the_query_ignoring_accents(
    client, participant, registration
):
    town("Laško")
    town("Ljubljana")
    client.force_login(participant)
    page = client.get(_url(registration), {"place_q": "LAS"}).content.decode()
    assert "Laško, Slovenia" in page
    assert "Ljubljana, Slovenia" not in page
    assert 'type="radio"' in page


def test_towns_of_the_participants_country_come_first_then_the_largest():
    def place(geonames_id, country, population):
        return Place.objects.create(
            geonames_id=geonames_id,
            name="Xqzvaigzne",
            ascii_name="xqzvaigzne",
            country=country,
            latitude=1,
            longitude=1,
            population=population,
        )

    big_ee, small_lv, big_lv = (
        place(990001, "EE", 9000),
        place(990002, "LV", 100),
        place(990003, "LV", 800),
    )
    assert list(place_search("xq", country="LV")) == [big_lv, small_lv, big_ee]
    assert list(place_search("XQZV")) == [big_ee, big_lv, small_lv]
    assert list(place_search("x", country="LV")) == []  # one letter is too short


def test_saving_shows_distance_band_grant_and_green_travel(client, participant, registration):
    client.force_login(participant)
    response = client.post(
        _url(registration),
        {"origin": town("Ljubljana").pk, "mode": "train", "arrival": "", "departure": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Your travel details are saved." in page
    assert "500–1,999 km" in page
    assert "417 EUR" in page
    assert "Green travel" in page and "<dd>yes</dd>" in page


def test_an_unconfirmed_grant_is_shown_as_not_confirmed(client, participant, registration):
    DistanceBand.objects.filter(table__first_call_year=2024, min_km=500).update(confirmed=False)
    travel_save(
        registration=registration,
        actor=participant,
        origin=town("Ljubljana"),
        mode=TransportMode.PLANE,
    )
    client.force_login(participant)
    page = client.get(_url(registration)).content.decode()
    assert "not confirmed" in page
    assert "<dd>no</dd>" in page


def test_a_missing_town_is_shown_next_to_the_form(client, participant, registration):
    client.force_login(participant)
    page = client.post(_url(registration), {"mode": "bus"}).content.decode()
    assert "Search for the town you travel from and choose it." in page
    assert not Registration.objects.filter(pk=registration.pk, travel__isnull=False).exists()


def test_dates_far_from_the_event_are_refused_next_to_the_field(
    client, participant, registration, event
):
    client.force_login(participant)
    too_early = (event.start - timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        _url(registration), {"origin": town("Riga").pk, "mode": "bus", "arrival": too_early}
    ).content.decode()
    assert "Arrive between" in page
    assert 'id="id_arrival_errors"' in page


def test_another_persons_travel_page_is_not_found(client, make_user, registration):
    client.force_login(make_user())
    assert client.get(_url(registration)).status_code == 404


def test_a_person_on_the_waiting_list_has_no_travel_page(
    client, participant, make_registration, event
):
    waiting = make_registration(
        event=event, user=participant, status=Registration.Status.WAITLISTED
    )
    client.force_login(participant)
    assert client.get(_url(waiting)).status_code == 404


def test_organisers_see_grants_per_person_and_per_sending_country(
    client, make_user, host_agency, make_registration, event, registration, participant
):
    latvian = make_registration(
        event=event,
        first_name="Marta",
        last_name="Ozola",
        sending_country="LV",
        country_of_residence="LV",
    )
    organiser = make_user(agency=host_agency)
    travel_save(
        registration=registration,
        actor=participant,
        origin=town("Ljubljana"),
        mode=TransportMode.TRAIN,
    )
    travel_save(
        registration=latvian, actor=organiser, origin=town("Tallinn"), mode=TransportMode.PLANE
    )
    make_registration(event=event, first_name="Jana", sending_country="SI")  # no travel yet
    client.force_login(organiser)
    response = client.get(f"/en/staff/events/{event.pk}/travel/")
    summary = {row.country.code: row for row in response.context["summary"]}
    assert (summary["SI"].people, summary["SI"].total_eur, summary["SI"].green) == (
        1,
        Decimal("417"),
        1,
    )
    assert (summary["LV"].people, summary["LV"].total_eur, summary["LV"].green) == (
        1,
        Decimal("211"),
        0,
    )
    page = response.content.decode()
    assert "Marta Ozola" in page and "No travel details yet" in page
    assert response.context["total_eur"] == Decimal("628")


def test_staff_of_another_agency_cannot_see_the_travel_list(client, make_user, make_agency, event):
    client.force_login(make_user(agency=make_agency(country="LV")))
    assert client.get(f"/en/staff/events/{event.pk}/travel/").status_code == 404


def test_staff_see_band_tables_with_unconfirmed_rows_marked(client, make_user, host_agency):
    client.force_login(make_user(agency=host_agency))
    page = client.get("/en/staff/events/bands/").content.decode()
    assert "Erasmus+ calls 2024 on" in page
    assert page.count("not confirmed") == 3
    assert (
        "/staff/events/bands/" + str(DistanceBand.objects.first().pk) not in page
    )  # no change links


def test_staff_who_are_not_admins_cannot_open_or_post_the_band_form(client, make_user, host_agency):
    band = DistanceBand.objects.get(table__first_call_year=2024, min_km=3000)
    client.force_login(make_user(agency=host_agency))
    assert client.get(f"/en/staff/events/bands/{band.pk}/").status_code == 403
    response = client.post(
        f"/en/staff/events/bands/{band.pk}/", {"standard_eur": "1", "confirmed": "on"}
    )
    assert response.status_code == 403
    band.refresh_from_db()
    assert band.standard_eur is None


def test_people_outside_the_agencies_get_404_for_band_tables(client, make_user):
    client.force_login(make_user())
    assert client.get("/en/staff/events/bands/").status_code == 404


def test_an_admin_confirms_a_band_through_the_form(client, make_user, host_agency):
    band = DistanceBand.objects.get(table__first_call_year=2024, min_km=3000)
    client.force_login(make_user(agency=host_agency, role=AgencyMembership.Role.ADMIN))
    response = client.post(
        f"/en/staff/events/bands/{band.pk}/",
        {"standard_eur": "580", "green_eur": "", "confirmed": "on"},
    )
    assert response.status_code == 302
    band.refresh_from_db()
    assert (band.standard_eur, band.green_eur, band.confirmed) == (Decimal("580"), None, True)


def test_a_negative_amount_is_shown_next_to_the_field(client, make_user, host_agency):
    band = DistanceBand.objects.get(table__first_call_year=2024, min_km=500)
    client.force_login(make_user(agency=host_agency, role=AgencyMembership.Role.ADMIN))
    page = client.post(
        f"/en/staff/events/bands/{band.pk}/",
        {"standard_eur": "-5", "green_eur": "", "confirmed": "on"},
    ).content.decode()
    assert 'id="id_standard_eur_errors"' in page
    band.refresh_from_db()
    assert band.standard_eur == Decimal("309")
