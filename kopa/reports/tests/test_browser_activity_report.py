"""Acceptance, in a real browser: an officer of Mreža MaMa opens the Ormož peer review (6 December
2018, 74 people checked in, as in the demo), creates its 2SoKrog report, sees 74 taken from the
check-ins, writes the summary, adds a photo (with GPS metadata) with its alternative text, and
downloads the PDF and the DOCX file. The test reads both back: the PDF's structure and text, the
DOCX's headings, a table and 74; and the stored photo carries no GPS EXIF."""

from io import BytesIO

import pytest
from docx import Document

from kopa.core.tests.tagged_pdf import assert_accessible
from kopa.events.demo import ORMOZ_ORGANISATIONS, PAST_EVENTS, attended, demo_event, people
from kopa.reports.models import ActivityPhoto, ActivityReport
from kopa.reports.tests.activity_support import gps_photo, has_gps

pytestmark = pytest.mark.browser

SUMMARY = ("Po predstavitvi projekta 2SoKrog so govorniki predstavili pilotne projekte socialne aktivacije. "
           "Udeleženci so spoznali popravljalnico v gradu.")
ALT = "Udeleženci srečanja v dvorani gradu Ormož"


@pytest.fixture
def ormoz(make_agency, make_user, make_organisation):
    agency = make_agency(name="Mreža MaMa", country="SI")
    officer = make_user(agency=agency, first_name="Nina", last_name="Kralj")
    organiser = make_organisation(legal_name="Center ponovne uporabe d.o.o., so.p.", city="Ormož")
    spec = next(s for s in PAST_EVENTS if s.organisation == "cpu-ormoz")
    event = demo_event(spec, {spec.agency: agency}, {"cpu-ormoz": organiser}, {spec.agency: officer})
    attended(event, people({"SI": 50, "HR": 24}, prefix="ormoz", organisations=ORMOZ_ORGANISATIONS))
    return event, officer


def _download(page, button: str) -> bytes:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    assert "/en/jobs/" in page.url
    link = page.get_by_role("link", name="Download activity-report-")
    link.wait_for()
    with page.expect_download() as download_info:
        link.click()
    with open(download_info.value.path(), "rb") as stream:
        return stream.read()


def test_officer_reports_the_ormoz_peer_review_to_2sokrog(new_context, ormoz):
    event, officer = ormoz
    page = new_context(user=officer, bypass_csp=False, accept_downloads=True).new_page()
    page.goto(f"/en/staff/events/{event.pk}/")
    page.get_by_role("link", name="Activity report").click()
    page.get_by_text("74 people checked in").wait_for()

    page.get_by_label("2SoKrog (Interreg Slovenia–Croatia) activity report").check()
    page.get_by_role("button", name="Fill the report from the event").click()
    page.get_by_text("The report is filled from the event.").wait_for()
    assert page.locator("#participants-count").inner_text() == "74"
    assert page.locator("#participants-source").inner_text().startswith(
        "74 = distinct people checked in on 6 December 2018")
    assert page.get_by_text("Število udeležencev").count() == 1  # the form's own Slovenian label

    page.get_by_label("Short summary").fill(SUMMARY)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("The report is saved.").wait_for()

    page.get_by_role("link", name="Add a photo").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "img-20181206-094343.jpg", "mimeType": "image/jpeg", "buffer": gps_photo()}])
    page.get_by_label("Alternative text").fill(ALT)
    page.get_by_role("button", name="Add the photo").click()
    # Without the consent confirmation the photo is refused, with the error next to the field.
    page.get_by_text("This field is required.").wait_for()
    assert not ActivityPhoto.objects.exists()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "img-20181206-094343.jpg", "mimeType": "image/jpeg", "buffer": gps_photo()}])
    page.get_by_label("The people who can be recognised").check()
    page.get_by_role("button", name="Add the photo").click()
    page.get_by_text("The photo is added, without its location.").wait_for()
    assert page.get_by_role("img", name=ALT).count() == 1

    pdf = _download(page, "Download the PDF")
    report = ActivityReport.objects.get(event=event)
    title = "Poročilo o aktivnosti: »Peer Review« Vloga socialne aktivacije na čezmejnem območju Slovenija – Hrvaška"
    structure = assert_accessible(pdf, language="sl", title=title)
    assert structure.figure_alts == [ALT]
    assert structure.count("H1") == 1 and structure.count("Table") >= 3
    for text in ("Število udeležencev", "74", "Grad Ormož", "09.30", "14.15", "Hrvaška",
                 "pilotne projekte socialne aktivacije", "Priloga: podpisni list"):
        assert text in structure.text, text

    page.goto(f"/en/staff/reports/activity/{report.pk}/")
    docx = Document(BytesIO(_download(page, "Download the Word file (DOCX)")))
    headings = [(p.style.name, p.text) for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", title)
    assert ("Heading 2", "Udeleženci po državah") in headings
    rows = {row.cells[0].text: row.cells[1].text for row in docx.tables[0].rows}
    assert rows["Število udeležencev"].startswith("74 ")
    countries = {row.cells[0].text: row.cells[1].text for row in docx.tables[2].rows}
    assert countries == {"Država": "Število", "Slovenija": "50", "Hrvaška": "24"}
    assert docx.inline_shapes[0]._inline.docPr.get("descr") == ALT

    photo = ActivityPhoto.objects.get(report=report)
    with photo.image.open("rb") as stream:
        assert not has_gps(stream.read())
