"""A representative in Slovenian, from the sign-up form into a campaign's funnel.

Tina signs up in Slovenian and asks to represent a youth organisation that is on the target list of the
Slovenian agency's disability campaign; the agency's officer approves her through the staff pages; she
registers for the agency's training in the campaign's strand for her organisation; the officer checks
her in through the check-in page, and the campaign's funnel page shows "attended" go from 0 to 1 (both
numbers read from the page). Every page is scanned with axe.
"""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.utils import timezone

from kopa.agencies.models import Agency
from kopa.directory.models import Representative
from kopa.events.models import Event, Registration
from kopa.events.organising.services import event_create
from kopa.journeys.tests.conftest import (
    click_to,
    demo_user,
    in_language,
    link_in,
    log_in,
    mail_to,
    scan,
    visit,
)
from kopa.outreach.campaigns.services import campaign_create, targets_add
from kopa.outreach.models import Campaign, CampaignTarget

pytestmark = pytest.mark.browser

EMAIL = "tina.kolar@example.org"
PASSWORD = "Mladi-Celje-2026"
OFFICER = "officer.si@kopa.example"
DEMO_CAMPAIGN = "Organisations working with young people with disabilities 2018–2020"
TRAINING = {"en": "Inclusive youth exchanges: national training",
            "sl": "Vključujoče mladinske izmenjave: nacionalno usposabljanje"}
ZONE = ZoneInfo("Europe/Ljubljana")


def sl(message: str) -> str:
    return in_language("sl", message)


@pytest.fixture
def campaign_world(demo_world):
    """This year's campaign of the agency in the demo campaign's strand, on the same target list, and
    a training in that strand running today and tomorrow (the demo's campaigns and events are past)."""
    officer = demo_user(OFFICER)
    movit = Agency.objects.get(slug="movit")
    earlier = Campaign.objects.get(agency=movit, name__en=DEMO_CAMPAIGN)
    targets = earlier.targets.filter(
        organisation__public_listing=True, organisation__agencies=movit,
        organisation__representatives__isnull=True,
    ).order_by("organisation__legal_name")
    organisation = targets.first().organisation
    today = timezone.localdate()
    campaign = campaign_create(actor=officer, agency=movit, data={
        "name": {"en": "Organisations working with young people with disabilities 2026–2027",
                 "sl": "Organizacije, ki delajo z mladimi z invalidnostjo 2026–2027"},
        "strand": earlier.strand_id, "start": today - timedelta(days=60), "owners": [officer.pk],
    })
    targets_add(actor=officer, campaign=campaign, organisations=[t.organisation_id for t in earlier.targets.all()],
                source=CampaignTarget.Source.MANUAL)
    start = datetime.combine(today, time(0, 0), tzinfo=ZONE)
    end = datetime.combine(today + timedelta(days=1), time(18, 0), tzinfo=ZONE)
    event = event_create(actor=officer, agency=movit, data={
        "type": Event.Type.NATIONAL_TRAINING, "title": TRAINING, "start": start, "end": end,
        "time_zone": "Europe/Ljubljana", "venue_name": "Mladinski center", "town": "Celje", "country": "SI",
        "capacity": 20, "registration_mode": Event.RegistrationMode.OPEN,
        "registration_opens": timezone.now() - timedelta(days=7), "registration_closes": end - timedelta(hours=1),
        "strand": earlier.strand, "status": Event.Status.PUBLISHED,
    })
    return campaign, organisation, event


def attended_on_funnel(page) -> int:
    """The "Attended" figure of the funnel table on the dashboard."""
    row = page.locator("table", has=page.locator("caption", has_text="Organisations at each stage")).locator(
        "tbody tr", has=page.locator("th", has_text=re.compile(r"^\s*Attended an event\s*$")))
    return int(row.locator("td").first.inner_text().replace(",", "").strip())


def test_representative_signs_up_in_slovenian_and_her_check_in_moves_the_funnel(campaign_world, new_context):
    campaign, organisation, event = campaign_world
    page = new_context().new_page()

    # --- sign-up in Slovenian, and the confirmation link ----------------------------------------------
    visit(page, "/sl/accounts/signup/", "sign-up form")
    page.locator("#id_first_name").fill("Tina")
    page.locator("#id_last_name").fill("Kolar")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_country").select_option("SI")
    page.locator("#id_language").select_option("sl")
    click_to(page, page.locator("main form button[type=submit]"), "sign-up sent")
    page.goto(link_in(mail_to(EMAIL), r"/sl/accounts/verify/\S+/"))
    scan(page, "my area after confirming")
    assert page.url.endswith("/sl/my/")

    # --- she finds her organisation in "my area" and asks to represent it ----------------------------
    page.locator("main form[role=search] input[name=q]").fill(organisation.legal_name)
    click_to(page, page.locator("main form[role=search] button[type=submit]"), "organisation search")
    click_to(page, page.locator(f"main a[href^='/sl/my/organisations/{organisation.pk}/represent/']"),
             "ask to represent")
    click_to(page, page.locator("main form[method=post] button[type=submit]"), "asked to represent")
    assert Representative.objects.get(user__username=EMAIL).status == Representative.Status.PENDING

    # --- the officer approves the request through the staff pages -----------------------------------
    staff = new_context().new_page()
    log_in(staff, OFFICER)
    visit(staff, "/en/staff/organisations/proposals/", "proposals and requests")
    requests = staff.locator("section", has=staff.locator("#requests-heading"))
    assert "Tina Kolar" in requests.inner_text()
    click_to(staff, requests.locator(f"a[href='/en/staff/organisations/{organisation.pk}/']"), "organisation")
    rep = staff.locator("li", has_text="Tina Kolar")
    click_to(staff, rep.locator("button[name=decision][value=approve]"), "request approved")
    assert "Tina Kolar" in staff.locator("main").inner_text()
    assert Representative.objects.get(user__username=EMAIL).status == Representative.Status.APPROVED

    # --- the funnel before: nobody of the campaign attended yet -------------------------------------
    visit(staff, f"/en/staff/outreach/dashboard/?campaign={campaign.pk}", "funnel before")
    assert attended_on_funnel(staff) == 0

    # --- she registers for the training in the campaign's strand, for her organisation ----------------
    visit(page, f"/sl/events/{event.pk}/", "event page")
    assert TRAINING["sl"] in page.locator("h1").inner_text()
    click_to(page, page.locator(f"main a[href='/sl/events/{event.pk}/register/']").first, "registration form")
    page.locator("#id_country_of_residence").select_option("SI")
    page.locator(f"input[name=organisation][value='{organisation.pk}']").check()
    click_to(page, page.locator("main form button[type=submit]:not(.visually-hidden):not([name=find])"),
             "registered")
    assert sl("Your place is confirmed.") in page.locator("main").inner_text()
    registration = Registration.objects.get(event=event, user__username=EMAIL)
    assert registration.organisation_id == organisation.pk

    # Her check-in code, as My events shows it.
    click_to(page, page.locator("header nav a.my-events"), "my events")
    caption = page.locator(f"section.card:has(#registration-{registration.pk}) figure.qr figcaption").inner_text()
    code = caption.rsplit(" ", 1)[-1].strip()
    assert code == registration.checkin_code

    # --- the officer checks her in through the check-in page -----------------------------------------
    visit(staff, f"/en/staff/events/{event.pk}/", "staff event")
    click_to(staff, staff.locator(f"main a[href='/en/staff/events/{event.pk}/check-in/']").first, "check-in")
    staff.locator("#id_code").fill(code)
    click_to(staff, staff.locator("#checkin-form button[type=submit]"), "checked in")
    assert "Tina Kolar" in staff.locator("#checkin-result").inner_text()

    # --- the funnel after: one organisation attended --------------------------------------------------
    visit(staff, f"/en/staff/outreach/dashboard/?campaign={campaign.pk}", "funnel after")
    assert attended_on_funnel(staff) == 1
