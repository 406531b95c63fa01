"""Fixtures and helpers shared by the tests of the interaction pages."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from django.urls import reverse

from kopa.outreach.interactions.services import interaction_create
from kopa.outreach.models import Interaction

pytestmark = pytest.mark.django_db
K = Interaction.Kind
TZ = ZoneInfo("Europe/Ljubljana")
SECRET = "Worried about the treasurer"


@pytest.fixture
def owner(make_user, agency):
    return make_user(agency=agency, first_name="Maja", last_name="Krajnc")


@pytest.fixture
def campaign(make_campaign, owner):
    return make_campaign(owners=[owner])


@pytest.fixture
def org(make_organisation, agency):
    return make_organisation(
        legal_name="Mladinski center Trbovlje", city="Trbovlje", agencies=[agency]
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def create_url(campaign, **query):
    url = reverse("outreach:interaction_create", args=[campaign.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def post(client, campaign, kind, **data):
    return client.post(create_url(campaign, kind=kind), data)


def read_body(response) -> bytes:
    """The body of a response; reading a streamed one to the end also closes its file."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def record_coaching(campaign, org, *, author, coach, private_notes=SECRET):
    return interaction_create(
        actor=author,
        campaign=campaign,
        organisation=org,
        kind=K.COACHING,
        data={
            "occurred_on": date(2017, 2, 1),
            "coach": coach,
            "duration_minutes": 90,
            "topics": "Budget",
            "next_steps": "Draft the activity plan",
            "private_notes": private_notes,
            "notes": "Went well",
        },
    )
