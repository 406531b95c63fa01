"""Every page in pages.py, in every language and display mode, scanned by axe-core in Chromium.

A page fails on any serious or critical violation of WCAG 2.0, 2.1 or 2.2 at level A or AA. Each page
is rendered by the server in each language with every rule in the standard mode, and in the low-vision
and dyslexia modes (same markup, other colours and sizes) with the rules that depend on styling.
"""

import csv
import io
from datetime import date, timedelta

import pytest

from django.core.files.base import ContentFile
from django.utils import timezone

from kopa.agencies.models import AgencyMembership
from kopa.core.models import Job
from kopa.core.tests.browser import (
    AXE_SCRIPT,
    DEFAULT_VIEWPORT,
    DISPLAY_MODES,
    LANGUAGES,
    STYLE_RULES,
    axe_violations,
    describe_violations,
    log_in_with_cookie,
)
from kopa.directory import reference_data
from kopa.directory.imports.services import import_preview
from kopa.directory.models import (
    Affiliation,
    DataProtectionRequest,
    ImportBatch,
    OrganisationProposal,
    Person,
    Representative,
    TargetGroup,
)
from kopa.directory.rules import dp_due_on
from kopa.events.registration.links import link_token
from kopa.events.tests import travel_support
from kopa.library.tests import a11y_support as library_support
from kopa.logbook.access import kiosk_token
from kopa.logbook.tests.support import build_logbook
from kopa.matchmaking.tests import a11y_support as matchmaking_support
from kopa.outreach.tests import a11y_support as outreach_support
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    Strand,
    WorkingGroup,
)
from kopa.reports.tests import activity_support
from kopa.site.tests.pages import PAGES

ROLES = (None, "staff", "admin", "superuser", "representative", "participant")


def _import_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["legal_name", "type", "country", "city", "oid", "target_groups", "public_listing"]
    )
    writer.writerow(
        [
            "Mladinski center Zmaj",
            "youth_centre",
            "SI",
            "Ljubljana",
            "E10000001",
            "disability",
            "no",
        ]
    )
    writer.writerow(["", "ngo", "XX", "Maribor", "E12", "unknown-group", "maybe"])
    return buffer.getvalue().encode()


def _partnership(d):
    partnership = Partnership.objects.create(
        name={
            "en": "Strategic Partnership on Social Inclusion",
            "sl": "Strateško partnerstvo za socialno vključevanje",
            "lv": "Stratēģiskā partnerība sociālajai iekļaušanai",
        },
        slug="social-inclusion",
        coordinator=d.agency,
        start=date(2018, 1, 1),
        end=date(2027, 12, 31),
        description={
            "en": "National agencies working together for young people with fewer opportunities."
        },
    )
    PartnershipMember.objects.create(partnership=partnership, country="SI", agency=d.agency)
    PartnershipMember.objects.create(
        partnership=partnership, country="LV", agency_name="Latvian agency"
    )
    PartnershipMember.objects.create(
        partnership=partnership, country="BE", region="Wallonia", agency_name="Walloon agency"
    )
    strand = Strand.objects.create(
        partnership=partnership, name={"en": "Disability", "sl": "Invalidnost"}
    )
    strand.target_groups.set(TargetGroup.objects.filter(code="disability"))
    Cycle.objects.create(
        partnership=partnership, name="2024–2026", start=date(2024, 1, 1), end=date(2026, 12, 31)
    )
    return partnership


def _project(d):
    return Project.objects.create(
        agency=d.agency,
        title={"en": "Reuse for inclusion", "sl": "Ponovna uporaba za vključevanje"},
        acronym="REUSE",
        programme=Project.Programme.ERASMUS_PLUS,
        action="KA220-YOU",
        lead=d["staff_org"],
        start=date(2025, 3, 1),
        end=date(2027, 2, 28),
        status=Project.Status.RUNNING,
        cycle=d["cycle"],
    )


def _person(d):
    person = Person.objects.create(
        first_name="Nina", last_name="Golob", email="nina.golob@example.org"
    )
    Affiliation.objects.create(
        person=person,
        organisation=d["staff_org"],
        role=Affiliation.Role.CONTACT,
        title="Youth worker",
    )
    return person


def _dp_request(d, kind, days_ago):
    received = date.today() - timedelta(days=days_ago)
    return DataProtectionRequest.objects.create(
        agency=d.agency, kind=kind, subject_name="Nina Golob", subject_email="nina.golob@example.org",
        person=d["person"], received_on=received, due_on=dp_due_on(received))


def _checkin_event(d):
    """A published event of the staff user's agency, running now, with people checked in."""
    from datetime import timedelta

    from django.utils import timezone

    from kopa.events.models import Attendance, Event, Registration

    start = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=1)
    event = Event.objects.create(
        type=Event.Type.NATIONAL_TRAINING,
        title={"en": "Inclusion training", "sl": "Usposabljanje o vključevanju",
               "lv": "Iekļaušanas apmācība"},
        organiser_agency=d.agency,
        start=start,
        end=start + timedelta(days=2, hours=8),
        venue_name="Youth centre",
        town="Laško",
        country="SI",
        capacity=20,
        status=Event.Status.PUBLISHED,
    )
    for n, status in enumerate([Registration.Status.ATTENDED, Registration.Status.CONFIRMED]):
        registration = Registration.objects.create(
            event=event, status=status, first_name=f"Maja{n}", last_name="Horvat",
            email=f"maja{n}@example.org", country_of_residence="SI", sending_country="SI",
            organisation_name="Mladinski center", created_at=start, decided_at=start,
        )
        if status == Registration.Status.ATTENDED:
            Attendance.objects.create(registration=registration, day=start.date(), checked_in_at=start)
    return event


def _checkin_registration(d):
    """The participant's registration at the check-in event, attended."""
    from kopa.events.models import Registration

    event = d["checkin_event"]
    return Registration.objects.create(
        event=event, user=d.users["participant"], status=Registration.Status.ATTENDED,
        first_name="Eva", last_name="Lipa", email="eva.lipa@example.org", country_of_residence="SI",
        sending_country="SI", created_at=event.start, decided_at=event.start,
    )


def _calendar_event(d):
    """A published, open event of the staff user's agency next month, with a strand and places."""
    from datetime import timedelta

    from django.utils import timezone

    from kopa.directory.models import Language
    from kopa.events.models import Event, Registration

    start = (timezone.now() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        type=Event.Type.NATIONAL_TRAINING,
        title={"en": "Inclusion training for youth workers", "sl": "Usposabljanje o vključevanju",
               "lv": "Iekļaušanas apmācība"},
        description={"en": "Three days on reaching young people with fewer opportunities."},
        organiser_agency=d.agency,
        strand=d["strand"],
        partnership=d["partnership"],
        start=start,
        end=start + timedelta(days=2, hours=8),
        time_zone="Europe/Ljubljana",
        venue_name="Youth centre",
        address="Trubarjeva 1",
        town="Laško",
        country="SI",
        accessibility_description={"en": "Step-free entrance and an accessible toilet."},
        accessibility_limitations={"en": "No hearing loop in the main hall."},
        eligibility={"en": "Youth workers from Slovenia."},
        costs_covered={"en": "Food and accommodation."},
        learning_outcomes={"en": "Plan an inclusive youth exchange."},
        capacity=20,
        registration_opens=timezone.now() - timedelta(days=1),
        status=Event.Status.PUBLISHED,
    )
    event.working_languages.set(Language.objects.filter(code__in=["en", "sl"]))
    Registration.objects.create(
        event=event, status=Registration.Status.CONFIRMED, first_name="Tina", last_name="Kos",
        email="tina.kos@example.org", country_of_residence="SI", sending_country="SI",
        created_at=timezone.now(), decided_at=timezone.now(),
    )
    return event


def _calendar_question(d):
    """A choice question on the calendar event."""
    from kopa.events.models import Question

    return Question.objects.create(
        event=d["calendar_event"], kind=Question.Kind.CHOICE, position=10,
        label={"en": "How do you travel?", "sl": "Kako potujete?"},
        choices=[{"value": "bus", "label": {"en": "By bus"}},
                 {"value": "car", "label": {"en": "By car"}}],
    )


def _registration_event(d, *, mode="open"):
    """A published event of the staff user's agency next month, full, with a question of each kind
    (one shown only on a condition) and registrations, one with declared needs and a diet."""
    from datetime import timedelta

    from django.utils import timezone

    from kopa.events.models import Event, ParticipationDetails, Question, Registration

    now = timezone.now()
    start = (now + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        type=Event.Type.NATIONAL_TRAINING if mode == "open" else Event.Type.INTERNATIONAL_TRAINING,
        title={"en": "Training on accessible youth work", "sl": "Usposabljanje o dostopnem mladinskem delu",
               "lv": "Apmācība par piekļūstamu jaunatnes darbu"},
        organiser_agency=d.agency, start=start, end=start + timedelta(days=2), venue_name="Youth centre",
        town="Laško", country="SI", capacity=2, registration_mode=mode, status=Event.Status.PUBLISHED,
        application_deadline=now + timedelta(days=20) if mode == "selection" else None,
    )
    K = Question.Kind
    visa = Question.objects.create(event=event, kind=K.YES_NO, position=1, required=True,
                                   label={"en": "Do you need a visa?", "sl": "Ali potrebujete vizum?"})
    Question.objects.create(event=event, kind=K.TEXT, position=2, required=True, show_if_question=visa,
                            show_if_value="yes", label={"en": "Which embassy?"})
    Question.objects.create(event=event, kind=K.CHOICE, position=3, label={"en": "Experience"},
                            choices=[{"value": "new", "label": {"en": "New to Erasmus+"}},
                                     {"value": "some", "label": {"en": "One project"}}])
    Question.objects.create(event=event, kind=K.MULTIPLE_CHOICE, position=4, label={"en": "Topics"},
                            choices=[{"value": "disability", "label": {"en": "Disability"}},
                                     {"value": "rural", "label": {"en": "Rural areas"}}])
    Question.objects.create(event=event, kind=K.NUMBER, position=5, label={"en": "Years in youth work"})
    Question.objects.create(event=event, kind=K.DATE, position=6, label={"en": "Last training"})
    Question.objects.create(event=event, kind=K.COUNTRY, position=7, label={"en": "Organisation's country"})
    Question.objects.create(event=event, kind=K.FILE, position=8, label={"en": "Motivation letter"})
    statuses = (
        [Registration.Status.CONFIRMED, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        if mode == "open" else [Registration.Status.APPLIED, Registration.Status.PRESELECTED]
    )
    for n, status in enumerate(statuses):
        registration = Registration.objects.create(
            event=event, status=status, first_name=f"Nika{n}", last_name="Zupan",
            email=f"nika{n}.{mode}@example.org", country_of_residence="SI", sending_country="SI",
            organisation_name="Mladinski center", created_at=now, decided_at=now,
            preselection_rank=1 if status == Registration.Status.PRESELECTED else None,
        )
        if n == 0 and mode == "open":
            ParticipationDetails.objects.create(
                registration=registration, has_access_needs=True, access_needs="Step-free route",
                diet="vegan", diet_notes="No sesame",
            )
    return event


def _registration_mine(d):
    """The participant's confirmed place at the registration event, with participation details,
    and a selected application waiting for confirmation."""
    from django.utils import timezone

    from kopa.events.models import ParticipationDetails, Registration

    now = timezone.now()
    common = dict(user=d.users["participant"], first_name="Eva", last_name="Lipa",
                  email="eva.lipa.registration@example.org", country_of_residence="SI",
                  sending_country="SI", created_at=now, decided_at=now)
    mine = Registration.objects.create(event=d["registration_event"], status=Registration.Status.CONFIRMED,
                                       **common)
    ParticipationDetails.objects.create(registration=mine, diet="vegetarian")
    Registration.objects.create(event=d["registration_selection_event"],
                                status=Registration.Status.SELECTED, **common)
    return mine


def _proposal(d):
    """The participant's proposal of an organisation the staff user's inventory may already hold."""
    similar = d["staff_org"]
    return OrganisationProposal.objects.create(
        proposed_by=d.users["participant"], legal_name="Mladi zmaji", country="SI", city=similar.city, website="https://zmaji.example.org", role=Affiliation.Role.YOUTH_WORKER, represent=True,
    )


def _claimed_role(d):
    """The participant says they volunteer at the public organisation."""
    person = Person.objects.create(first_name="Eva", last_name="Lipa", user=d.users["participant"])
    return Affiliation.objects.create(person=person, organisation=d["public_org"],
                                      role=Affiliation.Role.VOLUNTEER, claimed=True)


def _offer_link_token(d):
    """The token of the e-mail link to an open waiting-list offer of the registration event."""
    from datetime import timedelta

    from django.utils import timezone

    from kopa.events.models import Registration, WaitingListOffer

    now = timezone.now()
    offered = Registration.objects.create(
        event=d["registration_event"], status=Registration.Status.OFFERED, first_name="Maja",
        last_name="Novak", email="maja.novak.offer@example.org", country_of_residence="SI",
        sending_country="SI", created_at=now, decided_at=now,
    )
    offer = WaitingListOffer.objects.create(registration=offered, offered_at=now,
                                            expires_at=now + timedelta(hours=48))
    return link_token(offered, "offer", offer=offer)


def _verify_link_token(d):
    """The token of the e-mail link that confirms the address of a registration made without an
    account."""
    from django.utils import timezone

    from kopa.events.models import Registration

    now = timezone.now()
    unconfirmed = Registration.objects.create(
        event=d["registration_event"], status=Registration.Status.UNCONFIRMED, first_name="Nina",
        last_name="Kos", email="nina.kos.verify@example.org", country_of_residence="SI",
        sending_country="SI", created_at=now, decided_at=now,
    )
    return link_token(unconfirmed, "verify")


# One line per key a page in pages.py may ask for; each is built only when a page asks for it.
def _job(d, status, **fields):
    """A background job (an event's sign-in sheet) the staff user started, in `status`."""
    job = Job.objects.create(
        kind="kopa.events.jobs:SIGN_IN_SHEET", requested_by=d.users["staff"],
        agency_id=d["checkin_event"].organiser_agency_id, parameters={"event": d["checkin_event"].pk},
        status=status, expires_at=timezone.now() + timedelta(days=7), **fields)
    if status == Job.Status.DONE:
        job.filename, job.content_type = "sign-in-sheet.pdf", "application/pdf"
        job.result.save("sign-in-sheet.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return job


BUILDERS = {
    "agency": lambda d: d.agency,
    "public_org": lambda d: d.make_organisation(
        legal_name="Mladinski center Zmaj",
        public_listing=True,
        city="Ljubljana",
        oid="E10000099",
        can_host=True,
        target_groups=["disability", "neet"],
        languages=["sl", "en"],
        description={
            "en": "Open youth work.",
            "sl": "Odprto mladinsko delo.",
            "lv": "Atvērtais jaunatnes darbs.",
        },
    ),
    "staff_org": lambda d: d.make_organisation(
        legal_name="Društvo Mladi zmaji",
        city="Maribor",
        agencies=[d.agency],
        target_groups=["social"],
    ),
    "duplicate_org": lambda d: d.make_organisation(
        legal_name="Mladi zmaji, društvo", city="Maribor", agencies=[d.agency]
    ),
    "represented_org": lambda d: d.represented_org,
    "proposal": _proposal,
    "claimed_role": _claimed_role,
    "import_batch": lambda d: import_preview(
        actor=d.users["staff"], agency=d.agency, filename="organisations.csv", content=_import_csv()
    ),
    # An import being read in the background: its page shows the progress and looks again by itself.
    "import_batch_reading": lambda d: ImportBatch.objects.create(
        agency=d.agency, created_by=d.users["staff"], filename="large.csv",
        status=ImportBatch.Status.READING, row_count=1500,
    ),
    # Background jobs: one running (its page looks again by itself), one done, one failed.
    "job_running": lambda d: _job(d, Job.Status.RUNNING, progress_done=2, progress_total=5),
    "job_done": lambda d: _job(d, Job.Status.DONE),
    "job_failed": lambda d: _job(d, Job.Status.FAILED, message="The event has no days."),
    "partnership": _partnership,
    "strand": lambda d: d["partnership"].strands.first(),
    "cycle": lambda d: d["partnership"].cycles.first(),
    "project": _project,
    "person": _person,
    "dp_access": lambda d: _dp_request(d, DataProtectionRequest.Kind.ACCESS, 3),
    "dp_erasure": lambda d: _dp_request(d, DataProtectionRequest.Kind.ERASURE, 45),
    "registration_event": _registration_event,
    "registration_selection_event": lambda d: _registration_event(d, mode="selection"),
    "registration_mine": _registration_mine,
    "offer_link_token": _offer_link_token,
    "cancel_link_token": lambda d: link_token(d["registration_mine"], "cancel"),
    "verify_link_token": _verify_link_token,
    "checkin_event": _checkin_event,
    "checkin_registration": _checkin_registration,
    "calendar_event": _calendar_event,
    "calendar_question": _calendar_question,
    "travel_event": travel_support.build_travel_event,
    "travel_registration": travel_support.build_travel_registration,
    "travel_band": travel_support.build_travel_band,
    "campaign": outreach_support.build_campaign,
    "campaign_interaction": outreach_support.build_interaction,
    "task": outreach_support.build_task,
    "response_token": outreach_support.build_response_token,
    "expired_response_token": outreach_support.build_expired_response_token,
    "used_response_token": outreach_support.build_used_response_token,
    "later_cycle": lambda d: Cycle.objects.create(
        partnership=d["partnership"], name="2027–2029", start=date(2027, 1, 1), end=date(2029, 12, 31)
    ),
    "campaign_invitees": outreach_support.build_campaign_invitees,
    "mixed_campaign": outreach_support.build_mixed_campaign,
    "partner_request": matchmaking_support.build_partner_request,
    "my_partner_request": matchmaking_support.build_my_partner_request,
    "open_partner_request": matchmaking_support.build_open_partner_request,
    "meetings_event": matchmaking_support.build_meetings_event,
    "meetings_event_event": lambda d: d["meetings_event"].event,
    "project_idea": matchmaking_support.build_project_idea,
    "pairing_campaign": matchmaking_support.build_pairing_campaign,
    "staff_project_idea": matchmaking_support.build_staff_project_idea,
    "logbook": lambda d: build_logbook(coordinator=d.users["participant"]),
    "logbook_kiosk": lambda d: kiosk_token(d["logbook"]["unit_celje"]),
    "working_group": lambda d: WorkingGroup.objects.create(
        agency=d.agency,
        name={"en": "Inclusion officers", "sl": "Skrbniki vključevanja"},
        theme={"en": "Reaching rural young people"},
    ),
    "library_resource": library_support.build_resource,
    "library_draft": library_support.build_draft,
    "activity_report": activity_support.build_activity_report,
}


class DemoObjects:
    """The objects pages.py builds paths from, created on first use."""

    def __init__(self, *, agency, users, represented_org, make_organisation):
        self.agency = agency
        self.users = users
        self.represented_org = represented_org
        self.make_organisation = make_organisation
        self._built = {}

    def __getitem__(self, key):
        if key not in BUILDERS:
            raise KeyError(f"{key!r}: add a builder for it to BUILDERS in {__name__}")
        if key not in self._built:
            self._built[key] = BUILDERS[key](self)
        return self._built[key]


@pytest.fixture
def objects(make_agency, make_user, make_organisation):
    reference_data.load()  # the live server's database is emptied after every test
    agency = make_agency(name="MOVIT", country="SI")
    represented_org = make_organisation(legal_name="Zavod Most", city="Koper", public_listing=True)
    users = {
        # No passwords: hashing costs a noticeable moment, and these users log in by session cookie.
        "staff": make_user(agency=agency, password=None, first_name="Petra", last_name="Zorman"),
        "admin": make_user(agency=agency, role=AgencyMembership.Role.ADMIN, password=None, first_name="Mojca",
                           last_name="Kovač"),
        "superuser": make_user(superuser=True, password=None, first_name="Ana", last_name="Novak"),
        "representative": make_user(password=None, first_name="Luka", last_name="Breznik"),
        "participant": make_user(password=None, first_name="Eva", last_name="Lipa"),
    }
    Representative.objects.create(
        user=users["representative"],
        organisation=represented_org,
        status=Representative.Status.APPROVED,
    )
    return DemoObjects(
        agency=agency,
        users=users,
        represented_org=represented_org,
        make_organisation=make_organisation,
    )


@pytest.fixture(scope="module")
def page_for_role(browser, live_server):
    """One page per role, kept open for the whole module so that each scan starts warm."""
    pages = {}

    def get(role):
        if role not in pages:
            context = browser.new_context(base_url=live_server.url, viewport=DEFAULT_VIEWPORT)
            context.set_default_timeout(10_000)
            context.add_init_script(path=str(AXE_SCRIPT))
            pages[role] = context.new_page()
        return pages[role]

    yield get
    for page in pages.values():
        page.context.close()


# Every page is scanned with every rule in the standard mode in each language, and with the rules that
# depend on styling in the low-vision and the dyslexia modes (same markup, other colours and sizes),
# each of those in one of the other languages: every language and every mode, five scans a page.
SCANS = [(language, "default") for language in LANGUAGES] + [
    (language, mode) for language, mode in zip(LANGUAGES[1:], DISPLAY_MODES[1:], strict=True)]


def test_the_scans_cover_every_language_and_every_display_mode():
    assert {language for language, _ in SCANS} == set(LANGUAGES)
    assert {mode for _, mode in SCANS} == set(DISPLAY_MODES)


@pytest.mark.browser
@pytest.mark.parametrize(("label", "role", "path_for"), [pytest.param(*p, id=p[0]) for p in PAGES])
def test_page_has_no_serious_accessibility_violations_in_any_language_or_display_mode(
    live_server, page_for_role, objects, label, role, path_for
):
    assert role in ROLES, f"{label}: unknown role {role!r} in pages.py"
    page = page_for_role(role)
    page.context.clear_cookies()  # the database, with its sessions, is new for every test
    if role:
        log_in_with_cookie(page.context, objects.users[role], live_server.url)
    problems = []
    for language, mode in SCANS:
        path = f"/{language}{path_for(objects)}"
        url = f"{path}{'&' if '?' in path else '?'}display={mode}"
        response = page.goto(url)
        assert response is not None and response.ok, (
            f"{url} answered {response and response.status}"
        )
        assert page.url.split("?")[0].endswith(path.split("?")[0]), (
            f"{url} was redirected to {page.url}"
        )
        html = page.evaluate(
            "({lang: document.documentElement.lang, mode: document.documentElement.className})"
        )
        assert html == {"lang": language, "mode": f"mode-{mode}"}
        violations = axe_violations(page, rules=None if mode == "default" else STYLE_RULES)
        if violations:
            problems.append(describe_violations(violations, where=f"{url} "))
    assert not problems, f"{label}: serious accessibility violations\n" + "\n".join(problems)
