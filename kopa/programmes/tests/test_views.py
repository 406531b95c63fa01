import datetime as dt

import pytest

from kopa.directory.models import Affiliation, Person, TargetGroup
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    ProjectPartner,
    Strand,
)


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client


# --- public pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_project_list_shows_funded_projects_only_and_filters_by_programme(
        client, si, make_project):
    make_project(agency=si, acronym="2SoKrog", programme="interreg", status="running")
    make_project(agency=si, acronym="INCLUDE", programme="erasmus_plus", action="KA220-YOU", status="completed")
    make_project(agency=si, acronym="SECRETPLAN", status="planned")
    body = client.get("/en/programmes/projects/").content.decode()
    assert "2SoKrog" in body and "INCLUDE" in body and "SECRETPLAN" not in body
    filtered = client.get("/en/programmes/projects/", {"programme": "erasmus_plus"}).content.decode()
    assert "INCLUDE" in filtered and "2SoKrog" not in filtered
    by_action = client.get("/en/programmes/projects/", {"action": "ka220"}).content.decode()
    assert "INCLUDE" in by_action and "2SoKrog" not in by_action
    by_status = client.get("/en/programmes/projects/", {"status": "completed"}).content.decode()
    assert "INCLUDE" in by_status and "2SoKrog" not in by_status


@pytest.mark.django_db
def test_public_project_page_shows_lead_partners_with_countries_and_description_in_language(
        client, si, make_project, make_organisation):
    lead = make_organisation(legal_name="Center ponovne uporabe", public_listing=True)
    project = make_project(agency=si, lead=lead, acronym="2SoKrog", start=dt.date(2024, 1, 1),
                           end=dt.date(2026, 6, 30), description={"en": "Reuse centres", "sl": "Centri ponovne uporabe"})
    partner = make_organisation(legal_name="Udruga Zeleni", country="HR", city="Čakovec")
    ProjectPartner.objects.create(project=project, organisation=partner, country="HR")
    body = client.get(f"/sl/programmes/projects/{project.pk}/").content.decode()
    assert "Center ponovne uporabe" in body and "Udruga Zeleni" in body and "Hrvaška" in body
    assert "Centri ponovne uporabe" in body
    assert f"/sl/directory/{lead.pk}/" in body  # listed lead links to its profile
    assert f"/sl/directory/{partner.pk}/" not in body  # an unlisted partner is named only


@pytest.mark.django_db
def test_unfunded_project_has_no_public_page(client, si, make_project):
    project = make_project(agency=si, status="submitted")
    assert client.get(f"/en/programmes/projects/{project.pk}/").status_code == 404


@pytest.mark.django_db
def test_agency_working_groups_page_lists_groups_without_member_names(client, si, make_working_group):
    group = make_working_group(agency=si, name={"en": "Inclusion strategy"}, theme={"en": "Rural youth"})
    group.members.add(Person.objects.create(first_name="Tina", last_name="Zupan", email="tina@example.org"))
    body = client.get(f"/en/programmes/agencies/{si.slug}/working-groups/").content.decode()
    assert "Inclusion strategy" in body and "Rural youth" in body and "1 member" in body
    assert "Zupan" not in body and "tina@example.org" not in body
    assert client.get("/en/programmes/agencies/nobody/working-groups/").status_code == 404


# --- back office ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_programmes_back_office_is_404_for_people_without_an_agency_role(client, make_user):
    client.force_login(make_user())
    for path in ("/en/staff/programmes/", "/en/staff/programmes/projects/", "/en/staff/programmes/partnerships/new/"):
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_programmes_back_office(client):
    response = client.get("/en/staff/programmes/projects/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_creates_partnership_with_one_input_per_language(staff_client, si):
    response = staff_client.post("/en/staff/programmes/partnerships/new/", {
        "name_en": "Strategic Partnership on Social Inclusion", "name_sl": "Strateško partnerstvo",
        "name_lv": "", "coordinator": si.pk, "slug": "", "start": "2021-01-01", "end": "2027-12-31",
        "description_en": "", "description_sl": "", "description_lv": "",
    })
    partnership = Partnership.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/partnerships/{partnership.pk}/")
    assert partnership.name == {"en": "Strategic Partnership on Social Inclusion", "sl": "Strateško partnerstvo"}
    page = staff_client.get(response["Location"]).content.decode()
    assert "Change history" in page and "strategic-partnership-on-social-inclusion" in page


@pytest.mark.django_db
def test_partnership_form_errors_are_next_to_the_fields_and_nothing_is_saved(staff_client, si):
    response = staff_client.post("/en/staff/programmes/partnerships/new/", {
        "name_en": "", "coordinator": si.pk, "start": "2027-01-01", "end": "2021-01-01",
    })
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name_en_errors"' in body and 'id="id_end_errors"' in body
    assert "The end must be after the start." in body
    assert Partnership.objects.count() == 0


@pytest.mark.django_db
def test_staff_adds_a_cycle_and_a_wrong_period_is_explained(staff_client, si, make_partnership):
    partnership = make_partnership(coordinator=si)
    url = f"/en/staff/programmes/partnerships/{partnership.pk}/cycles/new/"
    bad = staff_client.post(url, {"name": "2018–2020", "start": "2020-12-31", "end": "2018-01-01"})
    assert bad.status_code == 200 and 'id="id_end_errors"' in bad.content.decode()
    assert Cycle.objects.count() == 0
    good = staff_client.post(url, {"name": "2018–2020", "start": "2018-01-01", "end": "2020-12-31"})
    cycle = Cycle.objects.get()
    assert good.status_code == 302 and cycle.partnership == partnership
    page = staff_client.get(f"/en/staff/programmes/cycles/{cycle.pk}/").content.decode()
    assert "Change history" in page and "2018–2020" in page


@pytest.mark.django_db
def test_staff_adds_a_strand_with_target_groups(staff_client, si, make_partnership):
    partnership = make_partnership(coordinator=si)
    neet = TargetGroup.objects.get(code="neet")
    response = staff_client.post(f"/en/staff/programmes/partnerships/{partnership.pk}/strands/new/", {
        "name_en": "NEET young people", "target_groups": [neet.pk]})
    strand = Strand.objects.get()
    assert response.status_code == 302
    assert list(strand.target_groups.all()) == [neet]
    assert str(neet) in staff_client.get(f"/en/staff/programmes/strands/{strand.pk}/").content.decode()


@pytest.mark.django_db
def test_staff_adds_and_removes_partnership_members(staff_client, si, lv, make_partnership):
    partnership = make_partnership(coordinator=si)
    url = f"/en/staff/programmes/partnerships/{partnership.pk}/"
    assert staff_client.post(url, {"add-member": "1", "country": "LV", "agency": lv.pk}).status_code == 302
    duplicate = staff_client.post(url, {"add-member": "1", "country": "LV", "agency_name": "Again"})
    assert duplicate.status_code == 200
    assert "already a member" in duplicate.content.decode()
    member = PartnershipMember.objects.get()
    assert staff_client.post(url, {"remove-member": member.pk}).status_code == 302
    assert PartnershipMember.objects.count() == 0


@pytest.mark.django_db
def test_staff_of_another_agency_gets_404_and_changes_nothing(client, si, lv, make_user, make_partnership,
                                                              make_project, make_working_group):
    partnership = make_partnership(coordinator=si, name={"en": "Original"})
    project = make_project(agency=si)
    group = make_working_group(agency=si)
    client.force_login(make_user(agency=lv))
    for path in (f"/en/staff/programmes/partnerships/{partnership.pk}/",
                 f"/en/staff/programmes/projects/{project.pk}/",
                 f"/en/staff/programmes/working-groups/{group.pk}/edit/"):
        assert client.get(path).status_code == 404
    response = client.post(f"/en/staff/programmes/partnerships/{partnership.pk}/edit/",
                           {"name_en": "Taken over", "coordinator": si.pk})
    assert response.status_code == 404
    assert Partnership.objects.get().name == {"en": "Original"}
    assert client.post(f"/en/staff/programmes/projects/{project.pk}/", {"remove-partner": 1}).status_code == 404


@pytest.mark.django_db
def test_staff_cannot_create_project_for_another_agency(staff_client, lv, make_organisation, si):
    lead = make_organisation(agencies=[si])
    response = staff_client.post("/en/staff/programmes/projects/new/", {
        "title_en": "Ours", "agency": lv.pk, "programme": "erasmus_plus", "lead": lead.pk, "status": "planned"})
    assert response.status_code == 200 and 'id="id_agency_errors"' in response.content.decode()
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_staff_creates_project_then_finds_and_adds_a_partner(staff_client, si, make_organisation):
    lead = make_organisation(agencies=[si], legal_name="Zavod Mladi")
    partner = make_organisation(country="HR", city="Čakovec", legal_name="Udruga Zeleni", public_listing=True)
    response = staff_client.post("/en/staff/programmes/projects/new/", {
        "title_en": "Green youth work", "acronym": "GYW", "agency": si.pk, "programme": "erasmus_plus",
        "action": "KA210-YOU", "lead": lead.pk, "status": "approved", "start": "2025-09-01", "end": "2027-08-31"})
    project = Project.objects.get()
    assert response.status_code == 302 and project.lead == lead and project.action == "KA210-YOU"
    url = f"/en/staff/programmes/projects/{project.pk}/"
    search = staff_client.get(url, {"q": "zeleni"}).content.decode()
    assert "Udruga Zeleni" in search
    assert staff_client.post(url, {"organisation": partner.pk, "country": ""}).status_code == 302
    assert [(p.organisation, p.country.code) for p in project.partners.all()] == [(partner, "HR")]
    again = staff_client.post(url, {"organisation": partner.pk, "country": ""}, follow=True)
    assert "already a partner" in again.content.decode()
    page = staff_client.get(url).content.decode()
    assert "Change history" in page and "Udruga Zeleni (HR)" in page


@pytest.mark.django_db
def test_staff_builds_a_working_group_from_their_contacts(staff_client, si, make_organisation):
    person = Person.objects.create(first_name="Nika", last_name="Vidmar")
    Affiliation.objects.create(person=person, organisation=make_organisation(agencies=[si]))
    response = staff_client.post("/en/staff/programmes/working-groups/new/", {
        "name_en": "Quality of youth work", "agency": si.pk, "theme_en": "Standards"})
    assert response.status_code == 302
    url = response["Location"]
    assert "Nika Vidmar" in staff_client.get(url, {"q": "vidmar"}).content.decode()
    assert staff_client.post(url, {"add-member": person.pk}).status_code == 302
    page = staff_client.get(url).content.decode()
    assert "Nika Vidmar" in page and "Change history" in page


@pytest.mark.django_db
def test_staff_lists_show_only_their_agencys_objects(staff_client, si, lv, make_project, make_partnership):
    make_project(agency=si, acronym="OURS")
    make_project(agency=lv, acronym="THEIRS")
    make_partnership(coordinator=lv, name={"en": "Baltic only"})
    assert "THEIRS" not in staff_client.get("/en/staff/programmes/projects/").content.decode()
    assert "OURS" in staff_client.get("/en/staff/programmes/projects/").content.decode()
    assert "Baltic only" not in staff_client.get("/en/staff/programmes/partnerships/").content.decode()


@pytest.mark.django_db
def test_every_back_office_page_renders_for_staff(staff_client, si, make_partnership, make_cycle, make_project,
                                                  make_working_group):
    partnership = make_partnership(coordinator=si)
    cycle = make_cycle(partnership=partnership)
    strand = Strand.objects.create(partnership=partnership, name={"en": "Disability"})
    project = make_project(agency=si, cycle=cycle)
    group = make_working_group(agency=si)
    paths = [
        "/", "partnerships/", "partnerships/new/", f"partnerships/{partnership.pk}/",
        f"partnerships/{partnership.pk}/edit/", f"partnerships/{partnership.pk}/cycles/new/",
        f"partnerships/{partnership.pk}/strands/new/", "cycles/", f"cycles/{cycle.pk}/",
        f"cycles/{cycle.pk}/edit/", "strands/", f"strands/{strand.pk}/", f"strands/{strand.pk}/edit/",
        "working-groups/", "working-groups/new/", f"working-groups/{group.pk}/",
        f"working-groups/{group.pk}/edit/", "projects/", "projects/new/", f"projects/{project.pk}/",
        f"projects/{project.pk}/edit/",
    ]
    for path in paths:
        url = "/sl/staff/programmes/" + path.lstrip("/")
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_edit_form_shows_stored_texts_per_language(staff_client, si, make_project):
    project = make_project(agency=si, title={"en": "Green youth", "lv": "Zaļā jaunatne"})
    body = staff_client.get(f"/en/staff/programmes/projects/{project.pk}/edit/").content.decode()
    assert 'value="Green youth"' in body and 'value="Zaļā jaunatne"' in body and 'lang="lv"' in body
