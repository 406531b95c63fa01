"""The funnel dashboard PDF is a tagged PDF/UA-1 document: its charts are figures with alternative
text, each with the table of its figures beside it (issue 13 §1)."""

import logging

import pytest

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kopa.core.tests.tagged_pdf import assert_accessible, in_order
from kopa.outreach.models import Stage
from kopa.outreach.tests.funnel_support import outreach

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _weasyprint_has_nothing_to_say(caplog):
    """WeasyPrint warns of CSS it ignores and logs PDF/UA errors (no language, an image without
    alternative text): a document has none."""
    yield
    said = [r.getMessage() for r in caplog.get_records("call")
            if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert said == []


def test_dashboard_pdf_has_charts_with_alternative_text_and_tables(
    client, staff, make_campaign, make_organisation, record, download_job
):
    campaign = make_campaign(stages=["invited", "responded", "attended", "approved"])
    outreach(campaign, make_organisation, record, invited=5, responded=3, attended=2, approved=1,
             region="Koroška")
    client.force_login(staff)

    response = download_job(client, "/lv/staff/outreach/dashboard.pdf", query={"campaign": campaign.pk, "by": "region"})

    with translation.override("lv"):
        title = _("Outreach funnel")
        invited, approved = str(Stage.INVITED.label), str(Stage.APPROVED.label)
    structure = assert_accessible(response.content, language="lv", title=title)
    assert structure.count("Figure") == 2  # the funnel and the breakdown
    assert len(structure.figure_alts) == 2
    assert f"{invited}: 5" in structure.figure_alts[0] and f"{approved}: 1" in structure.figure_alts[0]
    assert "Koroška" not in title and structure.count("Table") == 2
    assert structure.count("H2") == 2 and structure.count("TH") >= 2 * 4
    assert in_order(structure.text, title, invited, approved, "Koroška")
