"""Fixtures and helpers shared by the outreach API tests (campaigns, interactions, the funnel)."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from kopa.outreach.models import Interaction
from kopa.outreach.tests import conftest as outreach_fixtures
from kopa.programmes.models import PartnershipMember

K = Interaction.Kind
TZ = ZoneInfo("Europe/Ljubljana")

# The outreach app's factories (and, through them, the events app's), shared with its own tests.
agency = outreach_fixtures.agency
staff = outreach_fixtures.staff
partnership = outreach_fixtures.partnership
cycle = outreach_fixtures.cycle
strand = outreach_fixtures.strand
make_campaign = outreach_fixtures.make_campaign
record = outreach_fixtures.record
target = outreach_fixtures.target
host_agency = outreach_fixtures.host_agency
make_event = outreach_fixtures.make_event
make_registration = outreach_fixtures.make_registration
person_data = outreach_fixtures.person_data


@pytest.fixture
def latvian_agency(make_agency):
    return make_agency(name="Latvian agency", country="LV")


@pytest.fixture
def latvian_staff(make_user, latvian_agency):
    return make_user(agency=latvian_agency)


@pytest.fixture
def participant(make_user):
    return make_user(first_name="Jana", last_name="Krūmiņa")


@pytest.fixture
def api(client_for, staff):
    """The Slovenian officer's API client."""
    return client_for(staff)


@pytest.fixture
def org(make_organisation, agency):
    """An organisation in the Slovenian agency's inventory."""

    def make(**fields):
        fields.setdefault("agencies", [agency])
        return make_organisation(**fields)

    return make


@pytest.fixture
def campaign(make_campaign):
    return make_campaign()


@pytest.fixture
def latvian_campaign(make_campaign, latvian_agency, cycle, strand, partnership):
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=latvian_agency)
    return make_campaign(agency=latvian_agency, name={"en": "Būt kopā", "lv": "Būt kopā"})


def ids(response):
    return [item["id"] for item in response.json()["results"]]


def fields_of(response):
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    return set(error["fields"])


def small_funnel(campaign, org, record):
    """10 invited, 7 respond, 5 of those attend, 3 apply, 2 are approved."""
    organisations = [org(legal_name=f"Organisation {i:02d}") for i in range(10)]
    for i, organisation in enumerate(organisations):
        record(campaign, organisation, K.INVITATION, channel="email", on=date(2016, 3, 1))
        if i < 7:
            record(campaign, organisation, K.RESPONSE, answer="interested", on=date(2016, 3, 11))
        if i < 5:
            record(campaign, organisation, K.ATTENDANCE, on=date(2016, 5, 20))
        if i < 3:
            record(
                campaign, organisation, K.APPLICATION, action_type="KA210-YOU", on=date(2016, 10, 4)
            )
        if i < 2:
            record(campaign, organisation, K.DECISION, outcome="approved", on=date(2017, 1, 30))
    return organisations


def figures(result):
    return [
        {
            "stage": f.stage,
            "label": f.label,
            "count": f.count,
            "count_reason": None if f.measured else "not_measured",
            "campaigns": f.campaigns,
            "conversion": f.conversion,
            "conversion_reason": f.conversion_reason,
            "median_days": f.median_days,
        }
        for f in result.stages
    ]
