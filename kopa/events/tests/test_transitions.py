"""The registration transition table, exercised through the organisers' status service."""

import pytest

from kopa.core.audit import history_for
from kopa.core.errors import Conflict, PermissionDenied
from kopa.events.models import (
    INITIAL_STATUSES,
    TRANSITIONS,
    IllegalTransition,
    Registration,
    WaitingListOffer,
    check_transition,
)
from kopa.events.registration import services

S = Registration.Status
# Organisers make every move but confirming an address (only its owner does, with the e-mailed link).
ALLOWED = sorted(
    (before, to)
    for before, targets in TRANSITIONS.items()
    for to in targets
    if before != S.UNCONFIRMED
)
ILLEGAL = [
    (S.CONFIRMED, S.APPLIED),
    (S.APPLIED, S.SELECTED),
    (S.APPLIED, S.CONFIRMED),
    (S.WAITLISTED, S.CONFIRMED),
    (S.REJECTED, S.SELECTED),
    (S.CANCELLED, S.CONFIRMED),
    (S.DECLINED, S.OFFERED),
    (S.SELECTED, S.REJECTED),
    (S.ATTENDED, S.CANCELLED),
]


@pytest.fixture
def host_staff(make_user, host_agency):
    return make_user(agency=host_agency)


def _registration_in(status, make_registration, now):
    registration = make_registration(status=status)
    if status == S.OFFERED:
        WaitingListOffer.objects.create(
            registration=registration, offered_at=now, expires_at=now.replace(hour=23)
        )
    return registration


def test_the_table_names_every_status():
    assert set(TRANSITIONS) == set(S.values)
    assert all(set(targets) <= set(S.values) for targets in TRANSITIONS.values())


def test_no_status_moves_to_itself():
    assert all(status not in targets for status, targets in TRANSITIONS.items())


def test_registrations_start_unconfirmed_applied_confirmed_or_waitlisted():
    assert INITIAL_STATUSES == {S.UNCONFIRMED, S.APPLIED, S.CONFIRMED, S.WAITLISTED}


@pytest.mark.parametrize("to", sorted(TRANSITIONS[S.UNCONFIRMED]))
def test_organisers_cannot_confirm_an_address_for_its_owner(to, make_registration, host_staff, now):
    registration = make_registration(status=S.UNCONFIRMED)

    with pytest.raises(PermissionDenied):
        services.registration_change_status(
            actor=host_staff, registration=registration, to=to, now=now
        )
    registration.refresh_from_db()
    assert registration.status == S.UNCONFIRMED


@pytest.mark.parametrize(("before", "to"), ALLOWED)
def test_every_allowed_transition_works_and_is_audited(
    before, to, make_registration, host_staff, now
):
    registration = _registration_in(before, make_registration, now)

    services.registration_change_status(actor=host_staff, registration=registration, to=to, now=now)

    registration.refresh_from_db()
    assert registration.status == to
    assert registration.decided_at == now
    latest = history_for(registration).first()
    assert latest.changes["status"] == [before, to]
    assert latest.actor == host_staff


@pytest.mark.parametrize(("before", "to"), ILLEGAL)
def test_an_illegal_transition_raises_and_changes_nothing(
    before, to, make_registration, host_staff, now
):
    registration = _registration_in(before, make_registration, now)

    with pytest.raises(IllegalTransition) as raised:
        services.registration_change_status(
            actor=host_staff, registration=registration, to=to, now=now
        )

    registration.refresh_from_db()
    assert registration.status == before
    assert not history_for(registration).exists()
    assert str(S(before).label) in str(raised.value.message)


def test_an_illegal_transition_is_a_conflict():
    with pytest.raises(Conflict):
        check_transition(S.CANCELLED, S.CONFIRMED)


def test_accepting_an_offer_closes_it_as_accepted(make_registration, host_staff, now):
    registration = _registration_in(S.OFFERED, make_registration, now)

    services.registration_change_status(
        actor=host_staff, registration=registration, to=S.CONFIRMED, now=now
    )

    assert registration.offers.get().status == WaitingListOffer.Status.ACCEPTED


def test_offering_a_place_opens_an_offer_that_expires_after_the_offer_hours(
    make_registration, host_staff, now
):
    registration = _registration_in(S.WAITLISTED, make_registration, now)

    services.registration_change_status(
        actor=host_staff, registration=registration, to=S.OFFERED, now=now
    )

    offer = registration.offers.get()
    assert offer.status == WaitingListOffer.Status.OPEN
    assert (offer.expires_at - now).total_seconds() == 48 * 3600


def test_staff_of_another_agency_cannot_change_a_status(
    make_registration, make_user, make_agency, now
):
    registration = make_registration(status=S.CONFIRMED)
    outsider = make_user(agency=make_agency(country="AT"))

    with pytest.raises(PermissionDenied):
        services.registration_change_status(
            actor=outsider, registration=registration, to=S.ATTENDED, now=now
        )
