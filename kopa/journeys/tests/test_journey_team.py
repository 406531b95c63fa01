"""An agency admin invites a colleague, who sets a password from the e-mail and starts a campaign.

Mojca, the admin of the Slovenian agency, goes from "my area" to her agency's team page and invites a
colleague; the invitation e-mail's link lets him choose a password; he logs in, creates a campaign
through the staff pages and finds it in the campaign list. Every page is scanned with axe.
"""

import pytest

from kopa.agencies.models import AgencyMembership
from kopa.journeys.tests.conftest import click_to, link_in, log_in, mail_to, scan, visit
from kopa.outreach.models import Campaign

pytestmark = pytest.mark.browser

ADMIN = "admin.si@kopa.example"
COLLEAGUE = "rok.zupancic@movit.example"
PASSWORD = "Nov-Sodelavec-2026"
CAMPAIGN = "Youth centres in Koroška 2027"


def test_agency_admin_invites_a_colleague_who_sets_a_password_and_creates_a_campaign(demo_world, new_context):
    admin = new_context().new_page()
    log_in(admin, ADMIN)

    # --- from "my area" to the team page, and the invitation ------------------------------------------
    visit(admin, "/en/my/", "my area")
    click_to(admin, admin.locator("main a[href='/en/staff/agencies/']"), "agencies and teams")
    click_to(admin, admin.locator("main a[href='/en/staff/agencies/movit/team/']"), "team page")
    form = admin.locator("main form", has=admin.locator("input[name=email]"))
    form.locator("input[name=email]").fill(COLLEAGUE)
    form.locator("input[name=first_name]").fill("Rok")
    form.locator("input[name=last_name]").fill("Zupančič")
    form.locator("select[name=role]").select_option(AgencyMembership.Role.STAFF)
    click_to(admin, form.locator("button[type=submit]"), "colleague invited")
    assert f"{COLLEAGUE} is invited and has been sent an e-mail." in admin.locator("main").inner_text()
    assert "Rok Zupančič" in admin.locator("main").inner_text()

    # --- the colleague sets a password from the e-mail's link ------------------------------------------
    link = link_in(mail_to(COLLEAGUE), r"/[a-z]{2}/accounts/reset/\S+/")
    colleague = new_context().new_page()
    colleague.goto(link)
    scan(colleague, "set a password")
    colleague.locator("input[name=new_password1]").fill(PASSWORD)
    colleague.locator("input[name=new_password2]").fill(PASSWORD)
    click_to(colleague, colleague.locator("main form button[type=submit]"), "password set")
    assert "/accounts/reset/done/" in colleague.url

    # --- he logs in and creates a campaign through the staff pages -------------------------------------
    log_in(colleague, COLLEAGUE, password=PASSWORD)
    click_to(colleague, colleague.get_by_role("navigation", name="Main").get_by_role("link", name="Outreach"),
             "campaigns")
    click_to(colleague, colleague.locator("main a[href='/en/staff/outreach/new/']"), "new campaign")
    colleague.locator("input[name=name_en]").fill(CAMPAIGN)
    colleague.locator("input[name=start]").fill("2027-01-15")
    click_to(colleague, colleague.locator("main form[method=post] button[type=submit]").last, "campaign saved")
    campaign = Campaign.objects.get(name__en=CAMPAIGN)
    assert colleague.url.endswith(f"/en/staff/outreach/{campaign.pk}/")
    assert campaign.agency.slug == "movit"

    # --- and sees it in the list --------------------------------------------------------------------------
    click_to(colleague, colleague.get_by_role("navigation", name="Main").get_by_role("link", name="Outreach"),
             "campaigns again")
    assert colleague.locator(f"main a[href='/en/staff/outreach/{campaign.pk}/']").inner_text() == CAMPAIGN
