"""Fixtures and helpers shared by the target-list tests."""

import csv
import io

import pytest
from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kopa.outreach.models import CampaignTarget


@pytest.fixture
def officer_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def campaign(make_campaign):
    return make_campaign()


@pytest.fixture
def inventory(agency, make_organisation, make_agency):
    """Organisations of the officer's agency in two regions, and one in another agency's inventory."""
    orgs = {
        "trbovlje": make_organisation(legal_name="Mladinski center Trbovlje", city="Trbovlje", region="Zasavska",
                                      experience="none", oid="E10000001", agencies=[agency]),
        "hrastnik": make_organisation(legal_name="Društvo Sožitje", city="Hrastnik", region="Zasavska",
                                      experience="none", agencies=[agency]),
        "zagorje": make_organisation(legal_name="Zavod Pot", city="Zagorje ob Savi", region="Zasavska",
                                     experience="experienced", agencies=[agency]),
        "koper": make_organisation(legal_name="Zavod Most", city="Koper", region="Obalno-kraška",
                                   experience="none", agencies=[agency]),
        "elsewhere": make_organisation(legal_name="Biedrība Ozols", country="LV", city="Cēsis", region="Vidzeme",
                                       experience="none", oid="E10000009", agencies=[make_agency(country="LV")]),
    }
    return orgs


def listed(campaign) -> set[str]:
    return set(CampaignTarget.objects.filter(campaign=campaign).values_list("organisation__legal_name", flat=True))


def content(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def csv_bytes(rows: list[list[str]], delimiter=",", bom=True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, campaign, content: bytes, name="targets.csv"):
    return client.post(reverse("outreach:targets_import", args=[campaign.pk]),
                       {"file": SimpleUploadedFile(name, content)})
