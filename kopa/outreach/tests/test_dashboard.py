"""The funnel dashboard: its figures, filters, charts with summaries, and its exports."""

import csv
import io
from datetime import date
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _

from kopa.outreach.funnel.selectors import breakdown, funnel
from kopa.outreach.models import Interaction, Stage
from kopa.outreach.tests.funnel_support import content, outreach
from kopa.programmes.models import Cycle, Partnership, Strand

pytestmark = pytest.mark.django_db
K = Interaction.Kind
URL = "/en/staff/outreach/dashboard/"


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(stages=["invited", "responded", "attended", "approved"])


@pytest.fixture
def officer(client, staff):
    client.force_login(staff)
    return client


def _table(response) -> list[tuple[str, int, str, str]]:
    return [(r["figure"].label, r["figure"].count, r["conversion"], r["median"])
            for r in response.context["stage_rows"]]


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))


def test_dashboard_shows_the_slovenian_funnel_as_the_selectors_compute_it(
    officer, campaign, make_organisation, record
):
    outreach(campaign, make_organisation, record, invited=76, responded=52, attended=36, approved=11)

    response = officer.get(URL, {"campaign": campaign.pk})

    expected = funnel(campaigns=[campaign])
    assert response.status_code == 200
    assert [(f.label, f.count) for f in expected.stages] == [
        ("Invited", 76), ("Responded", 52), ("Attended an event", 36), ("Approved", 11)
    ]
    assert [(label, count) for label, count, _c, _m in _table(response)] == [
        (f.label, f.count) for f in expected.stages
    ]
    assert [conversion for _l, _n, conversion, _m in _table(response)] == ["", "68%", "69%", "31%"]
    assert _table(response)[1][3] == "10 days"


def test_dashboard_says_the_funnel_in_one_sentence(officer, campaign, make_organisation, record):
    outreach(campaign, make_organisation, record, invited=76, responded=52, attended=36, approved=11)

    page = officer.get(URL, {"campaign": campaign.pk}).content.decode()

    assert (
        "Of 76 organisations invited, 11 reached “Approved” (14%); the biggest drop-off is between "
        "“Attended an event” and “Approved”." in page
    )


def test_chart_is_an_image_described_by_the_summary_and_followed_by_a_data_table(
    officer, campaign, make_organisation, record
):
    outreach(campaign, make_organisation, record, invited=4, responded=2, attended=1, approved=0)

    page = officer.get(URL, {"campaign": campaign.pk}).content.decode()

    assert '<img src="data:image/svg+xml;base64,' in page
    assert 'aria-describedby="funnel-summary"' in page and 'id="funnel-summary"' in page
    assert "<caption>Organisations at each stage of the funnel</caption>" in page
    assert '<th scope="row">Attended an event</th>' in page


def test_no_campaign_ticked_counts_every_campaign_of_the_agency_and_no_other(
    officer, campaign, make_campaign, make_agency, make_organisation, record
):
    second = make_campaign(name={"en": "Second"})
    foreign = make_campaign(agency=make_agency(name="Latvian agency", country="LV"))
    outreach(campaign, make_organisation, record, invited=3, responded=1, attended=0, approved=0)
    outreach(second, make_organisation, record, invited=2, responded=2, attended=0, approved=0)
    outreach(foreign, make_organisation, record, invited=5, responded=5, attended=5, approved=5)

    response = officer.get(URL)

    assert [c.pk for c in response.context["campaigns"]] == [campaign.pk, second.pk]
    assert response.context["funnel"].counts["invited"] == 5
    assert response.context["funnel"].counts["responded"] == 3


def test_date_filter_counts_only_interactions_in_the_period(officer, campaign, make_organisation, record):
    outreach(campaign, make_organisation, record, invited=6, responded=4, attended=2, approved=1)

    response = officer.get(URL, {"campaign": campaign.pk, "date_from": "2016-03-05", "date_to": "2016-12-31"})

    assert response.context["funnel"].counts == {"invited": 0, "responded": 4, "attended": 2, "approved": 0}
    assert response.context["funnel"].counts == funnel(
        campaigns=[campaign], date_from=date(2016, 3, 5), date_to=date(2016, 12, 31)
    ).counts
    assert "Interactions from 5 March 2016 to 31 December 2016" in response.content.decode()


def test_cycle_filter_keeps_the_campaigns_of_that_cycle(
    officer, campaign, make_campaign, partnership, make_organisation, record
):
    later = Cycle.objects.create(partnership=partnership, name="2018–2020", start=date(2018, 1, 1),
                                 end=date(2020, 12, 31))
    other = make_campaign(cycle=later, start=date(2018, 2, 1), end=None)
    outreach(campaign, make_organisation, record, invited=3, responded=0, attended=0, approved=0)
    outreach(other, make_organisation, record, invited=7, responded=0, attended=0, approved=0)

    response = officer.get(URL, {"cycle": later.pk})

    assert [c.pk for c in response.context["campaigns"]] == [other.pk]
    assert response.context["funnel"].counts["invited"] == 7


def test_strand_filter_keeps_the_campaigns_of_that_strand(
    officer, campaign, make_campaign, partnership, make_organisation, record
):
    disability = Strand.objects.create(partnership=partnership, name={"en": "Disability"})
    other = make_campaign(strand=disability)
    outreach(campaign, make_organisation, record, invited=3, responded=0, attended=0, approved=0)
    outreach(other, make_organisation, record, invited=2, responded=0, attended=0, approved=0)

    response = officer.get(URL, {"strand": disability.pk})

    assert [c.pk for c in response.context["campaigns"]] == [other.pk]
    assert response.context["funnel"].counts["invited"] == 2


def test_breakdown_by_region_shows_each_group_as_the_selectors_compute_it(
    officer, campaign, make_organisation, record
):
    outreach(campaign, make_organisation, record, invited=4, responded=3, attended=1, approved=0,
             prefix="Zasavje", region="Zasavska")
    outreach(campaign, make_organisation, record, invited=2, responded=1, attended=1, approved=1,
             prefix="Koroška", region="Koroška")

    response = officer.get(URL, {"campaign": campaign.pk, "by": "region"})

    expected = breakdown(campaigns=[campaign], dimension="region")
    shown = [(label, group.counts) for label, group in response.context["groups"]]
    assert shown == [(label, group.counts) for label, group in expected]
    assert shown[0] == ("Koroška", {"invited": 2, "responded": 1, "attended": 1, "approved": 1})
    page = response.content.decode()
    assert "Breakdown: Region" in page
    assert "“Koroška” has the highest share of organisations going from “Invited” to “Approved” (50%)" in page


@pytest.mark.parametrize("dimension", ["strand", "region", "type", "experience", "target_group"])
def test_every_breakdown_dimension_renders_a_table_and_a_chart(
    officer, campaign, make_organisation, record, dimension
):
    outreach(campaign, make_organisation, record, invited=3, responded=2, attended=1, approved=0,
             target_groups=["disability", "neet"], region="Pomurska")

    response = officer.get(URL, {"campaign": campaign.pk, "by": dimension})

    assert response.status_code == 200
    assert response.context["groups"]
    assert response.context["breakdown_chart"]["src"].startswith("data:image/svg+xml;base64,")
    assert 'id="breakdown-summary"' in response.content.decode()


def test_target_group_breakdown_counts_an_organisation_in_each_of_its_groups(
    officer, campaign, make_organisation, record
):
    outreach(campaign, make_organisation, record, invited=2, responded=0, attended=0, approved=0,
             target_groups=["disability", "neet"])

    response = officer.get(URL, {"campaign": campaign.pk, "by": "target_group"})

    assert [group.counts["invited"] for _label, group in response.context["groups"]] == [2, 2]


def test_drop_off_links_carry_the_filters_and_the_size_of_each_list(
    officer, campaign, make_organisation, record
):
    outreach(campaign, make_organisation, record, invited=5, responded=3, attended=1, approved=0)

    response = officer.get(URL, {"campaign": campaign.pk, "date_from": "2016-01-01"})

    assert [(d["title"], d["count"]) for d in response.context["drop_offs"]] == [
        ("Invited but never responded", 2),
        ("Responded but never attended an event", 2),
        ("Attended an event but no project approved", 1),
    ]
    assert response.context["drop_offs"][1]["url"] == (
        f"/en/staff/outreach/drop-off/?campaign={campaign.pk}&date_from=2016-01-01&from=responded&to=attended"
    )


@pytest.mark.parametrize("query", [
    {"date_from": "not-a-date"},
    {"date_to": "2027-13-45"},
    {"date_from": "2017-05-10", "date_to": "2017-05-01"},
    {"by": "colour"},
    {"cycle": "abc"},
    {"strand": "999999"},
])
def test_invalid_filters_are_explained_next_to_the_field_with_a_400(officer, campaign, query):
    response = officer.get(URL, query)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert "errorlist" in response.content.decode()
    assert "funnel" not in response.context


def test_odd_query_values_never_cause_a_server_error(officer, campaign):
    response = officer.get(URL, {"campaign": "1\x00", "q": "a\x00b", "page": "abc", "by": "x" * 500})

    assert response.status_code in (400, 404)


def _open(client, path, query=None):
    """A page by GET; an export (a file name in the address) as its button starts it: a POST whose
    address carries the filters."""
    if path.split("?")[0].endswith("/"):
        return client.get(path, query or {})
    if query:
        path = f"{path}{'&' if '?' in path else '?'}{urlencode(query)}"
    return client.post(path)


@pytest.mark.parametrize("path", ["dashboard/", "dashboard.pdf", "dashboard.csv", "dashboard.xlsx"])
def test_another_agencys_campaign_is_not_found(officer, make_campaign, make_agency, path):
    foreign = make_campaign(agency=make_agency(name="Latvian agency", country="LV"))

    response = _open(officer, f"/en/staff/outreach/{path}", {"campaign": foreign.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["dashboard/", "dashboard.pdf", "dashboard.csv", "dashboard.xlsx"])
def test_people_who_are_not_agency_staff_get_a_404(client, make_user, campaign, path):
    client.force_login(make_user())

    assert _open(client, f"/en/staff/outreach/{path}").status_code == 404


def test_an_agency_without_campaigns_is_invited_to_start_one(client, make_user, make_agency):
    client.force_login(make_user(agency=make_agency()))

    response = client.get(URL)

    assert response.status_code == 200
    assert "Your agency has no outreach campaigns yet." in response.content.decode()


def test_number_of_queries_does_not_grow_with_organisations_and_interactions(
    officer, campaign, make_organisation, record, django_assert_max_num_queries
):
    outreach(campaign, make_organisation, record, invited=2, responded=1, attended=1, approved=0,
             target_groups=["disability"])
    query = {"campaign": campaign.pk, "by": "target_group"}
    with CaptureQueriesContext(connection) as few:
        assert officer.get(URL, query).status_code == 200
    outreach(campaign, make_organisation, record, invited=40, responded=30, attended=20, approved=10,
             prefix="More", target_groups=["neet", "social"])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer.get(URL, query)

    assert response.context["funnel"].counts["invited"] == 42


@pytest.mark.parametrize("language", ["sl", "lv"])
def test_summaries_render_in_slovenian_and_latvian(
    client, staff, campaign, make_organisation, record, language
):
    outreach(campaign, make_organisation, record, invited=5, responded=3, attended=2, approved=1,
             region="Koroška")
    client.force_login(staff)

    response = client.get(f"/{language}/staff/outreach/dashboard/", {"campaign": campaign.pk, "by": "region"})

    assert response.status_code == 200
    assert response.context["summary"] in response.content.decode()
    assert response.context["breakdown_summary"]


def test_pdf_has_the_filters_the_funnel_and_the_breakdown_with_slovenian_letters(
    client, staff, campaign, make_organisation, record, download_job):
    outreach(campaign, make_organisation, record, invited=5, responded=3, attended=2, approved=1,
             region="Koroška")
    client.force_login(staff)

    text = _pdf_text(download_job(client, "/sl/staff/outreach/dashboard.pdf", query={"campaign": campaign.pk, "by": "region"}))

    assert "Doseči prikrajšana območja" in text  # the campaign's Slovenian name, in the filters
    assert "Koroška" in text  # a group of the breakdown, in its chart and its table
    with translation.override("sl"):
        words = [str(Stage.INVITED.label), str(Stage.APPROVED.label), _("Generated on %(date)s")[:8]]
    assert all(word in text for word in words)


def test_pdf_says_the_funnel_in_one_sentence(officer, campaign, make_organisation, record, download_job):
    outreach(campaign, make_organisation, record, invited=4, responded=2, attended=2, approved=1)

    text = " ".join(_pdf_text(download_job(officer, "/en/staff/outreach/dashboard.pdf", query={"campaign": campaign.pk})).split())

    assert "Of 4 organisations invited, 1 reached “Approved” (25%)" in text


def test_csv_has_the_funnel_table_and_the_breakdown_table(officer, campaign, make_organisation, record, download_job):
    outreach(campaign, make_organisation, record, invited=4, responded=2, attended=1, approved=1,
             region="Zasavska")

    response = download_job(officer, "/en/staff/outreach/dashboard.csv", query={"campaign": campaign.pk, "by": "region"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert _csv_rows(response) == [
        ["Stage", "Organisations", "Conversion from the previous stage (%)",
         "Median days from the previous stage"],
        ["Invited", "4", "", ""],
        ["Responded", "2", "50.0", "10"],
        ["Attended an event", "1", "50.0", "70"],
        ["Approved", "1", "100.0", "255"],
        [],
        ["Region", "Invited", "Responded", "Attended an event", "Approved"],
        ["Zasavska", "4", "2", "1", "1"],
    ]


def test_xlsx_has_the_same_rows_as_the_csv(officer, campaign, make_organisation, record, download_job):
    outreach(campaign, make_organisation, record, invited=3, responded=1, attended=0, approved=0)
    query = {"campaign": campaign.pk, "by": "strand"}

    response = download_job(officer, "/en/staff/outreach/dashboard.xlsx", query=query)

    sheet = load_workbook(io.BytesIO(content(response))).active
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    expected = [row + [""] * (len(rows[0]) - len(row)) if row else [""] * len(rows[0])
                for row in _csv_rows(download_job(officer, "/en/staff/outreach/dashboard.csv", query=query))]
    assert [row[:len(expected[0])] for row in rows] == [row[:len(expected[0])] for row in expected]


@pytest.mark.parametrize("path", ["dashboard.pdf", "dashboard.csv", "dashboard.xlsx"])
def test_exports_with_invalid_filters_answer_400(officer, campaign, path):
    response = _open(officer, f"/en/staff/outreach/{path}", {"date_from": "yesterday"})

    assert response.status_code == 400


# Two cycles side by side.

COMPARE = "/en/staff/outreach/compare/"


@pytest.fixture
def later_cycle(partnership):
    return Cycle.objects.create(partnership=partnership, name="2018–2020", start=date(2018, 1, 1),
                                end=date(2020, 12, 31))


def test_compare_shows_each_cycles_funnel_side_by_side(
    officer, campaign, make_campaign, later_cycle, make_organisation, record
):
    later = make_campaign(cycle=later_cycle, start=date(2018, 2, 1), end=None)
    outreach(campaign, make_organisation, record, invited=76, responded=52, attended=36, approved=11)
    outreach(later, make_organisation, record, invited=10, responded=5, attended=5, approved=2, prefix="Later")

    response = officer.get(COMPARE, {"a": campaign.cycle_id, "b": later_cycle.pk})

    assert response.status_code == 200
    stages = ["invited", "responded", "attended", "coached", "applied", "approved"]
    first = funnel(campaigns=[campaign], stages=stages)
    second = funnel(campaigns=[later], stages=stages)
    assert [(r["label"], r["a"], r["b"]) for r in response.context["rows"]] == [
        (a.label, a.count, b.count) for a, b in zip(first.stages, second.stages, strict=True)
    ]
    assert response.context["rows"][1]["a_conversion"] == "68%"
    assert response.context["names"] == ("2016–2018", "2018–2020")
    page = response.content.decode()
    assert "In 2016–2018, 11 of 76 organisations at “Invited” reached “Approved” (14%); in 2018–2020, 2 of 10 (20%)." in page
    assert '<img src="data:image/svg+xml;base64,' in page
    assert "<th scope=\"col\">Organisations in 2018–2020</th>" in page


def test_compare_counts_only_the_agencys_own_campaigns_in_each_cycle(
    officer, campaign, make_campaign, make_agency, later_cycle, partnership, make_organisation, record
):
    from kopa.programmes.models import PartnershipMember

    partner = make_agency(name="Latvian agency", country="LV")
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=partner)
    foreign = make_campaign(agency=partner)
    outreach(campaign, make_organisation, record, invited=3, responded=0, attended=0, approved=0)
    outreach(foreign, make_organisation, record, invited=9, responded=0, attended=0, approved=0, prefix="LV")

    response = officer.get(COMPARE, {"a": campaign.cycle_id, "b": later_cycle.pk})

    assert [r["a"] for r in response.context["rows"]][0] == 3
    assert "your agency has no campaign in this cycle" in response.content.decode()


def test_compare_applies_the_date_filter(officer, campaign, later_cycle, make_organisation, record):
    outreach(campaign, make_organisation, record, invited=3, responded=2, attended=0, approved=0)

    response = officer.get(COMPARE, {"a": campaign.cycle_id, "b": later_cycle.pk, "date_from": "2016-03-05"})

    assert [r["a"] for r in response.context["rows"]][:2] == [0, 2]


def test_compare_without_cycles_asks_for_them(officer, campaign, later_cycle):
    response = officer.get(COMPARE)

    assert response.status_code == 200
    assert "Choose two cycles to compare." in response.content.decode()


@pytest.mark.parametrize("query", [
    {"a": "1", "b": "1"},
    {"a": "abc", "b": "2"},
    {"a": "999999", "b": "1"},
    {"a": "1"},
    {"a": "1", "b": "2", "date_to": "2027-13-45"},
])
def test_compare_with_wrong_choices_explains_them_with_a_400(officer, campaign, later_cycle, query):
    query = {key: {"1": str(campaign.cycle_id), "2": str(later_cycle.pk)}.get(value, value)
             for key, value in query.items()}

    response = officer.get(COMPARE, query)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert "errorlist" in response.content.decode()


def test_compare_refuses_a_cycle_of_a_partnership_the_agency_is_not_in(officer, campaign, make_agency):
    other = Partnership.objects.create(name={"en": "Rural youth"}, slug="rural", coordinator=make_agency())
    foreign_cycle = Cycle.objects.create(partnership=other, name="2016–2018", start=date(2016, 1, 1),
                                         end=date(2018, 12, 31))

    response = officer.get(COMPARE, {"a": campaign.cycle_id, "b": foreign_cycle.pk})

    assert response.status_code == 400
    assert "b" in response.context["form"].errors
