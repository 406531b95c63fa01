"""The funnel counted from FunnelReach (the first day of each stage per campaign and organisation)
gives exactly the figures counted from every interaction, and every way an interaction is written
keeps FunnelReach exact in the same transaction."""

import random
from datetime import date, datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest

from django.urls import reverse

from kopa.directory.duplicates.services import organisation_merge
from kopa.events.checkin.services import attendance_record
from kopa.outreach.funnel.figures import DIMENSIONS
from kopa.outreach.funnel.reach import stage_totals
from kopa.outreach.funnel.selectors import dashboard, funnel, reached
from kopa.outreach.interactions.services import interaction_delete, interaction_update
from kopa.outreach.jobs import rebuild_funnel
from kopa.outreach.models import STAGE_ORDER, FunnelReach, Interaction
from kopa.programmes.models import Strand

pytestmark = pytest.mark.django_db
K = Interaction.Kind
TZ = ZoneInfo("Europe/Ljubljana")
# A period starting before anything happened counts like no start, but is counted from the
# interactions themselves: the computation FunnelReach must agree with.
ALWAYS = date(1900, 1, 1)
KINDS = [K.INVITATION, K.RESPONSE, K.INFO_MEETING, K.ATTENDANCE, K.COACHING, K.APPLICATION, K.DECISION]
DATA = {
    K.INVITATION: {"channel": "email"},
    K.RESPONSE: {"answer": "interested"},
    K.INFO_MEETING: {"meeting_type": "meeting"},
    K.ATTENDANCE: {},
    K.COACHING: {"coach_name": "Coach", "duration_minutes": 60},
    K.APPLICATION: {"action_type": "KA105"},
}


def _rows() -> list[tuple]:
    return sorted(FunnelReach.objects.values_list(
        "campaign_id", "organisation_id", *(f"{stage}_on" for stage in STAGE_ORDER)
    ))


def assert_exact():
    """FunnelReach as kept is what a rebuild from the interactions makes."""
    kept = _rows()
    rebuild_funnel()
    assert kept == _rows()


def _figures(result):
    return [(f.stage, f.count, f.conversion, f.median_days, f.campaigns, f.conversion_reason)
            for f in result.stages]


def _same(fast, slow):
    assert _figures(fast.funnel) == _figures(slow.funnel)
    assert fast.drop_offs == slow.drop_offs
    assert fast.funnel.mixed == slow.funnel.mixed
    for a in STAGE_ORDER:
        for b in STAGE_ORDER:
            assert fast.funnel.rate(a, b) == slow.funnel.rate(a, b), (a, b)
    assert [label for label, _f in fast.groups] == [label for label, _f in slow.groups]
    for (label, group_fast), (_label, group_slow) in zip(fast.groups, slow.groups, strict=True):
        assert _figures(group_fast) == _figures(group_slow), label
        assert group_fast.rate("invited", "approved") == group_slow.rate("invited", "approved")


def test_random_interactions_give_the_same_figures_for_every_filter(
    make_campaign, make_organisation, record, partnership, strand
):
    rnd = random.Random(20261203)
    other_strand = Strand.objects.create(partnership=partnership, name={"en": "Early school leavers"})
    campaigns = [
        make_campaign(),
        make_campaign(stages=["invited", "responded", "attended", "approved"]),
        make_campaign(stages=["responded", "coached", "applied"], strand=other_strand),
        make_campaign(stages=["invited", "approved"], strand=None),
    ]
    organisations = [
        make_organisation(
            region=rnd.choice(["", "Pomurska", "Savinjska", "Osrednjeslovenska"]),
            type=rnd.choice(["ngo", "public", "informal"]),
            experience=rnd.choice(["none", "experienced"]),
            target_groups=rnd.sample(["disability", "neet", "geographical"], rnd.randint(0, 2)),
        )
        for _n in range(24)
    ]
    start = date(2016, 2, 1)
    for _n in range(260):
        kind = rnd.choice(KINDS)
        data = dict(DATA.get(kind, {}))
        if kind == K.DECISION:
            data["outcome"] = rnd.choice(["approved", "approved", "rejected"])
        on = start + timedelta(days=rnd.randint(0, 900))
        record(rnd.choice(campaigns), rnd.choice(organisations), kind, on=on, **data)
    assert_exact()

    ends = [None, date(2016, 9, 1), date(2017, 6, 30), date(2018, 12, 31)]
    chosen_sets = [campaigns] + [list(pair) for pair in combinations(campaigns, 2)] + [[c] for c in campaigns]
    for chosen in chosen_sets:
        for by in [None, *DIMENSIONS]:
            for end in ends:
                fast = dashboard(campaigns=chosen, dimension=by, date_to=end)
                slow = dashboard(campaigns=chosen, dimension=by, date_from=ALWAYS, date_to=end)
                _same(fast, slow)
        assert _figures(funnel(campaigns=chosen)) == _figures(funnel(campaigns=chosen, date_from=ALWAYS))
    # Partnership totals: organisations per stage and campaign, whatever it measures.
    data = reached(campaigns=campaigns, stages=STAGE_ORDER)
    expected = {}
    for stage, by_key in data.first.items():
        for campaign_id, _organisation in by_key:
            expected.setdefault(campaign_id, dict.fromkeys(STAGE_ORDER, 0))[stage] += 1
    # reached() counts only measured stages; stage_totals counts every stage, so compare those measured.
    totals = stage_totals([c.pk for c in campaigns])
    for campaign in campaigns:
        for stage in campaign.stage_list:
            assert totals.get(campaign.pk, {}).get(stage, 0) == expected.get(campaign.pk, {}).get(stage, 0)


def test_each_write_keeps_the_first_days_exact(make_campaign, make_organisation, record, staff):
    campaign = make_campaign(owners=[staff])
    org = make_organisation(agencies=[campaign.agency])
    invited = record(campaign, org, K.INVITATION, channel="email", on=date(2016, 3, 10))
    earlier = record(campaign, org, K.INVITATION, channel="phone", on=date(2016, 3, 1))
    decision = record(campaign, org, K.DECISION, outcome="rejected", on=date(2017, 1, 30))
    assert _rows() == [(campaign.pk, org.pk, date(2016, 3, 1), None, None, None, None, None)]
    assert_exact()

    # A decision changed to "approved": the organisation reaches the stage.
    interaction_update(actor=staff, interaction=decision,
                       data={"occurred_on": date(2017, 2, 2), "outcome": "approved"})
    assert FunnelReach.objects.get().approved_on == date(2017, 2, 2)
    assert funnel(campaigns=[campaign]).counts["approved"] == 1
    assert_exact()
    # A date moved: the first day follows.
    interaction_update(actor=staff, interaction=earlier, data={"occurred_on": date(2016, 4, 1), "channel": "phone"})
    assert FunnelReach.objects.get().invited_on == date(2016, 3, 10)
    assert_exact()
    # Deleted: the next interaction is the first; none left, no row.
    interaction_delete(actor=staff, interaction=invited)
    assert FunnelReach.objects.get().invited_on == date(2016, 4, 1)
    interaction_delete(actor=staff, interaction=Interaction.objects.get(pk=earlier.pk))
    interaction_delete(actor=staff, interaction=decision)
    assert _rows() == []
    assert funnel(campaigns=[campaign]).counts["invited"] == 0
    assert_exact()


def test_a_check_in_through_the_event_signal_keeps_it_exact(
    make_campaign, make_organisation, make_event, make_registration, make_user, target, cycle
):
    campaign = make_campaign()
    org = make_organisation()
    target(campaign, org)
    event = make_event(cycle=cycle, start=datetime(2017, 5, 18, 9, tzinfo=TZ), end=datetime(2017, 5, 19, 17, tzinfo=TZ))
    organiser = make_user(agency=event.organiser_agency)
    registration = make_registration(event=event, organisation=org)

    attendance_record(actor=organiser, registration=registration, day=date(2017, 5, 18))

    assert FunnelReach.objects.get(campaign=campaign, organisation=org).attended_on == date(2017, 5, 18)
    assert dashboard(campaigns=[campaign]).funnel.counts["attended"] == 1
    assert_exact()


def test_merging_two_organisations_keeps_the_earliest_days(make_campaign, make_organisation, record, staff):
    campaign = make_campaign()
    keep = make_organisation(agencies=[campaign.agency], legal_name="Mladi Pomurje")
    merge = make_organisation(agencies=[campaign.agency], legal_name="Mladi Pomurje d.o.o.")
    record(campaign, keep, K.INVITATION, channel="email", on=date(2016, 5, 1))
    record(campaign, merge, K.INVITATION, channel="email", on=date(2016, 3, 1))
    record(campaign, merge, K.RESPONSE, answer="interested", on=date(2016, 3, 9))

    organisation_merge(actor=staff, keep=keep, merge=merge)

    assert _rows() == [(campaign.pk, keep.pk, date(2016, 3, 1), date(2016, 3, 9), None, None, None, None)]
    assert funnel(campaigns=[campaign]).counts["invited"] == 1
    assert_exact()


def test_deleting_a_campaign_or_an_organisation_leaves_no_rows(make_campaign, make_organisation, record):
    first, second = make_campaign(), make_campaign()
    a, b = make_organisation(), make_organisation()
    for campaign in (first, second):
        for org in (a, b):
            record(campaign, org, K.INVITATION, channel="email", on=date(2016, 3, 1))
    first.delete()
    b.delete()
    assert _rows() == [(second.pk, a.pk, date(2016, 3, 1), None, None, None, None, None)]
    assert_exact()


def test_rebuilding_twice_changes_nothing(make_campaign, make_organisation, record):
    campaign = make_campaign()
    record(campaign, make_organisation(), K.INVITATION, channel="email", on=date(2016, 3, 1))
    FunnelReach.objects.all().delete()  # as after a bulk insert that bypassed the model
    assert rebuild_funnel() == 1
    once = _rows()
    assert rebuild_funnel(campaign_ids=[campaign.pk]) == 1
    assert _rows() == once != []


def test_an_officer_recording_on_the_page_sees_the_whole_cycle_dashboard_change(
    client, staff, make_campaign, make_organisation, cycle
):
    campaign = make_campaign(owners=[staff])
    org = make_organisation(agencies=[campaign.agency])
    client.force_login(staff)
    url = reverse("outreach:interaction_create", args=[campaign.pk]) + "?kind=invitation"
    response = client.post(url, {"organisation": org.pk, "occurred_on": "2017-01-10", "channel": "phone"})
    assert response.status_code == 302, response.content.decode()

    page = client.get(reverse("outreach:dashboard"), {"cycle": cycle.pk})

    assert page.context["funnel"].counts["invited"] == 1
    assert_exact()
