"""Factories for campaigns and interactions; events factories come from the events tests."""

from datetime import date

import pytest

from kopa.events.tests.conftest import host_agency, make_event, make_registration, now, person_data  # noqa: F401
from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.interactions.services import interaction_create
from kopa.outreach.models import Campaign
from kopa.programmes.models import Cycle, Partnership, PartnershipMember, Strand


@pytest.fixture
def agency(make_agency):
    return make_agency(name="Slovenian agency", country="SI")


@pytest.fixture
def staff(make_user, agency):
    return make_user(agency=agency)


@pytest.fixture
def partnership(agency):
    partnership = Partnership.objects.create(
        name={"en": "Strategic Partnership on Social Inclusion"}, slug="social-inclusion", coordinator=agency
    )
    PartnershipMember.objects.create(partnership=partnership, country="SI", agency=agency)
    return partnership


@pytest.fixture
def cycle(partnership):
    return Cycle.objects.create(partnership=partnership, name="2016–2018", start=date(2016, 2, 1), end=date(2018, 12, 31))


@pytest.fixture
def strand(partnership):
    return Strand.objects.create(partnership=partnership, name={"en": "Young people from deprived areas"})


@pytest.fixture
def make_campaign(agency, cycle, strand):
    def make(**fields):
        fields.setdefault("agency", agency)
        fields.setdefault("name", {"en": "Reaching deprived areas", "sl": "Doseči prikrajšana območja"})
        fields.setdefault("cycle", cycle)
        fields.setdefault("strand", strand)
        fields.setdefault("start", date(2016, 2, 1))
        fields.setdefault("end", date(2018, 12, 31))
        owners = fields.pop("owners", ())
        campaign = Campaign.objects.create(**fields)
        campaign.owners.set(owners)
        return campaign

    return make


@pytest.fixture
def record():
    """Record an interaction as Kopa itself would (no permission check), dated in the campaign."""

    def make(campaign, organisation, kind, *, on=date(2017, 1, 10), **data):
        data.setdefault("occurred_on", on)
        return interaction_create(
            actor=None, campaign=campaign, organisation=organisation, kind=kind, data=data, system=True
        )

    return make


@pytest.fixture
def target():
    def add(campaign, organisation):
        ensure_target(campaign=campaign, organisation=organisation, actor=None, source="manual")

    return add
