"""The outreach API, interactions: list, filters, create, change, delete, private notes."""

import json
from datetime import date, datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kopa.api.tests.outreach_support import TZ, K, fields_of, ids
from kopa.core.audit import history_for
from kopa.outreach.models import CampaignTarget, Interaction

# Interactions


def test_interactions_come_newest_first_in_pages(api, campaign, org, record):
    organisation = org()
    old = record(campaign, organisation, K.INVITATION, channel="email", on=date(2016, 3, 1))
    middle = record(campaign, organisation, K.RESPONSE, answer="interested", on=date(2016, 3, 9))
    new = record(campaign, organisation, K.INFO_MEETING, meeting_type="meeting", on=date(2016, 4, 2))

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
        "occurred_on": "2099-01-01",
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


def test_patching_private_notes_logs_only_that_they_changed(api, staff, campaign, org, record):
    campaign.owners.add(staff)  # owners read (and so may write) the private notes
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


def test_someone_who_may_not_read_private_notes_cannot_replace_them_either(
    client_for, make_user, agency, campaign, org, record
):
    """An agency admin who is neither the coach, the author nor an owner of the campaign reads no
    private notes on the page, and the API lets them write none."""
    interaction = record(campaign, org(), K.COACHING, coach_name="Ana Kos", private_notes="Old")
    admin = make_user(agency=agency, role="admin")

    refused = client_for(admin).patch(
        f"/api/v1/interactions/{interaction.pk}/", {"private_notes": "Overwritten"}, format="json"
    )
    allowed = client_for(admin).patch(
        f"/api/v1/interactions/{interaction.pk}/", {"topics": "Partners"}, format="json"
    )

    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert allowed.status_code == 200
    interaction.refresh_from_db()
    assert (interaction.private_notes, interaction.topics) == ("Old", "Partners")


def test_a_change_of_private_notes_from_one_text_to_another_is_audited_without_the_text(
    api, staff, campaign, org, record
):
    campaign.owners.add(staff)
    interaction = record(campaign, org(), K.COACHING, coach_name="Ana Kos", private_notes="Old")

    api.patch(f"/api/v1/interactions/{interaction.pk}/", {"private_notes": "New and private"}, format="json")

    changes = history_for(interaction).first().changes
    assert changes["private_notes"] == ["…", "changed"]
    assert "New and private" not in json.dumps(changes) and "Old" not in json.dumps(changes)
