"""The demo events: from the seed pages, loaded once, with their participants; upcoming events are open."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from kopa.core import demo
from kopa.core.models import AuditEntry
from kopa.events.models import Attendance, Event, Registration
from kopa.events.registration.services import registration_create

S = Registration.Status
# A moment while the upcoming events take registrations.
BEFORE_THE_UPCOMING_EVENTS = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))


@pytest.fixture
def loaded(demo_once, db):
    return demo_once


def _event(title_contains: str) -> Event:
    return Event.objects.get(title__en__icontains=title_contains)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Event, Registration, Attendance, AuditEntry)}


def test_loading_the_demo_a_second_time_adds_no_events_registrations_or_audit_entries(loaded):
    first = _counts()
    demo.load_all()
    assert _counts() == first
    assert first["Event"] >= 25


def test_lasko_matchmaking_has_38_attended_participants_from_13_countries(loaded):
    lasko = _event("(Laško)")
    registrations = lasko.registrations.all()
    assert registrations.count() == 38
    assert set(registrations.values_list("status", flat=True)) == {S.ATTENDED}
    assert len(set(registrations.values_list("country_of_residence", flat=True))) == 13
    assert lasko.start.date().isoformat().startswith("2020-02")


def test_ormoz_peer_review_has_74_attended_participants_checked_in_on_the_day(loaded):
    ormoz = Event.objects.get(town="Ormož")
    assert ormoz.registrations.filter(status=S.ATTENDED).count() == 74
    assert Attendance.objects.filter(registration__event=ormoz, day="2018-12-06").count() == 74
    assert ormoz.project.acronym == "2SoKrog"
    assert ormoz.organiser_organisation is not None


def test_demo_people_are_invented_with_example_org_addresses(loaded):
    emails = Registration.objects.values_list("email", flat=True)
    assert emails
    assert all(email.endswith("@example.org") for email in emails)


def test_seed_events_keep_their_dates_places_and_partnerships(loaded):
    bled = _event("Labyrinth out of crisis")
    assert (bled.town, bled.start.date().isoformat()) == ("Bled", "2018-10-19")
    assert bled.partnership.slug == "social-inclusion"
    assert bled.strand.name["en"] == "Young people with health problems and disabilities"
    assert bled.cycle.name == "2018–2020"
    assert bled.latitude is not None
    tallinn = Event.objects.get(town="Tallinn")
    assert tallinn.start.astimezone(ZoneInfo("Europe/Tallinn")).date().isoformat() == "2018-11-18"
    assert tallinn.partnership.slug == "neet"


def test_events_with_only_a_month_in_the_source_say_their_date_is_illustrative(loaded):
    assert "illustrative" in _event("(Frankfurt)").description["en"]
    assert "illustrative" not in _event("Labyrinth out of crisis").description.get("en", "")


def test_the_2027_national_training_takes_registrations_first_come_first_served(loaded):
    training = _event("open national training")
    assert training.start.year == 2027
    assert training.capacity == 20
    assert training.registrations.filter(status=S.CONFIRMED).exists()
    registration, _created = registration_create(event=training, now=BEFORE_THE_UPCOMING_EVENTS, data={
        "first_name": "Eva", "last_name": "Testna", "email": "eva.new@example.org",
        "country_of_residence": "SI"})
    assert registration.status == S.CONFIRMED


def test_the_2027_riga_training_takes_applications_from_slovenia_and_latvia(loaded):
    riga = _event("Being together: international training")
    assert riga.registration_mode == Event.RegistrationMode.SELECTION
    assert riga.application_deadline.year == 2027
    assert set(riga.registrations.values_list("sending_country", flat=True)) == {"SI", "LV"}
    assert set(riga.registrations.values_list("status", flat=True)) == {S.APPLIED}
    registration, _created = registration_create(event=riga, now=BEFORE_THE_UPCOMING_EVENTS, data={
        "first_name": "Ilze", "last_name": "Testa", "email": "ilze.new@example.org",
        "country_of_residence": "LV"})
    assert registration.status == S.APPLIED
