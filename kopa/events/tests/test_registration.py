"""Open registration: places, the waiting list, offers that lapse, and what a closed event refuses."""

from datetime import timedelta

import pytest

from django.template import TemplateDoesNotExist
from django.utils import timezone

from kopa.core.audit import history_for
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.events import jobs
from kopa.events.models import Event, Registration, WaitingListOffer
from kopa.events.registration import services, waitinglist
from kopa.events.registration.selectors import places_free, places_held, waiting_list
from kopa.events.rules import RegistrationClosed

S = Registration.Status


@pytest.fixture
def register(person_data, make_user, now):
    """Register a new person (with an account) for `event`."""

    def register(event, *, when=None, **fields):
        data = person_data(**fields)
        user = make_user(email=data["email"], username=data["email"])
        registration, _created = services.registration_create(
            event=event, data=data, user=user, now=when or now
        )
        return registration

    return register


def test_open_registration_confirms_while_places_are_free(make_event, register):
    event = make_event(capacity=2)

    first, second = register(event), register(event)

    assert [first.status, second.status] == [S.CONFIRMED, S.CONFIRMED]
    assert places_free(event) == 0


def test_full_event_puts_next_registrations_on_the_waiting_list_in_arrival_order(
    make_event, register
):
    event = make_event(capacity=2)
    register(event), register(event)

    third, fourth = register(event), register(event)

    assert [third.status, fourth.status] == [S.WAITLISTED, S.WAITLISTED]
    assert list(waiting_list(event)) == [third, fourth]
    assert places_held(event) == 2


def test_the_same_person_registering_twice_gets_one_registration(make_event, person_data, now):
    event = make_event()
    data = person_data(email="Mira.Novak@example.org")

    first, created = services.registration_create(event=event, data=data, now=now)
    again, created_again = services.registration_create(
        event=event, data={**data, "email": "mira.novak@EXAMPLE.org"}, now=now
    )

    assert again.pk == first.pk
    assert created and not created_again
    assert Registration.objects.filter(event=event).count() == 1


def test_a_person_who_cancelled_may_register_again(make_event, register, person_data, now):
    event = make_event()
    first = register(event)
    services.registration_cancel(registration=first, actor=first.user, now=now)

    again, created = services.registration_create(
        event=event, data=person_data(email=first.email), now=now
    )

    assert again.pk != first.pk and created
    assert again.status == S.CONFIRMED


def test_cancelling_frees_the_place_and_offers_it_to_the_first_person_waiting(
    make_event, register, now, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    holder = register(event)
    first_waiting, second_waiting = register(event), register(event)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=holder, actor=holder.user, now=now)

    holder.refresh_from_db(), first_waiting.refresh_from_db(), second_waiting.refresh_from_db()
    assert holder.status == S.CANCELLED
    assert first_waiting.status == S.OFFERED
    assert second_waiting.status == S.WAITLISTED
    offer = first_waiting.offers.get()
    assert offer.expires_at == now + timedelta(hours=48)
    assert [m.to for m in mailoutbox] == [[holder.email], [first_waiting.email]]
    assert "A place is free for you" in mailoutbox[1].subject


def test_an_open_offer_holds_the_place_against_newcomers(make_event, register, now):
    event = make_event(capacity=1)
    holder = register(event)
    waiting = register(event)
    services.registration_cancel(registration=holder, actor=holder.user, now=now)

    newcomer = register(event)

    assert newcomer.status == S.WAITLISTED
    assert list(waiting_list(event)) == [newcomer]
    assert Registration.objects.get(pk=waiting.pk).status == S.OFFERED


def test_an_offer_that_lapses_moves_on_to_the_next_person(make_event, register, now):
    event = make_event(capacity=1, offer_hours=24)
    holder = register(event)
    first_waiting, second_waiting = register(event), register(event)
    services.registration_cancel(registration=holder, actor=holder.user, now=now)

    assert waitinglist.offers_expire(now=now + timedelta(hours=23, minutes=59)) == 0
    assert waitinglist.offers_expire(now=now + timedelta(hours=24)) == 1

    first_waiting.refresh_from_db(), second_waiting.refresh_from_db()
    assert first_waiting.status == S.DECLINED
    assert first_waiting.offers.get().status == WaitingListOffer.Status.EXPIRED
    assert second_waiting.status == S.OFFERED
    assert second_waiting.offers.get().expires_at == now + timedelta(hours=48)
    assert places_held(event) == 1


def test_the_offer_task_lets_offers_lapse_by_the_real_clock(make_event, register):
    event = make_event(capacity=1)
    holder = register(event)
    waiting = register(event)
    long_ago = timezone.now() - timedelta(days=10)
    event.start = long_ago + timedelta(days=5)
    event.end = event.start + timedelta(days=1)
    event.save()
    services.registration_cancel(registration=holder, actor=holder.user, now=long_ago)

    assert jobs.expire_offers() == 1
    assert Registration.objects.get(pk=waiting.pk).status == S.DECLINED


def test_accepting_an_offer_confirms_the_place(make_event, register, now):
    event = make_event(capacity=1)
    holder = register(event)
    waiting = register(event)
    services.registration_cancel(registration=holder, actor=holder.user, now=now)

    waitinglist.offer_accept(
        offer=waiting.offers.get(), actor=waiting.user, now=now + timedelta(hours=1)
    )

    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert waiting.offers.get().status == WaitingListOffer.Status.ACCEPTED


def test_an_offer_cannot_be_accepted_after_it_lapsed(make_event, register, now):
    event = make_event(capacity=1)
    holder = register(event)
    waiting = register(event)
    services.registration_cancel(registration=holder, actor=holder.user, now=now)

    with pytest.raises(Conflict):
        waitinglist.offer_accept(
            offer=waiting.offers.get(), actor=waiting.user, now=now + timedelta(hours=48)
        )

    assert Registration.objects.get(pk=waiting.pk).status == S.OFFERED


def test_declining_an_offer_passes_the_place_on(make_event, register, now):
    event = make_event(capacity=1)
    holder = register(event)
    first_waiting, second_waiting = register(event), register(event)
    services.registration_cancel(registration=holder, actor=holder.user, now=now)

    waitinglist.offer_decline(offer=first_waiting.offers.get(), actor=first_waiting.user, now=now)

    assert Registration.objects.get(pk=first_waiting.pk).status == S.DECLINED
    assert Registration.objects.get(pk=second_waiting.pk).status == S.OFFERED


def test_places_held_counts_confirmed_selected_and_open_offers(make_event, make_registration, now):
    event = make_event(capacity=10)
    for status in (
        S.CONFIRMED,
        S.CONFIRMED,
        S.SELECTED,
        S.WAITLISTED,
        S.APPLIED,
        S.PRESELECTED,
        S.CANCELLED,
        S.DECLINED,
        S.REJECTED,
    ):
        make_registration(event=event, status=status)
    offered = make_registration(event=event, status=S.OFFERED)
    WaitingListOffer.objects.create(
        registration=offered, offered_at=now, expires_at=now + timedelta(hours=48)
    )

    assert places_held(event) == 4
    assert places_free(event) == 6


def test_someone_else_cannot_cancel_a_registration(make_event, register, make_user, now):
    registration = register(make_event())

    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, actor=make_user(), now=now)

    assert Registration.objects.get(pk=registration.pk).status == S.CONFIRMED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": Event.Status.DRAFT}, "not open for registration yet"),
        ({"status": Event.Status.CANCELLED}, "has been cancelled"),
        ({"registration_closes_in": timedelta(hours=-1)}, "has closed"),
        ({"registration_opens_in": timedelta(days=1)}, "Registration opens on"),
    ],
)
def test_registration_outside_its_window_is_refused_with_a_clear_message(
    fields, message, make_event, person_data, now
):
    if "registration_closes_in" in fields:
        fields = {"registration_closes": now + fields.pop("registration_closes_in")}
    if "registration_opens_in" in fields:
        fields = {"registration_opens": now + fields.pop("registration_opens_in")}
    event = make_event(**fields)

    with pytest.raises(RegistrationClosed) as raised:
        services.registration_create(event=event, data=person_data(), now=now)

    assert message in str(raised.value.message)
    assert not Registration.objects.exists()


def test_registration_closes_when_the_event_starts(make_event, person_data):
    event = make_event()

    with pytest.raises(RegistrationClosed):
        services.registration_create(event=event, data=person_data(), now=event.start)


def test_invalid_data_saves_nothing_and_names_the_fields(make_event, person_data, now):
    event = make_event()

    with pytest.raises(ValidationFailed) as raised:
        services.registration_create(
            event=event, data=person_data(email="not an address", first_name=" "), now=now
        )

    assert set(raised.value.fields) == {"email", "first_name"}
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_failure_after_the_place_is_taken_leaves_nothing_half_saved(
    make_event, register, person_data, now, settings
):
    event = make_event(capacity=1)
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "loaders": []},
        }
    ]

    with pytest.raises(TemplateDoesNotExist):
        services.registration_create(event=event, data=person_data(), now=now)

    assert not Registration.objects.exists()
    assert not AuditEntry.objects.exists()


def test_sending_country_defaults_to_the_country_of_residence(make_event, person_data, now):
    registration, _created = services.registration_create(
        event=make_event(), data=person_data(country_of_residence="LV"), now=now
    )

    assert registration.sending_country.code == "LV"


def test_every_step_is_audited(make_event, register, now):
    event = make_event(capacity=1)
    holder = register(event)
    waiting = register(event)
    services.registration_cancel(registration=holder, actor=holder.user, now=now)

    assert [e.changes["status"] for e in history_for(holder)] == [
        ["confirmed", "cancelled"],
        [None, "confirmed"],
    ]
    assert [e.changes["status"] for e in history_for(waiting)] == [
        ["waitlisted", "offered"],
        [None, "waitlisted"],
    ]


def test_the_waiting_list_e_mail_goes_out_in_the_participants_language(
    make_event, person_data, now, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    services.registration_create(event=event, data=person_data(), now=now)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, data=person_data(language="sl"), now=now)

    assert "Usposabljanje o vključevanju" in mailoutbox[0].subject
    assert "Usposabljanje o vključevanju" in mailoutbox[0].body


def test_offer_next_offers_each_free_place_to_the_people_waiting_longest(make_event, register, now):
    event = make_event(capacity=1)
    register(event)
    first, second, third = register(event), register(event), register(event)
    Event.objects.filter(pk=event.pk).update(capacity=3)

    offers = waitinglist.offer_next(event=event, now=now)

    assert [o.registration_id for o in offers] == [first.pk, second.pk]
    assert list(waiting_list(event)) == [third]


def test_newcomers_do_not_jump_the_waiting_list_when_places_are_free(make_event, register, now):
    event = make_event(capacity=1)
    register(event)
    waiting = register(event)
    Event.objects.filter(pk=event.pk).update(capacity=2)

    newcomer = register(event)

    assert newcomer.status == S.WAITLISTED
    assert Registration.objects.get(pk=waiting.pk).status == S.OFFERED
