"""The funnel's figures cached per campaign (campaign_cells) stay equal to the figures counted from
every interaction while interactions are added, moved, re-dated, change kind or outcome and are
deleted, and while organisations change; the dashboard costs the same number of queries whatever the
number of campaigns."""

import random
from datetime import date, timedelta

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopa.directory.models import Organisation
from kopa.outreach.funnel.figures import DIMENSIONS
from kopa.outreach.funnel.reach import partnership_totals
from kopa.outreach.funnel.selectors import dashboard, reached
from kopa.outreach.interactions.services import interaction_delete, interaction_update
from kopa.outreach.models import STAGE_ORDER, FunnelVersion, Interaction
from kopa.outreach.tests.test_funnel_reach import ALWAYS, DATA, KINDS, K, _same, assert_exact
from kopa.programmes.models import Strand

pytestmark = pytest.mark.django_db
ENDS = [None, date(2016, 9, 1), date(2017, 6, 30)]


def _compare_everything(campaigns):
    """Every selection, breakdown and end date: the cached path equals the interactions' path."""
    selections = [campaigns, campaigns[:2], campaigns[2:], *([c] for c in campaigns)]
    for chosen in selections:
        for by in [None, *DIMENSIONS]:
            for end in ENDS:
                fast = dashboard(campaigns=chosen, dimension=by, date_to=end)
                slow = dashboard(campaigns=chosen, dimension=by, date_from=ALWAYS, date_to=end)
                _same(fast, slow)


def _totals_from_interactions(campaigns):
    """Organisations per stage and campaign, counted from the interactions (every stage)."""
    expected = {c.pk: dict.fromkeys(STAGE_ORDER, 0) for c in campaigns}
    for campaign in campaigns:
        everything = campaign.__class__.objects.get(pk=campaign.pk)
        everything.stages = list(STAGE_ORDER)
        data = reached(campaigns=[everything], stages=STAGE_ORDER)
        for stage, by_key in data.first.items():
            expected[campaign.pk][stage] = len(by_key)
    return expected


def _data_for(kind, rnd):
    data = dict(DATA.get(kind, {}))
    if kind == K.DECISION:
        data["outcome"] = rnd.choice(["approved", "approved", "rejected"])
    return data


def test_cached_figures_follow_every_change_of_random_interactions(
    make_campaign, make_organisation, record, partnership, strand, staff, django_capture_on_commit_callbacks
):
    rnd = random.Random(20261203)
    other_strand = Strand.objects.create(partnership=partnership, name={"en": "Early school leavers"})
    campaigns = [
        make_campaign(owners=[staff]),
        make_campaign(owners=[staff], stages=["invited", "responded", "attended", "approved"]),
        make_campaign(owners=[staff], stages=["responded", "coached", "applied"], strand=other_strand),
        make_campaign(owners=[staff], stages=["invited", "approved"], strand=None),
    ]
    organisations = [
        make_organisation(
            region=rnd.choice(["", "Pomurska", "Savinjska"]),
            type=rnd.choice(["ngo", "public"]),
            experience=rnd.choice(["none", "experienced"]),
            target_groups=rnd.sample(["disability", "neet", "geographical"], rnd.randint(0, 2)),
        )
        for _n in range(16)
    ]
    start = date(2016, 2, 1)

    def day():
        return start + timedelta(days=rnd.randint(0, 700))

    for _n in range(120):
        kind = rnd.choice(KINDS)
        record(rnd.choice(campaigns), rnd.choice(organisations), kind, on=day(), **_data_for(kind, rnd))
    _compare_everything(campaigns)  # fills the cache

    for _round in range(3):
        interactions = list(Interaction.objects.order_by("pk"))
        rnd.shuffle(interactions)
        for interaction in interactions[:6]:  # deleted
            interaction_delete(actor=staff, interaction=interaction)
        for interaction in interactions[6:12]:  # another kind (a response becomes a coaching…)
            interaction.kind = rnd.choice([k for k in KINDS if k not in (K.DECISION, interaction.kind)])
            interaction.save()
        for interaction in interactions[12:16]:  # moved to another day
            interaction_update(actor=staff, interaction=interaction,
                               data={**_data_for(interaction.kind, rnd), "occurred_on": day()})
        for interaction in interactions[16:18]:  # moved to another organisation
            interaction.organisation = rnd.choice(organisations)
            interaction.save()
        for decision in Interaction.objects.filter(kind=K.DECISION)[:2]:  # approved ⇄ rejected
            outcome = "rejected" if decision.outcome == "approved" else "approved"
            interaction_update(actor=staff, interaction=decision,
                               data={"occurred_on": decision.occurred_on, "outcome": outcome})
        for _n in range(8):
            kind = rnd.choice(KINDS)
            record(rnd.choice(campaigns), rnd.choice(organisations), kind, on=day(), **_data_for(kind, rnd))
        with django_capture_on_commit_callbacks(execute=True):  # the directory's version rises on commit
            moved = rnd.choice(organisations)
            moved.region = "Osrednjeslovenska" if moved.region != "Osrednjeslovenska" else "Pomurska"
            moved.save(update_fields=["region"])
        assert_exact()
        _compare_everything(campaigns)  # from the cache where nothing changed

    expected = _totals_from_interactions(campaigns)
    overview = partnership_totals(campaigns=campaigns, own_agency_ids=set())
    shown = {row.campaign.pk: dict(row.cells) for agency in overview.agencies for row in agency.campaigns}
    for campaign in campaigns:
        for stage in STAGE_ORDER:
            want = expected[campaign.pk][stage] if stage in campaign.stage_list else None
            assert shown[campaign.pk][stage] == want, (campaign.pk, stage)


def test_deleting_a_campaign_or_an_organisation_keeps_the_figures_exact(
    make_campaign, make_organisation, record
):
    first, second = make_campaign(), make_campaign()
    a, b = make_organisation(region="Pomurska"), make_organisation(region="Savinjska")
    for campaign in (first, second):
        for org in (a, b):
            record(campaign, org, K.INVITATION, channel="email", on=date(2016, 3, 1))
    assert dashboard(campaigns=[second], dimension="region").funnel.counts["invited"] == 2

    b.delete()
    first.delete()

    result = dashboard(campaigns=[second], dimension="region")
    assert result.funnel.counts["invited"] == 1
    assert [label for label, _f in result.groups] == ["Pomurska"]
    assert list(FunnelVersion.objects.values_list("campaign_id", flat=True)) == [second.pk]


def _fill(campaign, organisations, record):
    for i, organisation in enumerate(organisations):
        record(campaign, organisation, K.INVITATION, channel="email", on=date(2016, 3, 1))
        if i % 2:
            record(campaign, organisation, K.RESPONSE, answer="interested", on=date(2016, 3, 9 + i))


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_the_whole_cycle_dashboard_costs_the_same_queries_for_one_campaign_or_many(
    client, staff, agency, make_campaign, make_organisation, record, cycle
):
    organisations = [
        make_organisation(agencies=[agency], region=region, target_groups=["neet"])
        for region in ("Pomurska", "Savinjska", "", "Koroška")
    ]
    _fill(make_campaign(owners=[staff]), organisations, record)
    client.force_login(staff)
    url = reverse("outreach:dashboard")
    cases = [{"cycle": cycle.pk}, {"cycle": cycle.pk, "by": "region"}, {"cycle": cycle.pk, "by": "strand"}]

    def measure():
        found = []
        for params in cases:
            cache.clear()
            cold = _queries(client, url, params)
            found.append((cold, _queries(client, url, params)))
        return found

    one = measure()
    page = client.get(url, cases[0])
    assert page.context["funnel"].counts["invited"] == 4
    for _n in range(5):
        _fill(make_campaign(owners=[staff]), organisations, record)

    six = measure()

    page = client.get(url, cases[0])
    assert page.context["funnel"].counts["invited"] == 24
    assert six == one
    for cold, warm in one:
        assert warm < cold  # the cached cells spare the grouped queries
    assert Organisation.objects.count() == 4


def test_the_cached_chart_is_the_drawn_chart_and_changes_with_the_figures(
    make_campaign, make_organisation, record
):
    from kopa.outreach.funnel import charts

    campaign = make_campaign()
    organisations = [make_organisation(region=r) for r in ("Pomurska", "Savinjska")]
    _fill(campaign, organisations, record)
    data = dashboard(campaigns=[campaign], dimension="region")
    assert charts.funnel_image(data.funnel) == charts.image(charts.funnel_chart(data.funnel))
    assert charts.breakdown_image(data.groups) == charts.image(charts.breakdown_chart(data.groups))
    before = charts.funnel_image(data.funnel)

    record(campaign, make_organisation(), K.INVITATION, channel="email", on=date(2016, 3, 1))

    after = charts.funnel_image(dashboard(campaigns=[campaign]).funnel)
    assert after["src"] != before["src"]
    assert after == charts.image(charts.funnel_chart(dashboard(campaigns=[campaign]).funnel))
