import pytest

from django.utils import translation
from django.utils.text import capfirst

from kopa.directory.models import Organisation, Representative, StaffNote


@pytest.mark.django_db
def test_public_directory_lists_and_filters(client, make_organisation):
    make_organisation(legal_name="Mladinski center Laško", city="Laško", public_listing=True)
    make_organisation(legal_name="Hidden zavod", city="Laško", public_listing=False)
    response = client.get("/en/directory/", {"q": "lasko"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mladinski center Laško" in body
    assert "Hidden zavod" not in body


@pytest.mark.django_db
def test_invalid_filter_value_is_explained_next_to_the_field(client, make_organisation):
    make_organisation(public_listing=True)
    response = client.get("/en/directory/", {"country": "XX"})
    assert response.status_code == 200
    assert 'id="id_country_errors"' in response.content.decode()


@pytest.mark.django_db
def test_directory_paginates(client, make_organisation):
    for _ in range(25):
        make_organisation(public_listing=True)
    first = client.get("/en/directory/").content.decode()
    second = client.get("/en/directory/", {"page": 2}).content.decode()
    assert first.count('class="card"') == 20
    assert second.count('class="card"') == 5


@pytest.mark.django_db
def test_unlisted_profile_is_not_public(client, make_organisation):
    org = make_organisation(public_listing=False)
    assert client.get(f"/en/directory/{org.pk}/").status_code == 404


@pytest.mark.django_db
def test_profile_in_slovenian_shows_slovenian_description(client, make_organisation):
    org = make_organisation(public_listing=True, description={"en": "Youth work", "sl": "Mladinsko delo"})
    assert "Mladinsko delo" in client.get(f"/sl/directory/{org.pk}/").content.decode()
    assert "Youth work" in client.get(f"/lv/directory/{org.pk}/").content.decode()


@pytest.mark.django_db
def test_back_office_is_hidden_from_people_without_an_agency_role(client, make_user):
    client.force_login(make_user())
    assert client.get("/en/staff/organisations/").status_code == 404


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_back_office(client):
    response = client.get("/en/staff/organisations/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_adds_note_and_other_agency_never_sees_it(client, make_agency, make_user, make_organisation):
    si, lv = make_agency(country="SI"), make_agency(country="LV")
    shared = make_organisation(agencies=[si, lv])
    si_officer, lv_officer = make_user(agency=si), make_user(agency=lv)
    client.force_login(si_officer)
    response = client.post(f"/en/staff/organisations/{shared.pk}/", {"note-text": "Met them at Bled"})
    assert response.status_code == 302
    assert StaffNote.objects.filter(organisation=shared, agency=si).count() == 1
    client.force_login(lv_officer)
    page = client.get(f"/en/staff/organisations/{shared.pk}/").content.decode()
    assert "Met them at Bled" not in page


@pytest.mark.django_db
def test_staff_cannot_open_organisation_outside_scope(client, make_agency, make_user, make_organisation):
    org = make_organisation(agencies=[make_agency(country="LV")])
    client.force_login(make_user(agency=make_agency(country="SI")))
    assert client.get(f"/en/staff/organisations/{org.pk}/").status_code == 404
    response = client.post(f"/en/staff/organisations/{org.pk}/edit/", {"legal_name": "Taken over"})
    assert response.status_code == 404
    org.refresh_from_db()
    assert org.legal_name != "Taken over"


def _form(org_name="Biedrība Jaunieši", **extra):
    data = {"legal_name": org_name, "type": "ngo", "country": "LV", "city": "Rēzekne", "experience": "none",
            "accessibility": "unknown", "oid": "", "description_en": "Outreach to NEET young people",
            "description_lv": "Darbs ar NEET jauniešiem"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_staff_creates_organisation_through_the_form(client, make_agency, make_user):
    agency = make_agency(country="LV")
    client.force_login(make_user(agency=agency))
    response = client.post("/en/staff/organisations/new/", _form())
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert org.description == {"en": "Outreach to NEET young people", "lv": "Darbs ar NEET jauniešiem"}
    assert list(org.agencies.all()) == [agency]


@pytest.mark.django_db
def test_form_errors_appear_next_to_fields_and_nothing_is_saved(client, make_agency, make_user):
    client.force_login(make_user(agency=make_agency()))
    response = client.post("/en/staff/organisations/new/", _form(org_name="", oid="E12"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_legal_name_errors"' in body and 'id="id_oid_errors"' in body
    assert 'aria-describedby="id_oid_help id_oid_errors"' in body
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_form_errors_are_in_the_users_language(client, make_agency, make_user):
    client.force_login(make_user(agency=make_agency()))
    response = client.post("/sl/staff/organisations/new/", _form(org_name=""))
    assert "To polje je obvezno." in response.content.decode()


@pytest.mark.django_db
def test_representative_edits_own_organisation_in_my_area(client, make_user, make_organisation):
    own, other = make_organisation(country="LV", city="Cēsis"), make_organisation()
    rep = make_user()
    Representative.objects.create(user=rep, organisation=own, status=Representative.Status.APPROVED)
    client.force_login(rep)
    response = client.post(f"/en/my/organisations/{own.pk}/edit/", _form(org_name="Cēsu jauniešu centrs"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.legal_name == "Cēsu jauniešu centrs"
    assert client.post(f"/en/my/organisations/{other.pk}/edit/", _form()).status_code == 404
    assert client.get(f"/en/staff/organisations/{own.pk}/").status_code == 404


@pytest.mark.django_db
def test_change_history_is_shown_to_staff(client, make_agency, make_user, make_organisation):
    agency = make_agency()
    org = make_organisation(agencies=[agency], city="Celje")
    officer = make_user(agency=agency)
    client.force_login(officer)
    client.post(f"/en/staff/organisations/{org.pk}/edit/", _form(org_name=org.legal_name, country="SI", city="Velenje"))
    page = client.get(f"/en/staff/organisations/{org.pk}/").content.decode()
    assert "Change history" in page and "Velenje" in page and officer.username in page


@pytest.mark.django_db
def test_malformed_representative_decision_is_404_and_changes_nothing(
    client, make_agency, make_user, make_organisation
):
    agency = make_agency()
    org = make_organisation(agencies=[agency])
    rep = Representative.objects.create(user=make_user(), organisation=org)
    client.force_login(make_user(agency=agency))
    for value in ("abc", "", str(rep.pk + 1000)):
        response = client.post(f"/en/staff/organisations/{org.pk}/", {"representative": value, "decision": "approve"})
        assert response.status_code == 404
    rep.refresh_from_db()
    assert rep.status == Representative.Status.PENDING


@pytest.mark.django_db
def test_staff_clears_every_tag_of_their_agency(client, make_agency, make_user, make_organisation):
    agency = make_agency()
    org = make_organisation(agencies=[agency])
    client.force_login(make_user(agency=agency))
    client.post(f"/en/staff/organisations/{org.pk}/", {"tags-tags": "priority, rural"})
    assert sorted(org.tags.values_list("name", flat=True)) == ["priority", "rural"]
    response = client.post(f"/en/staff/organisations/{org.pk}/", {"tags-tags": ""})
    assert response.status_code == 302
    assert not org.tags.exists()


@pytest.mark.django_db
def test_staff_approves_a_representation_request(client, make_agency, make_user, make_organisation):
    agency = make_agency()
    org = make_organisation(agencies=[agency])
    rep = Representative.objects.create(user=make_user(), organisation=org)
    client.force_login(make_user(agency=agency))
    response = client.post(f"/en/staff/organisations/{org.pk}/", {"representative": rep.pk, "decision": "approve"})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.status == Representative.Status.APPROVED


@pytest.mark.django_db
def test_change_history_reads_in_the_readers_language_with_names_not_codes(
    client, make_agency, make_user, make_organisation
):
    agency = make_agency()
    org = make_organisation(agencies=[agency], city="Celje", country="SI", type="ngo")
    client.force_login(make_user(agency=agency))
    client.post(f"/en/staff/organisations/{org.pk}/edit/",
                _form(org_name=org.legal_name, country="LV", city="Celje", type="youth_centre"))
    page = client.get(f"/sl/staff/organisations/{org.pk}/").content.decode()
    history = page.split('id="history-heading"')[1]
    with translation.override("sl"):
        type_label = capfirst(str(Organisation._meta.get_field("type").verbose_name))
        youth_centre = str(Organisation.Type.YOUTH_CENTRE.label)
    assert "Slovenija → Latvija" in history
    assert f"{type_label}: " in history and f"→ {youth_centre}" in history
    assert "youth_centre" not in history and "<code>" not in history
