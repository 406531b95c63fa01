"""The funnel is computed from interactions and event check-ins."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kopa.events.checkin.services import attendance_record
from kopa.outreach.funnel.reach import stage_totals
from kopa.outreach.funnel.selectors import breakdown, drop_off, funnel
from kopa.outreach.interactions.services import interaction_delete
from kopa.outreach.models import Interaction

pytestmark = pytest.mark.django_db
K = Interaction.Kind
TZ = ZoneInfo("Europe/Ljubljana")


def _slovenian_outreach(campaign, make_organisation, record):
    """76 invited, 52 of them answer, 36 of those attend, 11 of those are approved (of 15 applying)."""
    organisations = [make_organisation(legal_name=f"Organisation {i:02d}") for i in range(76)]
    for i, org in enumerate(organisations):
        record(campaign, org, K.INVITATION, channel="email", on=date(2016, 3, 1))
        if i < 52:
            answer = "interested" if i < 44 else "not_now"
            record(campaign, org, K.RESPONSE, answer=answer, on=date(2016, 3, 11))
        if i < 36:
            record(campaign, org, K.ATTENDANCE, on=date(2016, 5, 20))
        if i < 15:
            record(campaign, org, K.APPLICATION, action_type="KA105", on=date(2016, 10, 4))
        if i < 11:
            record(campaign, org, K.DECISION, outcome="approved", amount="21000", on=date(2017, 1, 30))
        elif i < 15:
            record(campaign, org, K.DECISION, outcome="rejected", on=date(2017, 1, 30))
    return organisations


def test_interactions_produce_the_slovenian_funnel(make_campaign, make_organisation, record):
    campaign = make_campaign(stages=["invited", "responded", "attended", "approved"])
    _slovenian_outreach(campaign, make_organisation, record)
    # A second contact with the same organisation does not count it twice.
    record(campaign, campaign.targets.first().organisation, K.INVITATION, channel="phone", on=date(2016, 3, 5))

    result = funnel(campaigns=[campaign])

    assert [(f.stage, f.count) for f in result.stages] == [
        ("invited", 76), ("responded", 52), ("attended", 36), ("approved", 11)
    ]
    assert result.stages[0].conversion is None
    assert result.stages[1].conversion == pytest.approx(52 / 76)
    assert result.stages[3].conversion == pytest.approx(11 / 36)
    assert result.stages[1].median_days == 10
    assert result.stages[3].median_days == (date(2017, 1, 30) - date(2016, 5, 20)).days


def test_every_stage_is_measured_unless_the_campaign_chooses(make_campaign, make_organisation, record):
    campaign = make_campaign()
    _slovenian_outreach(campaign, make_organisation, record)

    assert funnel(campaigns=[campaign]).counts == {
        "invited": 76, "responded": 52, "attended": 36, "coached": 0, "applied": 15, "approved": 11
    }


def test_deleting_an_interaction_recomputes_the_funnel(make_campaign, make_organisation, record, staff):
    campaign = make_campaign()
    org = make_organisation()
    record(campaign, org, K.INVITATION, channel="email")
    response = record(campaign, org, K.RESPONSE, answer="interested")
    assert funnel(campaigns=[campaign]).counts["responded"] == 1

    interaction_delete(actor=staff, interaction=response)

    assert funnel(campaigns=[campaign]).counts["responded"] == 0
    assert funnel(campaigns=[campaign]).counts["invited"] == 1


def test_a_rejected_decision_is_not_an_approval(make_campaign, make_organisation, record):
    campaign = make_campaign()
    record(campaign, make_organisation(), K.DECISION, outcome="rejected")
    record(campaign, make_organisation(), K.INFO_MEETING, meeting_type="info_session")

    assert not any(funnel(campaigns=[campaign]).counts.values())


def test_check_in_moves_the_organisation_to_attended(
    make_campaign, make_organisation, make_event, make_registration, make_user, target, cycle
):
    campaign = make_campaign()
    org = make_organisation()
    target(campaign, org)
    event = make_event(
        cycle=cycle, start=datetime(2017, 5, 18, 9, tzinfo=TZ), end=datetime(2017, 5, 19, 17, tzinfo=TZ)
    )
    organiser = make_user(agency=event.organiser_agency)
    registration = make_registration(event=event, organisation=org)
    assert funnel(campaigns=[campaign]).counts["attended"] == 0

    attendance_record(actor=organiser, registration=registration, day=date(2017, 5, 18))

    assert funnel(campaigns=[campaign]).counts["attended"] == 1
    interaction = Interaction.objects.get(campaign=campaign, organisation=org)
    assert (interaction.kind, interaction.event, interaction.source) == (K.ATTENDANCE, event, "check_in")
    assert interaction.occurred_on == date(2017, 5, 18)
    # The second day's check-in and another person from the same organisation add nothing.
    attendance_record(actor=organiser, registration=registration, day=date(2017, 5, 19))
    colleague = make_registration(event=event, organisation=org)
    attendance_record(actor=organiser, registration=colleague, day=date(2017, 5, 18))
    assert Interaction.objects.filter(campaign=campaign, kind=K.ATTENDANCE).count() == 1


def test_check_in_outside_the_campaigns_reach_records_nothing(
    make_campaign, make_organisation, make_event, make_registration, make_user, target, cycle
):
    campaign = make_campaign(end=date(2017, 12, 31))
    on_list, off_list = make_organisation(), make_organisation()
    target(campaign, on_list)
    in_cycle_late = make_event(
        cycle=cycle, start=datetime(2018, 5, 18, 9, tzinfo=TZ), end=datetime(2018, 5, 18, 17, tzinfo=TZ)
    )
    unlinked = make_event(start=datetime(2017, 5, 18, 9, tzinfo=TZ), end=datetime(2017, 5, 18, 17, tzinfo=TZ))
    in_cycle = make_event(
        cycle=cycle, start=datetime(2017, 6, 1, 9, tzinfo=TZ), end=datetime(2017, 6, 1, 17, tzinfo=TZ)
    )
    organiser = make_user(agency=in_cycle.organiser_agency)
    for event, org, day in (
        (in_cycle_late, on_list, date(2018, 5, 18)),  # after the campaign ended
        (unlinked, on_list, date(2017, 5, 18)),  # neither the campaign's cycle nor strand
        (in_cycle, off_list, date(2017, 6, 1)),  # not on the target list
    ):
        attendance_record(actor=organiser, registration=make_registration(event=event, organisation=org), day=day)

    assert not Interaction.objects.filter(campaign=campaign).exists()


def test_breakdown_by_type_and_drop_off_list(make_campaign, make_organisation, record):
    campaign = make_campaign()
    centre = make_organisation(legal_name="Youth centre B", type="youth_centre")
    ngo = make_organisation(legal_name="Association A", type="ngo")
    for org in (centre, ngo):
        record(campaign, org, K.INVITATION, channel="email")
        record(campaign, org, K.RESPONSE, answer="interested")
    record(campaign, centre, K.ATTENDANCE)

    groups = dict(breakdown(campaigns=[campaign], dimension="type"))

    assert groups["Youth centre"].counts["attended"] == 1
    assert groups["Non-governmental organisation"].counts["attended"] == 0
    rows = drop_off(campaigns=[campaign], from_stage="responded", to_stage="attended")
    assert [(c, o) for c, o, _when in rows] == [(campaign, ngo)]
    assert stage_totals([campaign.pk])[campaign.pk]["responded"] == 2
