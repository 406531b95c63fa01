"""The events acceptance flow in a real browser, from registration to the certificate.

A young participant from Riga registers in Latvian for an open event in Laško (Slovenia), declares
access needs privately, travels by train and sees the distance band and the green travel grant; the
organiser sees only that she declared access needs, checks her in with the code of her QR code, and
she downloads a certificate in Latvian whose text the test reads.
"""

import base64
import io
import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from django.utils import timezone, translation
from django.utils.translation import gettext

from kopa.core.services import preference_set
from kopa.core.tests.browser import assert_no_serious_violations, log_in_with_form
from kopa.events.models import Attendance, Event, ParticipationDetails, Registration
from kopa.events.organising.services import event_create
from kopa.events.qr import qr_svg
from kopa.events.tests.travel_support import grant_tables, town

pytestmark = pytest.mark.browser

VENUE_ZONE = ZoneInfo("Europe/Ljubljana")
TITLE = {
    "en": "Inclusion in youth work",
    "sl": "Vključevanje v mladinskem delu",
    "lv": "Iekļaušana jaunatnes darbā",
}
ACCESS_NEEDS = "Step-free room and a quiet space during the breaks."
LEARNED = "I learned to plan an accessible online workshop with free tools."
PASSWORD = "pass-Word-2026"


def _latvian(message: str) -> str:
    """`message` as the Latvian pages show it (the catalogue may still be missing some strings)."""
    with translation.override("lv"):
        return gettext(message)


def _fact(page, label: str) -> str:
    """The value next to `label` in the page's list of facts (<dl class="facts">)."""
    term = page.locator("dl.facts dt", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return term.locator("xpath=following-sibling::dd[1]").inner_text().strip()


def _scanned(page, where: str) -> None:
    assert_no_serious_violations(page, where=f"{where} ({page.url}) ")


@pytest.fixture
def laško_event(make_agency, make_user):
    """An open event in Laško running today and tomorrow, organised by a Slovenian agency."""
    riga, _laško = town("Riga"), town("Laško")  # the place table is emptied between browser tests
    grant_tables()
    agency = make_agency(name="Slovenian youth agency", country="SI")
    organiser = make_user(agency=agency, first_name="Maja", last_name="Hribar")
    now = timezone.now()
    today = timezone.localtime(now, VENUE_ZONE).date()
    start = datetime.combine(today, time(0, 0), tzinfo=VENUE_ZONE)
    end = datetime.combine(today + timedelta(days=1), time(18, 0), tzinfo=VENUE_ZONE)
    event = event_create(
        actor=organiser,
        agency=agency,
        data={
            "type": Event.Type.NATIONAL_TRAINING,
            "title": TITLE,
            "start": start,
            "end": end,
            "time_zone": "Europe/Ljubljana",
            "venue_name": "Youth centre Laško",
            "town": "Laško",
            "country": "SI",
            "latitude": Decimal("46.15463"),
            "longitude": Decimal("15.23555"),
            "capacity": 10,
            "registration_mode": Event.RegistrationMode.OPEN,
            "registration_opens": now - timedelta(days=7),
            "registration_closes": end - timedelta(hours=1),
            "call_year": 2024,
            "status": Event.Status.PUBLISHED,
        },
    )
    return event, organiser, riga


def test_young_participant_goes_from_latvian_registration_to_a_latvian_certificate(
    new_context, make_user, laško_event
):
    event, organiser, riga = laško_event
    participant = make_user(
        first_name="Līga", last_name="Kalniņa", email="liga.kalnina@example.org"
    )
    preference_set(user=participant, language="lv")

    # --- the participant logs in; her saved language takes her to the Latvian pages --------------
    page = new_context().new_page()
    log_in_with_form(page, username=participant.username, password=PASSWORD)
    assert "/lv/" in page.url
    assert page.evaluate("document.documentElement.lang") == "lv"

    # --- she registers from the event page ---------------------------------------------------------
    page.goto(f"/lv/events/{event.pk}/")
    assert TITLE["lv"] in page.locator("h1").inner_text()
    _scanned(page, "event page")
    with page.expect_navigation():
        page.locator(f"main a[href='/lv/events/{event.pk}/register/']").click()
    _scanned(page, "registration form")
    page.locator("#id_first_name").fill("Līga")
    page.locator("#id_last_name").fill("Kalniņa")
    page.locator("#id_email").fill("liga.kalnina@example.org")
    page.locator("#id_country_of_residence").select_option("LV")
    page.locator("#id_organisation_name").fill("Jauniešu centrs Rīgā")
    page.locator("#id_role").fill("volunteer, 19 years old")
    with page.expect_navigation():
        page.locator("main form button[type=submit]:not(.visually-hidden):not([name=find])").click()
    _scanned(page, "registration result")
    registration = Registration.objects.get(event=event, user=participant)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.language == "lv"
    assert page.locator("main div.card[role=status]").is_visible()

    # --- "my events", then the private participation form ------------------------------------------
    page.goto("/lv/my/events/")
    assert TITLE["lv"] in page.locator("main").inner_text()
    _scanned(page, "my events")
    with page.expect_navigation():
        page.locator(f"main a[href='/lv/my/events/{registration.pk}/participation/']").click()
    _scanned(page, "participation form")
    page.locator("#id_has_access_needs_0").check()  # "yes"
    assert page.locator("#id_has_access_needs_0").get_attribute("value") == "yes"
    page.locator("#id_access_needs").fill(ACCESS_NEEDS)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("#id_access_needs").input_value() == ACCESS_NEEDS
    _scanned(page, "participation form, saved")
    details = ParticipationDetails.objects.get(registration=registration)
    assert details.has_access_needs and details.access_needs == ACCESS_NEEDS

    # --- travel: by train from Riga ------------------------------------------------------------------
    page.goto(f"/lv/my/events/{registration.pk}/travel/")
    _scanned(page, "travel, empty")
    page.locator("#id_place_q").fill("Rīga")
    with page.expect_navigation():
        page.locator("form.place-search button[type=submit]").click()
    _scanned(page, "travel, towns found")
    page.locator(f"input[name=origin][value='{riga.pk}']").check()
    page.locator("#id_mode").select_option("train")
    today = timezone.localtime(event.start, VENUE_ZONE).date()
    page.locator("#id_arrival").fill(f"{today - timedelta(days=1):%Y-%m-%d}T16:30")
    page.locator("#id_departure").fill(f"{today + timedelta(days=1):%Y-%m-%d}T19:00")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    _scanned(page, "travel, saved")
    assert "Riga" in _fact(page, _latvian("Travelling from"))
    assert re.fullmatch(r"500\D{0,3}1\D?999\s*km", _fact(page, _latvian("Distance band")))
    assert re.fullmatch(r"417\s*EUR", _fact(page, _latvian("Travel grant")))
    assert _fact(page, _latvian("Green travel")) == _latvian("yes")
    km = int(re.sub(r"\D", "", _fact(page, _latvian("Distance (one way)")).split("km")[0]))
    assert 1300 <= km <= 1400  # Laško to Riga, as the crow flies
    travel = registration.travel
    travel.refresh_from_db()
    assert travel.green and travel.grant_eur == Decimal("417")
    assert travel.band.table.first_call_year == 2024

    # --- the organiser's registration list: the flag, not the text ---------------------------------
    staff = new_context(user=organiser).new_page()
    staff.goto(f"/en/staff/events/{event.pk}/registrations/")
    _scanned(staff, "registrations")
    headers = [h.strip() for h in staff.locator("main table thead th").all_inner_texts()]
    row = staff.locator(
        "main table tbody tr", has=staff.locator(f"#registration-{registration.pk}-name")
    )
    cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
    assert cells[headers.index("Declared access needs")] == "Yes"
    assert "Līga Kalniņa" in cells[0]
    assert ACCESS_NEEDS not in staff.content()
    assert "Step-free" not in staff.locator("body").inner_text()

    # --- the QR code on "my events" encodes the check-in code ---------------------------------------
    registration.refresh_from_db()
    page.goto("/lv/my/events/")
    qr = page.locator("figure.qr img")
    assert qr.is_visible()
    source = qr.get_attribute("src")
    assert source.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(source.split(",", 1)[1]).decode("utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "<path" in svg
    assert svg == qr_svg(registration.checkin_code)
    assert registration.checkin_code in page.locator("figure.qr figcaption").inner_text()

    # --- the organiser checks her in with that code -------------------------------------------------
    staff.goto(f"/en/staff/events/{event.pk}/check-in/")
    _scanned(staff, "check-in")
    staff.locator("#id_code").fill(registration.checkin_code)
    with staff.expect_navigation():
        staff.locator("#checkin-form button[type=submit]").click()
    result = staff.locator("#checkin-result")
    assert "Līga Kalniņa" in result.inner_text()
    assert "Checked in for" in result.inner_text()
    assert "Declared access needs" in result.inner_text()
    assert ACCESS_NEEDS not in staff.content()
    _scanned(staff, "check-in, done")
    day = timezone.localtime(timezone.now(), VENUE_ZONE).date()
    assert Attendance.objects.filter(registration=registration, day=day).exists()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED

    # --- she writes what she learned and downloads her certificate -----------------------------------
    page.goto("/lv/my/events/")
    with page.expect_navigation():
        page.locator(f"main a[href='/lv/my/events/{registration.pk}/learning/']").click()
    _scanned(page, "learning")
    page.locator("#id_framework_0").check()
    assert page.locator("#id_framework_0").get_attribute("value") == "key_competences"
    page.locator("#id_digital").fill(LEARNED)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    _scanned(page, "learning, saved")
    assert page.locator("#id_digital").input_value() == LEARNED

    # --- the organiser releases the certificates; then she downloads hers --------------------------
    staff.goto(f"/en/staff/events/{event.pk}/documents/")
    with staff.expect_navigation():
        staff.locator("form[action$='/certificates/release/'] button[type=submit]").click()
    page.reload()
    with page.expect_download() as download_info:
        page.locator(f"main a[href='/lv/my/events/{registration.pk}/certificate.pdf']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        text = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf.read())).pages)
    text = " ".join(text.split())
    assert "Līga Kalniņa" in text
    assert TITLE["lv"] in text
    assert LEARNED in text
    # The certificate is in her language: its heading, the competence she wrote under and the type
    # of the activity, in Latvian (all translated in the lv catalogue).
    heading = _latvian("Certificate of participation")
    assert heading != "Certificate of participation"
    assert heading in text
    digital = _latvian("Digital competence")
    assert digital != "Digital competence"
    assert digital in text
    activity = _latvian("National training")
    assert activity != "National training"
    assert activity in text
    assert ACCESS_NEEDS not in text
