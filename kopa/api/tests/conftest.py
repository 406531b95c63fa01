import pytest
from rest_framework.test import APIClient

from django.core.cache import cache

from kopa.api.services import token_create
from kopa.api.tests import outreach_support
from kopa.directory.models import Organisation, Representative


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """Throttle counters live in the cache; each test starts with none, so no test hits a limit."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client(db):
    return APIClient()


@pytest.fixture
def client_for(db):
    """An API client that sends a real personal token of `user`."""

    def make(user):
        _token, key = token_create(user=user, name="Test script")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def world(make_agency, make_user, make_organisation):
    """Two agencies, their inventories, public and unlisted organisations, and the people around them."""
    si = make_agency(country="SI")
    lv = make_agency(country="LV")
    w = {"si": si, "lv": lv}
    w["si_staff"] = make_user(agency=si)
    w["lv_staff"] = make_user(agency=lv)
    w["participant"] = make_user()
    w["representative"] = make_user()
    w["public_si"] = make_organisation(legal_name="Mladinski center Laško", city="Laško", public_listing=True,
                                       agencies=[si], target_groups=["disability"], languages=["sl", "en"],
                                       type=Organisation.Type.YOUTH_CENTRE, can_host=True)
    w["private_si"] = make_organisation(legal_name="Zavod Ormož", city="Ormož", agencies=[si],
                                        target_groups=["neet"], experience=Organisation.Experience.EXPERIENCED)
    w["public_lv"] = make_organisation(legal_name="Biedrība Sigulda", country="LV", city="Sigulda",
                                       public_listing=True, agencies=[lv], languages=["lv"], can_send=True)
    w["private_lv"] = make_organisation(legal_name="Jauniešu centrs Rīga", country="LV", city="Rīga", agencies=[lv])
    w["represented"] = make_organisation(legal_name="Društvo Bled", city="Bled")
    Representative.objects.create(user=w["representative"], organisation=w["represented"],
                                  status=Representative.Status.APPROVED)
    return w


# The outreach API tests' fixtures (campaigns, interactions, and the events factories behind them).
agency = outreach_support.agency
staff = outreach_support.staff
partnership = outreach_support.partnership
cycle = outreach_support.cycle
strand = outreach_support.strand
make_campaign = outreach_support.make_campaign
record = outreach_support.record
target = outreach_support.target
host_agency = outreach_support.host_agency
make_event = outreach_support.make_event
make_registration = outreach_support.make_registration
person_data = outreach_support.person_data
latvian_agency = outreach_support.latvian_agency
latvian_staff = outreach_support.latvian_staff
participant = outreach_support.participant
api = outreach_support.api
org = outreach_support.org
campaign = outreach_support.campaign
latvian_campaign = outreach_support.latvian_campaign
