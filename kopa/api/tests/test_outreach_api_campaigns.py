"""The outreach API, campaigns: list, detail, create, and who may see or change what."""

from datetime import date

from kopa.api.tests.outreach_support import K, fields_of, ids
from kopa.core.audit import history_for
from kopa.outreach.models import Campaign, Interaction
from kopa.programmes.models import Cycle, Strand

# Campaigns


def test_staff_list_only_their_agencys_campaigns_with_target_counts(
    api, make_campaign, latvian_campaign, org, target
):
    first = make_campaign(start=date(2016, 2, 1))
    later = make_campaign(start=date(2018, 1, 1))
    target(first, org())
    target(first, org())

    response = api.get("/api/v1/campaigns/")

    assert response.status_code == 200
    assert ids(response) == [later.pk, first.pk]
    assert response.json()["results"][1]["target_count"] == 2


def test_campaigns_filter_by_cycle_strand_and_agency(
    api, make_campaign, partnership, cycle, agency
):
    other_cycle = Cycle.objects.create(
        partnership=partnership, name="2018–2020", start=date(2018, 1, 1), end=date(2020, 12, 31)
    )
    other_strand = Strand.objects.create(partnership=partnership, name={"en": "Disability"})
    in_cycle = make_campaign()
    disability = make_campaign(cycle=other_cycle, strand=other_strand)

    assert ids(api.get(f"/api/v1/campaigns/?cycle={cycle.pk}")) == [in_cycle.pk]
    assert ids(api.get(f"/api/v1/campaigns/?strand={other_strand.pk}")) == [disability.pk]
    assert len(ids(api.get(f"/api/v1/campaigns/?agency={agency.slug}"))) == 2


def test_campaigns_filter_by_status_like_the_campaign_list(api, make_campaign):
    ended = make_campaign()
    running = make_campaign(start=date(2020, 1, 1), end=None)

    assert ids(api.get("/api/v1/campaigns/?status=ended")) == [ended.pk]
    assert ids(api.get("/api/v1/campaigns/?status=running")) == [running.pk]


def test_invalid_campaign_filters_answer_400_naming_each_parameter(api):
    response = api.get("/api/v1/campaigns/?cycle=first&strand=-3&agency=nowhere&status=soon")

    assert fields_of(response) == {"cycle", "strand", "agency", "status"}


def test_a_campaign_shows_its_texts_per_language_period_owners_stages_and_targets(
    api, make_campaign, staff, cycle, strand, org, target
):
    staff.first_name, staff.last_name = "Maja", "Novak"
    staff.save()
    campaign = make_campaign(
        goal={"en": "First projects", "sl": "Prvi projekti"},
        owners=[staff],
        stages=["approved", "invited", "responded"],
    )
    target(campaign, org())

    data = api.get(f"/api/v1/campaigns/{campaign.pk}/").json()

    assert data["name"] == {"en": "Reaching deprived areas", "sl": "Doseči prikrajšana območja"}
    assert data["goal"]["sl"] == "Prvi projekti"
    assert (data["start"], data["end"]) == ("2016-02-01", "2018-12-31")
    assert data["cycle"]["id"] == cycle.pk and data["strand"]["id"] == strand.pk
    assert data["owners"] == [{"id": staff.pk, "name": "Maja Novak"}]
    assert data["stages"] == ["invited", "responded", "approved"]
    assert data["target_count"] == 1
    assert data["funnel_url"].endswith(f"/api/v1/campaigns/{campaign.pk}/funnel/")


def test_staff_create_a_campaign_through_the_campaign_service(api, staff, agency, cycle, strand):
    payload = {
        "name": {"en": "Reaching Zasavje", "sl": "Doseči Zasavje"},
        "goal": {"en": "Ten first applications"},
        "cycle": cycle.pk,
        "strand": strand.pk,
        "start": "2017-01-01",
        "end": "2017-12-31",
        "owners": [staff.pk],
        "stages": ["responded", "invited"],
        "response_days": 21,
    }

    response = api.post("/api/v1/campaigns/", payload, format="json")

    assert response.status_code == 201, response.json()
    campaign = Campaign.objects.get(pk=response.json()["id"])
    assert campaign.agency == agency and campaign.cycle == cycle
    assert campaign.stages == ["invited", "responded"]
    assert list(campaign.owners.all()) == [staff]
    assert history_for(campaign).first().actor == staff
    assert response["Location"].endswith(f"/api/v1/campaigns/{campaign.pk}/")


def test_creating_a_campaign_names_every_bad_field_and_saves_nothing(api, make_user):
    outsider = make_user()
    payload = {
        "name": {"en": ""},
        "start": "2017-06-01",
        "end": "2017-01-01",
        "owners": [outsider.pk],
        "stages": [],
        "cycle": 999999,
    }

    response = api.post("/api/v1/campaigns/", payload, format="json")

    assert fields_of(response) == {"name", "end", "owners", "stages", "cycle"}
    assert not Campaign.objects.exists()


def test_a_campaign_payload_of_the_wrong_types_is_refused_before_the_service(api):
    payload = {"name": "Just text", "start": "someday", "response_days": 0, "stages": ["party"]}

    response = api.post("/api/v1/campaigns/", payload, format="json")

    assert fields_of(response) == {"name", "start", "response_days", "stages"}
    assert not Campaign.objects.exists()


def test_a_campaign_for_an_agency_one_does_not_work_for_is_refused(api, latvian_agency):
    payload = {"name": {"en": "X"}, "start": "2017-01-01", "agency": latvian_agency.slug}

    response = api.post("/api/v1/campaigns/", payload, format="json")

    assert fields_of(response) == {"agency"}
    assert not Campaign.objects.exists()


def test_a_cycle_of_a_partnership_the_agency_is_not_in_is_refused(api, latvian_agency):
    from kopa.programmes.models import Partnership

    foreign = Partnership.objects.create(
        name={"en": "NEET"}, slug="neet", coordinator=latvian_agency
    )
    foreign_cycle = Cycle.objects.create(
        partnership=foreign, name="2018–2019", start=date(2018, 1, 1), end=date(2019, 12, 31)
    )
    payload = {"name": {"en": "X"}, "start": "2018-01-01", "cycle": foreign_cycle.pk}

    response = api.post("/api/v1/campaigns/", payload, format="json")

    assert fields_of(response) == {"cycle"}


# Who may do what


def test_another_agencys_campaign_answers_404_everywhere(client_for, latvian_staff, campaign, org):
    api = client_for(latvian_staff)
    base = f"/api/v1/campaigns/{campaign.pk}"

    assert api.get(f"{base}/").status_code == 404
    assert api.get(f"{base}/interactions/").status_code == 404
    assert api.get(f"{base}/funnel/").status_code == 404
    assert api.get(f"/api/v1/funnel/?campaign={campaign.pk}").status_code == 404
    created = api.post(
        f"{base}/interactions/",
        {
            "organisation": org().pk,
            "kind": "invitation",
            "channel": "phone",
            "occurred_on": "2017-01-01",
        },
        format="json",
    )
    assert created.status_code == 404
    assert not Interaction.objects.exists()


def test_another_agencys_interaction_cannot_be_read_changed_or_deleted(
    client_for, latvian_staff, campaign, org, record
):
    interaction = record(campaign, org(), K.INFO_MEETING, meeting_type="meeting", notes="Long talk")
    api = client_for(latvian_staff)
    url = f"/api/v1/interactions/{interaction.pk}/"

    assert api.get(url).status_code == 404
    assert api.patch(url, {"notes": "Mine now"}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    interaction.refresh_from_db()
    assert interaction.notes == "Long talk"


def test_the_campaign_list_does_not_show_other_agencies_campaigns(
    client_for, latvian_staff, campaign
):
    assert ids(client_for(latvian_staff).get("/api/v1/campaigns/")) == []


def test_anonymous_requests_answer_401(api_client, campaign, org, record, partnership):
    interaction = record(campaign, org(), K.INVITATION, channel="email")
    addresses = [
        "/api/v1/campaigns/",
        f"/api/v1/campaigns/{campaign.pk}/",
        f"/api/v1/campaigns/{campaign.pk}/interactions/",
        f"/api/v1/campaigns/{campaign.pk}/funnel/",
        f"/api/v1/interactions/{interaction.pk}/",
        "/api/v1/funnel/",
        f"/api/v1/partnerships/{partnership.slug}/outreach/",
    ]

    for address in addresses:
        response = api_client.get(address)
        assert response.status_code == 401, address
        assert response.json()["error"]["code"] == "not_authenticated"


def test_people_who_are_not_agency_staff_get_403_on_lists_and_404_on_campaigns(
    client_for, participant, campaign, partnership
):
    api = client_for(participant)

    assert api.get("/api/v1/campaigns/").status_code == 403
    assert api.get("/api/v1/funnel/").status_code == 403
    assert api.post("/api/v1/campaigns/", {"name": {"en": "X"}}, format="json").status_code == 403
    assert api.get(f"/api/v1/campaigns/{campaign.pk}/").status_code == 404
    assert api.get(f"/api/v1/campaigns/{campaign.pk}/funnel/").status_code == 404
    assert api.get(f"/api/v1/partnerships/{partnership.slug}/outreach/").status_code == 404


def test_odd_ids_answer_404_in_the_error_shape(api, campaign):
    for address in [
        "/api/v1/campaigns/0/",
        "/api/v1/campaigns/99999999999999999999/",
        "/api/v1/campaigns/abc/",
        "/api/v1/campaigns/-1/funnel/",
        "/api/v1/campaigns/9223372036854775807/interactions/",
        "/api/v1/interactions/99999999999999999999/",
        "/api/v1/interactions/1.5/",
    ]:
        response = api.get(address)
        assert response.status_code == 404, address
        assert response.json()["error"]["code"] == "not_found"
