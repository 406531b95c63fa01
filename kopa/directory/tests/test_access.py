"""The directory's gates: who may see and manage which organisations and people."""

import pytest

from kopa.core.errors import NotFound, PermissionDenied
from kopa.directory import access
from kopa.directory.models import Affiliation, Person, Representative


@pytest.fixture
def world(make_agency, make_user, make_organisation):
    agency = make_agency()
    mine, listed, hidden = (make_organisation(agencies=[agency]), make_organisation(public_listing=True),
                            make_organisation())
    representative = make_user()
    Representative.objects.create(user=representative, organisation=hidden,
                                  status=Representative.Status.APPROVED)
    return {"officer": make_user(agency=agency), "representative": representative, "stranger": make_user(),
            "mine": mine, "listed": listed, "hidden": hidden}


def test_staff_manage_their_inventory_and_representatives_their_own_organisation(world):
    officer, rep, stranger = world["officer"], world["representative"], world["stranger"]
    assert access.can_manage_organisation(officer, world["mine"])
    assert not access.can_manage_organisation(officer, world["hidden"])
    assert access.can_manage_organisation(rep, world["hidden"])
    assert not access.can_manage_organisation(rep, world["mine"])
    assert not access.can_manage_organisation(stranger, world["listed"])
    assert access.can_view_organisation(stranger, world["listed"])
    assert not access.can_view_organisation(stranger, world["hidden"])


def test_representing_an_organisation_does_not_put_it_in_an_inventory(world):
    assert not access.in_inventory(world["representative"], world["hidden"])
    with pytest.raises(PermissionDenied):
        access.require_in_inventory(world["representative"], world["hidden"])
    with pytest.raises(PermissionDenied):
        access.require_in_inventory(world["officer"], world["mine"], world["listed"])
    access.require_in_inventory(world["officer"], world["mine"])


def test_organisation_in_inventory_is_not_found_for_garbled_or_foreign_ids(world):
    officer = world["officer"]
    assert access.organisation_in_inventory(user=officer, pk=str(world["mine"].pk)) == world["mine"]
    for pk in ("abc", None, world["listed"].pk):
        with pytest.raises(NotFound):
            access.organisation_in_inventory(user=officer, pk=pk)


def test_organisation_for_edit_tells_missing_from_forbidden(world):
    with pytest.raises(NotFound):
        access.organisation_for_edit(user=world["officer"], pk=world["hidden"].pk + 1000)
    with pytest.raises(PermissionDenied):
        access.organisation_for_edit(user=world["officer"], pk=world["hidden"].pk)
    assert access.represented_organisation(user=world["representative"], pk=world["hidden"].pk) == world["hidden"]
    with pytest.raises(NotFound):
        access.represented_organisation(user=world["officer"], pk=world["hidden"].pk)


def test_people_are_managed_by_staff_of_their_organisations_and_by_themselves(world):
    contact = Person.objects.create(first_name="Ana", last_name="Novak")
    Affiliation.objects.create(person=contact, organisation=world["mine"], role=Affiliation.Role.CONTACT)
    own = Person.objects.create(first_name="Own", last_name="Record", user=world["stranger"])
    assert access.can_manage_person(world["officer"], contact)
    assert not access.can_manage_person(world["representative"], contact)
    assert access.can_manage_person(world["stranger"], own)
    assert access.can_manage_people(world["officer"], [contact])
    assert not access.can_manage_people(world["officer"], [contact, own])
    with pytest.raises(PermissionDenied):
        access.require_person_manager(world["representative"], contact)
    access.require_person_manager(None, contact, system=True)
