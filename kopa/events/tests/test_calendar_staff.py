"""Organisers' event management: services (validation, audit, permission) and pages."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.directory.models import Language
from kopa.events.models import Answer, Event, Question, Registration
from kopa.events.organising.services import (
    event_create,
    event_update,
    question_create,
    question_delete,
    question_update,
)

RIGA = ZoneInfo("Europe/Riga")
START = datetime(2027, 9, 14, 9, 0, tzinfo=RIGA)


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def stranger_client(client, make_user, make_agency):
    client.force_login(make_user(agency=make_agency(country="LV")))
    return client


def _data(**changes):
    data = {
        "type": Event.Type.NATIONAL_TRAINING,
        "title": {"en": "Inclusion training", "lv": "Iekļaušanas apmācība"},
        "start": START,
        "end": START + timedelta(days=2),
        "time_zone": "Europe/Riga",
        "capacity": 20,
        "status": Event.Status.PUBLISHED,
        "registration_mode": Event.RegistrationMode.OPEN,
        "fee": Decimal("0"),
        "confirmation_days": 7,
        "offer_hours": 48,
        "working_languages": list(Language.objects.filter(code__in=["en", "lv"])),
    }
    data.update(changes)
    return data


# --- services -----------------------------------------------------------------------------------


def test_event_create_saves_the_event_and_an_audit_entry(organiser, host_agency):
    event = event_create(actor=organiser, agency=host_agency, data=_data())

    assert event.organiser_agency == host_agency
    assert {lang.code for lang in event.working_languages.all()} == {"en", "lv"}
    entry = audit.history_for(event).get()
    assert entry.action == "create" and entry.actor == organiser
    assert entry.changes["title"][1] == {"en": "Inclusion training", "lv": "Iekļaušanas apmācība"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": START}, "end"),
        ({"capacity": 0}, "capacity"),
        ({"registration_closes": START + timedelta(days=3)}, "registration_closes"),
        ({"latitude": Decimal("91"), "longitude": Decimal("10")}, "latitude"),
        ({"latitude": Decimal("56.9"), "longitude": Decimal("-181")}, "longitude"),
        ({"title": {"en": "  "}}, "title"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"registration_mode": Event.RegistrationMode.SELECTION}, "application_deadline"),
    ],
)
def test_event_create_rejects_inconsistent_details(organiser, host_agency, changes, field):
    with pytest.raises(ValidationFailed) as failure:
        event_create(actor=organiser, agency=host_agency, data=_data(**changes))

    assert field in failure.value.fields
    assert not Event.objects.exists()


def test_event_create_for_another_agency_is_refused(make_user, make_agency, host_agency):
    stranger = make_user(agency=make_agency(country="LV"))

    with pytest.raises(PermissionDenied):
        event_create(actor=stranger, agency=host_agency, data=_data())


def test_event_update_records_what_changed(organiser, make_event):
    event = make_event()

    event_update(actor=organiser, event=event, data={"capacity": 30, "town": "Cēsis"})

    entry = audit.history_for(event).get()
    assert entry.changes == {"capacity": [10, 30], "town": ["Laško", "Cēsis"]}


def test_capacity_cannot_drop_below_the_places_already_taken(
    organiser, make_event, make_registration
):
    event = make_event(capacity=3)
    for _n in range(2):
        make_registration(event=event, status=Registration.Status.CONFIRMED)

    with pytest.raises(ValidationFailed) as failure:
        event_update(actor=organiser, event=event, data={"capacity": 1})

    assert "capacity" in failure.value.fields
    event.refresh_from_db()
    assert event.capacity == 3


def test_question_with_choices_needs_two_distinct_values(organiser, make_event):
    event = make_event()

    with pytest.raises(ValidationFailed) as failure:
        question_create(actor=organiser, event=event, data={
            "kind": Question.Kind.CHOICE, "label": {"en": "How do you travel?"},
            "choices": [{"value": "bus", "label": {"en": "By bus"}}],
        })

    assert "choices" in failure.value.fields


def test_conditional_question_must_use_a_value_of_its_parent(organiser, make_event):
    event = make_event()
    parent = question_create(actor=organiser, event=event, data={
        "kind": Question.Kind.CHOICE, "label": {"en": "How do you travel?"},
        "choices": [{"value": "bus", "label": {"en": "By bus"}},
                    {"value": "car", "label": {"en": "By car"}}],
    })

    with pytest.raises(ValidationFailed) as failure:
        question_create(actor=organiser, event=event, data={
            "kind": Question.Kind.NUMBER, "label": {"en": "Free seats?"},
            "show_if_question": parent, "show_if_value": "train",
        })
    child = question_create(actor=organiser, event=event, data={
        "kind": Question.Kind.NUMBER, "label": {"en": "Free seats?"},
        "show_if_question": parent, "show_if_value": "car",
    })

    assert "show_if_value" in failure.value.fields
    assert child.show_if_question == parent


def test_questions_cannot_depend_on_each_other_in_a_circle(organiser, make_event):
    event = make_event()
    first = question_create(actor=organiser, event=event, data={
        "kind": Question.Kind.YES_NO, "label": {"en": "Do you drive?"}})
    second = question_create(actor=organiser, event=event, data={
        "kind": Question.Kind.YES_NO, "label": {"en": "Can you take others?"},
        "show_if_question": first, "show_if_value": "yes"})

    with pytest.raises(ValidationFailed) as failure:
        question_update(actor=organiser, question=first,
                        data={"show_if_question": second, "show_if_value": "yes"})

    assert "show_if_question" in failure.value.fields


def test_question_changes_are_audited_and_the_event_records_added_and_removed_questions(
    organiser, make_event
):
    event = make_event()
    question = question_create(actor=organiser, event=event, data={
        "kind": Question.Kind.TEXT, "label": {"en": "Your role"}})
    question_update(actor=organiser, question=question, data={"required": True})
    question_delete(actor=organiser, question=question)

    assert [e.action for e in audit.history_for(question)] == ["delete", "update", "create"]
    event_changes = [e.changes["questions"] for e in audit.history_for(event)]
    assert event_changes == [[["Your role"], []], [[], ["Your role"]]]


def test_an_answered_question_cannot_be_removed(organiser, make_event, make_registration):
    event = make_event()
    question = question_create(actor=organiser, event=event, data={
        "kind": Question.Kind.TEXT, "label": {"en": "Your role"}})
    Answer.objects.create(registration=make_registration(event=event), question=question,
                          value="youth worker")

    with pytest.raises(ValidationFailed):
        question_delete(actor=organiser, question=question)

    assert Question.objects.filter(pk=question.pk).exists()


# --- pages --------------------------------------------------------------------------------------


def _form_post(**changes):
    post = {
        "agency": "", "type": "study_visit", "status": "draft", "title_en": "Study visit to Cēsis",
        "format": "in_person", "time_zone": "Europe/Riga", "start": "2027-09-14T09:00",
        "end": "2027-09-16T17:00", "capacity": "12", "fee": "0", "registration_mode": "open",
        "confirmation_days": "7", "offer_hours": "48", "working_languages": ["en", "lv"],
        "country": "LV", "town": "Cēsis",
    }
    post.update(changes)
    return post


def test_staff_create_interprets_times_in_the_events_time_zone(organiser_client, host_agency):
    response = organiser_client.post(
        "/en/staff/events/new/", _form_post(agency=str(host_agency.pk))
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/staff/events/{event.pk}/"
    assert event.start == START
    assert event.organiser_agency == host_agency
    assert {lang.code for lang in event.working_languages.all()} == {"en", "lv"}


def test_staff_create_shows_errors_next_to_the_fields_and_saves_nothing(
    organiser_client, host_agency
):
    response = organiser_client.post("/en/staff/events/new/", _form_post(
        agency=str(host_agency.pk), end="2027-09-13T09:00", registration_closes="2027-09-20T09:00",
        capacity="0",
    ))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"end", "capacity"} <= errors.keys()
    assert not Event.objects.exists()


def test_staff_edit_form_shows_local_times_and_saves_with_history(organiser_client, make_event):
    event = make_event(start=START, end=START + timedelta(days=1), time_zone="Europe/Riga")

    form_page = organiser_client.get(f"/en/staff/events/{event.pk}/edit/").content.decode()
    response = organiser_client.post(f"/en/staff/events/{event.pk}/edit/", _form_post(
        title_en="Renamed training", start="2027-09-14T09:00", end="2027-09-15T09:00",
        status="published",
    ))
    detail = organiser_client.get(f"/en/staff/events/{event.pk}/").content.decode()

    assert 'value="2027-09-14T09:00"' in form_page
    assert response.status_code == 302
    assert "Renamed training" in detail
    assert "Change history" in detail and "<li>Title: " in detail and "→ Renamed training</li>" in detail


def test_staff_of_another_agency_gets_not_found(stranger_client, make_event):
    event = make_event()

    for path in ("", "edit/", "questions/"):
        assert stranger_client.get(f"/en/staff/events/{event.pk}/{path}").status_code == 404


def test_non_staff_cannot_see_the_event_back_office(client, make_user):
    client.force_login(make_user())

    assert client.get("/en/staff/events/").status_code == 404


def test_staff_list_shows_drafts_of_my_agency_only(organiser_client, make_event, make_agency):
    make_event(title={"en": "My draft"}, status=Event.Status.DRAFT)
    make_event(title={"en": "Their event"}, organiser_agency=make_agency(country="EE"))

    page = organiser_client.get("/en/staff/events/").content.decode()

    assert "My draft" in page and "Their event" not in page


def test_questions_page_adds_a_choice_question_from_lines(organiser_client, make_event):
    event = make_event()

    response = organiser_client.post(f"/en/staff/events/{event.pk}/questions/", {
        "label_en": "How do you travel?", "label_sl": "Kako potujete?", "kind": "choice",
        "choices_text": "bus = By bus | Z avtobusom | Ar autobusu\ncar = By car",
        "max_file_mb": "5",
    })

    question = Question.objects.get()
    assert response.status_code == 302
    assert question.choices == [
        {"value": "bus", "label": {"en": "By bus", "sl": "Z avtobusom", "lv": "Ar autobusu"}},
        {"value": "car", "label": {"en": "By car"}},
    ]


def test_questions_page_reports_a_badly_written_choice_line(organiser_client, make_event):
    event = make_event()

    response = organiser_client.post(f"/en/staff/events/{event.pk}/questions/", {
        "label_en": "How do you travel?", "kind": "choice", "choices_text": "just a label",
        "max_file_mb": "5",
    })

    assert response.status_code == 200
    assert "choices_text" in response.context["form"].errors
    assert not Question.objects.exists()


def test_questions_page_explains_where_sensitive_data_belongs(organiser_client, make_event):
    page = organiser_client.get(f"/en/staff/events/{make_event().pk}/questions/").content.decode()

    assert "participation form" in page
