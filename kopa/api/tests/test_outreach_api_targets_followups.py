"""The outreach API's writes beyond interactions: changing a campaign, its target list, and
follow-up tasks; each with the web pages' rules and the web pages showing the result."""

from datetime import timedelta

from django.utils import timezone

from kopa.api.tests.outreach_support import fields_of
from kopa.outreach.models import CampaignTarget, FollowUpTask


def campaign_url(campaign, tail=""):
    return f"/api/v1/campaigns/{campaign.pk}/{tail}"


# --- changing a campaign -------------------------------------------------------------------------


def test_staff_change_the_fields_they_send_and_the_web_page_shows_it(api, client, staff, campaign):
    response = api.patch(
        campaign_url(campaign), {"name": {"en": "Reaching villages"}, "response_days": 14}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == {"en": "Reaching villages"}
    campaign.refresh_from_db()
    assert campaign.response_days == 14 and campaign.end.year == 2018  # the rest kept
    client.force_login(staff)
    assert "Reaching villages" in client.get(f"/en/staff/outreach/{campaign.pk}/").content.decode()


def test_campaign_changes_follow_the_web_forms_rules(api, campaign):
    backwards = api.patch(campaign_url(campaign), {"end": "2015-01-01"}, format="json")
    no_stage = api.patch(campaign_url(campaign), {"stages": []}, format="json")
    agency = api.patch(campaign_url(campaign), {"agency": "other"}, format="json")
    bad_type = api.patch(campaign_url(campaign), {"response_days": "many"}, format="json")

    assert fields_of(backwards) == {"end"}
    assert backwards.json()["error"]["fields"]["end"] == ["The end cannot be before the start."]
    assert fields_of(no_stage) == {"stages"}
    assert fields_of(agency) == {"agency"}
    assert fields_of(bad_type) == {"response_days"}


def test_other_agencies_and_anonymous_callers_cannot_change_a_campaign(
    client_for, latvian_staff, api_client, participant, campaign
):
    change = {"name": {"en": "Taken over"}}
    assert client_for(latvian_staff).patch(campaign_url(campaign), change, format="json").status_code == 404
    assert client_for(participant).patch(campaign_url(campaign), change, format="json").status_code == 404
    assert api_client.patch(campaign_url(campaign), change, format="json").status_code == 401
    campaign.refresh_from_db()
    assert campaign.name["en"] == "Reaching deprived areas"


# --- the target list -----------------------------------------------------------------------------


def test_staff_add_list_and_remove_targets(api, client, staff, campaign, org):
    laško, celje = org(legal_name="MC Laško"), org(legal_name="MC Celje")

    added = api.post(campaign_url(campaign, "targets/"), {"organisations": [laško.pk, celje.pk]}, format="json")
    again = api.post(campaign_url(campaign, "targets/"), {"organisations": [laško.pk]}, format="json")
    listed = api.get(campaign_url(campaign, "targets/"))

    assert added.status_code == 200 and added.json() == {"added": 2, "already": 0}
    assert again.json() == {"added": 0, "already": 1}
    assert [t["organisation"]["legal_name"] for t in listed.json()["results"]] == ["MC Celje", "MC Laško"]
    assert listed.json()["results"][0]["source"] == "manual"
    client.force_login(staff)
    assert "MC Laško" in client.get(f"/en/staff/outreach/{campaign.pk}/targets/").content.decode()

    removed = api.delete(campaign_url(campaign, f"targets/{laško.pk}/"))
    gone = api.delete(campaign_url(campaign, f"targets/{laško.pk}/"))

    assert removed.status_code == 204 and gone.status_code == 404
    assert list(CampaignTarget.objects.filter(campaign=campaign).values_list("organisation_id", flat=True)) == [
        celje.pk
    ]


def test_targets_outside_the_inventory_or_malformed_are_refused(api, campaign, make_organisation, latvian_agency):
    foreign = make_organisation(legal_name="Rīga", country="LV", agencies=[latvian_agency])

    outside = api.post(campaign_url(campaign, "targets/"), {"organisations": [foreign.pk]}, format="json")
    empty = api.post(campaign_url(campaign, "targets/"), {"organisations": []}, format="json")
    words = api.post(campaign_url(campaign, "targets/"), {"organisations": ["all"]}, format="json")
    bad_search = api.get(campaign_url(campaign, "targets/"), {"q": "x" * 201})

    assert fields_of(outside) == {"organisations"}
    assert str(foreign.pk) in outside.json()["error"]["fields"]["organisations"][0]
    assert fields_of(empty) == {"organisations"} and fields_of(words) == {"organisations"}
    assert fields_of(bad_search) == {"q"}
    assert not CampaignTarget.objects.exists()


def test_other_agencies_do_not_see_or_change_the_target_list(
    client_for, latvian_staff, api_client, campaign, org, target
):
    organisation = org()
    target(campaign, organisation)
    latvian = client_for(latvian_staff)

    assert latvian.get(campaign_url(campaign, "targets/")).status_code == 404
    assert latvian.post(
        campaign_url(campaign, "targets/"), {"organisations": [organisation.pk]}, format="json"
    ).status_code == 404
    assert latvian.delete(campaign_url(campaign, f"targets/{organisation.pk}/")).status_code == 404
    assert api_client.get(campaign_url(campaign, "targets/")).status_code == 401
    assert CampaignTarget.objects.count() == 1


# --- follow-up tasks -----------------------------------------------------------------------------


def tomorrow():
    return (timezone.localdate() + timedelta(days=1)).isoformat()


def test_staff_create_list_change_and_complete_tasks(api, client, staff, make_user, agency, campaign, org):
    colleague = make_user(agency=agency, first_name="Maja", last_name="Zupan")
    organisation = org(legal_name="MC Laško")

    created = api.post("/api/v1/follow-ups/", {
        "title": "Call about the information day", "assignee": colleague.pk, "due_on": tomorrow(),
        "campaign": campaign.pk, "organisation": organisation.pk,
    }, format="json")

    assert created.status_code == 201, created.json()
    task = FollowUpTask.objects.get()
    assert created["Location"].endswith(f"/api/v1/follow-ups/{task.pk}/")
    assert task.agency == agency and task.assignee == colleague and task.campaign == campaign
    listed = api.get("/api/v1/follow-ups/", {"assignee": colleague.pk, "campaign": campaign.pk})
    assert [t["id"] for t in listed.json()["results"]] == [task.pk]
    assert api.get("/api/v1/follow-ups/", {"assignee": staff.pk}).json()["results"] == []

    changed = api.patch(f"/api/v1/follow-ups/{task.pk}/", {"title": "Visit them"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Visit them"
    assert changed.json()["assignee"]["id"] == colleague.pk  # kept

    done = api.post(f"/api/v1/follow-ups/{task.pk}/done/")
    twice = api.post(f"/api/v1/follow-ups/{task.pk}/done/")
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "task_already_done"
    assert api.get("/api/v1/follow-ups/").json()["results"] == []
    assert [t["id"] for t in api.get("/api/v1/follow-ups/", {"status": "done"}).json()["results"]] == [task.pk]
    client.force_login(colleague)
    page = client.get("/en/staff/tasks/?status=done").content.decode()
    assert "Visit them" in page


def test_tasks_follow_the_task_forms_rules(api, make_user, latvian_agency, campaign):
    stranger = make_user(agency=latvian_agency)

    past = api.post("/api/v1/follow-ups/", {
        "title": "Late", "assignee": stranger.pk, "due_on": "2000-01-01",
    }, format="json")
    missing = api.post("/api/v1/follow-ups/", {"title": ""}, format="json")
    bad_filter = api.get("/api/v1/follow-ups/", {"status": "sometime", "assignee": "me"})

    assert fields_of(past) == {"assignee", "due_on"}
    assert past.json()["error"]["fields"]["due_on"] == ["The due date cannot be in the past."]
    assert fields_of(missing) == {"title", "assignee", "due_on"}
    assert fields_of(bad_filter) == {"status", "assignee"}
    assert not FollowUpTask.objects.exists()


def test_other_agencies_participants_and_anonymous_callers_get_no_tasks(
    api, client_for, staff, latvian_staff, participant, api_client
):
    created = api.post("/api/v1/follow-ups/", {
        "title": "Call", "assignee": staff.pk, "due_on": tomorrow()}, format="json")
    pk = created.json()["id"]
    latvian = client_for(latvian_staff)

    assert latvian.get("/api/v1/follow-ups/").json()["results"] == []
    assert latvian.get(f"/api/v1/follow-ups/{pk}/").status_code == 404
    assert latvian.patch(f"/api/v1/follow-ups/{pk}/", {"title": "Mine"}, format="json").status_code == 404
    assert latvian.post(f"/api/v1/follow-ups/{pk}/done/").status_code == 404
    assert client_for(participant).get("/api/v1/follow-ups/").status_code == 403
    assert api_client.get("/api/v1/follow-ups/").status_code == 401
    task = FollowUpTask.objects.get()
    assert task.title == "Call" and task.done_at is None
