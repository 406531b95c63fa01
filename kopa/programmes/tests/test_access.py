"""The programmes' gates: who may manage which partnership, and which organisations staff may link."""

import pytest

from kopa.core.errors import PermissionDenied
from kopa.programmes import access
from kopa.programmes.models import PartnershipMember


@pytest.mark.django_db
def test_staff_of_the_coordinator_or_a_member_agency_manage_a_partnership(si, lv, make_user, make_agency,
                                                                          make_partnership):
    partnership = make_partnership(coordinator=si)
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=lv)
    outsider = make_user(agency=make_agency(country="BE"))
    assert access.can_manage_partnership(make_user(agency=si), partnership)
    assert access.can_manage_partnership(make_user(agency=lv), partnership)
    assert not access.can_manage_partnership(outsider, partnership)
    with pytest.raises(PermissionDenied):
        access.require_partnership_manager(outsider, partnership)
    access.require_partnership_manager(make_user(superuser=True), partnership)
    access.require_partnership_manager(None, partnership, system=True)


@pytest.mark.django_db
def test_staff_link_organisations_in_their_inventory_or_the_public_directory(si, make_user, make_organisation):
    officer = make_user(agency=si)
    assert access.can_link_organisation(officer, make_organisation(agencies=[si]))
    assert access.can_link_organisation(officer, make_organisation(public_listing=True))
    assert not access.can_link_organisation(officer, make_organisation())
    assert access.can_link_organisation(None, make_organisation(), system=True)
