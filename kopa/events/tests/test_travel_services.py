"""Saving travel details works out the grant; only admins change the band tables."""

from datetime import timedelta
from decimal import Decimal

import pytest

from kopa.agencies.models import AgencyMembership
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.events.models import DistanceBand, Registration, TransportMode
from kopa.events.tests.travel_support import RIGA, grant_tables, town
from kopa.events.travel.services import band_update, travel_save

pytestmark = pytest.mark.django_db
S = Registration.Status


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
    return make_registration(event=event, user=participant, sending_country="SI")


def _save(registration, actor, **fields):
    fields.setdefault("origin", town("Ljubljana"))
    fields.setdefault("mode", TransportMode.TRAIN)
    return travel_save(registration=registration, actor=actor, **fields)


def test_train_from_ljubljana_to_riga_is_green_and_gets_417_eur(registration, participant):
    travel = _save(registration, participant)
    assert travel.green is True
    assert travel.distance_km == pytest.approx(1380, abs=5)
    assert (travel.band.min_km, travel.band.max_km) == (500, 1999)
    assert travel.grant_eur == Decimal("417")


def test_flying_gets_the_standard_amount(registration, participant):
    travel = _save(registration, participant, mode=TransportMode.PLANE)
    assert travel.green is False
    assert travel.grant_eur == Decimal("309")


def test_an_event_of_an_older_call_year_uses_the_older_table(registration, participant, event):
    event.call_year = 2023
    event.save()
    assert _save(registration, participant).grant_eur == Decimal("320")


def test_an_unconfirmed_band_saves_the_band_without_an_amount(registration, participant):
    DistanceBand.objects.filter(table__first_call_year=2024, min_km=500).update(confirmed=False)
    travel = _save(registration, participant)
    assert travel.band is not None
    assert travel.grant_eur is None


def test_a_town_under_10_km_away_gets_no_grant(make_registration, make_event, participant):
    event = make_event(
        latitude=Decimal("46.05108"), longitude=Decimal("14.50513"), town="Ljubljana"
    )
    registration = make_registration(event=event, user=participant)
    travel = _save(registration, participant)
    assert travel.distance_km == 0
    assert travel.band is None
    assert travel.grant_eur == Decimal("0")


def test_without_venue_coordinates_nothing_is_worked_out(
    make_registration, make_event, participant
):
    registration = make_registration(event=make_event(), user=participant)
    travel = _save(registration, participant)
    assert (travel.distance_km, travel.band, travel.grant_eur) == (None, None, None)


def test_saving_again_changes_the_same_details(registration, participant):
    _save(registration, participant)
    travel = _save(registration, participant, origin=town("Tallinn"), mode=TransportMode.BUS)
    registration.refresh_from_db()
    assert registration.travel.pk == travel.pk
    assert (travel.band.min_km, travel.grant_eur) == (100, Decimal("285"))


def test_saving_writes_an_audit_entry_without_the_private_details(registration, participant):
    _save(registration, participant)
    entry = AuditEntry.objects.get(
        object_id=str(registration.pk), changes__has_key="travel_details"
    )
    assert entry.actor == participant
    assert "Ljubljana" not in str(entry.changes)


def test_an_organiser_may_save_a_participants_travel(registration, make_user, host_agency):
    organiser = make_user(agency=host_agency)
    assert _save(registration, organiser).grant_eur == Decimal("417")


def test_someone_else_may_not_save_a_participants_travel(registration, make_user):
    with pytest.raises(PermissionDenied):
        _save(registration, make_user())


def test_a_person_without_a_place_cannot_save_travel(make_registration, event, participant):
    waiting = make_registration(event=event, user=participant, status=S.WAITLISTED)
    with pytest.raises(Conflict):
        _save(waiting, participant)


def test_the_town_is_required(registration, participant):
    with pytest.raises(ValidationFailed) as failed:
        _save(registration, participant, origin=None)
    assert "origin" in failed.value.fields


def test_departure_must_be_after_arrival(registration, participant, event):
    with pytest.raises(ValidationFailed) as failed:
        _save(
            registration,
            participant,
            arrival=event.start,
            departure=event.start - timedelta(hours=1),
        )
    assert "departure" in failed.value.fields


def test_arrival_more_than_3_days_early_is_refused(registration, participant, event):
    with pytest.raises(ValidationFailed) as failed:
        _save(registration, participant, arrival=event.start - timedelta(days=3, hours=1))
    assert list(failed.value.fields) == ["arrival"]


def test_departure_more_than_3_days_after_the_end_is_refused(registration, participant, event):
    with pytest.raises(ValidationFailed) as failed:
        _save(registration, participant, departure=event.end + timedelta(days=3, hours=1))
    assert list(failed.value.fields) == ["departure"]


def test_travel_days_within_3_days_around_the_event_are_accepted(registration, participant, event):
    travel = _save(
        registration,
        participant,
        arrival=event.start - timedelta(days=3),
        departure=event.end + timedelta(days=3),
    )
    assert travel.departure - travel.arrival == event.end - event.start + timedelta(days=6)


def test_nothing_is_saved_when_validation_fails(registration, participant, event):
    with pytest.raises(ValidationFailed):
        _save(registration, participant, arrival=event.end + timedelta(days=1))
    assert not hasattr(Registration.objects.get(pk=registration.pk), "travel")


# --- band tables ---------------------------------------------------------------------------------


@pytest.fixture
def unconfirmed_band():
    return DistanceBand.objects.get(table__first_call_year=2024, min_km=3000)


def test_an_agency_admin_confirms_a_band_and_it_is_audited(
    make_user, host_agency, unconfirmed_band
):
    admin = make_user(agency=host_agency, role=AgencyMembership.Role.ADMIN)
    band = band_update(
        actor=admin,
        band=unconfirmed_band,
        standard_eur=Decimal("580"),
        green_eur=Decimal("655"),
        confirmed=True,
    )
    band.refresh_from_db()
    assert (band.standard_eur, band.green_eur, band.confirmed) == (
        Decimal("580"),
        Decimal("655"),
        True,
    )
    entry = AuditEntry.objects.get(action="update", object_id=str(band.pk))
    assert entry.changes["confirmed"] == [False, True]


def test_agency_staff_who_are_not_admins_cannot_change_bands(
    make_user, host_agency, unconfirmed_band
):
    staff = make_user(agency=host_agency)
    with pytest.raises(PermissionDenied):
        band_update(
            actor=staff,
            band=unconfirmed_band,
            standard_eur=Decimal("1"),
            green_eur=None,
            confirmed=True,
        )
    unconfirmed_band.refresh_from_db()
    assert unconfirmed_band.standard_eur is None


def test_a_confirmed_band_needs_a_standard_amount(make_user, host_agency, unconfirmed_band):
    admin = make_user(agency=host_agency, role=AgencyMembership.Role.ADMIN)
    with pytest.raises(ValidationFailed) as failed:
        band_update(
            actor=admin, band=unconfirmed_band, standard_eur=None, green_eur=None, confirmed=True
        )
    assert "standard_eur" in failed.value.fields
