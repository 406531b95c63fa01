"""A waiting-list offer accepted from the e-mail link, without logging in.

A small workshop has one place. Jānis (the demo participant) takes it; Petra (the demo representative)
registers while logged in and joins the waiting list, then logs out. Jānis cancels through his My events
page; Petra's offer e-mail carries a signed link, which she opens in a fresh browser (not logged in) and
accepts. Logged in again, her My events shows the place. Every page is scanned with axe.
"""

from datetime import timedelta

import pytest

from django.utils import timezone

from kopa.agencies.models import Agency
from kopa.events.models import Event, Registration
from kopa.events.organising.services import event_create
from kopa.journeys.tests.conftest import (
    click_to,
    demo_user,
    link_in,
    log_in,
    log_out,
    mail_to,
    scan,
    visit,
)

pytestmark = pytest.mark.browser

PARTICIPANT = "participant@kopa.example"
WAITING = "representative@kopa.example"
TITLE = {"en": "Storytelling workshop for youth workers", "sl": "Delavnica pripovedovanja za mladinske delavce"}
REGISTER = "main form button[type=submit]:not(.visually-hidden):not([name=find])"


@pytest.fixture
def small_workshop(demo_world):
    """An open workshop of the Slovenian agency in three weeks, with a single place."""
    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=21)
    return event_create(actor=demo_user("officer.si@kopa.example"), agency=Agency.objects.get(slug="movit"), data={
        "type": Event.Type.NATIONAL_TRAINING, "title": TITLE, "start": start, "end": start + timedelta(hours=8),
        "time_zone": "Europe/Ljubljana", "venue_name": "Mladinski center", "town": "Maribor", "country": "SI",
        "capacity": 1, "registration_mode": Event.RegistrationMode.OPEN,
        "registration_opens": timezone.now() - timedelta(days=1), "status": Event.Status.PUBLISHED,
    })


def register(page, event, where: str) -> None:
    visit(page, f"/en/events/{event.pk}/", f"{where}: event page")
    click_to(page, page.locator(f"main a[href='/en/events/{event.pk}/register/']").first, f"{where}: form")
    page.locator("#id_country_of_residence").select_option("SI")
    click_to(page, page.locator(REGISTER), f"{where}: result")


def test_waiting_list_offer_is_accepted_from_the_e_mail_link_without_logging_in(small_workshop, new_context):
    event = small_workshop

    # --- Jānis takes the only place ------------------------------------------------------------------------
    janis = new_context().new_page()
    log_in(janis, PARTICIPANT)
    register(janis, event, "participant")
    assert "Your place is confirmed." in janis.locator("main").inner_text()

    # --- Petra, logged in, joins the waiting list, then logs out ------------------------------------------
    petra = new_context().new_page()
    log_in(petra, WAITING)
    visit(petra, f"/en/events/{event.pk}/register/", "full event: form")
    assert "All places are taken." in petra.locator("main").inner_text()
    register(petra, event, "waiting")
    assert "You are on the waiting list." in petra.locator("main").inner_text()
    assert "You are number 1 on the waiting list." in petra.locator("main").inner_text()
    waiting = Registration.objects.get(event=event, user__username=WAITING)
    assert waiting.status == Registration.Status.WAITLISTED
    log_out(petra)

    # --- Jānis cancels through his My events page -----------------------------------------------------------
    click_to(janis, janis.locator("header nav a.my-events"), "my events")
    mine = Registration.objects.get(event=event, user__username=PARTICIPANT)
    click_to(janis, janis.locator(f"main a[href$='/my/events/{mine.pk}/cancel/']"), "cancel page")
    click_to(janis, janis.locator("main form[method=post] button[type=submit]"), "cancelled")
    assert "Your registration is cancelled." in janis.locator("main").inner_text()

    # --- Petra's offer e-mail, opened in a fresh browser, not logged in ---------------------------------------
    offer = mail_to(WAITING)
    link = link_in(offer, r"/[a-z]{2}/events/answer/offer/\S+/")
    fresh = new_context().new_page()
    fresh.goto(link)
    scan(fresh, "offer from the e-mail")
    assert fresh.locator("header a[href$='/accounts/login/']").is_visible()  # nobody is logged in
    click_to(fresh, fresh.locator("main form button[name=answer][value=accept]"), "offer accepted")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert fresh.locator("main div.card[role=status]").is_visible()

    # --- logged in, My events shows her place --------------------------------------------------------------
    log_in(fresh, WAITING)
    click_to(fresh, fresh.locator("header nav a.my-events"), "my events with the place")
    entry = fresh.locator("main section.card", has=fresh.locator(f"#registration-{waiting.pk}"))
    assert TITLE["en"] in entry.inner_text()
    assert entry.locator("figure.qr img").is_visible()  # a confirmed place has its check-in code
