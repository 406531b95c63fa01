"""The outreach API, the funnel, the partnership totals and the OpenAPI document."""

import json
from datetime import date

import pytest

from django.utils import translation

from kopa.api.tests.outreach_support import K, fields_of, figures, small_funnel
from kopa.directory.models import Organisation, TargetGroup
from kopa.outreach.funnel.selectors import breakdown, funnel
from kopa.outreach.models import Stage
from kopa.outreach.tests.mixed_support import information_and_clinics
from kopa.programmes.models import Cycle

# The funnel


def test_the_campaign_funnel_is_the_funnel_selector_as_json(api, campaign, org, record):
    small_funnel(campaign, org, record)

    data = api.get(f"/api/v1/campaigns/{campaign.pk}/funnel/").json()

    assert data["stages"] == figures(funnel(campaigns=[campaign]))
    assert [s["count"] for s in data["stages"]] == [10, 7, 5, 0, 3, 2]
    assert data["stages"][1]["conversion"] == pytest.approx(0.7)
    assert data["stages"][1]["median_days"] == 10
    assert (data["campaigns"], data["by"]) == ([campaign.pk], None)
    assert "breakdown" not in data


def test_the_funnel_shows_only_the_stages_the_campaign_measures(api, make_campaign, org, record):
    campaign = make_campaign(stages=["invited", "responded", "attended", "approved"])
    small_funnel(campaign, org, record)

    data = api.get(f"/api/v1/campaigns/{campaign.pk}/funnel/").json()

    assert [(s["stage"], s["count"]) for s in data["stages"]] == [
        ("invited", 10),
        ("responded", 7),
        ("attended", 5),
        ("approved", 2),
    ]


def test_the_funnel_counts_only_interactions_within_the_dates(api, campaign, org, record):
    small_funnel(campaign, org, record)

    data = api.get(
        f"/api/v1/campaigns/{campaign.pk}/funnel/?date_from=2016-03-05&date_to=2016-12-31"
    ).json()

    assert [s["count"] for s in data["stages"]] == [0, 7, 5, 0, 3, 0]
    assert (data["date_from"], data["date_to"]) == ("2016-03-05", "2016-12-31")


def test_the_funnel_breaks_down_by_organisation_type(api, campaign, org, record):
    for organisation in small_funnel(campaign, org, record)[:4]:
        organisation.type = Organisation.Type.YOUTH_CENTRE
        organisation.save()

    data = api.get(f"/api/v1/campaigns/{campaign.pk}/funnel/?by=type").json()

    expected = breakdown(campaigns=[campaign], dimension="type")
    assert data["by"] == "type"
    assert data["breakdown"] == [{"group": g, "stages": figures(f)} for g, f in expected]
    by_group = {g["group"]: [s["count"] for s in g["stages"]] for g in data["breakdown"]}
    assert by_group == {
        "Youth centre": [4, 4, 4, 0, 3, 2],
        "Non-governmental organisation": [6, 3, 1, 0, 0, 0],
    }


def test_the_funnel_breaks_down_by_target_group_counting_each_group(api, campaign, org, record):
    neet = org(target_groups=["neet"])
    both = org(target_groups=["neet", "disability"])
    record(campaign, neet, K.INVITATION, channel="email")
    record(campaign, both, K.INVITATION, channel="email")
    record(campaign, both, K.RESPONSE, answer="interested")

    data = api.get(f"/api/v1/campaigns/{campaign.pk}/funnel/?by=target_group").json()

    labels = {
        g.code: g.name["en"] for g in TargetGroup.objects.filter(code__in=["neet", "disability"])
    }
    by_group = {g["group"]: [s["count"] for s in g["stages"]][:2] for g in data["breakdown"]}
    assert by_group == {labels["neet"]: [2, 1], labels["disability"]: [1, 1]}


def test_an_unknown_breakdown_or_bad_dates_answer_400(api, campaign):
    url = f"/api/v1/campaigns/{campaign.pk}/funnel/"

    assert fields_of(api.get(f"{url}?by=shoe_size")) == {"by"}
    assert fields_of(api.get(f"{url}?date_from=2017-13-01")) == {"date_from"}
    assert fields_of(api.get("/api/v1/funnel/?by=colour&campaign=x")) == {"by", "campaign"}


def test_stage_labels_follow_the_requests_language(api, campaign):
    data = api.get(f"/api/v1/campaigns/{campaign.pk}/funnel/", HTTP_ACCEPT_LANGUAGE="sl").json()

    with translation.override("sl"):
        assert data["stages"][0]["label"] == str(Stage.INVITED.label)


def test_the_funnel_of_several_campaigns_counts_each_organisation_once_per_campaign(
    api, make_campaign, org, record
):
    first, second = make_campaign(), make_campaign()
    shared = org()
    record(first, shared, K.INVITATION, channel="email")
    record(second, shared, K.INVITATION, channel="email")
    record(second, org(), K.INVITATION, channel="email")

    data = api.get(f"/api/v1/funnel/?campaign={first.pk}&campaign={second.pk}").json()

    assert data["campaigns"] == sorted([first.pk, second.pk])
    assert data["stages"][0]["count"] == 3
    assert data["stages"] == figures(funnel(campaigns=[first, second]))


def test_the_funnel_of_a_cycle_takes_the_agencys_campaigns_in_it(
    api,
    make_campaign,
    latvian_campaign,
    partnership,
    cycle,
    org,
    record,
    make_organisation,
    latvian_agency,
):
    later_cycle = Cycle.objects.create(
        partnership=partnership, name="2018–2020", start=date(2018, 1, 1), end=date(2020, 12, 31)
    )
    in_cycle = make_campaign()
    make_campaign(cycle=later_cycle)
    record(in_cycle, org(), K.INVITATION, channel="email")
    record(
        latvian_campaign,
        make_organisation(agencies=[latvian_agency]),
        K.INVITATION,
        channel="email",
    )

    data = api.get(f"/api/v1/funnel/?cycle={cycle.pk}&by=strand").json()

    assert data["campaigns"] == [in_cycle.pk]
    assert data["stages"][0]["count"] == 1
    assert [g["stages"][0]["count"] for g in data["breakdown"]] == [1]


# The partnership view


def test_partnership_totals_show_own_campaigns_in_detail_and_others_as_totals_only(
    api, campaign, latvian_campaign, org, record, make_organisation, latvian_agency, partnership
):
    record(campaign, org(), K.INVITATION, channel="email")
    hidden = make_organisation(legal_name="Jauniešu centrs Slepenais", agencies=[latvian_agency])
    record(latvian_campaign, hidden, K.INVITATION, channel="email")
    record(latvian_campaign, hidden, K.RESPONSE, answer="interested")

    response = api.get(f"/api/v1/partnerships/{partnership.slug}/outreach/")

    assert response.status_code == 200
    data = response.json()
    own, other = (
        next(c for c in data["campaigns"] if c["own"]),
        next(c for c in data["campaigns"] if not c["own"]),
    )
    assert own["id"] == campaign.pk and own["funnel_url"].endswith(
        f"/campaigns/{campaign.pk}/funnel/"
    )
    assert {"id", "url", "funnel_url"}.isdisjoint(other)
    assert other["agency"]["slug"] == latvian_agency.slug and other["name"]["en"] == "Būt kopā"
    assert [s["count"] for s in other["stages"]][:2] == [1, 1]
    assert "Slepenais" not in json.dumps(data)
    assert [t["count"] for t in data["totals"]][:2] == [2, 1]


def test_the_other_member_sees_the_mirror_image(
    client_for, latvian_staff, campaign, latvian_campaign, partnership
):
    data = (
        client_for(latvian_staff).get(f"/api/v1/partnerships/{partnership.slug}/outreach/").json()
    )

    by_own = {c["own"]: c for c in data["campaigns"]}
    assert by_own[True]["id"] == latvian_campaign.pk
    assert "id" not in by_own[False]


def test_staff_of_an_agency_outside_the_partnership_get_404(
    client_for, make_agency, make_user, partnership, campaign
):
    outsider = make_user(agency=make_agency(country="EE"))

    response = client_for(outsider).get(f"/api/v1/partnerships/{partnership.slug}/outreach/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_partnership_answers_404_and_the_public_detail_still_works(
    api, api_client, partnership
):
    assert api.get("/api/v1/partnerships/no-such-thing/outreach/").status_code == 404
    assert api_client.get(f"/api/v1/partnerships/{partnership.slug}/").status_code == 200


# The OpenAPI document


def test_the_schema_documents_the_outreach_endpoints_without_private_notes(client, db):
    schema = json.loads(client.get("/api/openapi.json").content)
    paths = schema["paths"]

    assert {"get", "post"} == set(paths["/api/v1/campaigns/"])
    assert {"get", "patch"} == set(paths["/api/v1/campaigns/{id}/"])
    assert {"get", "post"} == set(paths["/api/v1/campaigns/{id}/interactions/"])
    assert {"get", "patch", "delete"} == set(paths["/api/v1/interactions/{id}/"])
    assert {"get"} == set(paths["/api/v1/campaigns/{id}/funnel/"])
    assert {"get"} == set(paths["/api/v1/funnel/"])
    assert {"get"} == set(paths["/api/v1/partnerships/{slug}/outreach/"])
    filters = {
        p["name"] for p in paths["/api/v1/campaigns/{id}/interactions/"]["get"]["parameters"]
    }
    assert {"kind", "stage", "organisation", "date_from", "date_to", "page", "page_size"} <= filters
    funnel_parameters = {p["name"] for p in paths["/api/v1/funnel/"]["get"]["parameters"]}
    assert {"campaign", "cycle", "strand", "by", "date_from", "date_to"} <= funnel_parameters
    components = schema["components"]["schemas"]
    assert "private_notes" not in components["Interaction"]["properties"]
    assert "private_notes" in components["InteractionCreateRequest"]["properties"]


# Campaigns measuring different stages


def test_the_funnel_of_campaigns_measuring_different_stages_is_never_above_one(
    api, make_campaign, make_organisation, record, partnership
):
    days, clinics = information_and_clinics(make_campaign, make_organisation, record, partnership)

    data = api.get("/api/v1/funnel/", {"campaign": [days.pk, clinics.pk]}).json()

    assert [(s["stage"], s["count"], s["campaigns"]) for s in data["stages"]] == [
        ("invited", 11, 1), ("responded", 11, 1), ("applied", 22, 2), ("approved", 5, 1)
    ]
    # Applied 22 after Responded 11 is not 2.0: only the information days measure both stages.
    assert [s["conversion"] for s in data["stages"]] == [None, 1.0, 1.0, pytest.approx(5 / 11)]
    assert [s["conversion_reason"] for s in data["stages"]] == ["first_stage", None, None, None]
    assert {s["count_reason"] for s in data["stages"]} == {None}


def test_a_stage_a_group_does_not_measure_is_null_with_a_reason(
    api, make_campaign, make_organisation, record, partnership
):
    information_and_clinics(make_campaign, make_organisation, record, partnership)

    data = api.get("/api/v1/funnel/", {"by": "strand"}).json()

    clinics = next(g for g in data["breakdown"] if g["group"] == "Young people from deprived areas")
    invited = clinics["stages"][0]
    assert (invited["count"], invited["count_reason"], invited["campaigns"]) == (None, "not_measured", 0)
    assert (invited["conversion"], invited["conversion_reason"]) == (None, "first_stage")
    responded = clinics["stages"][1]
    assert (responded["conversion"], responded["conversion_reason"]) == (None, "not_measured")


def test_a_conversion_no_campaign_measures_both_stages_of_is_null_with_a_reason(
    api, make_campaign, org, record
):
    early = make_campaign(stages=["invited", "responded"])
    late = make_campaign(stages=["applied", "approved"])
    organisation = org()
    record(early, organisation, K.INVITATION, channel="email")
    record(late, organisation, K.APPLICATION, action_type="KA105")

    data = api.get("/api/v1/funnel/", {"campaign": [early.pk, late.pk]}).json()

    applied = data["stages"][2]
    assert (applied["count"], applied["conversion"], applied["conversion_reason"]) == (
        1, None, "not_measured"
    )


def test_partnership_totals_are_null_for_a_stage_no_campaign_measures(
    api, make_campaign, make_organisation, record, partnership
):
    information_and_clinics(make_campaign, make_organisation, record, partnership)

    data = api.get(f"/api/v1/partnerships/{partnership.slug}/outreach/").json()

    assert [(t["stage"], t["count"], t["count_reason"]) for t in data["totals"]] == [
        ("invited", 11, None), ("responded", 11, None), ("attended", None, "not_measured"),
        ("coached", None, "not_measured"), ("applied", 22, None), ("approved", 5, None),
    ]
    clinics = next(c for c in data["campaigns"] if c["name"]["en"] == "Application clinics")
    # The clinics' invitations are not counted: the clinics do not measure invitations.
    assert [s["count"] for s in clinics["stages"]] == [None, None, None, None, 11, 5]
    assert clinics["stages"][0]["count_reason"] == "not_measured"


def test_the_schema_documents_why_a_figure_is_null(client, db):
    schemas = json.loads(client.get("/api/openapi.json").content)["components"]["schemas"]

    figure = schemas["StageFigure"]["properties"]
    assert figure["count"].get("nullable") is True
    assert schemas["CountReasonEnum"]["enum"] == ["not_measured"]
    assert set(schemas["ConversionReasonEnum"]["enum"]) == {
        "first_stage", "not_measured", "none_at_previous_stage"
    }
    assert "never above" in figure["conversion"]["description"]
    assert schemas["StageTotal"]["properties"]["count"].get("nullable") is True
