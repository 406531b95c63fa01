"""Recording each kind of interaction on the staff pages: the fields of each kind, their checks, and
nothing saved on error."""

from datetime import date, timedelta

import pytest

from django.utils import timezone

from kopa.core.errors import ValidationFailed
from kopa.outreach.funnel.selectors import funnel
from kopa.outreach.interactions.services import interaction_create
from kopa.outreach.models import Interaction
from kopa.outreach.tests import interaction_support
from kopa.outreach.tests.interaction_support import SECRET, K, create_url, post

pytestmark = pytest.mark.django_db

# Shared fixtures, found by name.
owner = interaction_support.owner
campaign = interaction_support.campaign
org = interaction_support.org
staff_client = interaction_support.staff_client


# -- recording -----------------------------------------------------------------------------------


def test_recording_starts_by_choosing_the_kind(staff_client, campaign):
    response = staff_client.get(create_url(campaign))

    assert response.status_code == 200
    assert response.templates[0].name == "outreach/interactions/kind.html"
    assert 'name="kind"' in response.content.decode()


def test_the_form_shows_only_the_fields_of_the_chosen_kind(staff_client, campaign):
    page = staff_client.get(create_url(campaign, kind="decision")).content.decode()

    assert 'name="outcome"' in page and 'name="amount"' in page
    assert (
        'name="coach"' not in page and 'name="answer"' not in page and 'name="channel"' not in page
    )


def test_an_officer_records_a_coaching_session(staff_client, campaign, org, staff):
    response = post(
        staff_client,
        campaign,
        "coaching",
        organisation=org.pk,
        occurred_on="2017-02-01",
        coach=staff.pk,
        duration_minutes="90",
        topics="Budget",
        next_steps="Draft the plan",
        private_notes=SECRET,
    )

    assert response.status_code == 302
    interaction = Interaction.objects.get(campaign=campaign)
    assert (interaction.kind, interaction.coach, interaction.duration_minutes) == (
        K.COACHING,
        staff,
        90,
    )
    assert interaction.author == staff and interaction.private_notes == SECRET
    assert funnel(campaigns=[campaign]).counts["coached"] == 1


def test_an_organisation_recorded_with_joins_the_target_list(staff_client, campaign, org):
    post(
        staff_client,
        campaign,
        "meeting",
        organisation=org.pk,
        occurred_on="2017-02-01",
        meeting_type="info_session",
    )

    assert campaign.targets.filter(organisation=org).exists()


def test_the_date_defaults_to_today(staff_client, campaign):
    page = staff_client.get(create_url(campaign, kind="meeting")).content.decode()

    assert f'value="{timezone.localdate().isoformat()}"' in page


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("invitation", {}, "channel"),
        ("response", {}, "answer"),
        ("meeting", {}, "meeting_type"),
        ("coaching", {}, "coach"),
        ("decision", {"amount": "100"}, "outcome"),
    ],
)
def test_each_kind_requires_its_fields(staff_client, campaign, org, kind, data, field):
    response = post(
        staff_client, campaign, kind, organisation=org.pk, occurred_on="2017-02-01", **data
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not Interaction.objects.exists()


def test_coaching_needs_a_coach_or_an_external_coach_name(staff_client, campaign, org):
    response = post(
        staff_client,
        campaign,
        "coaching",
        organisation=org.pk,
        occurred_on="2017-02-01",
        topics="Budget",
    )

    assert response.context["form"].errors["coach"] == ["Choose a coach, or name an external one."]
    post(
        staff_client,
        campaign,
        "coaching",
        organisation=org.pk,
        occurred_on="2017-02-01",
        coach_name="Ana Novak",
    )
    assert Interaction.objects.get().coach_name == "Ana Novak"


def test_the_organisation_and_the_date_are_required(staff_client, campaign):
    response = post(staff_client, campaign, "meeting", meeting_type="meeting")

    assert set(response.context["form"].errors) == {"organisation", "occurred_on"}


def test_a_bad_date_is_refused_next_to_the_field(staff_client, campaign, org):
    response = post(
        staff_client,
        campaign,
        "meeting",
        organisation=org.pk,
        occurred_on="2017-02-31",
        meeting_type="meeting",
    )

    assert response.context["form"].errors["occurred_on"] == ["Enter a valid date."]
    assert not Interaction.objects.exists()


def test_a_date_in_the_future_is_refused(staff_client, campaign, org):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post(
        staff_client,
        campaign,
        "meeting",
        organisation=org.pk,
        occurred_on=tomorrow.isoformat(),
        meeting_type="meeting",
    )

    assert response.context["form"].errors["occurred_on"] == ["The date cannot be in the future."]
    assert not Interaction.objects.exists()


def test_a_negative_amount_is_refused(staff_client, campaign, org):
    response = post(
        staff_client,
        campaign,
        "decision",
        organisation=org.pk,
        occurred_on="2017-02-01",
        outcome="approved",
        amount="-5",
    )

    assert response.context["form"].errors["amount"] == ["Enter an amount in euros, zero or more."]
    assert not Interaction.objects.exists()


def test_a_coach_from_another_agency_is_refused(
    staff_client, campaign, org, make_user, make_agency
):
    outsider = make_user(agency=make_agency(name="Latvian agency", country="LV"))

    response = post(
        staff_client,
        campaign,
        "coaching",
        organisation=org.pk,
        occurred_on="2017-02-01",
        coach=outsider.pk,
    )

    assert response.context["form"].errors["coach"] == ["Choose a member of the agency's staff."]
    assert not Interaction.objects.exists()


def test_the_service_refuses_a_coach_from_another_agency_too(
    campaign, org, staff, make_user, make_agency
):
    outsider = make_user(agency=make_agency(name="Latvian agency", country="LV"))

    with pytest.raises(ValidationFailed) as caught:
        interaction_create(
            actor=staff,
            campaign=campaign,
            organisation=org,
            kind=K.COACHING,
            data={"occurred_on": date(2017, 2, 1), "coach": outsider},
        )

    assert "coach" in caught.value.fields


def test_a_coaching_session_longer_than_a_day_is_refused(staff_client, campaign, org):
    response = post(
        staff_client,
        campaign,
        "coaching",
        organisation=org.pk,
        occurred_on="2017-02-01",
        coach_name="Ana Novak",
        duration_minutes="1441",
    )

    assert response.context["form"].errors["duration_minutes"] == [
        "Enter a number of minutes between 1 and 1440."
    ]


def test_an_invitation_by_email_cannot_be_recorded_by_hand(staff_client, campaign, org):
    page = staff_client.get(create_url(campaign, kind="invitation")).content.decode()
    response = post(
        staff_client,
        campaign,
        "invitation",
        organisation=org.pk,
        occurred_on="2017-02-01",
        channel="email",
    )

    assert 'value="email"' not in page
    assert response.context["form"].errors["channel"]
    assert not Interaction.objects.exists()


def test_an_organisation_outside_the_inventory_is_refused(
    staff_client, campaign, make_organisation
):
    stranger = make_organisation(legal_name="Not ours")

    response = post(
        staff_client,
        campaign,
        "meeting",
        organisation=stranger.pk,
        occurred_on="2017-02-01",
        meeting_type="meeting",
    )

    assert response.context["form"].errors["organisation"] == [
        "Choose an organisation in your inventory."
    ]
    assert not Interaction.objects.exists()


def test_an_event_of_another_agency_cannot_be_named_by_hand(
    staff_client, campaign, org, make_event
):
    elsewhere = make_event()  # organised by the events tests' host agency

    response = post(
        staff_client,
        campaign,
        "attendance",
        organisation=org.pk,
        occurred_on="2017-02-01",
        event=elsewhere.pk,
    )

    assert response.context["form"].errors["event"]
    assert not Interaction.objects.exists()


def test_manual_attendance_may_name_an_event_of_the_agency(
    staff_client, campaign, org, make_event, agency
):
    event = make_event(organiser_agency=agency)

    response = post(
        staff_client,
        campaign,
        "attendance",
        organisation=org.pk,
        occurred_on="2017-02-01",
        event=event.pk,
    )

    assert response.status_code == 302
    assert Interaction.objects.get().event == event


def test_manual_attendance_needs_no_event(staff_client, campaign, org):
    response = post(
        staff_client,
        campaign,
        "attendance",
        organisation=org.pk,
        occurred_on="2017-02-01",
        notes="Regional info day in Zagorje",
    )

    assert response.status_code == 302
    assert funnel(campaigns=[campaign]).counts["attended"] == 1


def test_an_application_suggests_the_usual_action_types(staff_client, campaign):
    page = staff_client.get(create_url(campaign, kind="application")).content.decode()

    assert 'list="action-types"' in page and '<option value="KA210-YOU">' in page


def test_the_organisation_can_be_chosen_beforehand(staff_client, campaign, org):
    page = staff_client.get(
        create_url(campaign, kind="response", organisation=org.pk)
    ).content.decode()

    assert f'<option value="{org.pk}" selected>' in page


@pytest.mark.parametrize("value", ["abc", "99999999", "1.5"])
def test_an_odd_preselected_organisation_is_not_found(staff_client, campaign, value):
    assert (
        staff_client.get(create_url(campaign, kind="response", organisation=value)).status_code
        == 404
    )


def test_an_unknown_kind_shows_the_choice_of_kinds(staff_client, campaign):
    response = staff_client.get(create_url(campaign, kind="gossip"))

    assert response.status_code == 200
    assert response.templates[0].name == "outreach/interactions/kind.html"


def test_searching_offers_organisations_off_the_target_list(
    staff_client, campaign, make_organisation, agency
):
    other = make_organisation(legal_name="Društvo Sožitje Hrastnik", agencies=[agency])

    page = staff_client.get(create_url(campaign, kind="meeting", q="sozitje")).content.decode()

    assert f'<option value="{other.pk}" selected>Društvo Sožitje Hrastnik' in page
