"""Honest figures when campaigns measure different stages: a stage counts only the campaigns that
measure it, a conversion only the campaigns that measure both stages, a stage nobody measures says
"not measured", and no conversion is ever above 100 %."""

import csv
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopa.outreach.funnel.figures import NONE_AT_PREVIOUS, NOT_MEASURED
from kopa.outreach.funnel.reach import partnership_totals
from kopa.outreach.funnel.selectors import compare, dashboard, drop_off, funnel
from kopa.outreach.models import Campaign, Interaction
from kopa.outreach.tests.funnel_support import content, outreach
from kopa.outreach.tests.mixed_support import information_and_clinics
from kopa.programmes.models import Cycle

pytestmark = pytest.mark.django_db
K = Interaction.Kind
URL = "/en/staff/outreach/dashboard/"
COMPARE = "/en/staff/outreach/compare/"


@pytest.fixture
def officer(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def mixed(make_campaign, make_organisation, record, partnership):
    return information_and_clinics(make_campaign, make_organisation, record, partnership)


@pytest.fixture
def later_cycle(partnership):
    return Cycle.objects.create(partnership=partnership, name="2018–2020", start=date(2018, 1, 1),
                                end=date(2020, 12, 31))


def _row(page: str, label: str) -> list[str]:
    """The texts of the cells of the first table row headed `label`."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S)
    assert match, label
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


# The selectors


def test_a_stage_counts_only_the_campaigns_that_measure_it(mixed):
    result = funnel(campaigns=list(mixed))

    # The clinics' invitations are not counted: the clinics do not measure invitations.
    assert result.counts == {"invited": 11, "responded": 11, "applied": 22, "approved": 5}
    assert [f.campaigns for f in result.stages] == [1, 1, 2, 1]


def test_a_conversion_uses_only_the_campaigns_measuring_both_stages_and_never_exceeds_one(mixed):
    result = funnel(campaigns=list(mixed))

    conversions = [f.conversion for f in result.stages]
    # Applied 22 after Responded 11 is not 200 %: only the information days measure both.
    assert conversions == [None, 1.0, 1.0, pytest.approx(5 / 11)]
    assert all(c is None or 0 <= c <= 1 for c in conversions)
    assert result.mixed


def test_an_organisation_that_skipped_a_stage_does_not_push_a_conversion_above_one(
    make_campaign, make_organisation, record
):
    campaign = make_campaign(stages=["invited", "responded", "applied"])
    for i in range(4):
        org = make_organisation(legal_name=f"Skipper {i}")
        record(campaign, org, K.INVITATION, channel="email")
        record(campaign, org, K.APPLICATION, action_type="KA105")  # applied without answering
        if i == 0:
            record(campaign, org, K.RESPONSE, answer="interested")

    result = funnel(campaigns=[campaign])

    assert result.counts == {"invited": 4, "responded": 1, "applied": 4}
    assert result.stages[2].conversion == 1.0  # the one that responded also applied


def test_a_conversion_between_stages_no_campaign_measures_both_of_is_not_measured(
    make_campaign, make_organisation, record
):
    early = make_campaign(stages=["invited", "responded"])
    late = make_campaign(stages=["applied", "approved"])
    org = make_organisation()
    record(early, org, K.INVITATION, channel="email")
    record(late, org, K.APPLICATION, action_type="KA105")

    result = dashboard(campaigns=[early, late])

    applied = result.funnel.stages[2]
    assert (applied.count, applied.conversion, applied.conversion_reason) == (1, None, NOT_MEASURED)
    assert result.funnel.stages[1].conversion == 0  # invited, never answered
    assert result.funnel.stages[3].conversion == 0  # applied, no decision yet
    # No drop-off list between responded and applied: no campaign measures both.
    assert [(a, b) for a, b, _n in result.drop_offs] == [("invited", "responded"), ("applied", "approved")]


def test_a_conversion_from_an_empty_stage_says_nobody_was_there(make_campaign):
    result = funnel(campaigns=[make_campaign(stages=["invited", "responded"])])

    assert result.counts == {"invited": 0, "responded": 0}
    assert (result.stages[1].conversion, result.stages[1].conversion_reason) == (None, NONE_AT_PREVIOUS)


def test_a_strand_breakdown_leaves_a_stage_its_campaigns_do_not_measure_unmeasured(mixed):
    groups = dict(dashboard(campaigns=list(mixed), dimension="strand").groups)

    assert groups["Rural youth"].counts == {"invited": 11, "responded": 11, "applied": 11, "approved": None}
    assert groups["Young people from deprived areas"].counts == {
        "invited": None, "responded": None, "applied": 11, "approved": 5
    }


def test_two_cycles_show_a_stage_one_of_them_does_not_measure_as_not_measured(
    make_campaign, later_cycle, make_organisation, record
):
    first = make_campaign()
    second = make_campaign(cycle=later_cycle, stages=["invited", "responded", "applied"])
    outreach(first, make_organisation, record, invited=4, responded=2, attended=1, approved=1)
    outreach(second, make_organisation, record, invited=4, responded=2, attended=1, approved=1, prefix="Later")

    a, b = compare(first=[first], second=[second])

    assert a.counts["coached"] == 0 and b.counts["coached"] is None
    assert (b.stages[3].conversion, b.stages[3].conversion_reason) == (None, NOT_MEASURED)
    assert b.counts["approved"] is None


def test_the_drop_off_list_holds_only_campaigns_measuring_both_stages(mixed, staff):
    days, clinics = mixed

    rows = drop_off(campaigns=[days, clinics], from_stage="invited", to_stage="approved")

    assert rows == []  # the information days do not measure approval, the clinics not invitations


def test_partnership_totals_leave_a_stage_no_campaign_measures_unmeasured(mixed, agency):
    overview = partnership_totals(campaigns=Campaign.objects.all(), own_agency_ids={agency.pk})

    assert dict(overview.totals) == {
        "invited": 11, "responded": 11, "attended": None, "coached": None, "applied": 22, "approved": 5
    }


# The pages and exports


def test_the_dashboard_never_shows_a_conversion_above_100_percent(officer, mixed):
    response = officer.get(URL)

    assert response.status_code == 200
    rows = [(r["figure"].label, r["figure"].count, r["conversion"]) for r in response.context["stage_rows"]]
    assert rows == [
        ("Invited", 11, ""), ("Responded", 11, "100%"), ("Applied", 22, "100%"), ("Approved", 5, "45%")
    ]
    page = response.content.decode()
    assert "200%" not in page
    assert "each conversion only the campaigns that measure both stages" in page
    assert "Of 11 organisations invited" not in page  # no campaign measures invited and approved
    assert "No campaign counted measures both “Invited” and “Approved”" in page


def test_the_dashboard_breakdown_says_not_measured(officer, mixed):
    page = officer.get(URL, {"by": "strand"}).content.decode()

    assert _row(page, "Young people from deprived areas") == ["not measured", "not measured", "11", "5"]


def test_the_comparison_says_not_measured_instead_of_zero_percent(
    officer, make_campaign, later_cycle, make_organisation, record
):
    first = make_campaign()
    second = make_campaign(cycle=later_cycle, stages=["invited", "responded", "applied"])
    outreach(first, make_organisation, record, invited=4, responded=2, attended=1, approved=1)
    outreach(second, make_organisation, record, invited=4, responded=2, attended=1, approved=1, prefix="Later")

    response = officer.get(COMPARE, {"a": first.cycle_id, "b": later_cycle.pk})

    assert response.status_code == 200
    # The first cycle measures coaching (nobody was coached); the later one does not.
    assert _row(response.content.decode(), "Coached") == ["0", "0%", "not measured", "not measured"]
    assert "do not all measure the same stages" in response.content.decode()


def test_the_comparison_of_cycles_measuring_no_stage_in_common_says_so(
    officer, make_campaign, later_cycle, make_organisation, record
):
    first = make_campaign(stages=["invited"])
    make_campaign(cycle=later_cycle, stages=["approved"])
    outreach(first, make_organisation, record, invited=2, responded=0, attended=0, approved=0)

    page = officer.get(COMPARE, {"a": first.cycle_id, "b": later_cycle.pk}).content.decode()

    assert "The two cycles measure no stage in common" in page


def test_the_pdf_says_not_measured_and_never_200_percent(officer, mixed, download_job):
    response = download_job(officer, "/en/staff/outreach/dashboard.pdf", query={"by": "strand"})

    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "200%" not in text
    assert "not measured" in text
    assert "do not all measure the same stages" in text


def test_the_csv_says_not_measured_and_never_above_100(officer, mixed, download_job):
    response = download_job(officer, "/en/staff/outreach/dashboard.csv", query={"by": "strand"})

    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert rows[1:5] == [
        ["Invited", "11", "", ""],
        ["Responded", "11", "100.0", "10"],
        ["Applied", "22", "100.0", "207"],
        ["Approved", "5", "45.5", "118"],
    ]
    assert ["Young people from deprived areas", "not measured", "not measured", "11", "5"] in rows


def test_the_partnership_page_says_not_measured_for_a_stage_nobody_measures(officer, mixed, partnership):
    page = officer.get(reverse("outreach:partnership", args=[partnership.pk])).content.decode()

    assert _row(page, "All campaigns") == ["11", "11", "not measured", "not measured", "22", "5"]


def test_the_drop_off_page_says_when_no_campaign_measures_both_stages(officer, mixed):
    response = officer.get(reverse("outreach:drop_off"), {"from": "invited", "to": "approved"})

    assert response.status_code == 200
    assert "None of these campaigns measures both stages" in response.content.decode()


def test_the_drop_off_page_names_the_campaigns_it_leaves_out(officer, mixed):
    response = officer.get(reverse("outreach:drop_off"), {"from": "responded", "to": "applied"})

    assert "Only the campaigns that measure both stages are listed: 1 of 2 campaigns." in (
        response.content.decode()
    )


def test_mixed_stages_do_not_add_queries(officer, make_campaign, make_organisation, record,
                                         django_assert_max_num_queries):
    first = make_campaign(stages=["invited", "responded"])
    outreach(first, make_organisation, record, invited=2, responded=1, attended=0, approved=0)
    with CaptureQueriesContext(connection) as few:
        assert officer.get(URL, {"by": "strand"}).status_code == 200
    for i, stages in enumerate([["applied", "approved"], ["invited", "coached"], ["responded"]]):
        campaign = make_campaign(stages=stages)
        outreach(campaign, make_organisation, record, invited=3, responded=2, attended=1, approved=1,
                 prefix=f"More {i}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer.get(URL, {"by": "strand"}).status_code == 200


# Where the officer starts: campaigns and interactions made on the pages


def _campaign_form(name: str, stages: list[str], cycle) -> dict:
    return {
        "name_en": name, "name_sl": "", "name_lv": "", "goal_en": "", "goal_sl": "", "goal_lv": "",
        "start": "2016-02-01", "end": "2018-12-31", "stages": stages, "cycle": cycle.pk,
        "invitation_subject_en": "", "invitation_subject_sl": "", "invitation_subject_lv": "",
        "invitation_body_en": "", "invitation_body_sl": "", "invitation_body_lv": "",
        "response_days": "30",
    }


def _record(client, campaign, kind, organisation, **data):
    url = reverse("outreach:interaction_create", args=[campaign.pk]) + f"?kind={kind}"
    response = client.post(url, {"organisation": organisation.pk, "occurred_on": "2017-01-10", **data})
    assert response.status_code == 302, response.content.decode()


def test_an_officer_mixing_campaigns_sees_honest_figures(officer, agency, cycle, make_organisation):
    for name, stages in (("Information days", ["invited", "responded", "applied"]),
                         ("Application clinics", ["applied", "approved"])):
        assert officer.post(reverse("outreach:campaign_create"), _campaign_form(name, stages, cycle)).status_code == 302
    days = Campaign.objects.get(name__en="Information days")
    clinics = Campaign.objects.get(name__en="Application clinics")
    for i in range(2):
        org = make_organisation(legal_name=f"Information {i}", agencies=[agency])
        _record(officer, days, "invitation", org, channel="phone")
        _record(officer, days, "response", org, answer="interested")
        _record(officer, days, "application", org, action_type="KA105")
    for i in range(2):
        org = make_organisation(legal_name=f"Clinic {i}", agencies=[agency])
        _record(officer, clinics, "application", org, action_type="KA105")
        _record(officer, clinics, "decision", org, outcome="approved" if i == 0 else "rejected")

    dashboard_page = officer.get(reverse("outreach:dashboard")).content.decode()
    chosen_page = officer.get(reverse("outreach:dashboard"), {"campaign": [days.pk, clinics.pk]})

    assert _row(dashboard_page, "Applied")[:2] == ["4", "100%"]
    assert "200%" not in dashboard_page
    assert _row(chosen_page.content.decode(), "Approved")[:2] == ["1", "50%"]


def test_a_cycle_without_campaigns_is_not_measured_rather_than_zero(
    officer, make_campaign, later_cycle, make_organisation, record
):
    first = make_campaign(stages=["invited", "responded"])
    outreach(first, make_organisation, record, invited=3, responded=1, attended=0, approved=0)

    response = officer.get(COMPARE, {"a": first.cycle_id, "b": later_cycle.pk})

    page = response.content.decode()
    assert _row(page, "Responded") == ["1", "33%", "not measured", "not measured"]
    assert "your agency has no campaign in this cycle" in page
    assert "do not all measure the same stages" not in page
