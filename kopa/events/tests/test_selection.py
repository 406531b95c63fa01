"""Application and selection: sending agencies preselect and rank, the host selects, people confirm."""

from datetime import timedelta

import pytest

from django.utils import translation
from django.utils.translation import pgettext

from kopa.core.errors import Conflict, PermissionDenied
from kopa.events import jobs
from kopa.events.models import Event, Registration
from kopa.events.registration import services
from kopa.events.registration.selectors import places_held, registrations_for_sending_country
from kopa.events.registration.states import EventFull
from kopa.events.rules import RegistrationClosed

S = Registration.Status


@pytest.fixture
def agencies(make_agency):
    return {
        "host": make_agency(name="Host agency Estonia", country="EE"),
        "si": make_agency(name="Sending agency Slovenia", country="SI"),
        "lv": make_agency(name="Sending agency Latvia", country="LV"),
    }


@pytest.fixture
def staff(agencies, make_user):
    return {key: make_user(agency=agency) for key, agency in agencies.items()}


@pytest.fixture
def training(make_event, agencies):
    return make_event(
        organiser_agency=agencies["host"],
        registration_mode=Event.RegistrationMode.SELECTION,
        capacity=2,
        town="Tallinn",
        country="EE",
        title={
            "en": "Inclusion training",
            "sl": "Usposabljanje o vključevanju",
            "lv": "Iekļaušanas apmācība",
        },
    )


@pytest.fixture
def apply(training, person_data, make_user, now):
    def apply(country, **fields):
        language = {"SI": "sl", "LV": "lv"}.get(country, "en")
        data = person_data(country_of_residence=country, language=language, **fields)
        user = make_user(email=data["email"], username=data["email"])
        registration, _created = services.registration_create(
            event=training, data=data, user=user, now=now
        )
        return registration

    return apply


def test_applications_wait_for_the_sending_agency(apply):
    assert apply("SI").status == S.APPLIED


def test_applications_are_refused_after_the_deadline(training, person_data):
    with pytest.raises(RegistrationClosed) as raised:
        services.registration_create(
            event=training,
            data=person_data(),
            now=training.application_deadline + timedelta(minutes=1),
        )

    assert "application deadline has passed" in str(raised.value.message)


def test_each_sending_agency_preselects_and_ranks_its_own_applicants(apply, staff, training, now):
    si_first, si_second = apply("SI"), apply("SI")
    lv_first, lv_second = apply("LV"), apply("LV")

    services.preselect(actor=staff["si"], registration=si_first, rank=2, now=now)
    services.preselect(actor=staff["si"], registration=si_second, rank=1, now=now)
    services.preselect(actor=staff["lv"], registration=lv_second, rank=1, now=now)
    services.reject(actor=staff["lv"], registration=lv_first, now=now)

    si_list = registrations_for_sending_country(user=staff["si"], event=training, country="SI")
    assert [(r.pk, r.status, r.preselection_rank) for r in si_list] == [
        (si_second.pk, S.PRESELECTED, 1),
        (si_first.pk, S.PRESELECTED, 2),
    ]
    lv_list = registrations_for_sending_country(user=staff["lv"], event=training, country="LV")
    assert [(r.pk, r.status) for r in lv_list] == [
        (lv_second.pk, S.PRESELECTED),
        (lv_first.pk, S.REJECTED),
    ]


def test_a_sending_agency_can_change_a_rank(apply, staff, now):
    applicant = apply("SI")
    services.preselect(actor=staff["si"], registration=applicant, rank=3, now=now)

    services.preselect(actor=staff["si"], registration=applicant, rank=1, now=now)

    applicant.refresh_from_db()
    assert (applicant.status, applicant.preselection_rank) == (S.PRESELECTED, 1)


def test_staff_of_one_sending_agency_cannot_rank_or_reject_the_others_applicants(apply, staff, now):
    latvian = apply("LV")

    with pytest.raises(PermissionDenied):
        services.preselect(actor=staff["si"], registration=latvian, rank=1, now=now)
    with pytest.raises(PermissionDenied):
        services.reject(actor=staff["si"], registration=latvian, now=now)

    latvian.refresh_from_db()
    assert (latvian.status, latvian.preselection_rank) == (S.APPLIED, None)


def test_a_sending_agency_cannot_see_another_countrys_applicants(training, staff):
    with pytest.raises(PermissionDenied):
        registrations_for_sending_country(user=staff["si"], event=training, country="LV")


def test_the_host_cannot_preselect_for_a_sending_agency(apply, staff, now):
    with pytest.raises(PermissionDenied):
        services.preselect(actor=staff["host"], registration=apply("SI"), rank=1, now=now)


def test_a_sending_agency_cannot_select(apply, staff, now):
    applicant = apply("SI")
    services.preselect(actor=staff["si"], registration=applicant, rank=1, now=now)

    with pytest.raises(PermissionDenied):
        services.select(actor=staff["si"], registration=applicant, now=now)


def test_only_preselected_applicants_can_be_selected(apply, staff, now):
    with pytest.raises(Conflict):
        services.select(actor=staff["host"], registration=apply("SI"), now=now)


def _preselected(apply, staff, now, country, rank):
    applicant = apply(country)
    services.preselect(actor=staff[country.lower()], registration=applicant, rank=rank, now=now)
    return applicant


def test_the_host_selects_up_to_the_capacity_and_not_beyond(apply, staff, training, now):
    first, second, third = (_preselected(apply, staff, now, c, 1) for c in ("SI", "LV", "SI"))
    services.select(actor=staff["host"], registration=first, now=now)
    services.select(actor=staff["host"], registration=second, now=now)

    with pytest.raises(EventFull):
        services.select(actor=staff["host"], registration=third, now=now)

    assert places_held(training) == 2
    assert Registration.objects.get(pk=third.pk).status == S.PRESELECTED


def test_selected_and_rejected_people_are_e_mailed_in_their_own_language(
    apply, staff, now, mailoutbox, django_capture_on_commit_callbacks
):
    slovene = _preselected(apply, staff, now, "SI", 1)
    latvian = _preselected(apply, staff, now, "LV", 1)

    with django_capture_on_commit_callbacks(execute=True):
        services.select(actor=staff["host"], registration=slovene, now=now)
        services.reject(actor=staff["host"], registration=latvian, now=now)

    to_slovene, to_latvian = mailoutbox
    assert to_slovene.to == [slovene.email]
    assert "Usposabljanje o vključevanju" in to_slovene.subject
    with translation.override("sl"):
        march = pgettext("alt. month", "March")  # the genitive, "marca"
    assert f"8. {march} 2027" in to_slovene.body  # the confirmation deadline, in Slovenian
    assert to_latvian.to == [latvian.email]
    assert "Iekļaušanas apmācība" in to_latvian.subject
    assert "2027. gada" in to_latvian.body  # the event's dates, in Latvian


def test_a_selected_applicant_confirms_before_the_deadline(apply, staff, now):
    applicant = _preselected(apply, staff, now, "SI", 1)
    services.select(actor=staff["host"], registration=applicant, now=now)

    services.confirm(registration=applicant, actor=applicant.user, now=now + timedelta(days=7))

    assert Registration.objects.get(pk=applicant.pk).status == S.CONFIRMED


def test_confirming_after_the_deadline_is_refused(apply, staff, now):
    applicant = _preselected(apply, staff, now, "SI", 1)
    services.select(actor=staff["host"], registration=applicant, now=now)

    with pytest.raises(Conflict):
        services.confirm(
            registration=applicant, actor=applicant.user, now=now + timedelta(days=7, seconds=1)
        )


def test_someone_else_cannot_confirm_a_selected_place(apply, staff, now, make_user):
    applicant = _preselected(apply, staff, now, "SI", 1)
    services.select(actor=staff["host"], registration=applicant, now=now)

    with pytest.raises(PermissionDenied):
        services.confirm(registration=applicant, actor=make_user(), now=now)


def test_an_unconfirmed_selection_lapses_and_the_next_applicant_of_that_country_is_selected(
    apply, staff, training, now
):
    slovene = _preselected(apply, staff, now, "SI", 1)
    latvian = _preselected(apply, staff, now, "LV", 1)
    slovene_reserve = _preselected(apply, staff, now, "SI", 2)
    latvian_reserve = _preselected(apply, staff, now, "LV", 1)
    services.select(actor=staff["host"], registration=slovene, now=now)
    services.select(actor=staff["host"], registration=latvian, now=now)
    services.confirm(registration=latvian, actor=latvian.user, now=now)

    assert services.selections_expire(now=now + timedelta(days=7)) == 0
    later = now + timedelta(days=7, hours=1)
    assert services.selections_expire(now=later) == 1

    assert Registration.objects.get(pk=slovene.pk).status == S.DECLINED
    reserve = Registration.objects.get(pk=slovene_reserve.pk)
    assert (reserve.status, reserve.decided_at) == (S.SELECTED, later)
    assert Registration.objects.get(pk=latvian_reserve.pk).status == S.PRESELECTED
    assert places_held(training) == 2


def test_a_freed_place_goes_to_the_best_ranked_applicant_of_any_country_when_one_has_none_left(
    apply, staff, now
):
    slovene = _preselected(apply, staff, now, "SI", 1)
    latvian_second = _preselected(apply, staff, now, "LV", 2)
    latvian_first = _preselected(apply, staff, now, "LV", 1)
    services.select(actor=staff["host"], registration=slovene, now=now)

    services.registration_cancel(registration=slovene, actor=slovene.user, now=now)

    assert Registration.objects.get(pk=slovene.pk).status == S.DECLINED
    assert Registration.objects.get(pk=latvian_first.pk).status == S.SELECTED
    assert Registration.objects.get(pk=latvian_second.pk).status == S.PRESELECTED


def test_the_selection_task_uses_the_real_clock(apply, staff, training, now):
    applicant = _preselected(apply, staff, now, "SI", 1)
    services.select(actor=staff["host"], registration=applicant, now=now)

    assert jobs.expire_selections() == 0  # the real clock is before the test's
    assert Registration.objects.get(pk=applicant.pk).status == S.SELECTED
