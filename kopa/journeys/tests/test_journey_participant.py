"""A young participant in Latvian, from the sign-up form to a saved participation form.

Līga signs up in Latvian, confirms her e-mail address with the link Kopa sends, logs in, finds an open
training in the calendar, registers, reads what happens next, finds My events in the menu with a badge
(her participation form is still to fill in), fills it in (access needs, diet, emergency contact), and
the badge is gone. Every page she sees is scanned with axe.
"""

import re

import pytest

from kopa.events.models import ParticipationDetails, Registration
from kopa.journeys.tests.conftest import (
    click_to,
    in_language,
    link_in,
    log_in,
    log_out,
    mail_to,
    scan,
    visit,
)

pytestmark = pytest.mark.browser

EMAIL = "liga.ozolina@example.org"
PASSWORD = "Zvaigzne-Riga-2026"
EVENT_LV = "Iekļaušana Erasmus+ projektos"  # the Latvian title starts like this, or the English one
EVENT_EN = "Inclusion in Erasmus+ projects: open national training"
ACCESS_NEEDS = "Step-free access and a quiet room during the breaks."


def lv(message: str) -> str:
    return in_language("lv", message)


def test_participant_signs_up_in_latvian_registers_and_fills_in_the_participation_form(
    demo_world, new_context
):
    page = new_context().new_page()

    # --- sign-up, in Latvian ------------------------------------------------------------------------
    visit(page, "/lv/accounts/signup/", "sign-up form")
    assert page.evaluate("document.documentElement.lang") == "lv"
    page.locator("#id_first_name").fill("Līga")
    page.locator("#id_last_name").fill("Ozoliņa")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_country").select_option("LV")
    page.locator("#id_language").select_option("lv")
    click_to(page, page.locator("main form button[type=submit]"), "sign-up sent")
    assert EMAIL in page.locator("main").inner_text()

    # --- the confirmation e-mail, in Latvian, and its link --------------------------------------------
    message = mail_to(EMAIL)
    link = link_in(message, r"/lv/accounts/verify/\S+/")
    page.goto(link)
    scan(page, "e-mail confirmed")
    assert lv("Thank you: your e-mail address is confirmed.") in page.locator("main").inner_text()

    # --- she logs in (after logging out of the session the link opened) ------------------------------
    log_out(page)
    log_in(page, EMAIL, password=PASSWORD, language="lv")
    assert "/lv/" in page.url
    nav = page.get_by_role("navigation", name=lv("Main"))
    assert nav.locator("a.my-events").is_visible()
    assert nav.locator("a.my-events .nav-badge").count() == 0  # nothing needs her answer yet

    # --- the calendar, the event page, the registration form ------------------------------------------
    click_to(page, nav.get_by_role("link", name=lv("Calendar"), exact=True), "calendar")
    card = page.locator("main .cards li", has_text=re.compile(f"{re.escape(EVENT_LV)}|{re.escape(EVENT_EN)}"))
    click_to(page, card.locator("h2 a, h3 a").first, "event page")
    event_path = re.search(r"/lv/events/\d+/", page.url).group(0)
    click_to(page, page.locator(f"main a[href='{event_path}register/']").first, "registration form")
    assert page.locator("#id_first_name").input_value() == "Līga"
    assert page.locator("#id_email").input_value() == EMAIL
    page.locator("#id_country_of_residence").select_option("LV")
    page.locator("#id_role").fill("brīvprātīgā")
    click_to(page, page.locator("main form button[type=submit]:not(.visually-hidden):not([name=find])"),
             "registration result")

    # --- the confirmation page says what happens next -------------------------------------------------
    main = page.locator("main").inner_text()
    assert lv("Your place is confirmed.") in main
    next_steps = page.locator("section", has=page.locator("#next-heading"))
    assert next_steps.locator("h2").inner_text() == lv("What happens next")
    assert lv("Tell the organisers about access needs, diet and an emergency contact in the "
              "participation form, and plan your travel. You find both in My events.") in next_steps.inner_text()
    registration = Registration.objects.get(user__username=EMAIL)
    assert registration.status == Registration.Status.CONFIRMED and registration.language == "lv"

    # --- My events in the menu, with a badge: the participation form waits for her -------------------
    badge = nav.locator("a.my-events .nav-badge")
    assert badge.locator("[aria-hidden=true]").inner_text() == "1"
    click_to(page, nav.locator("a.my-events"), "my events")
    entry = page.locator("main section.card", has=page.locator(f"#registration-{registration.pk}"))
    assert lv("Confirmed") in entry.inner_text() or registration.get_status_display() in entry.inner_text()
    click_to(page, entry.locator(f"a[href$='/my/events/{registration.pk}/participation/']"), "participation form")

    # --- the participation form: access needs, diet, emergency contact --------------------------------
    page.locator("input[name=has_access_needs][value=yes]").check()
    page.locator("#id_access_needs").fill(ACCESS_NEEDS)
    page.locator("input[name=diet][value=vegetarian]").check()
    page.locator("#id_diet_notes").fill("Bez riekstiem")
    page.locator("#id_emergency_contact_name").fill("Anna Ozoliņa")
    page.locator("#id_emergency_contact_phone").fill("+371 2000 0000")
    click_to(page, page.locator("main form[method=post] button[type=submit]"), "participation form saved")
    assert page.locator("#id_access_needs").input_value() == ACCESS_NEEDS
    assert page.locator("input[name=diet][value=vegetarian]").is_checked()
    assert page.locator("#id_emergency_contact_name").input_value() == "Anna Ozoliņa"
    details = ParticipationDetails.objects.get(registration=registration)
    assert (details.has_access_needs, details.diet, details.emergency_contact_phone) == (
        True, "vegetarian", "+371 2000 0000")
    # Nothing waits for her any more: the badge is gone.
    assert page.get_by_role("navigation", name=lv("Main")).locator("a.my-events .nav-badge").count() == 0
