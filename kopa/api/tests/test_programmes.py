import datetime

import pytest

from kopa.directory.models import TargetGroup
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    ProjectPartner,
    Strand,
)


@pytest.fixture
def partnership(make_agency):
    si = make_agency(country="SI", name="Movit")
    lv = make_agency(country="LV", name="Jaunatnes starptautisko programmu aģentūra")
    p = Partnership.objects.create(
        slug="social-inclusion", coordinator=si, start=datetime.date(2016, 2, 1),
        name={"en": "Strategic Partnership on Social Inclusion", "sl": "Strateško partnerstvo za socialno vključenost"},
    )
    PartnershipMember.objects.create(partnership=p, country="SI", agency=si)
    PartnershipMember.objects.create(partnership=p, country="LV", agency=lv)
    PartnershipMember.objects.create(partnership=p, country="BE", region="Wallonia", agency_name="BIJ")
    strand = Strand.objects.create(partnership=p, name={"en": "Young people with disabilities"})
    strand.target_groups.set(TargetGroup.objects.filter(code__in=["disability", "health"]))
    Cycle.objects.create(partnership=p, name="2018–2020", start=datetime.date(2018, 1, 1),
                         end=datetime.date(2020, 12, 31))
    return p


@pytest.fixture
def projects(make_agency, make_user, make_organisation):
    si = make_agency(country="SI")
    lead = make_organisation(legal_name="Zavod Ormož")
    partner = make_organisation(legal_name="Udruga Varaždin", country="HR", city="Varaždin")

    def project(acronym, status, programme=Project.Programme.INTERREG):
        p = Project.objects.create(agency=si, acronym=acronym, title={"en": acronym}, programme=programme,
                                   lead=lead, status=status, start=datetime.date(2019, 1, 1))
        ProjectPartner.objects.create(project=p, organisation=partner, country="HR")
        return p

    return {
        "agency": si,
        "staff": make_user(agency=si),
        "running": project("2SoKrog", Project.Status.RUNNING),
        "completed": project("Logbook", Project.Status.COMPLETED, Project.Programme.ERASMUS_PLUS),
        "planned": project("Next idea", Project.Status.PLANNED, Project.Programme.ERASMUS_PLUS),
    }


def acronyms(response) -> list[str]:
    return sorted(row["acronym"] for row in response.json()["results"])


def test_partnership_list_is_public_with_member_countries(api_client, partnership):
    response = api_client.get("/api/v1/partnerships/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["slug"] == "social-inclusion"
    assert row["countries"] == ["BE", "LV", "SI"]
    assert row["coordinator"]["name"] == "Movit"
    assert row["name"]["sl"] == "Strateško partnerstvo za socialno vključenost"


def test_partnership_detail_has_members_strands_and_cycles(api_client, partnership):
    body = api_client.get("/api/v1/partnerships/social-inclusion/").json()
    members = {m["country"]: m for m in body["members"]}
    assert members["BE"] == {"country": "BE", "region": "Wallonia", "agency": None, "agency_name": "BIJ"}
    assert members["SI"]["agency"] == partnership.coordinator.slug
    assert members["SI"]["agency_name"] == "Movit"
    [strand] = body["strands"]
    assert sorted(strand["target_groups"]) == ["disability", "health"]
    assert [c["name"] for c in body["cycles"]] == ["2018–2020"]
    assert body["cycles"][0]["start"] == "2018-01-01"


def test_unknown_partnership_is_404_in_the_error_shape(api_client, db):
    response = api_client.get("/api/v1/partnerships/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_partnerships_are_read_only(client_for, make_user, partnership):
    response = client_for(make_user(superuser=True)).post("/api/v1/partnerships/", {}, format="json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_anonymous_users_see_funded_projects_only(api_client, projects):
    assert acronyms(api_client.get("/api/v1/projects/")) == ["2SoKrog", "Logbook"]


def test_agency_staff_also_see_their_agencys_planned_projects(client_for, projects):
    assert acronyms(client_for(projects["staff"]).get("/api/v1/projects/")) == ["2SoKrog", "Logbook", "Next idea"]


def test_staff_of_another_agency_do_not_see_planned_projects(client_for, make_agency, make_user, projects):
    other = make_user(agency=make_agency(country="LV"))
    assert acronyms(client_for(other).get("/api/v1/projects/")) == ["2SoKrog", "Logbook"]
    response = client_for(other).get(f"/api/v1/projects/{projects['planned'].pk}/")
    assert response.status_code == 404


def test_project_detail_has_lead_partners_and_countries(api_client, projects):
    body = api_client.get(f"/api/v1/projects/{projects['running'].pk}/").json()
    assert body["programme"] == "interreg"
    assert body["lead"]["legal_name"] == "Zavod Ormož"
    assert body["partners"] == [{"organisation": {"id": projects["running"].partners.get().organisation_id,
                                                  "legal_name": "Udruga Varaždin", "country": "HR"},
                                 "country": "HR"}]
    assert body["agency"]["slug"] == projects["agency"].slug


def test_projects_filter_by_programme_and_status(api_client, projects):
    assert acronyms(api_client.get("/api/v1/projects/", {"programme": "erasmus_plus"})) == ["Logbook"]
    assert acronyms(api_client.get("/api/v1/projects/", {"status": ["running", "completed"]})) == [
        "2SoKrog", "Logbook"]
    assert acronyms(api_client.get("/api/v1/projects/", {"agency": projects["agency"].slug})) == [
        "2SoKrog", "Logbook"]


@pytest.mark.parametrize("query,field", [
    ({"programme": "lottery"}, "programme"),
    ({"status": "dreamt"}, "status"),
    ({"agency": "no-such-agency"}, "agency"),
])
def test_invalid_project_filter_is_refused_with_the_field_named(api_client, projects, query, field):
    response = api_client.get("/api/v1/projects/", query)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_target_groups_are_listed_whole_with_codes_and_translations(api_client, db):
    body = api_client.get("/api/v1/target-groups/").json()
    by_code = {row["code"]: row for row in body}
    assert {"disability", "health", "education", "cultural", "social", "economic", "discrimination",
            "geographical", "neet"} <= set(by_code)
    assert by_code["neet"]["parent"] == "education"
    assert by_code["neet"]["is_barrier_category"] is False
    assert by_code["disability"]["name"]["lv"] == "Invaliditāte"


def test_themes_and_languages_are_listed(api_client, db):
    themes = {row["code"] for row in api_client.get("/api/v1/themes/").json()}
    assert "inclusion" in themes
    languages = {row["code"]: row["name"] for row in api_client.get("/api/v1/languages/").json()}
    assert languages["sl"] == "Slovenian"


def test_me_lists_agencies_and_represented_organisations(client_for, world):
    body = client_for(world["representative"]).get("/api/v1/me/").json()
    assert body["agencies"] == []
    assert body["represented_organisations"] == [world["represented"].pk]
    staff = client_for(world["si_staff"]).get("/api/v1/me/").json()
    assert [a["slug"] for a in staff["agencies"]] == [world["si"].slug]


def test_me_needs_authentication(api_client, db):
    assert api_client.get("/api/v1/me/").status_code == 401
