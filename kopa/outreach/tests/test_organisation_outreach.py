"""The "Outreach" section of the staff organisation page: own agency's campaigns and tasks only."""

from datetime import date, timedelta

import pytest

from django.utils import timezone

from kopa.outreach.campaigns.selectors import outreach_for_organisation
from kopa.outreach.models import FollowUpTask, Interaction

pytestmark = pytest.mark.django_db
K = Interaction.Kind


@pytest.fixture
def other_agency(make_agency):
    return make_agency(name="Latvian agency", country="LV")


@pytest.fixture
def org(make_organisation, agency, other_agency):
    """An organisation in both agencies' inventories."""
    return make_organisation(
        legal_name="Mladinski center Trbovlje", agencies=[agency, other_agency]
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _page(client, org) -> str:
    response = client.get(f"/en/staff/organisations/{org.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_furthest_stage_and_the_latest_interaction_are_shown_per_campaign(
    staff, org, make_campaign, record
):
    campaign = make_campaign()
    record(campaign, org, K.INVITATION, channel="email", on=date(2016, 3, 1))
    record(campaign, org, K.APPLICATION, action_type="KA105", on=date(2016, 10, 4))
    record(campaign, org, K.DECISION, outcome="rejected", on=date(2017, 1, 30))

    (standing,) = outreach_for_organisation(user=staff, organisation=org).campaigns

    assert standing.campaign == campaign
    assert standing.furthest_stage == "applied"  # a rejection is not an approval
    assert standing.latest_on == date(2017, 1, 30)


def test_a_campaign_that_only_lists_the_organisation_shows_it_was_not_contacted_yet(
    staff_client, org, make_campaign, target
):
    target(make_campaign(name={"en": "Listed only"}), org)

    page = _page(staff_client, org)

    assert "Listed only" in page
    assert "On the target list, not contacted yet" in page


def test_the_section_shows_the_agencys_campaigns_with_a_link_to_record_an_interaction(
    staff_client, org, make_campaign, record
):
    campaign = make_campaign(name={"en": "Reaching deprived areas"})
    record(campaign, org, K.RESPONSE, answer="interested", on=date(2016, 3, 11))

    page = _page(staff_client, org)

    assert "Reaching deprived areas" in page and "Responded" in page
    assert f"/en/staff/outreach/{campaign.pk}/interactions/new/?organisation={org.pk}" in page


def test_other_agencies_campaigns_never_show(
    staff_client, org, make_campaign, record, other_agency
):
    ours = make_campaign(name={"en": "Our campaign"})
    theirs = make_campaign(agency=other_agency, name={"en": "Būt kopā outreach"})
    record(ours, org, K.INVITATION, channel="email")
    record(theirs, org, K.COACHING, coach_name="Ilze", on=date(2017, 2, 2))

    page = _page(staff_client, org)

    assert "Our campaign" in page
    assert "Būt kopā outreach" not in page
    assert f"/staff/outreach/{theirs.pk}/" not in page


def test_the_other_agency_sees_only_its_own_campaign_of_the_same_organisation(
    client, make_user, org, make_campaign, record, other_agency
):
    record(make_campaign(name={"en": "Our campaign"}), org, K.INVITATION, channel="email")
    record(
        make_campaign(agency=other_agency, name={"en": "Būt kopā outreach"}),
        org,
        K.INVITATION,
        channel="phone",
    )
    client.force_login(make_user(agency=other_agency))

    page = _page(client, org)

    assert "Būt kopā outreach" in page and "Our campaign" not in page


def test_open_tasks_of_the_agency_show_and_done_or_foreign_ones_do_not(
    staff_client, staff, org, agency, other_agency, make_user
):
    today = timezone.localdate()
    FollowUpTask.objects.create(
        agency=agency,
        organisation=org,
        assignee=staff,
        title="Call them back",
        due_on=today - timedelta(days=2),
    )
    FollowUpTask.objects.create(
        agency=agency,
        organisation=org,
        assignee=staff,
        title="Already called",
        due_on=today,
        done_at=timezone.now(),
    )
    FollowUpTask.objects.create(
        agency=other_agency,
        organisation=org,
        assignee=make_user(agency=other_agency),
        title="Latvian follow-up",
        due_on=today,
    )

    page = _page(staff_client, org)

    assert "Call them back" in page and "Overdue" in page
    assert "Already called" not in page and "Latvian follow-up" not in page


def test_the_section_offers_a_new_task_about_the_organisation(staff_client, org):
    page = _page(staff_client, org)

    assert "No campaign of your agency reaches out to this organisation yet." in page
    assert f"/en/staff/tasks/new/?organisation={org.pk}" in page


def test_someone_without_an_agency_sees_no_outreach(make_user, org, make_campaign, record):
    record(make_campaign(), org, K.INVITATION, channel="email")

    assert outreach_for_organisation(user=make_user(), organisation=org).campaigns == []
