"""Target lists from a spreadsheet: matching rows to organisations, the preview, and confirming."""


import pytest

from django.urls import reverse

from kopa.outreach.campaigns import importing
from kopa.outreach.models import CampaignTarget, Interaction
from kopa.outreach.tests import target_support
from kopa.outreach.tests.target_support import csv_bytes, listed, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
K = Interaction.Kind

# Shared fixtures, found by name.
officer_client = target_support.officer_client
campaign = target_support.campaign
inventory = target_support.inventory


# --- importing -----------------------------------------------------------------------------------


def test_an_import_matches_by_oid_then_id_then_name_and_town_and_writes_nothing(officer_client, campaign,
                                                                               inventory):
    content = csv_bytes([
        ["OID", "id", "Legal_Name", "City"],
        ["E10000001", "", "", ""],
        ["", str(inventory["koper"].pk), "", ""],
        ["", "", "DRUSTVO SOZITJE", "hrastnik"],
    ])

    response = upload(officer_client, campaign, content)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Add the 3 matched organisations" in body
    assert not CampaignTarget.objects.exists()


def test_confirming_an_import_adds_the_matched_organisations(officer_client, campaign, inventory, staff):
    result = importing.read_target_file(user=staff, campaign=campaign, content=csv_bytes([
        ["oid"], ["E10000001"]]))
    state = importing.sign_preview(user=staff, campaign=campaign, organisation_ids=result.new_ids)

    response = officer_client.post(reverse("outreach:targets_import", args=[campaign.pk]), {"state": state})

    assert response.status_code == 302
    assert listed(campaign) == {"Mladinski center Trbovlje"}
    assert CampaignTarget.objects.get().source == "import"


def test_the_preview_page_carries_a_confirmation_that_adds_exactly_what_it_showed(officer_client, campaign,
                                                                                  inventory):
    page = upload(officer_client, campaign, csv_bytes([["oid"], ["E10000001"]])).content.decode()
    state = page.split('name="state" value="', 1)[1].split('"', 1)[0]
    officer_client.post(reverse("outreach:targets_import", args=[campaign.pk]), {"state": state})
    assert listed(campaign) == {"Mladinski center Trbovlje"}


def test_every_row_problem_is_reported_with_its_row_number(staff, campaign, inventory, make_organisation, agency):
    make_organisation(legal_name="Zavod Pot", city="Zagorje ob Savi", agencies=[agency])  # a namesake
    result = importing.read_target_file(user=staff, campaign=campaign, content=csv_bytes([
        ["oid", "id", "legal_name", "city"],
        ["E12345678", "", "", ""],
        ["E12", "", "", ""],
        ["", "", "", ""],
        ["", "abc", "", ""],
        ["", "", "Zavod Pot", "Zagorje ob Savi"],
        ["", "", "Nobody", "Nowhere"],
        ["E10000009", "", "", ""],
        ["", "", "Zavod Most", ""],
        ["E10000001", "", "", ""],
        ["", str(inventory["trbovlje"].pk), "", ""],
    ]))
    messages = {p["row"]: p["message"] for p in result.problems}
    assert messages[2] == "Row 2: no organisation with OID E12345678 in your inventory."
    assert "is not an OID" in messages[3]
    assert messages[4] == "Row 4 is empty."
    assert "is not a Kopa id" in messages[5]
    assert "2 organisations in your inventory are called “Zavod Pot”" in messages[6]
    assert "no organisation called “Nobody” in Nowhere" in messages[7]
    assert messages[8] == "Row 8: no organisation with OID E10000009 in your inventory."  # another agency's
    assert "give both the name and the town" in messages[9]
    assert messages[11] == "Row 11 is the same organisation as row 10; it is added once."
    assert [m.legal_name for m in result.matched] == ["Mladinski center Trbovlje"]


def test_the_preview_lists_problems_and_matched_rows(officer_client, campaign, inventory):
    body = upload(officer_client, campaign, csv_bytes([["oid"], ["E10000001"], ["E12345678"]])).content.decode()
    assert "Row 3: no organisation with OID E12345678 in your inventory." in body
    assert "Mladinski center Trbovlje" in body.split("Matched rows", 1)[1]


def test_organisations_already_on_the_list_are_shown_and_not_added_again(officer_client, staff, campaign,
                                                                         inventory, target):
    target(campaign, inventory["trbovlje"])
    result = importing.read_target_file(user=staff, campaign=campaign, content=csv_bytes([
        ["oid"], ["E10000001"], ["E10000001"]]))
    assert result.already_count == 1 and result.new_ids == []
    body = upload(officer_client, campaign, csv_bytes([["oid"], ["E10000001"]])).content.decode()
    assert "Every matched organisation is already on the list" in body
    assert 'name="state"' not in body


def test_an_xlsx_file_is_read_like_a_csv(staff, campaign, inventory):
    result = importing.read_target_file(user=staff, campaign=campaign, content=xlsx_bytes([
        ["Legal name", "Town"], ["Zavod Most", "Koper"], [None, None], ["Društvo Sožitje", "Hrastnik"]]))
    assert [m.legal_name for m in result.matched] == ["Zavod Most", "Društvo Sožitje"]
    assert [p["row"] for p in result.problems] == [3]


def test_a_semicolon_separated_csv_without_a_bom_is_read(staff, campaign, inventory):
    result = importing.read_target_file(user=staff, campaign=campaign, content=csv_bytes(
        [["legal_name", "city"], ["Zavod Most", "Koper"]], delimiter=";", bom=False))
    assert [m.legal_name for m in result.matched] == ["Zavod Most"]


def test_a_file_without_an_identifying_column_is_a_file_problem(officer_client, campaign, inventory):
    body = upload(officer_client, campaign, csv_bytes([["name_of_org"], ["Zavod Most"]])).content.decode()
    assert "The file needs a column “oid”" in body
    assert 'name="state"' not in body


def test_a_file_that_is_not_a_spreadsheet_is_explained(officer_client, campaign):
    body = upload(officer_client, campaign, b"\xd0\xcf\x11\xe0old excel", name="old.xls").content.decode()
    assert "old Excel file" in body


def test_a_file_over_the_size_limit_is_an_error_next_to_the_field(officer_client, campaign, settings):
    settings.KOPA_IMPORT_MAX_BYTES = 10
    response = upload(officer_client, campaign, csv_bytes([["oid"], ["E10000001"]]))
    assert response.status_code == 400
    assert 'id="id_file_errors"' in response.content.decode()


def test_a_confirmation_that_was_altered_adds_nothing(officer_client, staff, campaign, inventory):
    state = importing.sign_preview(user=staff, campaign=campaign, organisation_ids=[inventory["koper"].pk])
    response = officer_client.post(reverse("outreach:targets_import", args=[campaign.pk]),
                                   {"state": state[:-2] + "xx"})
    assert response.status_code == 400
    assert "Upload the file again" in response.content.decode()
    assert not CampaignTarget.objects.exists()


def test_a_confirmation_for_another_campaign_adds_nothing(officer_client, staff, make_campaign, campaign,
                                                        inventory):
    other = make_campaign()
    state = importing.sign_preview(user=staff, campaign=other, organisation_ids=[inventory["koper"].pk])
    response = officer_client.post(reverse("outreach:targets_import", args=[campaign.pk]), {"state": state})
    assert response.status_code == 400
    assert not CampaignTarget.objects.exists()


def test_an_expired_confirmation_adds_nothing(officer_client, staff, campaign, inventory, monkeypatch):
    state = importing.sign_preview(user=staff, campaign=campaign, organisation_ids=[inventory["koper"].pk])
    monkeypatch.setattr(importing, "PREVIEW_MAX_AGE", -1)
    response = officer_client.post(reverse("outreach:targets_import", args=[campaign.pk]), {"state": state})
    assert response.status_code == 400
    assert not CampaignTarget.objects.exists()


def test_a_confirmation_never_adds_organisations_outside_the_inventory(officer_client, staff, campaign, inventory):
    state = importing.sign_preview(user=staff, campaign=campaign, organisation_ids=[inventory["elsewhere"].pk])
    officer_client.post(reverse("outreach:targets_import", args=[campaign.pk]), {"state": state})
    assert not CampaignTarget.objects.exists()
