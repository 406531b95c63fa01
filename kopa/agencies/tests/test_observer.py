"""The observer role: an agency admin invites an observer or makes a colleague one (audited); an
observer reads what the agency's staff read and changes nothing. Admin rights are checked in the
services, not only on the page."""

import pytest

from kopa.agencies import services
from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import AgencyMembership
from kopa.agencies.selectors import (
    is_agency_member,
    is_agency_writer,
    is_read_only_staff,
    staff_agency_ids,
    staff_members,
    writer_agency_ids,
)
from kopa.core.errors import PermissionDenied
from kopa.core.models import AuditEntry

Role = AgencyMembership.Role
pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def admin(make_user, agency):
    return make_user(agency=agency, role=Role.ADMIN)


def test_the_admin_invites_an_observer_from_the_team_page(client, agency, admin):
    client.force_login(admin)
    page = client.get(f"/en/staff/agencies/{agency.slug}/team/").content.decode()
    assert '<option value="observer">Agency observer</option>' in page

    response = client.post(f"/en/staff/agencies/{agency.slug}/team/",
                           {"email": "olga@example.org", "role": "observer"})

    assert response.status_code == 302
    membership = AgencyMembership.objects.get(user__email="olga@example.org")
    assert membership.role == Role.OBSERVER
    assert AuditEntry.objects.filter(object_id=str(agency.pk)).last().changes == {
        "member_added": [None, "olga@example.org (observer)"]}


def test_the_admin_makes_a_colleague_an_observer_audited(client, agency, admin, make_user):
    colleague = make_user(agency=agency, email="luka@example.org")
    membership = AgencyMembership.objects.get(user=colleague)
    client.force_login(admin)

    client.post(f"/en/staff/agencies/{agency.slug}/team/{membership.pk}/role/", {f"m{membership.pk}-role": "observer"})

    membership.refresh_from_db()
    assert membership.role == Role.OBSERVER
    assert AuditEntry.objects.filter(object_id=str(agency.pk)).last().changes == {
        "member_role": ["luka@example.org (staff)", "luka@example.org (observer)"]}


def test_an_observer_reads_but_may_change_nothing(agency, make_user, make_agency):
    observer = make_user(agency=agency, role=Role.OBSERVER)
    assert staff_agency_ids(observer) == {agency.pk} and is_agency_member(observer, agency.pk)
    assert writer_agency_ids(observer) == set() and not is_agency_writer(observer, agency.pk)
    assert is_read_only_staff(observer)
    with pytest.raises(PermissionDenied):
        require_agency_staff(observer, agency)
    assert observer not in staff_members([agency.pk])  # nobody assigns work to an observer

    # Staff of another agency and observer of this one: changes there, only reads here.
    other = make_agency(country="LV")
    AgencyMembership.objects.create(agency=other, user=observer, role=Role.STAFF)
    observer = type(observer).objects.get(pk=observer.pk)  # the answers are cached per user object
    assert writer_agency_ids(observer) == {other.pk} and not is_read_only_staff(observer)
    with pytest.raises(PermissionDenied):
        require_agency_staff(observer, agency)


@pytest.mark.parametrize("role", [Role.STAFF, Role.OBSERVER])
def test_only_admins_manage_the_team_even_without_the_page(agency, admin, make_user, role):
    member = make_user(agency=agency, role=role)
    target = AgencyMembership.objects.get(user=admin)
    with pytest.raises(PermissionDenied):
        services.member_invite(actor=member, agency=agency, email="x@example.org", role="staff",
                               language="en", base_url="https://kopa.example")
    with pytest.raises(PermissionDenied):
        services.member_role_set(actor=member, membership=target, role="observer")
    with pytest.raises(PermissionDenied):
        services.member_remove(actor=member, membership=target)
    assert AgencyMembership.objects.filter(agency=agency).count() == 2


def test_the_observer_sees_the_team_without_its_controls(client, agency, admin, make_user):
    client.force_login(make_user(agency=agency, role=Role.OBSERVER))
    page = client.get(f"/en/staff/agencies/{agency.slug}/team/").content.decode()
    assert admin.email in page and "Invite a colleague" not in page and "<form" not in page.split("<main")[-1]
