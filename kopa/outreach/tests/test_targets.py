"""Target lists: built from a directory filter or by hand; shown, exported, trimmed."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from kopa.core import audit
from kopa.directory.models import Organisation
from kopa.outreach.campaigns.services import targets_add
from kopa.outreach.funnel.selectors import funnel
from kopa.outreach.models import CampaignTarget, Interaction
from kopa.outreach.tests import target_support
from kopa.outreach.tests.target_support import content, listed

pytestmark = pytest.mark.django_db
K = Interaction.Kind

# Shared fixtures, found by name.
officer_client = target_support.officer_client
campaign = target_support.campaign
inventory = target_support.inventory


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_each_organisations_furthest_measured_stage(officer_client, campaign, inventory, record,
                                                                  target):
    record(campaign, inventory["trbovlje"], K.INVITATION, channel="email")
    record(campaign, inventory["trbovlje"], K.RESPONSE, answer="interested")
    record(campaign, inventory["hrastnik"], K.INVITATION, channel="email")
    target(campaign, inventory["koper"])

    body = officer_client.get(reverse("outreach:targets", args=[campaign.pk])).content.decode()

    def row(name):
        return body.split(name, 1)[1].split("</tr>", 1)[0]

    assert "Responded" in row("Mladinski center Trbovlje")
    assert "Invited" in row("Društvo Sožitje")
    assert "No stage reached yet" in row("Zavod Most")


def test_the_furthest_stage_ignores_stages_the_campaign_does_not_measure(officer_client, make_campaign, inventory,
                                                                        record):
    campaign = make_campaign(stages=["invited", "approved"])
    record(campaign, inventory["trbovlje"], K.INVITATION, channel="email")
    record(campaign, inventory["trbovlje"], K.RESPONSE, answer="interested")

    body = officer_client.get(reverse("outreach:targets", args=[campaign.pk])).content.decode()

    assert "Invited" in body.split("Mladinski center Trbovlje", 1)[1].split("</tr>", 1)[0]


def test_the_search_box_narrows_the_list(officer_client, campaign, inventory, target):
    target(campaign, inventory["trbovlje"])
    target(campaign, inventory["koper"])
    body = officer_client.get(reverse("outreach:targets", args=[campaign.pk]), {"q": "koper"}).content.decode()
    assert "Zavod Most" in body and "Mladinski center Trbovlje" not in body


def test_the_list_is_paginated(officer_client, campaign, make_organisation, agency, target):
    for n in range(30):
        target(campaign, make_organisation(legal_name=f"Organisation {n:02d}", agencies=[agency]))
    first = officer_client.get(reverse("outreach:targets", args=[campaign.pk])).content.decode()
    second = officer_client.get(reverse("outreach:targets", args=[campaign.pk]), {"page": 2}).content.decode()
    assert first.count('name="organisation"') == 25 and second.count('name="organisation"') == 5


def test_the_list_page_needs_no_more_queries_for_more_organisations(officer_client, campaign, make_organisation,
                                                                    agency, record, django_assert_max_num_queries):
    record(campaign, make_organisation(agencies=[agency]), K.INVITATION, channel="email")
    url = reverse("outreach:targets", args=[campaign.pk])
    officer_client.get(url)
    with django_assert_max_num_queries(20) as queries:
        officer_client.get(url)
    for _n in range(10):
        record(campaign, make_organisation(agencies=[agency]), K.RESPONSE, answer="interested")
    with django_assert_max_num_queries(len(queries)):
        officer_client.get(url)


# --- removing ------------------------------------------------------------------------------------


def test_removing_takes_organisations_off_the_list_and_keeps_their_interactions(officer_client, campaign,
                                                                                inventory, record, target, staff):
    record(campaign, inventory["trbovlje"], K.INVITATION, channel="email")
    target(campaign, inventory["koper"])

    response = officer_client.post(reverse("outreach:target_remove", args=[campaign.pk]), {
        "organisation": [inventory["trbovlje"].pk, inventory["koper"].pk]})

    assert response.status_code == 302
    assert listed(campaign) == set()
    assert Interaction.objects.filter(campaign=campaign).count() == 1
    assert funnel(campaigns=[campaign]).counts["invited"] == 1
    entry = audit.history_for(campaign).first()
    assert entry.actor == staff and entry.changes["targets_removed"] == [2, None]


@pytest.mark.parametrize("value", ["abc", "1.5", "-3", ""])
def test_removing_with_an_odd_id_is_404(officer_client, campaign, inventory, target, value):
    target(campaign, inventory["trbovlje"])
    response = officer_client.post(reverse("outreach:target_remove", args=[campaign.pk]),
                                   {"organisation": [inventory["trbovlje"].pk, value]})
    assert response.status_code == 404
    assert listed(campaign) == {"Mladinski center Trbovlje"}


def test_removing_an_organisation_that_is_not_on_the_list_is_404(officer_client, campaign, inventory):
    response = officer_client.post(reverse("outreach:target_remove", args=[campaign.pk]),
                                   {"organisation": inventory["koper"].pk})
    assert response.status_code == 404


def test_removing_nothing_explains_what_to_do(officer_client, campaign):
    response = officer_client.post(reverse("outreach:target_remove", args=[campaign.pk]), follow=True)
    assert "Choose the organisations to take off the list." in response.content.decode()


def test_removing_needs_a_post(officer_client, campaign):
    assert officer_client.get(reverse("outreach:target_remove", args=[campaign.pk])).status_code == 405


def test_another_agency_cannot_remove_targets(client, make_user, make_agency, campaign, inventory, target):
    target(campaign, inventory["trbovlje"])
    client.force_login(make_user(agency=make_agency(country="LV")))
    response = client.post(reverse("outreach:target_remove", args=[campaign.pk]),
                           {"organisation": inventory["trbovlje"].pk})
    assert response.status_code == 404
    assert listed(campaign) == {"Mladinski center Trbovlje"}


# --- exports -------------------------------------------------------------------------------------


def test_the_csv_export_has_every_column_and_the_furthest_stage(officer_client, campaign, inventory, record,
                                                               make_organisation, agency, target, download_job):
    record(campaign, inventory["trbovlje"], K.INVITATION, channel="email")
    target(campaign, make_organisation(legal_name="=cmd|calc", city="Celje", agencies=[agency]))

    response = download_job(officer_client, reverse("outreach:targets_csv", args=[campaign.pk]))

    text = content(response).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv") and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["legal_name", "oid", "country", "region", "city", "type", "experience", "email",
                       "source", "added", "furthest_stage"]
    trbovlje = next(r for r in rows if r[0] == "Mladinski center Trbovlje")
    assert trbovlje[1:7] == ["E10000001", "SI", "Zasavska", "Trbovlje", "Non-governmental organisation",
                             "No programme experience"]
    assert trbovlje[8] == "Added by hand" and trbovlje[10] == "Invited"
    assert ["'=cmd|calc"] == [r[0] for r in rows if "calc" in r[0]]  # never run as a formula


def test_the_xlsx_export_has_the_same_rows(officer_client, campaign, inventory, target, download_job):
    target(campaign, inventory["koper"])
    response = download_job(officer_client, reverse("outreach:targets_xlsx", args=[campaign.pk]))
    sheet = load_workbook(io.BytesIO(content(response)), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "legal_name" and rows[1][:5] == ["Zavod Most", None, "SI", "Obalno-kraška", "Koper"]
    assert len(rows) == 2


def test_the_export_follows_the_search(officer_client, campaign, inventory, target, download_job):
    target(campaign, inventory["trbovlje"])
    target(campaign, inventory["koper"])
    page = officer_client.get(reverse("outreach:targets", args=[campaign.pk]), {"q": "koper"}).content.decode()
    start = reverse("outreach:targets_csv", args=[campaign.pk])
    assert f'<form method="post" action="{start}?q=koper" class="job-start">' in page
    response = download_job(officer_client, start, query={"q": "koper"})
    assert [row[0] for row in csv.reader(io.StringIO(content(response).decode()[1:]))][1:] == ["Zavod Most"]


# --- from a directory filter ---------------------------------------------------------------------


def test_the_filter_page_counts_matches_and_those_already_on_the_list(officer_client, campaign, inventory, target):
    target(campaign, inventory["trbovlje"])
    response = officer_client.get(reverse("outreach:targets_from_filter", args=[campaign.pk]),
                                  {"region": "zasavska", "experience": "none"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 organisations match" in body
    assert "1 of them is already on the list." in body
    assert "Add the 1 new organisation to the list" in body
    assert not CampaignTarget.objects.filter(organisation=inventory["hrastnik"]).exists()


def test_posting_the_filter_adds_region_x_organisations_that_never_took_part(officer_client, campaign, inventory,
                                                                             staff):
    url = reverse("outreach:targets_from_filter", args=[campaign.pk]) + "?region=zasavska&experience=none"

    response = officer_client.post(url)

    assert response.status_code == 302
    assert listed(campaign) == {"Mladinski center Trbovlje", "Društvo Sožitje"}
    assert set(CampaignTarget.objects.values_list("source", flat=True)) == {"filter"}
    entry = audit.history_for(campaign).get()
    assert entry.actor == staff and entry.changes["targets_added"] == [None, 2]


def test_posting_the_filter_again_skips_organisations_already_on_the_list(officer_client, campaign, inventory):
    url = reverse("outreach:targets_from_filter", args=[campaign.pk]) + "?region=zasavska"
    officer_client.post(url)
    response = officer_client.post(url, follow=True)
    assert CampaignTarget.objects.filter(campaign=campaign).count() == 3
    assert "0 organisations added to the list. 3 were already on it." in response.content.decode()


def test_the_region_filter_ignores_accents_and_never_reaches_outside_the_inventory(officer_client, campaign,
                                                                                   inventory, agency,
                                                                                   make_organisation):
    make_organisation(legal_name="Biedrība Saule", country="LV", city="Valmiera", region="Vidzeme",
                      agencies=[agency])
    officer_client.post(reverse("outreach:targets_from_filter", args=[campaign.pk]) + "?region=VIDZEME")
    assert listed(campaign) == {"Biedrība Saule"}


def test_without_any_filter_nothing_can_be_added(officer_client, campaign, inventory):
    page = officer_client.get(reverse("outreach:targets_from_filter", args=[campaign.pk]))
    assert "Choose at least one filter" in page.content.decode()
    response = officer_client.post(reverse("outreach:targets_from_filter", args=[campaign.pk]))
    assert response.status_code == 400
    assert not CampaignTarget.objects.exists()


def test_an_odd_filter_value_is_a_400_with_the_error_next_to_the_field(officer_client, campaign, inventory):
    url = reverse("outreach:targets_from_filter", args=[campaign.pk]) + "?experience=lots&region=zasavska"
    response = officer_client.post(url)
    assert response.status_code == 400
    assert 'id="id_experience_errors"' in response.content.decode()
    assert not CampaignTarget.objects.exists()


def test_adding_twenty_five_hundred_organisations_takes_a_few_dozen_queries_not_thousands(staff, campaign, agency,
                                                                      django_assert_max_num_queries):
    Organisation.objects.bulk_create(
        [Organisation(legal_name=f"Organisation {n}", country="SI", city="Celje") for n in range(2500)]
    )
    Organisation.agencies.through.objects.bulk_create(
        [Organisation.agencies.through(organisation_id=pk, agency_id=agency.pk)
         for pk in Organisation.objects.values_list("pk", flat=True)]
    )
    # SQLite caps the parameters of one statement, so its inserts go about 200 rows at a time.
    with django_assert_max_num_queries(40):
        added = targets_add(actor=staff, campaign=campaign, organisations=Organisation.objects.all(),
                            source="filter")
    assert added == 2500 and CampaignTarget.objects.count() == 2500


# --- by hand -------------------------------------------------------------------------------------


def test_the_search_finds_organisations_of_the_inventory_and_marks_those_on_the_list(officer_client, campaign,
                                                                                     inventory, target):
    target(campaign, inventory["zagorje"])
    body = officer_client.get(reverse("outreach:target_add", args=[campaign.pk]), {"q": "zavod"}).content.decode()
    assert "Add Zavod Most" in body
    assert "Already on the list" in body.split("Zavod Pot", 1)[1].split("</tr>", 1)[0]
    assert "Biedrība Ozols" not in body


def test_the_search_finds_by_oid(officer_client, campaign, inventory):
    body = officer_client.get(reverse("outreach:target_add", args=[campaign.pk]), {"q": "E10000001"}).content.decode()
    assert "Add Mladinski center Trbovlje" in body


def test_adding_by_hand_puts_the_organisation_on_the_list(officer_client, campaign, inventory):
    response = officer_client.post(reverse("outreach:target_add", args=[campaign.pk]),
                                   {"organisation": inventory["koper"].pk, "q": "zavod"})
    assert response.status_code == 302 and response["Location"].endswith("?q=zavod")
    assert listed(campaign) == {"Zavod Most"}
    assert CampaignTarget.objects.get().source == "manual"


def test_adding_an_organisation_twice_keeps_one_entry(officer_client, campaign, inventory):
    for _n in range(2):
        officer_client.post(reverse("outreach:target_add", args=[campaign.pk]),
                            {"organisation": inventory["koper"].pk})
    assert CampaignTarget.objects.filter(campaign=campaign).count() == 1


@pytest.mark.parametrize("value", ["abc", "", "12x"])
def test_adding_with_an_odd_id_is_404(officer_client, campaign, value):
    response = officer_client.post(reverse("outreach:target_add", args=[campaign.pk]), {"organisation": value})
    assert response.status_code == 404


def test_adding_an_organisation_outside_the_inventory_is_404(officer_client, campaign, inventory):
    response = officer_client.post(reverse("outreach:target_add", args=[campaign.pk]),
                                   {"organisation": inventory["elsewhere"].pk})
    assert response.status_code == 404
    assert not CampaignTarget.objects.exists()


def test_a_search_that_is_too_long_is_a_400(officer_client, campaign):
    response = officer_client.get(reverse("outreach:target_add", args=[campaign.pk]), {"q": "x" * 300})
    assert response.status_code == 400


def test_a_list_entry_records_who_added_it_and_when(officer_client, staff, campaign, inventory):
    officer_client.post(reverse("outreach:target_add", args=[campaign.pk]), {"organisation": inventory["koper"].pk})
    entry = CampaignTarget.objects.get()
    assert entry.added_by == staff and entry.added_at.date() >= date(2024, 1, 1)
