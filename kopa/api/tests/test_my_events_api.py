"""The participant's own registrations through the API: the list, cancelling, answering an offer and
the participation form, with the web page My events showing the same state."""

from datetime import timedelta

import pytest

from django.utils import timezone

from kopa.events.models import (
    Answer,
    ParticipationDetails,
    Question,
    Registration,
    WaitingListOffer,
)
from kopa.events.tests import conftest as events_fixtures

S = Registration.Status

host_agency = events_fixtures.host_agency
make_event = events_fixtures.make_event
make_registration = events_fixtures.make_registration
person_data = events_fixtures.person_data


@pytest.fixture
def me(make_user):
    return make_user(first_name="Jana", last_name="Krūmiņa", email="jana@example.org")


@pytest.fixture
def other(make_user):
    return make_user(email="someone@example.org")


@pytest.fixture
def mine(make_registration, me):
    def make(**fields):
        fields.setdefault("email", me.email)
        registration = make_registration(**fields)
        registration.user = me
        registration.save(update_fields=["user"])
        return registration

    return make


@pytest.fixture
def offered(mine, make_event, make_registration):
    event = make_event(capacity=1)
    registration = mine(event=event, status=S.OFFERED)
    now = timezone.now()
    WaitingListOffer.objects.create(
        registration=registration, offered_at=now, expires_at=now + timedelta(hours=48)
    )
    after_me = make_registration(event=event, status=S.WAITLISTED)
    return registration, after_me


def url(registration, action=""):
    return f"/api/v1/my/registrations/{registration.pk}/" + (f"{action}/" if action else "")


def test_the_list_holds_only_my_own_registrations(client_for, me, other, mine, make_registration):
    own = mine(status=S.CONFIRMED)
    make_registration(status=S.CONFIRMED, email=other.email)

    response = client_for(me).get("/api/v1/my/registrations/")

    assert response.status_code == 200
    body = response.json()
    assert [r["id"] for r in body["results"]] == [own.pk]
    row = body["results"][0]
    assert row["status"] == "confirmed" and row["holds_place"] and row["can_cancel"]
    assert row["checkin_code"] == own.checkin_code
    assert row["event"]["title"]["en"] == "Inclusion training"


def test_someone_elses_registration_is_not_found_and_anonymous_callers_must_log_in(
    client_for, api_client, other, mine
):
    registration = mine(status=S.CONFIRMED)

    stranger = client_for(other)
    assert stranger.get(url(registration)).status_code == 404
    assert stranger.post(url(registration, "cancel")).status_code == 404
    assert stranger.get(url(registration, "participation")).status_code == 404
    assert api_client.get("/api/v1/my/registrations/").status_code == 401
    assert api_client.post(url(registration, "cancel")).status_code == 401
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_accepting_an_offer_confirms_the_place_on_my_events(client, client_for, me, offered):
    registration, _after_me = offered

    response = client_for(me).post(url(registration, "accept"))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "confirmed" and response.json()["offer"] is None
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    client.force_login(me)
    page = client.get("/en/my/events/").content.decode()
    assert "Accept the place" not in page


def test_declining_an_offer_passes_the_place_on(client_for, me, offered):
    registration, after_me = offered

    response = client_for(me).post(url(registration, "decline"))

    assert response.status_code == 200
    registration.refresh_from_db()
    after_me.refresh_from_db()
    assert registration.status == S.DECLINED
    assert after_me.status == S.OFFERED


def test_accepting_without_an_open_offer_is_a_conflict(client_for, me, mine):
    registration = mine(status=S.CONFIRMED)

    response = client_for(me).post(url(registration, "accept"))

    assert response.status_code == 409
    assert response.json()["error"]["message"] == "There is no open offer for this registration."


def test_cancelling_frees_the_place_and_cannot_happen_twice(client_for, me, mine):
    registration = mine(status=S.CONFIRMED)
    api = client_for(me)

    first = api.post(url(registration, "cancel"))
    again = api.post(url(registration, "cancel"))

    assert first.status_code == 200 and first.json()["status"] == "cancelled"
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


def test_participation_form_saves_what_the_web_page_shows(client, client_for, me, mine):
    registration = mine(status=S.CONFIRMED)
    data = {
        "has_access_needs": True,
        "access_needs": "Step-free access",
        "diet": "vegetarian",
        "diet_notes": "",
        "emergency_contact_name": "Ilze",
        "emergency_contact_phone": "+371 2000 0000",
    }

    response = client_for(me).put(url(registration, "participation"), data, format="json")

    assert response.status_code == 200, response.json()
    details = ParticipationDetails.objects.get(registration=registration)
    assert details.access_needs == "Step-free access" and details.diet == "vegetarian"
    client.force_login(me)
    page = client.get(f"/en/my/events/{registration.pk}/participation/").content.decode()
    assert "Step-free access" in page


def test_participation_errors_carry_the_web_forms_messages(client_for, me, mine):
    registration = mine(status=S.CONFIRMED)

    response = client_for(me).put(
        url(registration, "participation"),
        {"has_access_needs": True, "access_needs": "", "diet": "other", "emergency_contact_name": "Ilze"},
        format="json",
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["access_needs"] == ["Please tell us what support you need."]
    assert fields["diet_notes"] == ["Please describe your diet."]
    assert fields["emergency_contact_phone"] == ["Please give the emergency contact's phone number."]
    assert not ParticipationDetails.objects.filter(registration=registration).exists()


def test_participation_refuses_bad_input_and_people_without_an_accepted_place(
    client_for, me, mine, offered
):
    confirmed = mine(status=S.CONFIRMED)
    waiting = mine(status=S.WAITLISTED)
    offer, _after = offered
    api = client_for(me)

    bad = api.put(url(confirmed, "participation"), {"has_access_needs": "perhaps", "diet": "x"}, format="json")
    not_json = api.put(url(confirmed, "participation"), "[", content_type="application/json")

    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"has_access_needs", "diet"}
    assert not_json.status_code == 400
    assert api.get(url(waiting, "participation")).status_code == 404
    assert api.get(url(offer, "participation")).status_code == 409
    refused = api.put(url(offer, "participation"), {"has_access_needs": False, "diet": "none"}, format="json")
    assert refused.status_code == 409
    assert "Please accept your place first" in refused.json()["error"]["message"]


def test_participation_lists_my_answers_but_not_files(client_for, me, mine, make_event):
    event = make_event()
    text = Question.objects.create(event=event, kind=Question.Kind.TEXT, label={"en": "Why?"})
    upload = Question.objects.create(event=event, kind=Question.Kind.FILE, label={"en": "CV"})
    registration = mine(event=event, status=S.CONFIRMED)
    Answer.objects.create(registration=registration, question=text, value="To learn")
    Answer.objects.create(registration=registration, question=upload, value=None, file="answers/cv.pdf")

    response = client_for(me).get(url(registration, "participation"))

    assert response.status_code == 200
    assert response.json()["answers"] == [
        {"question": text.pk, "label": "Why?", "kind": "text", "value": "To learn"}
    ]
    assert response.json()["diet"] == "none" and response.json()["has_access_needs"] is False
