"""Every staff list page costs the same number of queries for 5 rows as for 50 (a full page): a
query per row (a template reading a relation that was not fetched with the list) fails these tests."""

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kopa.api.tests.outreach_support import *  # noqa: F403 (the shared outreach and event factories)
from kopa.api.tests.outreach_support import K
from kopa.directory.models import Organisation, OrganisationTag
from kopa.events.models import Registration

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries_of(client, path: str) -> tuple[int, bytes]:
    """Queries of the second of two identical requests (the first fills what a session keeps)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content


def test_staff_directory_queries_do_not_grow_with_rows(staff, org, agency):
    client = signed_in(staff)

    def grow(count):
        for _n in range(count):
            made = org(target_groups=["disability", "neet"], languages=["sl", "en"],
                       type=Organisation.Type.YOUTH_CENTRE)
            OrganisationTag.objects.create(agency=agency, organisation=made, name=f"tag-{made.pk % 3}")

    grow(5)
    few, _page = queries_of(client, "/en/staff/organisations/")
    grow(45)
    many, page = queries_of(client, "/en/staff/organisations/")
    assert page.count(b"Organisation ") >= 20  # a full page
    assert many == few


def test_staff_event_list_queries_do_not_grow_with_rows(make_user, make_event, host_agency):
    client = signed_in(make_user(agency=host_agency))

    def grow(count):
        for _n in range(count):
            make_event(organiser_agency=host_agency)

    grow(5)
    few, _page = queries_of(client, "/en/staff/events/")
    grow(45)
    many, page = queries_of(client, "/en/staff/events/")
    assert page.count(b"Inclusion training") >= 25
    assert many == few


def test_registration_list_page_queries_do_not_grow_with_rows(make_user, make_event, make_registration,
                                                              host_agency, make_organisation):
    client = signed_in(make_user(agency=host_agency))
    event = make_event(capacity=100)

    def grow(count):
        for _n in range(count):
            make_registration(event=event, organisation=make_organisation(agencies=[host_agency]),
                              user=make_user(), status=Registration.Status.CONFIRMED)

    path = f"/en/staff/events/{event.pk}/registrations/"
    grow(5)
    few, _page = queries_of(client, path)
    grow(45)
    many, page = queries_of(client, path)
    assert page.count(b"Testna") >= 50
    assert many == few


def test_campaign_page_queries_do_not_grow_with_rows(staff, make_campaign, org, record):
    client = signed_in(staff)
    campaign = make_campaign()
    kinds = [(K.INVITATION, {"channel": "email"}), (K.INFO_MEETING, {"meeting_type": "meeting"})]

    def grow(count):
        for n in range(count):
            kind, data = kinds[n % len(kinds)]
            record(campaign, org(), kind, **data)

    path = f"/en/staff/outreach/{campaign.pk}/"
    grow(5)
    few, _page = queries_of(client, path)
    grow(45)
    many, page = queries_of(client, path)
    assert page.count(b"Organisation ") >= 10
    assert many == few
