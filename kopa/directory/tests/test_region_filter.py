"""The region filter: "organisations in region X that have never taken part in the programme"."""

import pytest

from django.urls import reverse

from kopa.directory.organisations import selectors
from kopa.directory.organisations.forms import DirectoryFilterForm
from kopa.directory.organisations.selectors import OrganisationFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(make_agency):
    return make_agency(country="LV")


@pytest.fixture
def officer(make_user, agency):
    return make_user(agency=agency)


@pytest.fixture
def organisations(agency, make_organisation):
    return {
        "cesis": make_organisation(legal_name="Biedrība Ozols", country="LV", city="Cēsis", region="Vidzeme",
                                   experience="none", agencies=[agency]),
        "valmiera": make_organisation(legal_name="Jauniešu centrs", country="LV", city="Valmiera",
                                      region="Vidzeme", experience="experienced", agencies=[agency]),
        "liepaja": make_organisation(legal_name="Liepājas NVO", country="LV", city="Liepāja", region="Kurzeme",
                                     experience="none", agencies=[agency]),
        "ludza": make_organisation(legal_name="Ludzas biedrība", country="LV", city="Ludza", region="Latgalē",
                                   experience="none", agencies=[agency]),
    }


def _names(qs) -> set[str]:
    return {org.legal_name for org in qs}


def test_the_region_filter_matches_part_of_the_region_ignoring_case(officer, organisations):
    found = selectors.staff_organisation_list(user=officer, filters=OrganisationFilters(region="vidz"))
    assert _names(found) == {"Biedrība Ozols", "Jauniešu centrs"}


def test_the_region_filter_ignores_accents(officer, organisations):
    found = selectors.staff_organisation_list(user=officer, filters=OrganisationFilters(region="latgale"))
    assert _names(found) == {"Ludzas biedrība"}


def test_region_and_no_programme_experience_together(officer, organisations):
    filters = OrganisationFilters(region="Vidzeme", experience=["none"])
    assert _names(selectors.staff_organisation_list(user=officer, filters=filters)) == {"Biedrība Ozols"}


def test_a_region_nobody_is_in_matches_nobody(officer, organisations):
    found = selectors.staff_organisation_list(user=officer, filters=OrganisationFilters(region="Zemgale"))
    assert list(found) == []


def test_the_filter_form_passes_the_region_on():
    form = DirectoryFilterForm({"region": " Vidzeme "})
    assert form.is_valid()
    assert form.to_filters().region == "Vidzeme"


def test_the_staff_directory_filters_by_region(client, officer, organisations):
    client.force_login(officer)
    body = client.get(reverse("directory:staff_list"), {"region": "kurzeme"}).content.decode()
    assert 'name="region"' in body
    assert "Liepājas NVO" in body and "Biedrība Ozols" not in body
