"""A participant registers, travels on a grant, is checked in; after the event Kopa purges the private
data on its own schedule, and the organiser's grant summary still holds the grant.

Jānis (the demo participant, from Latvia) registers for the Slovenian agency's training in Laško, gives
his travel details (by train from Rīga) on his travel page and sees his grant; the officer checks him in
through the check-in page. Then the scheduled purge runs, first after the 30-day retention period and
again after the year the registrations are kept: his travel page and the organiser's travel page say
the private data was deleted as announced, and the organiser's grant summary and per-participant grant
line still show the grant and the day attended. Every page is scanned with axe.
"""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings
from django.utils import formats, timezone, translation

from kopa.agencies.models import Agency
from kopa.core.tasks import run_task
from kopa.events.models import Event, Registration
from kopa.events.organising.services import event_create
from kopa.events.tests.travel_support import grant_tables, town
from kopa.journeys.tests.conftest import click_to, demo_user, log_in, scan, visit

pytestmark = pytest.mark.browser

PARTICIPANT = "participant@kopa.example"
OFFICER = "officer.si@kopa.example"
TITLE = {"en": "Youth work across borders: training in Laško", "sl": "Mladinsko delo prek meja: usposabljanje v Laškem"}
ZONE = ZoneInfo("Europe/Ljubljana")
PURGE_JOB = "kopa.core.privacy:purge_due"


@pytest.fixture
def training(demo_world):
    """The Slovenian agency's training in Laško, running today and tomorrow."""
    town("Riga"), town("Laško")  # the place and grant tables are emptied between browser tests
    grant_tables()
    today = timezone.localdate()
    start = datetime.combine(today, time(0, 0), tzinfo=ZONE)
    end = datetime.combine(today + timedelta(days=1), time(18, 0), tzinfo=ZONE)
    return event_create(actor=demo_user(OFFICER), agency=Agency.objects.get(slug="movit"), data={
        "type": Event.Type.NATIONAL_TRAINING, "title": TITLE, "start": start, "end": end,
        "time_zone": "Europe/Ljubljana", "venue_name": "Youth centre Laško", "town": "Laško", "country": "SI",
        "latitude": Decimal("46.15463"), "longitude": Decimal("15.23555"), "capacity": 10,
        "registration_mode": Event.RegistrationMode.OPEN, "registration_opens": timezone.now() - timedelta(days=7),
        "registration_closes": end - timedelta(hours=1), "call_year": 2024, "status": Event.Status.PUBLISHED,
    })


def fact(page, label: str) -> str:
    term = page.locator("dl.facts dt", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    return term.locator("xpath=following-sibling::dd[1]").inner_text().strip()


def traveller_row(page, name: str):
    table = page.locator("section[aria-labelledby=people-heading] table")
    return table.locator("tbody tr", has=page.locator("th", has_text=name))


def summary_row(page, country: str):
    table = page.locator("section[aria-labelledby=summary-heading] table")
    return table.locator("tbody tr", has=page.locator("th", has_text=country))


def deleted_on(day) -> str:
    with translation.override("en"):
        return f"Private data deleted on {formats.date_format(day, 'DATE_FORMAT')} as announced."


def test_the_grant_stays_in_the_organisers_summary_after_the_purge(training, new_context):
    event = training

    # --- Jānis registers and gives his travel details -----------------------------------------------------
    page = new_context().new_page()
    log_in(page, PARTICIPANT)
    visit(page, f"/en/events/{event.pk}/", "event page")
    click_to(page, page.locator(f"main a[href='/en/events/{event.pk}/register/']").first, "registration form")
    page.locator("#id_country_of_residence").select_option("LV")
    click_to(page, page.locator("main form button[type=submit]:not(.visually-hidden):not([name=find])"),
             "registered")
    assert "Your place is confirmed." in page.locator("main").inner_text()
    registration = Registration.objects.get(event=event, user__username=PARTICIPANT)
    name = registration.full_name

    click_to(page, page.locator("header nav a.my-events"), "my events")
    entry = page.locator(f"section.card:has(#registration-{registration.pk})")
    code = entry.locator("figure.qr figcaption").inner_text().rsplit(" ", 1)[-1].strip()
    click_to(page, entry.locator(f"a[href='/en/my/events/{registration.pk}/travel/']"), "travel page")
    page.locator("#id_place_q").fill("Rīga")
    click_to(page, page.locator("form.place-search button[type=submit]"), "towns found")
    page.locator("input[name=origin]").first.check()
    page.locator("#id_mode").select_option("train")
    click_to(page, page.locator("main form[method=post] button[type=submit]"), "travel saved")
    assert re.fullmatch(r"417\s*EUR", fact(page, "Travel grant"))

    # --- the officer checks him in through the check-in page ---------------------------------------------
    staff = new_context().new_page()
    log_in(staff, OFFICER)
    visit(staff, f"/en/staff/events/{event.pk}/", "staff event")
    click_to(staff, staff.locator(f"main a[href='/en/staff/events/{event.pk}/check-in/']").first, "check-in")
    staff.locator("#id_code").fill(code)
    click_to(staff, staff.locator("#checkin-form button[type=submit]"), "checked in")
    assert name in staff.locator("#checkin-result").inner_text()

    # --- a month after the event the scheduled purge runs ----------------------------------------------------
    month_later = event.end + timedelta(days=settings.KOPA_PRIVATE_DATA_RETENTION_DAYS + 1)
    run_task(PURGE_JOB, {"now": month_later})

    page.reload()
    scan(page, "travel page after the purge")
    assert deleted_on(timezone.localdate(month_later)) in page.locator("main").inner_text()
    assert re.fullmatch(r"417\s*EUR", fact(page, "Travel grant"))
    assert page.locator("main form[method=post]").count() == 0

    visit(staff, f"/en/staff/events/{event.pk}/", "staff event after the purge")
    click_to(staff, staff.locator(f"main a[href='/en/staff/events/{event.pk}/travel/']"), "travel after purge")
    assert deleted_on(timezone.localdate(month_later)) in staff.locator("main").inner_text()
    cells = traveller_row(staff, name).locator("td").all_inner_texts()
    assert cells[0] == "Latvia" and cells[1] == "–"  # the country stays; where he came from is gone
    assert re.search(r"417", cells[6]) and cells[-1].strip() == "1"
    assert summary_row(staff, "Latvia").locator("td").all_inner_texts()[:2] == ["1", "417"]

    # --- a year after the event his registration is pseudonymised; the grant line stays ---------------------
    year_later = event.end + timedelta(days=settings.KOPA_REGISTRATION_RETENTION_DAYS + 1)
    run_task(PURGE_JOB, {"now": year_later})

    staff.reload()
    scan(staff, "travel a year later")
    assert name not in staff.locator("main").inner_text()
    cells = traveller_row(staff, f"Participant {registration.pk}").locator("td").all_inner_texts()
    assert cells[0] == "Latvia" and re.search(r"417", cells[6]) and cells[-1].strip() == "1"
    assert summary_row(staff, "Latvia").locator("td").all_inner_texts()[:2] == ["1", "417"]
