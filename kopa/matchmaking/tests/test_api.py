"""The API of matchmaking: partner requests (public read, posting for one's own organisation) and
an organisation's suggested partners, with the web pages' permissions; all in the OpenAPI document."""

import pytest

from django.utils import timezone

from kopa.matchmaking.models import PartnerRequest


@pytest.mark.django_db
def test_anyone_reads_open_requests_with_the_filters(client, make_organisation, make_request):
    org = make_organisation(legal_name="Zavod Most")
    shown = make_request(org, action="KA152", title={"en": "Shown"})
    make_request(org, action="ESC51", title={"en": "Other action"})
    make_request(org, title={"en": "Hidden"}, hidden=True, hidden_reason="spam")
    body = client.get("/api/v1/partner-requests/", {"action": "KA152"}).json()
    assert [r["title"]["en"] for r in body["results"]] == ["Shown"]
    assert body["results"][0]["organisation"] == org.pk
    assert client.get(f"/api/v1/partner-requests/{shown.pk}/").json()["action"] == "KA152"
    bad = client.get("/api/v1/partner-requests/", {"action": "KA999"})
    assert bad.status_code == 400 and "action" in bad.json()["error"]["fields"]


@pytest.mark.django_db
def test_a_representative_posts_for_their_organisation_only(client, make_organisation, make_representative):
    org = make_organisation()
    other = make_organisation()
    client.force_login(make_representative(org))
    year = timezone.localdate().year + 1
    payload = {"organisation": org.pk, "title": {"en": "Via the API"}, "action": "KA220-YOU",
               "round": f"{year}-3", "closes_on": f"{year}-10-01", "roles": ["coordinate"],
               "target_groups": ["neet"], "countries": ["LV"]}
    created = client.post("/api/v1/partner-requests/", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["countries"] == ["LV"] and created.json()["target_groups"] == ["neet"]
    refused = client.post("/api/v1/partner-requests/", {**payload, "organisation": other.pk},
                          content_type="application/json")
    assert refused.status_code == 403
    invalid = client.post("/api/v1/partner-requests/", {**payload, "roles": ["cook"], "round": "27-1"},
                          content_type="application/json")
    assert invalid.status_code == 400 and {"roles", "round"} <= set(invalid.json()["error"]["fields"])
    assert PartnerRequest.objects.count() == 1
    client.logout()
    assert client.post("/api/v1/partner-requests/", payload, content_type="application/json").status_code == 401


@pytest.mark.django_db
def test_suggestions_for_ones_own_organisation_only(client, make_organisation, make_representative, make_user):
    mine = make_organisation(country="LV", target_groups=["neet"])
    make_organisation(legal_name="Partner", target_groups=["neet"], public_listing=True, experience="experienced")
    client.force_login(make_representative(mine))
    rows = client.get(f"/api/v1/organisations/{mine.pk}/suggestions/").json()
    assert rows[0]["name"] == "Partner"
    assert {"code": "experience", "value": "experienced", "weight": 4,
            "text": "Complements your experience: experienced in the programme, for a newcomer"} in rows[0]["reasons"]
    client.force_login(make_user())
    assert client.get(f"/api/v1/organisations/{mine.pk}/suggestions/").status_code == 404


@pytest.mark.django_db
def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/partner-requests/"])
    assert "get" in paths["/api/v1/partner-requests/{id}/"]
    assert "get" in paths["/api/v1/organisations/{id}/suggestions/"]
