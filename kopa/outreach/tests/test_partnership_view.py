"""The partnership view: every member agency's campaigns, one's own in detail, the others' as totals."""

import pytest

from kopa.outreach.tests.funnel_support import outreach
from kopa.programmes.models import Partnership, PartnershipMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def latvian_agency(make_agency, partnership):
    agency = make_agency(name="Latvian agency", country="LV")
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=agency)
    return agency


@pytest.fixture
def latvian_staff(make_user, latvian_agency):
    return make_user(agency=latvian_agency)


@pytest.fixture
def slovenian_campaign(make_campaign, make_organisation, record):
    campaign = make_campaign(stages=["invited", "responded", "attended", "approved"])
    outreach(campaign, make_organisation, record, invited=5, responded=3, attended=2, approved=1,
             prefix="Mladinski center")
    return campaign


@pytest.fixture
def latvian_campaign(make_campaign, latvian_agency, make_organisation, record):
    campaign = make_campaign(agency=latvian_agency, name={"en": "Būt kopā", "lv": "Būt kopā"})
    outreach(campaign, make_organisation, record, invited=4, responded=4, attended=1, approved=0,
             prefix="Jauniešu centrs")
    return campaign


def _page(client, user, partnership):
    client.force_login(user)
    return client.get(f"/en/staff/outreach/partnerships/{partnership.pk}/")


def _rows(response) -> dict[str, tuple[bool, list]]:
    return {
        item.campaign.name_text: (item.own, item.cells)
        for group in response.context["overview"].agencies
        for item in group.campaigns
    }


def test_each_campaign_of_the_partnership_shows_its_stage_totals(
    client, staff, partnership, slovenian_campaign, latvian_campaign
):
    response = _page(client, staff, partnership)

    assert response.status_code == 200
    rows = _rows(response)
    assert rows["Reaching deprived areas"] == (True, [
        ("invited", 5), ("responded", 3), ("attended", 2), ("coached", None), ("applied", None), ("approved", 1)
    ])
    assert rows["Būt kopā"] == (False, [
        ("invited", 4), ("responded", 4), ("attended", 1), ("coached", 0), ("applied", 0), ("approved", 0)
    ])


def test_partnership_total_adds_up_every_campaign(client, staff, partnership, slovenian_campaign, latvian_campaign):
    response = _page(client, staff, partnership)

    assert response.context["overview"].totals == [
        ("invited", 9), ("responded", 7), ("attended", 3), ("coached", 0), ("applied", 0), ("approved", 1)
    ]


def test_own_campaigns_link_to_their_details(client, staff, partnership, slovenian_campaign, latvian_campaign):
    page = _page(client, staff, partnership).content.decode()

    assert f'href="/en/staff/outreach/{slovenian_campaign.pk}/"' in page
    assert f'href="/en/staff/outreach/dashboard/?campaign={slovenian_campaign.pk}"' in page


def test_other_agencies_campaigns_show_totals_only(client, staff, partnership, slovenian_campaign, latvian_campaign):
    page = _page(client, staff, partnership).content.decode()

    assert "Būt kopā" in page
    assert f"/staff/outreach/{latvian_campaign.pk}/" not in page
    assert f"campaign={latvian_campaign.pk}" not in page
    assert "Jauniešu centrs" not in page  # no organisation of the other agency
    assert "Mladinski center" not in page  # nor of one's own: details are one click away


def test_the_other_agency_sees_the_same_partnership_the_other_way_round(
    client, latvian_staff, partnership, slovenian_campaign, latvian_campaign
):
    response = _page(client, latvian_staff, partnership)

    rows = _rows(response)
    assert rows["Būt kopā"][0] is True and rows["Reaching deprived areas"][0] is False
    page = response.content.decode()
    assert f"/staff/outreach/{slovenian_campaign.pk}/" not in page
    assert f'href="/en/staff/outreach/{latvian_campaign.pk}/"' in page


def test_own_agency_comes_first(client, latvian_staff, partnership, slovenian_campaign, latvian_campaign):
    response = _page(client, latvian_staff, partnership)

    assert [group.agency.name for group in response.context["overview"].agencies] == [
        "Latvian agency", "Slovenian agency"
    ]


def test_staff_of_an_agency_outside_the_partnership_get_a_404(
    client, make_user, make_agency, partnership, slovenian_campaign
):
    outsider = make_user(agency=make_agency(name="Walloon agency", country="BE"))

    assert _page(client, outsider, partnership).status_code == 404


def test_the_list_shows_only_the_partnerships_one_belongs_to(client, staff, partnership, make_agency):
    other = Partnership.objects.create(name={"en": "Rural youth"}, slug="rural", coordinator=make_agency())
    client.force_login(staff)

    response = client.get("/en/staff/outreach/partnerships/")

    assert list(response.context["partnerships"]) == [partnership]
    assert f"/staff/outreach/partnerships/{other.pk}/" not in response.content.decode()


def test_an_unknown_partnership_is_a_404(client, staff, partnership):
    client.force_login(staff)

    assert client.get("/en/staff/outreach/partnerships/999999/").status_code == 404


def test_people_who_are_not_agency_staff_get_a_404(client, make_user, partnership):
    client.force_login(make_user())

    assert client.get("/en/staff/outreach/partnerships/").status_code == 404
    assert client.get(f"/en/staff/outreach/partnerships/{partnership.pk}/").status_code == 404


@pytest.mark.parametrize("path", [
    "dashboard/", "dashboard.pdf", "dashboard.csv", "dashboard.xlsx",
    "drop-off/?from=responded&to=attended&", "drop-off.csv?from=responded&to=attended&",
    "drop-off.xlsx?from=responded&to=attended&",
])
def test_a_partner_agencys_campaign_stays_a_404_everywhere_else(
    client, staff, partnership, latvian_campaign, path
):
    client.force_login(staff)
    separator = "" if path.endswith("&") else "?"

    address = f"/en/staff/outreach/{path}{separator}campaign={latvian_campaign.pk}"
    response = client.get(address) if "/?" in address else client.post(address)

    assert response.status_code == 404


def test_the_dashboard_without_a_campaign_never_counts_a_partners_campaign(
    client, staff, partnership, slovenian_campaign, latvian_campaign
):
    client.force_login(staff)

    response = client.get("/en/staff/outreach/dashboard/")

    assert [c.pk for c in response.context["campaigns"]] == [slovenian_campaign.pk]
    assert response.context["funnel"].counts["invited"] == 5


def test_the_drop_off_list_without_a_campaign_never_lists_a_partners_organisations(
    client, staff, partnership, slovenian_campaign, latvian_campaign
):
    client.force_login(staff)

    page = client.get("/en/staff/outreach/drop-off/?from=invited&to=approved").content.decode()

    assert "Mladinski center 001" in page
    assert "Jauniešu centrs" not in page


def test_number_of_queries_does_not_grow_with_campaigns(
    client, staff, partnership, slovenian_campaign, latvian_campaign, make_campaign,
    django_assert_max_num_queries
):
    client.force_login(staff)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(f"/en/staff/outreach/partnerships/{partnership.pk}/")
    for n in range(5):
        make_campaign(name={"en": f"More {n}"})

    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/en/staff/outreach/partnerships/{partnership.pk}/")
