"""The registration and application form: standard fields, the event's questions, conditions,
uploads, duplicates, full and closed events, and the organisers' registration list."""

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from django.contrib.staticfiles import finders
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from kopa.agencies.models import Agency
from kopa.events.models import Answer, Event, ParticipationDetails, Registration
from kopa.events.tests.registration_support import (
    K,
    add_question,
    every_kind_of_question,
    pdf_upload,
    person_post,
)

S = Registration.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def register_url(event, language="en"):
    with override(language):
        return reverse("events:register", args=[event.pk])


def answers_for(questions, **overrides):
    data = {
        f"question_{questions['text'].pk}": "To learn about inclusion.",
        f"question_{questions['choice'].pk}": "beginner",
        f"question_{questions['multiple'].pk}": ["disability", "rural"],
        f"question_{questions['yes_no'].pk}": "no",
        f"question_{questions['number'].pk}": "3",
        f"question_{questions['date'].pk}": "2026-05-14",
        f"question_{questions['country'].pk}": "LV",
        f"question_{questions['file'].pk}": pdf_upload(),
    }
    for key, value in overrides.items():
        data[f"question_{questions[key].pk}"] = value
    return data


def test_form_shows_the_standard_fields_and_every_kind_of_question(client, make_event):
    event = make_event()
    questions = every_kind_of_question(event)

    html = client.get(register_url(event)).content.decode()

    for name in (
        "first_name",
        "last_name",
        "email",
        "country_of_residence",
        "organisation_name",
        "role",
    ):
        assert f'name="{name}"' in html
    for question in questions.values():
        assert f'name="question_{question.pk}"' in html
        assert question.label["en"] in html
    assert 'type="file"' in html and 'accept=".pdf,.docx"' in html
    assert 'enctype="multipart/form-data"' in html


def test_question_labels_follow_the_language_and_fall_back_to_english(client, make_event):
    event = make_event()
    add_question(event, K.TEXT, label={"en": "Your motivation", "sl": "Vaša motivacija"})
    add_question(event, K.TEXT, label={"en": "Only in English"})

    with override("sl"):  # the request switches the thread's language; put it back afterwards
        html = client.get(register_url(event, "sl")).content.decode()

    assert "Vaša motivacija" in html
    assert "Your motivation" not in html
    assert "Only in English" in html


def test_form_is_prefilled_for_a_logged_in_person(client, make_event, make_user):
    user = make_user(first_name="Marta", last_name="Zgled", email="marta.zgled@example.org")
    client.force_login(user)

    html = client.get(register_url(make_event())).content.decode()

    assert 'value="Marta"' in html and 'value="Zgled"' in html
    assert 'value="marta.zgled@example.org"' in html


def test_registering_saves_the_answers_of_every_kind(client, make_event, make_user):
    event = make_event()
    questions = every_kind_of_question(event)
    user = make_user(email="alja.primer@example.org")
    client.force_login(user)

    response = client.post(register_url(event), {**person_post(), **answers_for(questions)})

    assert "Your place is confirmed." in response.content.decode()
    registration = Registration.objects.get(event=event)
    assert registration.status == S.CONFIRMED and registration.user == user
    assert registration.country_of_residence.code == "SI"
    values = {a.question_id: a.value for a in Answer.objects.filter(registration=registration)}
    assert values == {
        questions["text"].pk: "To learn about inclusion.",
        questions["choice"].pk: "beginner",
        questions["multiple"].pk: ["disability", "rural"],
        questions["yes_no"].pk: "no",
        questions["number"].pk: 3,
        questions["date"].pk: "2026-05-14",
        questions["country"].pk: "LV",
        questions["file"].pk: "letter.pdf",
    }
    with Answer.objects.get(question=questions["file"]).file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")


def test_a_missing_required_answer_is_shown_next_to_the_field_and_nothing_is_saved(
    client, make_event
):
    event = make_event()
    questions = every_kind_of_question(event)
    data = {**person_post(), **answers_for(questions)}
    del data[f"question_{questions['choice'].pk}"]

    response = client.post(register_url(event), data)

    assert response.status_code == 200
    assert f"question_{questions['choice'].pk}" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Registration.objects.exists() and not Answer.objects.exists()


def test_a_file_of_a_type_not_accepted_is_refused_and_nothing_is_saved(client, make_event):
    event = make_event()
    questions = every_kind_of_question(event)
    bad = pdf_upload(name="letter.exe")

    response = client.post(
        register_url(event), {**person_post(), **answers_for(questions, file=bad)}
    )

    errors = response.context["form"].errors[f"question_{questions['file'].pk}"]
    assert errors == ["This type of file is not accepted. Accepted types: pdf, docx."]
    assert not Registration.objects.exists() and not Answer.objects.exists()


def test_a_file_larger_than_allowed_is_refused_and_nothing_is_saved(client, make_event):
    event = make_event()
    questions = every_kind_of_question(event)
    big = pdf_upload(size=1024 * 1024 + 1)

    response = client.post(
        register_url(event), {**person_post(), **answers_for(questions, file=big)}
    )

    errors = response.context["form"].errors[f"question_{questions['file'].pk}"]
    assert errors == ["The file is too large: the largest accepted size is 1 MB."]
    assert not Registration.objects.exists()


def test_the_registration_is_not_kept_when_an_uploaded_file_cannot_be_stored(
    client, make_event, settings, tmp_path, django_capture_on_commit_callbacks
):
    event = make_event()
    questions = every_kind_of_question(event)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    settings.MEDIA_ROOT = blocker
    client.raise_request_exception = False

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), {**person_post(), **answers_for(questions)})

    assert response.status_code == 500
    assert not Registration.objects.exists() and not Answer.objects.exists()
    assert mail.outbox == []


@pytest.fixture
def conditional_questions(make_event):
    event = make_event()
    visa = add_question(
        event, K.YES_NO, position=1, required=True, label={"en": "Do you need a visa?"}
    )
    embassy = add_question(
        event,
        K.TEXT,
        position=2,
        required=True,
        show_if_question=visa,
        show_if_value="yes",
        label={"en": "Which embassy?"},
    )
    return event, visa, embassy


def test_a_conditional_question_is_required_when_its_condition_is_met(
    client, conditional_questions
):
    event, visa, embassy = conditional_questions

    response = client.post(register_url(event), {**person_post(), f"question_{visa.pk}": "yes"})

    assert response.context["form"].errors == {
        f"question_{embassy.pk}": ["Please answer this question."]
    }
    assert not Registration.objects.exists()


def test_a_conditional_question_whose_condition_is_not_met_is_optional_and_its_answer_discarded(
    client, conditional_questions
):
    event, visa, embassy = conditional_questions

    client.post(
        register_url(event),
        {
            **person_post(),
            f"question_{visa.pk}": "no",
            f"question_{embassy.pk}": "Ljubljana",
        },
    )

    registration = Registration.objects.get(event=event)
    assert list(registration.answers.values_list("question_id", "value")) == [(visa.pk, "no")]


def test_a_question_depending_on_a_hidden_question_is_hidden_too(client, conditional_questions):
    event, visa, embassy = conditional_questions
    appointment = add_question(
        event,
        K.DATE,
        position=3,
        required=True,
        show_if_question=embassy,
        show_if_value="Riga",
        label={"en": "Appointment date"},
    )

    client.post(
        register_url(event),
        {
            **person_post(),
            f"question_{visa.pk}": "no",
            f"question_{embassy.pk}": "Riga",
        },
    )

    registration = Registration.objects.get(event=event)
    assert appointment.pk not in set(registration.answers.values_list("question_id", flat=True))
    assert list(registration.answers.values_list("question_id", flat=True)) == [visa.pk]


def test_conditional_questions_are_marked_for_the_script_and_explained_without_it(
    client, conditional_questions
):
    event, visa, embassy = conditional_questions

    html = client.get(register_url(event)).content.decode()

    assert f'data-show-if-name="question_{visa.pk}" data-show-if-value="yes"' in html
    assert "Answer this if your answer to “Do you need a visa?” is “Yes”" in html
    assert '<script src="/static/js/conditional.js" defer></script>' in html
    assert html.count("<script") == html.count("<script src=")
    assert finders.find("js/conditional.js")


def test_the_same_person_registering_twice_is_shown_the_existing_registration(
    client, make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event()
    user = make_user(email="alja.primer@example.org")
    client.force_login(user)
    client.post(register_url(event), person_post())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), person_post(first_name="Again"))

    html = response.content.decode()
    assert "You are already registered for this event" in html
    assert "Your place is confirmed." in html
    assert Registration.objects.filter(event=event).count() == 1
    assert Registration.objects.get(event=event).first_name == "Alja"
    assert mail.outbox == []


def test_a_logged_in_person_already_registered_sees_the_registration_instead_of_the_form(
    client, make_event, make_user
):
    event = make_event()
    user = make_user(email="alja.primer@example.org")
    client.force_login(user)
    client.post(register_url(event), person_post())

    response = client.get(register_url(event))

    assert "form" not in response.context
    assert "You are already registered for this event" in response.content.decode()


def test_someone_else_using_a_registered_address_gets_the_same_answer_as_a_new_address(
    client, make_event, make_registration, django_capture_on_commit_callbacks
):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    make_registration(event=event, email="alja.primer@example.org", status=S.PRESELECTED)

    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(
            register_url(event), person_post(first_name="Someone", last_name="Else")
        ).content.decode()
        new = client.post(
            register_url(event), person_post(email="new.person@example.org")
        ).content.decode()

    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(taken) == strip(new)
    assert "Please check your e-mail." in taken
    assert "already registered" not in taken
    assert "Preselected" not in taken and "Application received" not in taken
    assert Registration.objects.filter(event=event).count() == 2
    # The e-mail tells the address's owner, with their status and a link to cancel.
    (told,) = [m for m in mail.outbox if m.to == ["alja.primer@example.org"]]
    assert told.subject.startswith("You are already registered")
    assert "Preselected" in told.body and "/events/answer/cancel/" in told.body


def test_a_full_open_event_warns_and_puts_the_next_person_on_the_waiting_list(
    client, make_event, make_registration, make_user
):
    client.force_login(make_user(email="alja.primer@example.org"))
    event = make_event(capacity=1)
    make_registration(event=event)

    form_page = client.get(register_url(event)).content.decode()
    response = client.post(register_url(event), person_post())

    assert "All places are taken." in form_page
    assert "you join the waiting list" in form_page
    assert "You are on the waiting list." in response.content.decode()
    assert Registration.objects.get(email="alja.primer@example.org").status == S.WAITLISTED


def test_an_application_event_says_the_application_is_received(client, make_event, make_user):
    client.force_login(make_user(email="alja.primer@example.org"))
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)

    response = client.post(register_url(event), person_post())

    assert "Application received." in response.content.decode()
    assert Registration.objects.get(event=event).status == S.APPLIED


def test_a_closed_event_says_why_and_shows_no_form(client, make_event):
    event = make_event(
        registration_closes=timezone.now() - timedelta(days=1),
        registration_opens=timezone.now() - timedelta(days=10),
    )

    response = client.get(register_url(event))

    assert "Registration for this event has closed." in response.content.decode()
    assert "form" not in response.context
    assert client.post(register_url(event), person_post()).status_code == 200
    assert not Registration.objects.exists()


def test_a_draft_event_has_no_registration_page(client, make_event):
    event = make_event(status=Event.Status.DRAFT)

    assert client.get(register_url(event)).status_code == 404


# --- the organisers' registration list ------------------------------------------------------------


@pytest.fixture
def host_staff(make_user, host_agency):
    return make_user(agency=host_agency)


def staff_url(name, event, *args):
    return reverse(f"events:{name}", args=[event.pk, *args])


def test_the_list_filters_by_status(client, host_staff, make_event, make_registration):
    event = make_event()
    make_registration(event=event, first_name="Confirmed", last_name="Person")
    make_registration(event=event, first_name="Waiting", last_name="Person", status=S.WAITLISTED)
    client.force_login(host_staff)

    html = client.get(
        staff_url("staff_registrations", event), {"status": "waitlisted"}
    ).content.decode()

    assert "Waiting Person" in html and "Confirmed Person" not in html


def test_the_host_selects_a_preselected_applicant_with_a_button(
    client, host_staff, make_event, make_registration
):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    applicant = make_registration(
        event=event, status=S.PRESELECTED, preselection_rank=1, country_of_residence="LV"
    )
    client.force_login(host_staff)

    html = client.get(staff_url("staff_registrations", event)).content.decode()
    client.post(staff_url("staff_registration_status", event, applicant.pk), {"to": "selected"})

    assert 'name="to" value="selected"' in html
    assert 'name="to" value="preselected"' not in html
    applicant.refresh_from_db()
    assert applicant.status == S.SELECTED


def test_the_sending_agency_preselects_its_applicant_with_a_rank_and_sees_only_its_own(
    client, make_agency, make_user, make_event, make_registration
):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    latvian = make_user(agency=make_agency(country="LV"))
    mine = make_registration(
        event=event,
        status=S.APPLIED,
        country_of_residence="LV",
        first_name="Latvian",
        last_name="Applicant",
    )
    make_registration(
        event=event,
        status=S.APPLIED,
        country_of_residence="EE",
        first_name="Estonian",
        last_name="Applicant",
    )
    client.force_login(latvian)

    html = client.get(staff_url("staff_registrations", event)).content.decode()
    client.post(
        staff_url("staff_registration_status", event, mine.pk), {"to": "preselected", "rank": "2"}
    )

    assert "Latvian Applicant" in html and "Estonian Applicant" not in html
    assert "Declared access needs" not in html
    mine.refresh_from_db()
    assert (mine.status, mine.preselection_rank) == (S.PRESELECTED, 2)


def test_a_decision_the_staff_member_may_not_make_changes_nothing(
    client, host_staff, make_event, make_registration
):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    applicant = make_registration(event=event, status=S.APPLIED, country_of_residence="LV")
    client.force_login(host_staff)

    response = client.post(
        staff_url("staff_registration_status", event, applicant.pk),
        {"to": "preselected", "rank": "1"},
        follow=True,
    )

    assert "Only the agency of the applicant" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.status == S.APPLIED


def test_the_host_marks_attendance(client, host_staff, make_event, make_registration):
    event = make_event()
    registration = make_registration(event=event)
    client.force_login(host_staff)

    client.post(staff_url("staff_registration_status", event, registration.pk), {"to": "no_show"})

    registration.refresh_from_db()
    assert registration.status == S.NO_SHOW


def test_staff_of_an_agency_not_involved_get_404(client, make_agency, make_user, make_event):
    event = make_event()
    client.force_login(make_user(agency=make_agency(country="AT")))

    assert client.get(staff_url("staff_registrations", event)).status_code == 404
    assert client.post(staff_url("staff_registrations_csv", event)).status_code == 404


def test_the_csv_export_lists_participants_without_private_data(
    client, host_staff, make_event, make_registration, download_job
):
    event = make_event()
    registration = make_registration(
        event=event, first_name="Līga", last_name="Bērziņa", country_of_residence="LV"
    )
    ParticipationDetails.objects.create(
        registration=registration,
        has_access_needs=True,
        access_needs="Step-free route",
        diet="vegan",
        emergency_contact_name="Contact",
        emergency_contact_phone="+386",
    )
    client.force_login(host_staff)

    response = download_job(client, staff_url("staff_registrations_csv", event))

    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "first_name,last_name,email,country,organisation,status"
    assert lines[1] == f"Līga,Bērziņa,{registration.email},LV,Mladinski center,Confirmed"
    assert "Step-free" not in text and "vegan" not in text and "+386" not in text


def test_the_xlsx_export_has_the_same_columns(
    client, host_staff, make_event, make_registration, download_job
):
    event = make_event()
    make_registration(event=event, first_name="Jana", last_name="Kovač")
    client.force_login(host_staff)

    response = download_job(client, staff_url("staff_registrations_xlsx", event))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("first_name", "last_name", "email", "country", "organisation", "status")
    assert rows[1][:2] == ("Jana", "Kovač")


@pytest.mark.browser
def test_the_script_shows_a_conditional_question_only_while_its_condition_is_met(
    page, conditional_questions
):
    event, visa, embassy = conditional_questions
    page.goto(register_url(event))
    embassy_box = page.get_by_label("Which embassy?")

    hidden_at_first = embassy_box.is_hidden()
    page.get_by_label("Yes", exact=True).check()
    shown_after_yes = embassy_box.is_visible()
    page.get_by_label("No", exact=True).check()

    assert hidden_at_first and shown_after_yes
    assert embassy_box.is_hidden()


def test_a_network_is_never_a_sending_agency_even_in_its_own_country(
    client, make_agency, make_user, make_event, make_registration
):
    """A youth network in Slovenia cannot see or decide on Slovenian applicants to another agency's
    selection event: only Slovenia's national agency sends them."""
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    network = make_user(agency=make_agency(country="SI", kind=Agency.Kind.NETWORK))
    applicant = make_registration(event=event, status=S.APPLIED, country_of_residence="SI",
                                  first_name="Slovenian", last_name="Applicant")
    client.force_login(network)

    page = client.get(staff_url("staff_registrations", event))
    decision = client.post(staff_url("staff_registration_status", event, applicant.pk), {"to": "rejected"})

    assert page.status_code == 404 and "Slovenian Applicant" not in page.content.decode()
    assert decision.status_code == 404
    applicant.refresh_from_db()
    assert applicant.status == S.APPLIED
    assert not mail.outbox


def test_the_national_agency_still_sends_when_a_network_shares_its_country(
    client, make_agency, make_user, make_event, make_registration
):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    make_agency(country="SI", kind=Agency.Kind.NETWORK)
    national = make_user(agency=make_agency(country="SI"))
    applicant = make_registration(event=event, status=S.APPLIED, country_of_residence="SI")
    client.force_login(national)

    client.post(staff_url("staff_registration_status", event, applicant.pk), {"to": "preselected", "rank": "1"})

    applicant.refresh_from_db()
    assert applicant.status == S.PRESELECTED
