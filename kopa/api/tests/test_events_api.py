"""The events API: who sees which events, registering, status changes by the transition table,
check-in, and the OpenAPI document."""

import json

import pytest

from kopa.core.audit import history_for
from kopa.directory.models import Representative
from kopa.events.models import Attendance, Event, ParticipationDetails, Registration
from kopa.events.tests import conftest as events_fixtures

S = Registration.Status

# The events app's factories, shared with its own tests.
host_agency = events_fixtures.host_agency
make_event = events_fixtures.make_event
make_registration = events_fixtures.make_registration
person_data = events_fixtures.person_data
now = events_fixtures.now


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency, first_name="Tina", last_name="Kos")


@pytest.fixture
def latvian_agency(make_agency):
    return make_agency(country="LV")


@pytest.fixture
def latvian_staff(make_user, latvian_agency):
    return make_user(agency=latvian_agency)


@pytest.fixture
def participant(make_user):
    return make_user(first_name="Jana", last_name="Krūmiņa", email="jana@example.org")


def ids(response):
    return [item["id"] for item in response.json()["results"]]


# Events


def test_the_public_sees_published_and_cancelled_events_but_no_drafts(api_client, make_event):
    published = make_event()
    cancelled = make_event(status=Event.Status.CANCELLED)
    make_event(status=Event.Status.DRAFT)

    response = api_client.get("/api/v1/events/")

    assert response.status_code == 200
    assert ids(response) == [published.pk, cancelled.pk]


def test_staff_also_see_their_own_agencys_drafts_only(
    client_for, make_event, organiser, latvian_staff, latvian_agency
):
    own_draft = make_event(status=Event.Status.DRAFT)
    make_event(status=Event.Status.DRAFT, organiser_agency=latvian_agency)

    assert ids(client_for(organiser).get("/api/v1/events/")) == [own_draft.pk]
    assert client_for(organiser).get(f"/api/v1/events/{own_draft.pk}/").status_code == 200
    assert client_for(latvian_staff).get(f"/api/v1/events/{own_draft.pk}/").status_code == 404


def test_events_filter_like_the_calendar(api_client, make_event, now):
    training = make_event(type=Event.Type.NATIONAL_TRAINING, country="SI")
    make_event(type=Event.Type.CONFERENCE, country="SI")
    make_event(type=Event.Type.NATIONAL_TRAINING, country="LV")
    later = make_event(
        type=Event.Type.NATIONAL_TRAINING,
        country="SI",
        start=now.replace(year=2028),
        end=now.replace(year=2028, day=3),
    )

    by_type_and_country = api_client.get("/api/v1/events/?type=national_training&country=SI")
    until_2027 = api_client.get(
        "/api/v1/events/?type=national_training&country=SI&date_to=2027-12-31"
    )

    assert ids(by_type_and_country) == [training.pk, later.pk]
    assert ids(until_2027) == [training.pk]


def test_an_invalid_filter_answers_400_in_the_one_error_shape(api_client):
    response = api_client.get("/api/v1/events/?date_from=someday&type=party")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert {"date_from", "type"} <= set(error["fields"])


def test_event_shows_places_taken_but_no_private_data(api_client, make_event, make_registration):
    event = make_event(capacity=5)
    make_registration(event=event)

    data = api_client.get(f"/api/v1/events/{event.pk}/").json()

    assert data["places_taken"] == 1 and data["capacity"] == 5
    assert data["title"]["lv"] == "Iekļaušanas apmācība"
    assert "registrations" not in data


def test_agency_staff_create_a_draft_event_for_their_agency(client_for, organiser, host_agency):
    payload = {
        "type": "national_training",
        "title": {"en": "Youth work and mental health", "sl": "Mladinsko delo in duševno zdravje"},
        "start": "2027-06-01T09:00:00+02:00",
        "end": "2027-06-02T16:00:00+02:00",
        "time_zone": "Europe/Ljubljana",
        "town": "Celje",
        "country": "SI",
        "capacity": 25,
        "working_languages": ["sl", "en"],
    }

    response = client_for(organiser).post("/api/v1/events/", payload, format="json")

    assert response.status_code == 201, response.json()
    event = Event.objects.get(pk=response.json()["id"])
    assert event.organiser_agency == host_agency and event.status == Event.Status.DRAFT
    assert sorted(event.working_languages.values_list("code", flat=True)) == ["en", "sl"]
    assert history_for(event).first().actor == organiser
    assert response["Location"].endswith(f"/api/v1/events/{event.pk}/")


def test_creating_an_event_checks_its_dates_through_the_service(client_for, organiser):
    payload = {
        "type": "conference",
        "title": {"en": "Backwards"},
        "start": "2027-06-02T09:00:00+02:00",
        "end": "2027-06-01T09:00:00+02:00",
        "capacity": 10,
    }

    response = client_for(organiser).post("/api/v1/events/", payload, format="json")

    assert response.status_code == 400
    assert "end" in response.json()["error"]["fields"]
    assert not Event.objects.exists()


def test_only_agency_staff_create_events(client_for, api_client, participant):
    payload = {
        "type": "conference",
        "title": {"en": "X"},
        "start": "2027-06-01T09:00:00Z",
        "end": "2027-06-02T09:00:00Z",
        "capacity": 10,
    }

    assert (
        client_for(participant).post("/api/v1/events/", payload, format="json").status_code == 403
    )
    assert api_client.post("/api/v1/events/", payload, format="json").status_code == 401


def test_organisers_change_their_event_and_others_may_not(
    client_for, make_event, organiser, latvian_staff
):
    event = make_event(capacity=10)

    changed = client_for(organiser).patch(
        f"/api/v1/events/{event.pk}/", {"capacity": 30}, format="json"
    )
    refused = client_for(latvian_staff).patch(
        f"/api/v1/events/{event.pk}/", {"capacity": 3}, format="json"
    )

    assert changed.status_code == 200 and changed.json()["capacity"] == 30
    assert refused.status_code == 403
    event.refresh_from_db()
    assert event.capacity == 30


# Registrations


def test_a_logged_in_person_registers_themselves_with_their_account_email(
    client_for, make_event, participant
):
    event = make_event()
    api = client_for(participant)

    first = api.post(
        f"/api/v1/events/{event.pk}/registrations/",
        {"country_of_residence": "LV", "language": "lv"},
        format="json",
    )
    again = api.post(
        f"/api/v1/events/{event.pk}/registrations/", {"country_of_residence": "LV"}, format="json"
    )

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    registration = Registration.objects.get()
    assert registration.user == participant and registration.email == "jana@example.org"
    assert registration.full_name == "Jana Krūmiņa" and registration.status == S.CONFIRMED
    assert registration.sending_country == "LV" and registration.language == "lv"


def test_a_person_registers_for_a_public_organisation_by_its_id(
    client_for, make_event, participant, make_organisation
):
    listed = make_organisation(legal_name="Mladinski center Laško", public_listing=True)
    event = make_event()

    response = client_for(participant).post(
        f"/api/v1/events/{event.pk}/registrations/",
        {"country_of_residence": "SI", "organisation": listed.pk},
        format="json",
    )

    assert response.status_code == 201 and response.json()["organisation"] == listed.pk
    assert Registration.objects.get().organisation == listed


def test_a_representative_registers_for_their_organisation_unless_they_say_otherwise(
    client_for, make_event, make_user, make_organisation
):
    representative = make_user(email="rep@example.org", first_name="Nika", last_name="Vidmar")
    represented = make_organisation(legal_name="Društvo Bled")
    Representative.objects.create(
        user=representative, organisation=represented, status=Representative.Status.APPROVED
    )
    api = client_for(representative)
    url = "/api/v1/events/{}/registrations/"

    by_default = api.post(url.format(make_event().pk), {"country_of_residence": "SI"}, format="json")
    as_private = api.post(
        url.format(make_event().pk),
        {"country_of_residence": "SI", "organisation": None},
        format="json",
    )

    assert by_default.status_code == 201 and by_default.json()["organisation"] == represented.pk
    assert as_private.status_code == 201 and as_private.json()["organisation"] is None


@pytest.mark.parametrize(
    "value",
    ["abc", 0, -3, 2**70, True, "unlisted", "other-agency", "both"],
)
def test_an_organisation_the_person_may_not_choose_answers_400(
    client_for, make_event, participant, make_organisation, latvian_agency, value
):
    unlisted = make_organisation(legal_name="Zavod Ormož")
    other = make_organisation(legal_name="Jauniešu centrs", country="LV", agencies=[latvian_agency])
    listed = make_organisation(legal_name="Mladinski center Laško", public_listing=True)
    data = {"country_of_residence": "SI"}
    if value == "both":
        data.update(organisation=listed.pk, organisation_name="Something else")
    else:
        data["organisation"] = {"unlisted": unlisted.pk, "other-agency": other.pk}.get(value, value)

    response = client_for(participant).post(
        f"/api/v1/events/{make_event().pk}/registrations/", data, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) & {"organisation", "organisation_name"}
    assert not Registration.objects.exists()


def test_registering_for_a_draft_or_anonymously_is_refused(
    api_client, client_for, make_event, participant
):
    draft = make_event(status=Event.Status.DRAFT)
    open_event = make_event()

    assert (
        client_for(participant)
        .post(
            f"/api/v1/events/{draft.pk}/registrations/",
            {"country_of_residence": "SI"},
            format="json",
        )
        .status_code
        == 404
    )
    assert (
        api_client.post(
            f"/api/v1/events/{open_event.pk}/registrations/",
            {"country_of_residence": "SI"},
            format="json",
        ).status_code
        == 401
    )
    assert not Registration.objects.exists()


def test_only_organisers_list_an_events_registrations(
    client_for, make_event, make_registration, organiser, participant, latvian_staff
):
    event = make_event()
    registration = make_registration(event=event)
    ParticipationDetails.objects.create(
        registration=registration, has_access_needs=True, access_needs="Sign language interpreting"
    )

    listed = client_for(organiser).get(f"/api/v1/events/{event.pk}/registrations/")

    assert listed.status_code == 200
    assert ids(listed) == [registration.pk]
    assert "Sign language" not in json.dumps(listed.json())
    assert "checkin_code" not in listed.json()["results"][0]
    assert (
        client_for(participant).get(f"/api/v1/events/{event.pk}/registrations/").status_code == 403
    )
    assert (
        client_for(latvian_staff).get(f"/api/v1/events/{event.pk}/registrations/").status_code
        == 403
    )


# Status changes


@pytest.fixture
def application(make_event, make_registration):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    return make_registration(event=event, status=S.APPLIED, country_of_residence="LV")


def test_an_illegal_transition_answers_409_and_changes_nothing(client_for, organiser, application):
    response = client_for(organiser).post(
        f"/api/v1/registrations/{application.pk}/transition/", {"to": "selected"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"
    application.refresh_from_db()
    assert application.status == S.APPLIED


def test_the_sending_agency_preselects_with_a_rank_and_the_host_selects(
    client_for, organiser, latvian_staff, application
):
    preselected = client_for(latvian_staff).post(
        f"/api/v1/registrations/{application.pk}/transition/",
        {"to": "preselected", "rank": 1},
        format="json",
    )
    selected = client_for(organiser).post(
        f"/api/v1/registrations/{application.pk}/transition/", {"to": "selected"}, format="json"
    )

    assert preselected.status_code == 200 and preselected.json()["preselection_rank"] == 1
    assert selected.status_code == 200 and selected.json()["status"] == "selected"


def test_the_host_may_not_preselect_for_the_sending_agency(client_for, organiser, application):
    response = client_for(organiser).post(
        f"/api/v1/registrations/{application.pk}/transition/", {"to": "preselected"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_people_without_a_say_do_not_see_the_registration(client_for, participant, application):
    response = client_for(participant).post(
        f"/api/v1/registrations/{application.pk}/transition/", {"to": "rejected"}, format="json"
    )

    assert response.status_code == 404


def test_an_unknown_status_answers_400(client_for, organiser, application):
    response = client_for(organiser).post(
        f"/api/v1/registrations/{application.pk}/transition/", {"to": "vip"}, format="json"
    )

    assert response.status_code == 400
    assert "to" in response.json()["error"]["fields"]


# Check-in


def test_organisers_check_people_in_once_per_day_through_the_api(
    client_for, make_event, make_registration, organiser
):
    event = make_event()
    registration = make_registration(event=event, first_name="Aiga", last_name="Liepa")
    ParticipationDetails.objects.create(
        registration=registration, has_access_needs=True, access_needs="Wheelchair user"
    )
    api = client_for(organiser)
    # The event is next spring: checking in ahead needs a reason.
    payload = {"code": registration.checkin_code, "day": "2027-05-01", "reason": "Rehearsal"}

    first = api.post(f"/api/v1/events/{event.pk}/check-in/", payload, format="json")
    again = api.post(f"/api/v1/events/{event.pk}/check-in/", payload, format="json")

    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == {
        "registration": registration.pk,
        "name": "Aiga Liepa",
        "status": "attended",
        "day": "2027-05-01",
        "first_check_in": True,
        "has_access_needs": True,
    }
    assert again.json()["first_check_in"] is False
    assert "Wheelchair" not in json.dumps(first.json())
    assert Attendance.objects.count() == 1


def test_check_in_for_a_day_that_has_not_come_needs_a_reason_through_the_api(
    client_for, make_event, make_registration, organiser
):
    event = make_event()
    registration = make_registration(event=event)

    response = client_for(organiser).post(
        f"/api/v1/events/{event.pk}/check-in/",
        {"code": registration.checkin_code, "day": "2027-05-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "has not come yet" in json.dumps(response.json())
    assert "reason" in json.dumps(response.json())
    assert not Attendance.objects.exists()


def test_check_in_refuses_people_without_a_place_unknown_codes_and_other_staff(
    client_for, make_event, make_registration, organiser, latvian_staff
):
    event = make_event()
    waiting = make_registration(event=event, status=S.WAITLISTED)
    url = f"/api/v1/events/{event.pk}/check-in/"

    not_holding = client_for(organiser).post(
        url, {"code": waiting.checkin_code, "day": "2027-04-30"}, format="json"
    )
    unknown = client_for(organiser).post(url, {"code": "nope", "day": "2027-04-30"}, format="json")
    outside = client_for(organiser).post(
        url, {"code": waiting.checkin_code, "day": "2027-06-30"}, format="json"
    )
    other = client_for(latvian_staff).post(url, {"code": waiting.checkin_code}, format="json")

    assert not_holding.status_code == 409
    assert not_holding.json()["error"]["code"] == "not_holding_place"
    assert unknown.status_code == 404
    assert outside.status_code == 400 and "day" in outside.json()["error"]["fields"]
    assert other.status_code == 403
    assert not Attendance.objects.exists()


# The OpenAPI document


def test_the_schema_documents_the_events_endpoints_and_their_conflicts(client, db):
    schema = json.loads(client.get("/api/openapi.json").content)
    paths = schema["paths"]

    assert {"get", "post"} == set(paths["/api/v1/events/"])
    assert {"get", "put", "patch"} == set(paths["/api/v1/events/{id}/"])
    assert {"get", "post"} == set(paths["/api/v1/events/{id}/registrations/"])
    assert "409" in paths["/api/v1/registrations/{id}/transition/"]["post"]["responses"]
    assert "409" in paths["/api/v1/events/{id}/check-in/"]["post"]["responses"]
    filters = {p["name"] for p in paths["/api/v1/events/"]["get"]["parameters"]}
    assert {"type", "country", "language", "date_from", "date_to"} <= filters
    registration = schema["components"]["schemas"]["Registration"]["properties"]
    assert "checkin_code" not in registration and "access_needs" not in registration
