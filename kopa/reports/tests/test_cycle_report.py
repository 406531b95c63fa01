"""The cycle and partnership reports: figures counted from the records, the narrative, the
downloads (tagged PDF, DOCX, XLSX with one sheet per table, the Beneficiary Module export) and who
may see what."""

import csv
import datetime as dt
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from kopa.core.tests.tagged_pdf import assert_accessible
from kopa.reports.models import CycleNarrative
from kopa.reports.tests.conftest import held


def report_url(world, suffix=""):
    return f"/en/staff/reports/cycles/{world['cycle'].pk}/{suffix}"


@pytest.fixture
def records(world):
    si, lv, cycle, before = world["si"], world["lv"], world["cycle"], world["before"]
    _old, old_people = held(si, before, start=dt.date(2015, 3, 2), people=3, title="Old training")
    _event, people = held(si, cycle, start=dt.date(2017, 5, 8), people=8, title="Peer review", green=2,
                          barriers=[["health"], ["health", "economic"], ["health"], ["health"],
                                    ["health"], ["geographical"]])
    # Two of the old participants come back (same e-mail addresses): not newcomers.
    for old, new in zip(old_people[:2], people[:2], strict=True):
        new.email = old.email
        new.save()
    held(si, cycle, start=dt.date(2018, 2, 5), people=2, title="Info day", country="HR",
         event_type="information_meeting")
    held(lv, cycle, start=dt.date(2017, 9, 1), people=4, title="Riga seminar", country="LV")
    return people


def test_the_officer_reaches_the_report_from_the_cycle_and_reads_figures_from_the_records(
    client, world, records
):
    client.force_login(world["staff"])
    cycle_page = client.get(f"/en/staff/programmes/cycles/{world['cycle'].pk}/").content.decode()
    assert report_url(world) in cycle_page
    assert "/en/staff/reports/cycles/" in client.get("/en/staff/reports/cycles/").content.decode()

    html = client.get(report_url(world)).content.decode()

    assert "Cycle report: MOVIT, Inclusion partnership 2016–2018" in html
    # 8 + 2 people checked in at MOVIT's events; two of them came to the earlier cycle.
    assert "In 2016–2018, 2 events were held, with 10 participants, 8 of them new." in html
    assert "That is +7 participants compared with 2014–2015." in html
    # Fewer opportunities: health 5 shown, economic and geographical fewer than 5, total 6 shown.
    assert re.search(r"Health problems</th><td>5</td>", html)
    assert re.search(r"Economic barriers</th><td>fewer than 5</td>", html)
    assert re.search(r"Participants with at least one barrier</th><td>6</td>", html)
    # Travel: 2 of 2 travellers green, 100–499 km band, 570 EUR.
    assert "100–499 km" in html and "570.00 EUR" in html
    assert html.count('<img src="data:image/svg+xml;base64,') >= 3
    # The Latvian agency's event is not in MOVIT's report.
    assert "Riga" not in html


def test_the_partnership_report_adds_every_agency(client, world, records):
    client.force_login(world["lv_staff"])

    html = client.get(report_url(world, "partnership/")).content.decode()

    assert "Partnership report" in html
    assert "with 14 participants" in html
    assert "JSPA" in html and "MOVIT" in html


def test_each_agency_writes_only_its_own_narrative(client, world, records):
    client.force_login(world["staff"])
    page = client.get(report_url(world)).content.decode()
    assert f"/staff/reports/cycles/{world['cycle'].pk}/narrative/?agency={world['si'].pk}" in page

    response = client.post(report_url(world, f"narrative/?agency={world['si'].pk}"),
                           {"summary": "We reached rural youth centres.", "outlook": "More in Prekmurje."})

    assert response.status_code == 302
    narrative = CycleNarrative.objects.get(cycle=world["cycle"], agency=world["si"])
    assert narrative.summary == "We reached rural youth centres."
    client.force_login(world["lv_staff"])
    # The Latvian agency's staff asking for MOVIT's narrative get their own agency's form.
    client.post(report_url(world, f"narrative/?agency={world['si'].pk}"), {"summary": "Riga"})
    narrative.refresh_from_db()
    assert narrative.summary == "We reached rural youth centres."
    assert CycleNarrative.objects.get(agency=world["lv"]).summary == "Riga"
    partnership = client.get(report_url(world, "partnership/")).content.decode()
    assert "We reached rural youth centres." in partnership and "Riga" in partnership


def test_a_stranger_gets_404(client, world, records):
    client.force_login(world["stranger_staff"])
    assert client.get(report_url(world)).status_code == 404
    assert client.get(report_url(world, "partnership/")).status_code == 404
    assert client.post(report_url(world, "export/pdf/")).status_code == 404
    assert client.get(report_url(world, "narrative/")).status_code == 404


def test_bad_download_choices_are_404_and_a_get_is_405(client, world, records):
    client.force_login(world["staff"])
    assert client.post(report_url(world, "export/exe/")).status_code == 404
    assert client.post(report_url(world, "export/pdf/?scope=world")).status_code == 404
    assert client.get(report_url(world, "export/pdf/")).status_code == 405


def test_the_pdf_is_tagged_and_the_officer_is_told_by_mail(client, world, records, download_job, mailoutbox):
    client.force_login(world["staff"])
    client.post(report_url(world, f"narrative/?agency={world['si'].pk}"), {"summary": "Rural reach."})

    response = download_job(client, report_url(world, f"export/pdf/?agency={world['si'].pk}&scope=agency"))

    assert response["Content-Type"] == "application/pdf"
    structure = assert_accessible(response.content, language="en", title="Cycle report: MOVIT, Inclusion partnership 2016–2018")
    assert structure is not None
    assert [m.to for m in mailoutbox] == [[world["staff"].email]]
    assert "/en/jobs/" in mailoutbox[0].body


def test_the_docx_has_headings_tables_and_the_narrative(client, world, records, download_job):
    client.force_login(world["staff"])
    client.post(report_url(world, f"narrative/?agency={world['si'].pk}"), {"summary": "Rural reach."})

    response = download_job(client, report_url(world, "export/docx/?scope=partnership"))

    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Partnership report: Inclusion partnership 2016–2018"
    assert "Participants with fewer opportunities" in headings
    assert "Rural reach." in [p.text for p in document.paragraphs]
    assert len(document.tables) == 7
    assert document.tables[0].rows[0].cells[0].text == "Indicator"


def test_the_xlsx_has_one_sheet_per_table(client, world, records, download_job):
    client.force_login(world["staff"])

    response = download_job(client, report_url(world, "export/xlsx/"))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Key figures", "Events by type", "Participants by sending country",
                                   "Participants with fewer opportu", "Travel grants by distance band",
                                   "Outreach funnel per campaign", "Projects approved and their par"]
    rows = list(workbook["Participants by sending country"].values)
    assert rows == [("Sending country", "Participants"), ("Slovenia", 8), ("Croatia", 2)]


def test_the_beneficiary_export_has_one_row_per_mobility_and_the_flag_only_with_consent(
    client, world, records, download_job
):
    client.force_login(world["staff"])

    response = download_job(client, report_url(world, "beneficiary/csv/"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Activity", "Start date", "End date", "Sending country"]
    assert len(rows) == 1 + 10
    peer = [r for r in rows[1:] if r[0] == "Peer review"]
    assert [r[-1] for r in peer] == ["Yes"] * 6 + ["No"] * 2
    assert [r[-2] for r in peer[:2]] == ["Yes", "Yes"] and peer[0][-4] == "2" and peer[0][-3] == "100–499 km"
