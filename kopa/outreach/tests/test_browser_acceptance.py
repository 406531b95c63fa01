"""The outreach acceptance flow in a real browser, from a directory filter to a moving funnel.

An officer of the Slovenian agency builds a campaign, fills its target list from a directory filter
("organisations in Zasavska with no programme experience"), sends the invitations (the development
outbox shows them), a recipient answers through the personal link in Slovenian without an account, and
the officer's dashboard counts the answer.
"""

import re
from datetime import date

import pytest

from django.utils import translation
from django.utils.translation import gettext

from kopa.core.mail import outbox_clear
from kopa.core.tests.browser import assert_no_serious_violations, log_in_with_form
from kopa.outreach.models import Campaign, Interaction, ResponseLink
from kopa.programmes.models import Cycle, Partnership, PartnershipMember, Strand

pytestmark = pytest.mark.browser
PASSWORD = "pass-Word-2026"


def _slovenian(message: str) -> str:
    with translation.override("sl"):
        return gettext(message)


def _scanned(page, where: str) -> None:
    assert_no_serious_violations(page, where=f"{where} ({page.url}) ")


def _stage_count(page, label: str) -> int:
    """The number in the dashboard's funnel table for the stage `label`."""
    row = page.locator("table", has=page.locator("caption", has_text="Organisations at each stage")).locator(
        "tbody tr", has=page.locator("th", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )
    return int(row.locator("td").first.inner_text().replace(",", "").strip())


@pytest.fixture
def slovenian_agency(make_agency, make_user, make_organisation, settings, live_server):
    # The outbox page exists only in development; links in e-mails point at this server.
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "kopa.core.mail.OutboxBackend"
    settings.KOPA_SITE_URL = live_server.url
    outbox_clear()
    agency = make_agency(name="Slovenian youth agency", country="SI")
    officer = make_user(agency=agency, first_name="Nina", last_name="Kovač", password=PASSWORD)
    partnership = Partnership.objects.create(
        name={"en": "Strategic Partnership on Social Inclusion"}, slug="social-inclusion", coordinator=agency
    )
    PartnershipMember.objects.create(partnership=partnership, country="SI", agency=agency)
    Cycle.objects.create(partnership=partnership, name="2026–2028", start=date(2026, 1, 1), end=date(2028, 12, 31))
    Strand.objects.create(partnership=partnership, name={"en": "Young people from deprived areas"})
    newcomers = [
        make_organisation(legal_name=name, city=city, region="Zasavska", experience="none",
                          email=f"info@{slug}.example", agencies=[agency])
        for name, city, slug in (
            ("Društvo mladih Trbovlje", "Trbovlje", "dmt"),
            ("Mladinski klub Hrastnik", "Hrastnik", "mkh"),
            ("Zavod Rudar", "Zagorje ob Savi", "rudar"),
        )
    ]
    # Neither matches the filter: experienced already, or in another region.
    make_organisation(legal_name="Mladinski center Zasavje", city="Trbovlje", region="Zasavska",
                      experience="experienced", email="info@mcz.example", agencies=[agency])
    make_organisation(legal_name="Društvo Pomurje", city="Murska Sobota", region="Pomurska",
                      experience="none", email="info@pomurje.example", agencies=[agency])
    return officer, newcomers


def test_officer_invites_from_a_directory_filter_and_a_slovenian_answer_moves_the_funnel(
    new_context, slovenian_agency
):
    officer, newcomers = slovenian_agency
    staff = new_context().new_page()
    log_in_with_form(staff, username=officer.username, password=PASSWORD)

    # 1. A new campaign, inside the partnership's cycle, with its own Slovenian invitation.
    staff.goto("/en/staff/outreach/new/")
    _scanned(staff, "new campaign")
    staff.locator("input[name=name_en]").fill("Reaching Zasavje")
    staff.locator("input[name=name_sl]").fill("Doseči Zasavje")
    staff.locator("input[name=start]").fill("2026-11-01")
    cycle = Cycle.objects.get(name="2026–2028")
    staff.locator("select[name=cycle]").select_option(value=str(cycle.pk))
    staff.locator("input[name=invitation_subject_sl]").fill("Vabilo na informativni dan o vključevanju")
    staff.locator("textarea[name=invitation_body_sl]").fill(
        "Pozdravljeni, {organisation}! Vabimo vas, da spoznate programa Erasmus+ in Evropska solidarnostna enota."
    )
    with staff.expect_navigation():
        staff.get_by_role("button", name=re.compile("Save|Create", re.I)).click()
    campaign = Campaign.objects.get(name__en="Reaching Zasavje")
    assert staff.url.endswith(f"/en/staff/outreach/{campaign.pk}/")
    _scanned(staff, "campaign")

    # 2. The target list from a directory filter: Zasavska, no programme experience.
    staff.goto(f"/en/staff/outreach/{campaign.pk}/targets/from-directory/")
    staff.get_by_label("Region").fill("Zasavska")
    staff.get_by_label("No programme experience").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Show the matches").click()
    assert staff.get_by_role("heading", name="3 organisations match").is_visible()
    _scanned(staff, "directory filter")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Add the 3 new organisations to the list").click()
    assert set(campaign.targets.values_list("organisation__legal_name", flat=True)) == {
        org.legal_name for org in newcomers
    }

    # 3. The invitations go out, each with a personal link, in the recipients' language.
    staff.goto(f"/en/staff/outreach/{campaign.pk}/invitations/")
    _scanned(staff, "invitations")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Send 3 invitations").click()
    assert "Invitations sent: 3." in staff.locator("main").inner_text()
    assert Interaction.objects.filter(campaign=campaign, kind="invitation", channel="email").count() == 3
    assert ResponseLink.objects.filter(invitation__campaign=campaign, language="sl").count() == 3

    staff.goto(f"/en/staff/outreach/dashboard/?campaign={campaign.pk}")
    _scanned(staff, "dashboard before the answer")
    assert _stage_count(staff, "Invited") == 3
    assert _stage_count(staff, "Responded") == 0

    staff.goto("/en/staff/outbox/")
    mail = staff.locator("article", has=staff.locator("dd", has_text="info@dmt.example"))
    assert mail.get_by_role("heading").inner_text() == "Vabilo na informativni dan o vključevanju"
    body = mail.locator("pre").inner_text()
    assert "Pozdravljeni, Društvo mladih Trbovlje!" in body
    link = re.search(r"https?://\S+/sl/respond/[^/\s]+/", body).group(0)

    # 4. The recipient answers in Slovenian, without an account.
    recipient = new_context().new_page()
    recipient.goto(link)
    assert recipient.locator("html").get_attribute("lang") == "sl"
    assert "Doseči Zasavje" in recipient.locator("main").inner_text()
    _scanned(recipient, "response page")
    recipient.get_by_label(_slovenian("Yes, we are interested"), exact=True).check()
    with recipient.expect_navigation():
        recipient.get_by_role("button", name=_slovenian("Send my answer")).click()
    assert recipient.get_by_role("heading", name=_slovenian("Thank you for your answer")).is_visible()
    _scanned(recipient, "thank-you page")

    # The link is used up: opening it again says so, and offers no second answer.
    recipient.goto(link)
    assert recipient.locator("input[name=answer]").count() == 0
    assert Interaction.objects.filter(campaign=campaign, kind="response").count() == 1

    # 5. The funnel moved, from the answer alone.
    staff.goto(f"/en/staff/outreach/dashboard/?campaign={campaign.pk}")
    assert _stage_count(staff, "Invited") == 3
    assert _stage_count(staff, "Responded") == 1
    response = Interaction.objects.get(campaign=campaign, kind="response")
    assert (response.organisation.legal_name, response.answer, response.source) == (
        "Društvo mladih Trbovlje", "interested", "response_link"
    )
