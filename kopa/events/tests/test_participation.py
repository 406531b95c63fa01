"""The participation form and who sees its answers: the participant, then the organisers only
where needed (the needs flag, the access-needs page, the kitchen list)."""

import pytest

from django.urls import reverse

from kopa.core.audit import history_for
from kopa.events.models import Event, ParticipationDetails, Registration

S = Registration.Status
NEEDS = "Step-free access to the rooms and a sign-language interpreter"


@pytest.fixture
def participant(make_user):
    return make_user(first_name="Eva", last_name="Primer")


@pytest.fixture
def place(make_registration, participant):
    """The participant's confirmed place."""
    return make_registration(
        user=participant, email=participant.email, first_name="Eva", last_name="Primer"
    )


@pytest.fixture
def host_staff(make_user, host_agency):
    return make_user(agency=host_agency)


def form_url(registration):
    return reverse("events:participation", args=[registration.pk])


def details_post(**fields):
    values = {
        "has_access_needs": "yes",
        "access_needs": NEEDS,
        "diet": "vegetarian",
        "diet_notes": "No nuts",
        "emergency_contact_name": "Tina Kontakt",
        "emergency_contact_phone": "+386 40 000 000",
    }
    values.update(fields)
    return values


def test_the_participant_saves_access_needs_diet_and_an_emergency_contact(
    client, participant, place
):
    client.force_login(participant)

    response = client.post(form_url(place), details_post(), follow=True)

    assert "Your participation details are saved." in response.content.decode()
    details = ParticipationDetails.objects.get(registration=place)
    assert details.has_access_needs and details.access_needs == NEEDS
    assert (details.diet, details.diet_notes) == ("vegetarian", "No nuts")
    assert details.emergency_contact_phone == "+386 40 000 000"


def test_the_page_says_who_sees_the_answers_and_when_they_are_deleted(
    client, participant, place, settings
):
    settings.KOPA_PRIVATE_DATA_RETENTION_DAYS = 45
    client.force_login(participant)

    html = client.get(form_url(place)).content.decode()

    assert "Only the organisers of this event see your answers" in html
    assert "deleted 45 days after the event ends" in html
    assert f"/en/my/events/{place.pk}/travel/" in html and f"/en/my/events/{place.pk}/room/" in html


def test_support_details_are_required_when_needs_are_declared(client, participant, place):
    client.force_login(participant)

    response = client.post(form_url(place), details_post(access_needs=""))

    assert response.context["form"].errors == {
        "access_needs": ["Please tell us what support you need."]
    }
    assert not ParticipationDetails.objects.exists()


def test_support_details_are_not_kept_when_no_needs_are_declared(client, participant, place):
    client.force_login(participant)

    client.post(form_url(place), details_post(has_access_needs="no"))

    details = ParticipationDetails.objects.get(registration=place)
    assert not details.has_access_needs and details.access_needs == ""


def test_an_emergency_contact_needs_both_name_and_phone(client, participant, place):
    client.force_login(participant)

    response = client.post(form_url(place), details_post(emergency_contact_phone=""))

    assert list(response.context["form"].errors) == ["emergency_contact_phone"]


def test_the_audit_log_says_the_form_was_saved_but_not_what_it_says(client, participant, place):
    client.force_login(participant)

    client.post(form_url(place), details_post())

    logged = str([entry.changes for entry in history_for(place)])
    assert "participation_details" in logged
    assert "Step-free" not in logged and "vegetarian" not in logged and "+386" not in logged


def test_the_form_is_only_for_people_holding_a_place(client, participant, make_registration):
    waiting = make_registration(user=participant, status=S.WAITLISTED)
    client.force_login(participant)

    assert client.get(form_url(waiting)).status_code == 404
    assert client.post(form_url(waiting), details_post()).status_code == 404


def test_another_participant_gets_404_for_my_participation_data(client, make_user, place):
    ParticipationDetails.objects.create(
        registration=place, has_access_needs=True, access_needs=NEEDS
    )
    client.force_login(make_user())

    assert client.get(form_url(place)).status_code == 404
    assert client.post(form_url(place), details_post(access_needs="changed")).status_code == 404
    assert ParticipationDetails.objects.get(registration=place).access_needs == NEEDS


# --- what organisers see ------------------------------------------------------------------------------


@pytest.fixture
def declared(place):
    return ParticipationDetails.objects.create(
        registration=place,
        has_access_needs=True,
        access_needs=NEEDS,
        diet="vegan",
        diet_notes="Allergic to sesame",
        emergency_contact_name="Tina Kontakt",
        emergency_contact_phone="+386 40 000 000",
    )


def staff_url(name, event):
    return reverse(f"events:{name}", args=[event.pk])


def test_the_registration_list_flags_declared_needs_without_the_details(
    client, host_staff, declared
):
    client.force_login(host_staff)

    html = client.get(
        staff_url("staff_registrations", declared.registration.event)
    ).content.decode()

    assert "Declared access needs" in html
    assert "<td>Yes</td>" in html
    assert "Step-free" not in html and "sesame" not in html and "+386" not in html


def test_the_access_needs_page_shows_the_details_to_the_organisers(client, host_staff, declared):
    client.force_login(host_staff)

    html = client.get(staff_url("staff_access_needs", declared.registration.event)).content.decode()

    assert "Eva Primer" in html and NEEDS in html
    assert "sesame" not in html and "+386" not in html


def test_staff_of_another_agency_get_404_for_the_private_pages(
    client, make_agency, make_user, declared
):
    event = declared.registration.event
    client.force_login(make_user(agency=make_agency(country="LV")))

    for name in ("staff_access_needs", "staff_kitchen", "staff_registrations"):
        assert client.get(staff_url(name, event)).status_code == 404


def test_a_sending_agency_does_not_see_access_needs_of_its_applicants(
    client, make_agency, make_user, make_event, make_registration
):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    selected = make_registration(event=event, status=S.SELECTED, country_of_residence="LV")
    ParticipationDetails.objects.create(
        registration=selected, has_access_needs=True, access_needs=NEEDS
    )
    client.force_login(make_user(agency=make_agency(country="LV")))

    list_page = client.get(staff_url("staff_registrations", event)).content.decode()

    assert selected.full_name in list_page and "Declared access needs" not in list_page
    assert client.get(staff_url("staff_access_needs", event)).status_code == 404


def test_participants_get_404_for_the_organisers_pages(client, participant, declared):
    client.force_login(participant)

    assert (
        client.get(staff_url("staff_access_needs", declared.registration.event)).status_code == 404
    )


def test_the_kitchen_list_shows_diets_only(client, host_staff, declared, make_registration):
    event = declared.registration.event
    other = make_registration(event=event, first_name="Rok", last_name="Zgled")
    ParticipationDetails.objects.create(registration=other, diet="none")
    make_registration(event=event)  # has not filled in the form
    client.force_login(host_staff)

    response = client.get(staff_url("staff_kitchen", event))

    kitchen = response.context["kitchen"]
    assert kitchen.counts == [("Vegan", 1), ("No special diet", 1)]
    assert kitchen.lines == [("Eva Primer", "Vegan", "Allergic to sesame")]
    assert kitchen.without_answer == 1
    html = response.content.decode()
    assert "Step-free" not in html and "Tina Kontakt" not in html and "+386" not in html
    assert declared.registration.email not in html
