"""Every big API list costs the same number of queries for 5 rows as for 50: a query per row (a
serializer reading a relation that was not fetched with the list) fails these tests."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kopa.api.tests.outreach_support import *  # noqa: F403 (the shared outreach and event factories)
from kopa.api.tests.outreach_support import K
from kopa.directory.models import Organisation, OrganisationTag
from kopa.events.models import Registration
from kopa.outreach.models import Interaction

pytestmark = pytest.mark.django_db

ALL_ROWS = {"page_size": 100}


def queries_of(client, path: str, params=None) -> tuple[int, dict]:
    """Queries of the second of two identical requests (the first one also notes the token's use)."""
    client.get(path, {**ALL_ROWS, **(params or {})})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {**ALL_ROWS, **(params or {})})
    assert response.status_code == 200, response.content
    return len(captured), response.json()


def test_organisation_list_queries_do_not_grow_with_rows(api, org, agency):
    def grow(count):
        for _n in range(count):
            made = org(target_groups=["disability", "neet"], languages=["sl", "en"], public_listing=True,
                       type=Organisation.Type.YOUTH_CENTRE)
            OrganisationTag.objects.create(agency=agency, organisation=made, name=f"tag-{made.pk % 3}")

    grow(5)
    few, body = queries_of(api, "/api/v1/organisations/")
    assert body["count"] == 5
    grow(45)
    many, body = queries_of(api, "/api/v1/organisations/")
    assert body["count"] == 50 and len(body["results"]) == 50
    assert many == few


def test_event_list_queries_do_not_grow_with_rows(api, make_event, host_agency, make_user):
    def grow(count):
        for _n in range(count):
            make_event(organiser_agency=host_agency)

    grow(5)
    few, body = queries_of(api, "/api/v1/events/")
    assert body["count"] == 5
    grow(45)
    many, body = queries_of(api, "/api/v1/events/")
    assert body["count"] == 50 and len(body["results"]) == 50
    assert many == few


def test_registration_list_queries_do_not_grow_with_rows(client_for, make_event, make_registration, host_agency,
                                                         make_user, make_organisation):
    organiser = make_user(agency=host_agency)
    api = client_for(organiser)
    event = make_event(capacity=100)

    def grow(count):
        for _n in range(count):
            make_registration(event=event, organisation=make_organisation(agencies=[host_agency]),
                              user=make_user(), status=Registration.Status.CONFIRMED)

    grow(5)
    few, body = queries_of(api, f"/api/v1/events/{event.pk}/registrations/")
    assert body["count"] == 5
    grow(45)
    many, body = queries_of(api, f"/api/v1/events/{event.pk}/registrations/")
    assert body["count"] == 50 and len(body["results"]) == 50
    assert many == few


def test_interaction_list_queries_do_not_grow_with_rows(api, make_campaign, org, record, staff):
    campaign = make_campaign()
    kinds = [(K.INVITATION, {"channel": "email"}), (K.INFO_MEETING, {"meeting_type": "meeting"})]

    def grow(count):
        for n in range(count):
            kind, data = kinds[n % len(kinds)]
            record(campaign, org(), kind, **data)

    grow(5)
    few, body = queries_of(api, f"/api/v1/campaigns/{campaign.pk}/interactions/")
    assert body["count"] == 5
    grow(45)
    many, body = queries_of(api, f"/api/v1/campaigns/{campaign.pk}/interactions/")
    assert body["count"] == 50 and len(body["results"]) == 50
    assert Interaction.objects.filter(campaign=campaign).count() == 50
    assert many == few
