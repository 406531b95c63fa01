"""The half-year activity plan, on screen and as a PDF in the current language."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from django.conf import settings
from django.utils import timezone, translation

from kopa.events.models import Event

LJUBLJANA = ZoneInfo("Europe/Ljubljana")


@pytest.fixture(autouse=True)
def _back_to_english_afterwards():
    """A request to /sl/ or /lv/ leaves that language active; later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_plan_page_groups_the_agencys_events_by_month(client, make_event, host_agency):
    make_event(title={"en": "Winter training"}, start=datetime(2027, 2, 3, 9, tzinfo=LJUBLJANA))
    make_event(title={"en": "Summer camp"}, start=datetime(2027, 7, 3, 9, tzinfo=LJUBLJANA))

    response = client.get(f"/en/events/plan/{host_agency.slug}/2027/1/")

    page = response.content.decode()
    assert "Winter training" in page and "Summer camp" not in page
    assert "February 2027" in page
    assert response.context["next_url"] == f"/en/events/plan/{host_agency.slug}/2027/2/"
    assert response.context["previous_url"] == f"/en/events/plan/{host_agency.slug}/2026/2/"


def test_plan_pdf_has_the_titles_in_the_current_language_with_latvian_letters(
    client, make_event, host_agency
):
    make_event(
        title={"en": "Inclusion training", "lv": "Iekļaušanas apmācība ģimenēm"},
        start=datetime(2027, 9, 14, 9, tzinfo=LJUBLJANA),
    )
    make_event(
        title={"en": "Study visit", "sl": "Študijski obisk v Žalcu"},
        start=datetime(2027, 10, 1, 9, tzinfo=LJUBLJANA),
    )

    latvian = _pdf_text(client.get(f"/lv/events/plan/{host_agency.slug}/2027/2/plan.pdf"))
    slovenian = _pdf_text(client.get(f"/sl/events/plan/{host_agency.slug}/2027/2/plan.pdf"))

    assert "Iekļaušanas apmācība ģimenēm" in latvian
    assert "Study visit" in latvian  # no Latvian title: English
    assert "Študijski obisk v Žalcu" in slovenian
    assert "Inclusion training" in slovenian


def test_plan_pdf_leaves_out_drafts(client, make_event, host_agency):
    make_event(title={"en": "Hidden draft"}, status=Event.Status.DRAFT,
               start=datetime(2027, 3, 1, 9, tzinfo=LJUBLJANA))

    text = _pdf_text(client.get(f"/en/events/plan/{host_agency.slug}/2027/1/plan.pdf"))

    assert "Hidden draft" not in text
    assert "No events are planned" in text


def test_plan_of_an_unknown_agency_or_half_is_not_found(client, host_agency):
    assert client.get("/en/events/plan/nobody/2027/1/").status_code == 404
    assert client.get(f"/en/events/plan/{host_agency.slug}/2027/3/").status_code == 404


def test_calendar_links_the_current_plan_of_each_agency_with_public_events(
    client, make_event, host_agency, make_agency
):
    make_event(title={"en": "Winter training"})
    quiet = make_agency(name="Agency without public events")
    make_event(title={"en": "A draft"}, organiser_agency=quiet, status=Event.Status.DRAFT)
    today = timezone.localdate()
    half = 1 if today.month <= 6 else 2

    page = client.get("/en/events/").content.decode()

    assert f'href="/en/events/plan/{host_agency.slug}/{today.year}/{half}/"' in page
    assert f"/events/plan/{quiet.slug}/" not in page


def test_plan_page_links_its_pdf(client, host_agency):
    page = client.get(f"/en/events/plan/{host_agency.slug}/2027/1/").content.decode()
    assert f'href="/en/events/plan/{host_agency.slug}/2027/1/plan.pdf"' in page


def test_programmes_page_links_the_funded_projects(client, db):
    assert 'href="/en/programmes/projects/"' in client.get("/en/programmes/").content.decode()
