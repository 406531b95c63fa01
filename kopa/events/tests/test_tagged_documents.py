"""Every PDF an event prints is a tagged PDF/UA-1 document: structure tree, language, title, headings,
tables with header cells, embedded fonts, and text that reads in order with Slovenian and Latvian
letters (the structure test of issue 13 §1, read back with pikepdf and pypdf)."""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from kopa.core.tests.tagged_pdf import assert_accessible, in_order
from kopa.events.checkin import documents
from kopa.events.models import Attendance, LearningRecord, Registration

S = Registration.Status
LJUBLJANA = ZoneInfo("Europe/Ljubljana")


@pytest.fixture(autouse=True)
def _back_to_english_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _weasyprint_has_nothing_to_say(caplog):
    """WeasyPrint warns of CSS it ignores and logs PDF/UA errors (no language, an image without
    alternative text): a document has none."""
    yield
    said = [r.getMessage() for r in caplog.get_records("call")
            if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert said == []


@pytest.fixture
def ormoz(make_event, make_registration, make_user, now):
    """A peer review in Ormož with a Slovenian and a Latvian participant."""
    event = make_event(
        title={"en": "Peer review in Ormož", "sl": "Medsebojna presoja v Ormožu – učenje čez mejo"},
        description={"sl": "Dan izmenjave izkušenj o vključevanju mladih.",
                     "lv": "Pieredzes apmaiņas diena par jauniešu iekļaušanu."},
        certificates_released_at=now,
    )
    make_registration(event=event, status=S.ATTENDED, language="sl", first_name="Žiga",
                      last_name="Čebašek", organisation_name="Mladinski center Ormož")
    latvian = make_registration(event=event, status=S.ATTENDED, language="lv", first_name="Ģirts",
                                last_name="Ķēniņš", organisation_name="Jauniešu centrs Ļaudis",
                                country_of_residence="LV", user=make_user())
    Attendance.objects.create(registration=latvian, day=date(2027, 4, 30), checked_in_at=now)
    LearningRecord.objects.create(
        registration=latvian, framework=LearningRecord.Framework.KEY_COMPETENCES,
        outcomes={"digital": "Es iemācījos vadīt tiešsaistes darbnīcu ar ņiprām komandām."},
    )
    return event


def test_certificate_is_tagged_in_the_participants_language(ormoz):
    registration = ormoz.registrations.get(first_name="Ģirts")
    with translation.override("lv"):
        title = f"{_('Certificate of participation')}: Ģirts Ķēniņš"
        competence = _("Digital competence")

    structure = assert_accessible(documents.certificate(registration), language="lv", title=title)

    assert title != "Certificate of participation: Ģirts Ķēniņš"  # really Latvian
    assert structure.count("H2") >= 2 and structure.count("H3") == 1
    assert structure.count("Table") == 1 and structure.count("TH") == 4  # one header per fact
    assert in_order(structure.text, "Ģirts Ķēniņš", "Pieredzes apmaiņas diena par jauniešu iekļaušanu.",
                    competence, "Es iemācījos vadīt tiešsaistes darbnīcu ar ņiprām komandām.")


def test_sign_in_sheet_is_a_tagged_table_per_day(ormoz):
    with translation.override("sl"):
        title = _("Sign-in sheet: %(title)s") % {"title": "Medsebojna presoja v Ormožu – učenje čez mejo"}
        content = documents.sign_in_sheet(ormoz)

    structure = assert_accessible(content, language="sl", title=title)

    days = 3  # 30 April to 2 May 2027
    assert structure.count("H1") == days and structure.count("H2") == days
    assert structure.count("Table") == days
    assert structure.count("TH") == days * (5 + 2)  # five column headers, a row header per person
    assert in_order(structure.text, "Čebašek", "Mladinski center Ormož", "Ķēniņš", "Jauniešu centrs Ļaudis")


def test_badges_are_tagged_with_every_name(ormoz):
    with translation.override("sl"):
        title = _("Name badges: %(title)s") % {"title": "Medsebojna presoja v Ormožu – učenje čez mejo"}
        content = documents.badges(ormoz)

    structure = assert_accessible(content, language="sl", title=title)

    assert structure.count("P") >= 2 * 3  # event, name, organisation, country on each badge
    with translation.override("sl"):
        qr_alts = [_("QR code for check-in of %(name)s") % {"name": name}
                   for name in ("Žiga Čebašek", "Ģirts Ķēniņš")]
    assert structure.figure_alts == qr_alts  # each badge's check-in QR code is a figure with its text
    assert in_order(structure.text, "Žiga Čebašek", "Mladinski center Ormož", "Ģirts Ķēniņš", "Latvija")


def test_activity_plan_is_tagged_with_a_heading_per_month_and_event(client, make_event, host_agency):
    make_event(title={"en": "Study visit", "sl": "Študijski obisk v Žalcu"},
               start=datetime(2027, 9, 14, 9, tzinfo=LJUBLJANA))
    make_event(title={"en": "Peer review", "sl": "Medsebojna presoja v Ormožu"},
               start=datetime(2027, 10, 1, 9, tzinfo=LJUBLJANA))

    response = client.get(f"/sl/events/plan/{host_agency.slug}/2027/2/plan.pdf")

    with translation.override("sl"):
        title = _("Activity plan of %(agency)s, %(period)s") % {
            "agency": host_agency.name, "period": _("July to December %(year)d") % {"year": 2027}}
    structure = assert_accessible(response.content, language="sl", title=title)
    assert structure.count("H2") == 2 and structure.count("H3") == 2
    assert in_order(structure.text, "september 2027", "Študijski obisk v Žalcu",
                    "oktober 2027", "Medsebojna presoja v Ormožu")
