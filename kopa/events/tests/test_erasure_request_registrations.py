"""An agency granting an erasure request for someone without an account also erases the registrations
made with their address (as the access export of the same request lists them)."""

from datetime import date, timedelta

import pytest

from django.utils import timezone

from kopa.directory.models import DataProtectionRequest, Person
from kopa.directory.rules import dp_due_on
from kopa.events.models import Registration

K, S = DataProtectionRequest.Kind, DataProtectionRequest.Status
pytestmark = pytest.mark.django_db


def erasure_request(agency, **fields):
    received = date.today() - timedelta(days=2)
    return DataProtectionRequest.objects.create(agency=agency, kind=K.ERASURE, received_on=received,
                                                due_on=dp_due_on(received), subject_name="Nina Golob", **fields)


def test_an_erasure_without_an_account_reaches_the_persons_registrations(
        client, make_user, host_agency, make_event, make_registration):
    officer = make_user(agency=host_agency)
    past = make_event(start=timezone.now() - timedelta(days=30), end=timezone.now() - timedelta(days=29))
    person = Person.objects.create(first_name="Nina", last_name="Golob", email="nina.golob@example.org")
    theirs = make_registration(event=past, first_name="Nina", last_name="Golob", email="Nina.Golob@example.org")
    by_request_address = make_registration(event=past, first_name="Nina", last_name="G.",
                                           email="nina.private@example.org")
    someone_else = make_registration(event=past, first_name="Maja", email="maja@example.org")
    dp = erasure_request(host_agency, person=person, subject_email="nina.private@example.org")

    client.force_login(officer)
    assert client.post(f"/en/staff/data-protection/{dp.pk}/erase/", {"confirm": "on"}).status_code == 302

    assert DataProtectionRequest.objects.get(pk=dp.pk).status == S.DONE
    assert not Person.objects.filter(pk=person.pk).exists()
    for erased in (theirs, by_request_address):
        erased.refresh_from_db()
        assert (erased.first_name, erased.last_name, erased.email) == ("", "", "")
    someone_else.refresh_from_db()
    assert (someone_else.first_name, someone_else.email) == ("Maja", "maja@example.org")
    assert Registration.objects.filter(pk=theirs.pk).exists()  # kept, pseudonymised, for the counts


def test_an_erasure_with_an_account_also_reaches_the_request_address(
        client, make_user, host_agency, make_event, make_registration):
    officer = make_user(agency=host_agency)
    participant = make_user(email="eva.lipa@example.org")
    past = make_event(start=timezone.now() - timedelta(days=30), end=timezone.now() - timedelta(days=29))
    other_address = make_registration(event=past, first_name="Eva", email="eva.home@example.org")
    dp = erasure_request(host_agency, user=participant, subject_email="eva.home@example.org")

    client.force_login(officer)
    assert client.post(f"/en/staff/data-protection/{dp.pk}/erase/", {"confirm": "on"}).status_code == 302

    participant.refresh_from_db()
    assert not participant.is_active and participant.email == ""
    other_address.refresh_from_db()
    assert (other_address.first_name, other_address.email) == ("", "")
