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
def test_suggestions_for_ones_own_partner_request_only(client, make_organisation, make_request,
                                                      make_representative, make_user):
    mine = make_organisation(country="LV")
    request = make_request(mine, target_groups=["neet"], roles=["host"])
    make_organisation(legal_name="Host", target_groups=["neet"], public_listing=True, can_host=True)
    path = f"/api/v1/partner-requests/{request.pk}/suggestions/"
    client.force_login(make_representative(mine))
    rows = client.get(path, HTTP_ACCEPT_LANGUAGE="sl").json()
    assert rows[0]["name"] == "Host" and rows[0]["kind"] == "organisation"
    assert {r["code"] for r in rows[0]["reasons"]} >= {"target_group", "role", "country"}
    assert any(r["text"].startswith("Lahko prevzame vlogo") for r in rows[0]["reasons"]), rows[0]["reasons"]
    client.force_login(make_user())
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 401


@pytest.mark.django_db
def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/partner-requests/"])
    assert {"get", "patch"} == set(paths["/api/v1/partner-requests/{id}/"])
    assert "post" in paths["/api/v1/partner-requests/{id}/close/"]
    assert "get" in paths["/api/v1/organisations/{id}/suggestions/"]


@pytest.mark.django_db
def test_the_poster_changes_and_closes_their_request_others_may_not(client, make_organisation, make_request,
                                                                   make_representative, make_user):
    org = make_organisation()
    request = make_request(org, title={"en": "Partners wanted"}, target_groups=["neet"])
    path = f"/api/v1/partner-requests/{request.pk}/"
    client.force_login(make_representative(make_organisation(legal_name="Someone else")))
    assert client.patch(path, {"title": {"en": "Taken over"}}, content_type="application/json").status_code == 403
    assert client.post(f"{path}close/", {"reason": "found"}, content_type="application/json").status_code == 403
    client.logout()
    assert client.patch(path, {"title": {"en": "Taken over"}}, content_type="application/json").status_code == 401

    client.force_login(make_representative(org))
    changed = client.patch(path, {"title": {"en": "Hosts wanted", "sl": "Iščemo gostitelje"}, "roles": ["host"]},
                           content_type="application/json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["title"] == {"en": "Hosts wanted", "sl": "Iščemo gostitelje"}
    assert changed.json()["roles"] == ["host"] and changed.json()["target_groups"] == ["neet"]  # kept
    moved = client.patch(path, {"organisation": make_organisation().pk}, content_type="application/json")
    assert moved.status_code == 400 and "organisation" in moved.json()["error"]["fields"]
    bad = client.patch(path, {"roles": []}, content_type="application/json")
    assert bad.status_code == 400 and "roles" in bad.json()["error"]["fields"]
    assert client.post(f"{path}close/", {"reason": "expired"}, content_type="application/json").status_code == 400
    closed = client.post(f"{path}close/", {"reason": "found"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed" and closed.json()["closed_reason"] == "found"
    assert client.post(f"{path}close/", {"reason": "found"}, content_type="application/json").status_code == 409
    assert client.patch(path, {"roles": ["host"]}, content_type="application/json").status_code == 409
    request.refresh_from_db()
    assert request.title["en"] == "Hosts wanted" and request.status == PartnerRequest.Status.CLOSED

    hidden = make_request(org, hidden=True, hidden_reason="spam")
    client.force_login(make_user())
    assert client.patch(f"/api/v1/partner-requests/{hidden.pk}/", {"roles": ["host"]},
                        content_type="application/json").status_code == 404
