import pytest

from kopa.directory.access import staff_scope
from kopa.directory.organisations import selectors, services
from kopa.directory.organisations.selectors import OrganisationFilters


@pytest.mark.django_db
def test_public_list_shows_only_organisations_that_consented(make_organisation):
    listed = make_organisation(public_listing=True)
    make_organisation(public_listing=False)
    assert list(selectors.public_organisation_list()) == [listed]


@pytest.mark.django_db
def test_free_text_search_ignores_accents_and_case(make_organisation):
    lasko = make_organisation(legal_name="Mladinski center Laško", city="Laško", public_listing=True)
    make_organisation(legal_name="Zavod Celje", city="Celje", public_listing=True)
    found = selectors.public_organisation_list(filters=OrganisationFilters(q="LASKO"))
    assert list(found) == [lasko]


@pytest.mark.django_db
def test_search_words_must_all_match(make_organisation):
    both = make_organisation(legal_name="Youth centre Riga", city="Rīga", public_listing=True)
    make_organisation(legal_name="Youth centre Ventspils", city="Ventspils", public_listing=True)
    assert list(selectors.public_organisation_list(filters=OrganisationFilters(q="youth riga"))) == [both]


@pytest.mark.django_db
def test_filters_combine_without_duplicating_rows(make_organisation):
    match = make_organisation(
        country="LV", city="Rīga", type="ngo", experience="none", can_host=True, public_listing=True,
        target_groups=["disability", "health"], languages=["lv", "en"],
    )
    make_organisation(country="LV", city="Rīga", type="ngo", experience="experienced", public_listing=True,
                      target_groups=["disability"], languages=["lv"])
    make_organisation(country="SI", city="Maribor", type="ngo", experience="none", can_host=True,
                      public_listing=True, target_groups=["disability"], languages=["en"])
    filters = OrganisationFilters(
        country=["LV"], type=["ngo"], experience=["none"], target_group=["disability", "health"],
        language=["lv", "en"], offers=["host"], city="rīga",
    )
    assert list(selectors.public_organisation_list(filters=filters)) == [match]


@pytest.mark.django_db
def test_staff_scope_is_their_agencies_inventory(make_agency, make_user, make_organisation):
    si, lv = make_agency(country="SI"), make_agency(country="LV")
    mine = make_organisation(agencies=[si])
    make_organisation(agencies=[lv])
    shared = make_organisation(agencies=[si, lv])
    officer = make_user(agency=si)
    assert set(staff_scope(officer)) == {mine, shared}


@pytest.mark.django_db
def test_people_without_a_role_have_no_staff_scope(make_user, make_organisation):
    make_organisation(public_listing=True)
    assert staff_scope(make_user()).count() == 0


@pytest.mark.django_db
def test_private_notes_of_another_agency_are_invisible(make_agency, make_user, make_organisation):
    si, lv = make_agency(country="SI"), make_agency(country="LV")
    shared = make_organisation(agencies=[si, lv])
    si_officer, lv_officer = make_user(agency=si), make_user(agency=lv)
    services.staff_note_add(actor=si_officer, agency=si, organisation=shared, text="Called them in May")
    services.tags_set(actor=si_officer, agency=si, organisation=shared, names=["priority"])
    assert selectors.staff_notes_for(user=lv_officer, organisation=shared).count() == 0
    assert selectors.tags_for(user=lv_officer, organisation=shared).count() == 0
    assert selectors.staff_notes_for(user=si_officer, organisation=shared).count() == 1


@pytest.mark.django_db
def test_tag_filter_only_uses_own_agencys_tags(make_agency, make_user, make_organisation):
    si, lv = make_agency(country="SI"), make_agency(country="LV")
    shared = make_organisation(agencies=[si, lv])
    si_officer, lv_officer = make_user(agency=si), make_user(agency=lv)
    services.tags_set(actor=si_officer, agency=si, organisation=shared, names=["priority"])
    assert list(selectors.staff_organisation_list(user=si_officer, filters=OrganisationFilters(tag="Priority"))) == [shared]
    assert list(selectors.staff_organisation_list(user=lv_officer, filters=OrganisationFilters(tag="priority"))) == []
