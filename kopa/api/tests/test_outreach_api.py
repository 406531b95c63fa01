"""The outreach API: campaigns, interactions, the funnel and the partnership totals, with the back
office's permission rules, and the OpenAPI document."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kopa.core.audit import history_for
from kopa.directory.models import Organisation, TargetGroup
from kopa.outreach.models import Campaign, CampaignTarget, Interaction, Stage
from kopa.outreach.selectors_funnel import breakdown, funnel
from kopa.outreach.tests import conftest as outreach_fixtures
from kopa.programmes.models import Cycle, PartnershipMember, Strand

K = Interaction.Kind
TZ = ZoneInfo("Europe/Ljubljana")

# The outreach app's factories (and, through them, the events app's), shared with its own tests.
agency = outreach_fixtures.agency
staff = outreach_fixtures.staff
partnership = outreach_fixtures.partnership
cycle = outreach_fixtures.cycle
strand = outreach_fixtures.strand
make_campaign = outreach_fixtures.make_campaign
record = outreach_fixtures.record
target = outreach_fixtures.target
host_agency = outreach_fixtures.host_agency
make_event = outreach_fixtures.make_event
make_registration = outreach_fixtures.make_registration
person_data = outreach_fixtures.person_data


@pytest.fixture
def latvian_agency(make_agency):
    return make_agency(name="Latvian agency", country="LV")


@pytest.fixture
def latvian_staff(make_user, latvian_agency):
    return make_user(agency=latvian_agency)


@pytest.fixture
def participant(make_user):
    return make_user(first_name="Jana", last_name="Krūmiņa")


@pytest.fixture
def api(client_for, staff):
    """The Slovenian officer's API client."""
    return client_for(staff)


@pytest.fixture
def org(make_organisation, agency):
    """An organisation in the Slovenian agency's inventory."""

    def make(**fields):
        fields.setdefault("agencies", [agency])
        return make_organisation(**fields)

    return make


@pytest.fixture
def campaign(make_campaign):
    return make_campaign()


@pytest.fixture
def latvian_campaign(make_campaign, latvian_agency, cycle, strand, partnership):
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=latvian_agency)
    return make_campaign(agency=latvian_agency, name={"en": "Būt kopā", "lv": "Būt kopā"})


def ids(response):
    return [item["id"] for item in response.json()["results"]]


def fields_of(response):
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    return set(error["fields"])


def small_funnel(campaign, org, record):
    """10 invited, 7 respond, 5 of those attend, 3 apply, 2 are approved."""
    organisations = [org(legal_name=f"Organisation {i:02d}") for i in range(10)]
    for i, organisation in enumerate(organisations):
        record(campaign, organisation, K.INVITATION, channel="email", on=date(2016, 3, 1))
        if i < 7:
            record(campaign, organisation, K.RESPONSE, answer="interested", on=date(2016, 3, 11))
        if i < 5:
            record(campaign, organisation, K.ATTENDANCE, on=date(2016, 5, 20))
        if i < 3:
            record(
                campaign, organisation, K.APPLICATION, action_type="KA210-YOU", on=date(2016, 10, 4)
            )
        if i < 2:
            record(campaign, organisation, K.DECISION, outcome="approved", on=date(2017, 1, 30))
    return organisations


def figures(result):
    return [
        {
            "stage": f.stage,
            "label": f.label,
            "count": f.count,
            "conversion": f.conversion,
            "median_days": f.median_days,
        }
        for f in result.stages
    ]


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
    interaction = record(campaign, org(), K.MEETING, meeting_type="meeting", notes="Long talk")
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


# Interactions


def test_interactions_come_newest_first_in_pages(api, campaign, org, record):
    organisation = org()
    old = record(campaign, organisation, K.INVITATION, channel="email", on=date(2016, 3, 1))
    middle = record(campaign, organisation, K.RESPONSE, answer="interested", on=date(2016, 3, 9))
    new = record(campaign, organisation, K.MEETING, meeting_type="meeting", on=date(2016, 4, 2))

    first = api.get(f"/api/v1/campaigns/{campaign.pk}/interactions/?page_size=2")
    second = api.get(f"/api/v1/campaigns/{campaign.pk}/interactions/?page_size=2&page=2")

    assert first.json()["count"] == 3
    assert ids(first) == [new.pk, middle.pk]
    assert ids(second) == [old.pk]


def test_interactions_filter_by_kind_stage_organisation_and_dates(api, campaign, org, record):
    a, b = org(), org()
    invited_a = record(campaign, a, K.INVITATION, channel="email", on=date(2016, 3, 1))
    invited_b = record(campaign, b, K.INVITATION, channel="phone", on=date(2016, 3, 5))
    approved = record(campaign, a, K.DECISION, outcome="approved", on=date(2017, 1, 30))
    rejected = record(campaign, b, K.DECISION, outcome="rejected", on=date(2017, 1, 30))
    url = f"/api/v1/campaigns/{campaign.pk}/interactions/"

    assert ids(api.get(f"{url}?kind=decision")) == [rejected.pk, approved.pk]
    assert ids(api.get(f"{url}?stage=approved")) == [approved.pk]
    assert ids(api.get(f"{url}?kind=invitation&organisation={a.pk}")) == [invited_a.pk]
    assert ids(api.get(f"{url}?date_from=2016-03-02&date_to=2016-12-31")) == [invited_b.pk]


def test_listing_interactions_takes_the_same_queries_however_many_there_are(
    api_client, campaign, org, record, staff
):
    def queries_for_list():
        # A fresh user each time (its agencies are cached on the object), authenticated without
        # a token, whose bookkeeping of its last use would add a query to the first request.
        api_client.force_authenticate(type(staff).objects.get(pk=staff.pk))
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/campaigns/{campaign.pk}/interactions/")
            assert response.status_code == 200
        return len(queries)

    record(campaign, org(), K.COACHING, coach=staff, topics="Budget")
    few = queries_for_list()
    for _ in range(12):
        organisation = org()
        record(campaign, organisation, K.COACHING, coach=staff, topics="Budget")
        record(campaign, organisation, K.INVITATION, channel="email")

    assert queries_for_list() == few


def test_bad_interaction_filters_answer_400_naming_each_parameter(api, campaign):
    url = f"/api/v1/campaigns/{campaign.pk}/interactions/"

    assert fields_of(
        api.get(f"{url}?kind=party&stage=famous&organisation=x&date_from=someday")
    ) == {"kind", "stage", "organisation", "date_from"}
    assert fields_of(api.get(f"{url}?date_from=2017-02-01&date_to=2017-01-01")) == {"date_to"}


def test_recording_an_interaction_through_the_api(api, staff, campaign, org):
    organisation = org()

    response = api.post(
        f"/api/v1/campaigns/{campaign.pk}/interactions/",
        {
            "organisation": organisation.pk,
            "kind": "response",
            "answer": "interested",
            "occurred_on": "2017-02-03",
            "notes": "Called back the same day.",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    interaction = Interaction.objects.get(pk=data["id"])
    assert (interaction.source, interaction.author, interaction.answer) == (
        "api",
        staff,
        "interested",
    )
    assert data["stage"] == "responded" and data["organisation"]["id"] == organisation.pk
    assert CampaignTarget.objects.filter(campaign=campaign, organisation=organisation).exists()
    assert history_for(interaction).first().actor == staff
    assert response["Location"].endswith(f"/api/v1/interactions/{interaction.pk}/")


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("invitation", {}, "channel"),
        ("invitation", {"channel": "pigeon"}, "channel"),
        ("response", {}, "answer"),
        ("meeting", {"meeting_type": ""}, "meeting_type"),
        ("attendance", {"event": 999999}, "event"),
        ("coaching", {"topics": "Budget"}, "coach"),
        ("coaching", {"coach": 999999}, "coach"),
        ("coaching", {"coach_name": "Ana", "duration_minutes": 0}, "duration_minutes"),
        ("application", {"reference": "R" * 101}, "reference"),
        ("decision", {}, "outcome"),
        ("decision", {"outcome": "approved", "amount": "-5"}, "amount"),
    ],
)
def test_each_kind_names_its_bad_field_and_saves_nothing(api, campaign, org, kind, data, field):
    payload = {"organisation": org().pk, "kind": kind, "occurred_on": "2017-02-03", **data}

    response = api.post(f"/api/v1/campaigns/{campaign.pk}/interactions/", payload, format="json")

    assert fields_of(response) == {field}
    assert not Interaction.objects.exists()


def test_a_coach_who_is_not_on_the_agencys_staff_is_refused(api, campaign, org, latvian_staff):
    payload = {
        "organisation": org().pk,
        "kind": "coaching",
        "occurred_on": "2017-02-03",
        "coach": latvian_staff.pk,
    }

    response = api.post(f"/api/v1/campaigns/{campaign.pk}/interactions/", payload, format="json")

    assert fields_of(response) == {"coach"}


def test_fields_of_another_kind_are_refused(api, campaign, org):
    payload = {
        "organisation": org().pk,
        "kind": "invitation",
        "channel": "phone",
        "answer": "interested",
        "occurred_on": "2017-02-03",
    }

    response = api.post(f"/api/v1/campaigns/{campaign.pk}/interactions/", payload, format="json")

    assert fields_of(response) == {"answer"}


def test_an_interaction_needs_a_known_kind_a_date_and_an_organisation_of_the_inventory(
    api, campaign, make_organisation, latvian_agency
):
    foreign = make_organisation(agencies=[latvian_agency])
    url = f"/api/v1/campaigns/{campaign.pk}/interactions/"

    response = api.post(url, {"organisation": foreign.pk, "kind": "gossip"}, format="json")

    assert fields_of(response) == {"organisation", "kind", "occurred_on"}
    assert not Interaction.objects.exists()


def test_a_future_date_is_refused_by_the_service(api, campaign, org):
    payload = {
        "organisation": org().pk,
        "kind": "invitation",
        "channel": "phone",
        "occurred_on": "2999-01-01",
    }

    response = api.post(f"/api/v1/campaigns/{campaign.pk}/interactions/", payload, format="json")

    assert fields_of(response) == {"occurred_on"}


def test_a_body_that_is_not_an_object_answers_400(api, campaign):
    response = api.post(f"/api/v1/campaigns/{campaign.pk}/interactions/", ["kind"], format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_failed"


def test_private_coaching_notes_are_stored_but_never_returned(api, staff, campaign, org):
    url = f"/api/v1/campaigns/{campaign.pk}/interactions/"
    payload = {
        "organisation": org().pk,
        "kind": "coaching",
        "occurred_on": "2017-02-03",
        "coach": staff.pk,
        "duration_minutes": 90,
        "topics": "Budget",
        "private_notes": "Family situation is difficult",
    }

    created = api.post(url, payload, format="json")
    interaction = Interaction.objects.get()
    listed = api.get(url)
    detail = api.get(f"/api/v1/interactions/{interaction.pk}/")

    assert created.status_code == 201, created.json()
    assert interaction.private_notes == "Family situation is difficult"
    for response in (created, listed, detail):
        assert "private_notes" not in json.dumps(response.json())
        assert "Family situation" not in json.dumps(response.json())
    assert detail.json()["coach"]["id"] == staff.pk and detail.json()["duration_minutes"] == 90


def test_patching_keeps_the_fields_left_out_and_writes_an_audit_diff(
    api, staff, campaign, org, record
):
    interaction = record(
        campaign, org(), K.COACHING, coach_name="Ana Kos", topics="Budget", private_notes="Secret"
    )

    response = api.patch(
        f"/api/v1/interactions/{interaction.pk}/",
        {"topics": "Budget and partners", "duration_minutes": 60},
        format="json",
    )

    assert response.status_code == 200, response.json()
    interaction.refresh_from_db()
    assert interaction.topics == "Budget and partners" and interaction.duration_minutes == 60
    assert (interaction.coach_name, interaction.private_notes) == ("Ana Kos", "Secret")
    entry = history_for(interaction).first()
    assert entry.actor == staff and entry.action == "update"
    assert entry.changes["topics"] == ["Budget", "Budget and partners"]
    assert "private_notes" not in entry.changes


def test_patching_private_notes_logs_only_that_they_changed(api, campaign, org, record):
    interaction = record(campaign, org(), K.COACHING, coach_name="Ana Kos", private_notes="Old")

    response = api.patch(
        f"/api/v1/interactions/{interaction.pk}/",
        {"private_notes": "New and private"},
        format="json",
    )

    assert response.status_code == 200
    interaction.refresh_from_db()
    assert interaction.private_notes == "New and private"
    assert "New and private" not in json.dumps(history_for(interaction).first().changes)


def test_the_kind_and_organisation_of_an_interaction_cannot_be_changed(api, campaign, org, record):
    organisation = org()
    interaction = record(campaign, organisation, K.INVITATION, channel="email")
    url = f"/api/v1/interactions/{interaction.pk}/"

    refused = api.patch(url, {"kind": "response", "organisation": org().pk}, format="json")
    same = api.patch(
        url, {"kind": "invitation", "organisation": organisation.pk, "notes": "Sent"}, format="json"
    )

    assert fields_of(refused) == {"kind", "organisation"}
    assert same.status_code == 200 and same.json()["notes"] == "Sent"


def test_patching_validates_like_creating_and_changes_nothing_on_error(api, campaign, org, record):
    interaction = record(campaign, org(), K.DECISION, outcome="approved", amount="1000")

    response = api.patch(
        f"/api/v1/interactions/{interaction.pk}/",
        {"outcome": "maybe", "channel": "phone"},
        format="json",
    )

    assert fields_of(response) == {"outcome"}
    interaction.refresh_from_db()
    assert interaction.outcome == "approved"


def test_put_is_not_offered_for_interactions(api, campaign, org, record):
    interaction = record(campaign, org(), K.INVITATION, channel="email")

    response = api.put(f"/api/v1/interactions/{interaction.pk}/", {}, format="json")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_deleting_an_interaction_recomputes_the_funnel(api, campaign, org, record):
    organisation = org()
    record(campaign, organisation, K.INVITATION, channel="email")
    response = record(campaign, organisation, K.RESPONSE, answer="interested")
    url = f"/api/v1/campaigns/{campaign.pk}/funnel/"
    before = {s["stage"]: s["count"] for s in api.get(url).json()["stages"]}

    deleted = api.delete(f"/api/v1/interactions/{response.pk}/")
    after = {s["stage"]: s["count"] for s in api.get(url).json()["stages"]}

    assert deleted.status_code == 204
    assert (before["invited"], before["responded"]) == (1, 1)
    assert (after["invited"], after["responded"]) == (1, 0)
    assert not Interaction.objects.filter(pk=response.pk).exists()


def test_an_event_check_in_through_the_api_moves_the_funnel_by_itself(
    client_for, api, make_user, make_campaign, org, target, make_event, make_registration, cycle
):
    campaign = make_campaign()
    organisation = org()
    target(campaign, organisation)
    event = make_event(
        cycle=cycle,
        start=datetime(2017, 5, 18, 9, tzinfo=TZ),
        end=datetime(2017, 5, 19, 17, tzinfo=TZ),
    )
    registration = make_registration(event=event, organisation=organisation)
    organiser = make_user(agency=event.organiser_agency)
    url = f"/api/v1/campaigns/{campaign.pk}/funnel/"

    checked_in = client_for(organiser).post(
        f"/api/v1/events/{event.pk}/check-in/",
        {"code": registration.checkin_code, "day": "2017-05-18"},
        format="json",
    )

    assert checked_in.status_code == 201, checked_in.json()
    attended = next(s for s in api.get(url).json()["stages"] if s["stage"] == "attended")
    assert attended["count"] == 1


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
    assert {"get"} == set(paths["/api/v1/campaigns/{id}/"])
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
