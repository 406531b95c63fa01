"""No orphan pages: every page of the URL map is reached by following links from where people start.

With the demo data loaded, the crawl starts at the public home page and at the home page of each role
(anonymous, participant, representative, staff, agency admin, superuser, each logged in with the demo
login) and follows every same-site <a href> into the app's pages. Each URL found is resolved to its
pattern of the URL map; afterwards every pattern of the map (walked with `get_resolver()`) must have
been reached, unless the short allowlist below says why a link cannot reach it.

A pattern is counted once a link to it was found and answered without an error; to keep the crawl
short, only a few URLs of each pattern are opened per role (their links are followed too).
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from kopa.agencies.models import Agency
from kopa.directory.imports.services import import_preview
from kopa.directory.models import Organisation, Person
from kopa.events.checkin.services import certificates_release
from kopa.events.models import Attendance, Event, Question, Registration
from kopa.matchmaking.tests import a11y_support as meetings_support
from kopa.site import demo

# The demo login of each role, and the page that role starts from.
ROLES = {
    "anonymous": (None, "/en/"),
    "participant": ("participant@kopa.example", "/en/my/"),
    "representative": ("representative@kopa.example", "/en/my/"),
    "staff": ("officer.si@kopa.example", "/en/staff/organisations/"),
    "agency admin": ("admin.si@kopa.example", "/en/staff/organisations/"),
    "superuser": ("admin@kopa.example", "/en/my/"),
    # The network's staff login coordinates Mreža MaMa's Logbook in the demo.
    "logbook coordinator": ("network@kopa.example", "/en/logbook/"),
}
# Outside the app's pages: the REST API (JSON, not linked pages), Django's admin, static files.
NOT_PAGES = ("/api/", "/admin/", "/static/", "/media/")
# How many URLs of one pattern each role opens; the rest are only counted as reached.
OPEN_PER_PATTERN = 3

# Patterns no <a href> reaches, and why. Keep it short: a page people look for needs a link.
ALLOWLIST = {
    # Reached from an e-mail link only: the sign-up confirmation, the password-reset (and invitation)
    # link, the signed links in registration e-mails and the personal response link of an invitation.
    "site:verify_email": "the link in the sign-up confirmation e-mail",
    "core:password_reset_confirm": "the link in the password-reset and team-invitation e-mails",
    "events:registration_link": "the signed links in registration e-mails",
    "outreach:respond": "the personal link in a campaign's invitation e-mail",
    "site:my_delete_confirm": "the signed link in the account-deletion e-mail",
    # Where a form's POST leads, never linked: the pages after a password reset was asked for and done.
    "core:password_reset_done": "shown after the password-reset form is sent",
    "core:password_reset_complete": "shown after a new password is set from the e-mailed link",
    # POST-only endpoints behind forms' buttons (a GET is refused or redirects).
    "core:logout": "the Log out button (a form)",
    "core:set_language": "the language buttons (forms)",
    "agencies:member_role": "the role form on the team page",
    "agencies:member_remove": "the remove button on the team page",
    "events:my_confirm": "the Confirm my place button in My events",
    "events:my_offer_accept": "the Accept the place button in My events",
    "events:my_offer_decline": "the Decline the place button in My events",
    "events:staff_registration_status": "the status buttons of the organisers' registration list",
    "events:ride_action": "the buttons of the ride-sharing page",
    "events:rooms_change": "the buttons of the organisers' rooms page",
    "events:certificates_release": "the release button on the event's documents page",
    "outreach:target_remove": "the remove buttons of a campaign's target list",
    "outreach:task_done": "the Done button of a follow-up task",
    "matchmaking:my_answer": "the Accept and Decline buttons of a partner request's interests",
    "directory:import_cancel": "the Cancel button of an import's progress page (a form)",
    "core:job_cancel": "the Cancel button of a background job's progress page (a form)",
    # Documents and exports start background jobs by POST (a link, a prefetch or a crawler starts
    # nothing): the buttons of the organisers' pages and of the funnel.
    "events:sign_in_sheet": "the Sign-in sheet button of an event's documents page",
    "events:badges": "the Name badges button of an event's documents page",
    "events:staff_certificate": "the certificate buttons of an event's documents page",
    "events:staff_registrations_csv": "the export buttons of the organisers' registration list",
    "events:staff_registrations_xlsx": "the export buttons of the organisers' registration list",
    "events:rooms_export_csv": "the export buttons of the organisers' rooms page",
    "events:rooms_export_xlsx": "the export buttons of the organisers' rooms page",
    "events:travel_grants_csv": "the export buttons of the organisers' travel page",
    "events:travel_grants_xlsx": "the export buttons of the organisers' travel page",
    "events:plan_drafts_pdf": "the PDF with drafts button of the activity plan, for the agency's people",
    "directory:export_csv": "the export buttons of the organisations list",
    "directory:export_xlsx": "the export buttons of the organisations list",
    "outreach:dashboard_pdf": "the export buttons of the funnel dashboard",
    "outreach:dashboard_csv": "the export buttons of the funnel dashboard",
    "outreach:dashboard_xlsx": "the export buttons of the funnel dashboard",
    "outreach:drop_off_csv": "the export buttons of the drop-off list",
    "outreach:drop_off_xlsx": "the export buttons of the drop-off list",
    "outreach:targets_csv": "the export buttons of a campaign's target list",
    "outreach:targets_xlsx": "the export buttons of a campaign's target list",
    "outreach:interactions_csv": "the export buttons of a campaign's interactions",
    "outreach:interactions_xlsx": "the export buttons of a campaign's interactions",
    "logbook:report_pdf": "the download buttons of a Logbook report",
    "logbook:report_xlsx": "the download buttons of a Logbook report",
    "logbook:report_annual": "the download buttons of a Logbook report",
    "reports:activity_pdf": "the download buttons of an activity report",
    "reports:activity_docx": "the download buttons of an activity report",
    "reports:activity_finalise": "the Finalise button of an activity report (a form)",
    "reports:activity_new_version": "the New version button of a finalised activity report (a form)",
    "reports:activity_publish": "the Publish to the library button of a final activity report (a form)",
    "reports:cycle_export": "the download buttons of a cycle report",
    "reports:cycle_beneficiary": "the Beneficiary Module export buttons of a cycle report",
    "matchmaking:meetings_answer": "the Accept and Decline buttons of a meeting request (a form)",
    "matchmaking:meetings_cancel": "the Withdraw button of one's own meeting request (a form)",
    "matchmaking:meetings_schedule": "the Run the scheduler button of the organisers' meetings page (a form)",
    "matchmaking:meetings_publish": "the Publish buttons of the organisers' meetings page (a form)",
    "matchmaking:idea_move": "the status buttons of a project idea's page (a form)",
    "matchmaking:idea_consent": "the consent buttons of a project idea's page (a form)",
    "outreach:tasks_csv": "the export buttons of My tasks",
    "outreach:tasks_xlsx": "the export buttons of My tasks",
    # A job is started by a POST (the buttons above), which the crawl never sends, and the demo data
    # holds no job: the job pages are reached from those buttons and from My downloads.
    "core:job": "the page a document's or an export's button leads to, and the rows of My downloads",
    "logbook:service_worker": "the Logbook's service worker, registered by a script, not a page",
    "logbook:kiosk_open": "the Open the kiosk button of a Logbook unit's page (a form)",
    "logbook:kiosk": "where the Open the kiosk button leads, after logging the youth worker out of the tablet",
    "library:staff_publish": "the Publish button of a draft in the library's back office (a form)",
    # A job runs when the request's transaction commits, which a test's transaction never does: the
    # crawl reaches the job pages (a download's start redirects there), never a finished job's link.
    "core:job_download": "the Download link of a finished background job's page",
    # Links in e-mails: confirming a saved search of partner requests, and stopping its digest.
    "matchmaking:alert_confirm": "the link in the e-mail that confirms a saved search",
    "matchmaking:alert_unsubscribe": "the stop link in every digest of a saved search",
    # Not a page: an image (<img src>) of an activity report's photos.
    "reports:activity_photo": "a photo of an activity report, shown as an image on the report's pages",
    # Not a page: an image (<img src>) on the team page, the working groups and the activity plan.
    "agencies:logo": "an agency's logo, shown as an image where the agency's name is a heading",
    # The development outbox exists only with DEBUG on (a 404 otherwise, as in these tests).
    "site:outbox": "development only (DEBUG)",
    # For monitoring, not for people.
    "healthz": "the health check of the load balancer",
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str, base: str) -> list[str]:
    """The same-site paths (with their query) that the page's <a href>s point to."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "") or parts.netloc not in ("testserver", ""):
            continue  # mailto:, tel:, other sites
        if not parts.path or parts.path.startswith(NOT_PAGES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def pattern_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def url_map() -> set[str]:
    """The view name of every pattern of the URL map, apart from the API and the admin."""
    names = set()

    def walk(resolver: URLResolver, namespace: str, prefix: str):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(("api/", "admin/")):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, inner, route)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(namespace + entry.name)

    walk(get_resolver(), "", "")
    return names


def close_quietly(response) -> None:
    """Close the response (downloads are streamed from temporary files) without the end-of-request
    signal closing the test's database connection, as the test client itself does."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def crawl(client: Client, starts: list[str], reached: dict[str, str], errors: list[str]) -> None:
    """Follow every link from `starts`, breadth first; note each pattern reached and each error."""
    opened_per_pattern: dict[str, int] = {}
    seen = set(starts)
    queue = deque((start, "(start)") for start in starts)
    while queue:
        path, found_on = queue.popleft()
        name = pattern_of(path)
        if name is None:
            errors.append(f"{path} (linked from {found_on}) is not in the URL map")
            continue
        if opened_per_pattern.get(name, 0) >= OPEN_PER_PATTERN:
            continue
        opened_per_pattern[name] = opened_per_pattern.get(name, 0) + 1
        response = client.get(path)
        close_quietly(response)
        if response.status_code >= 400:
            errors.append(f"{path} (linked from {found_on}) answered {response.status_code}")
            continue
        reached.setdefault(name, path)
        if response.status_code in (301, 302):
            target = response.headers["Location"]
            if urlsplit(target).path.startswith(NOT_PAGES):
                continue
            links = [target]
        elif response.headers.get("Content-Type", "").startswith("text/html"):
            links = links_of(response.content.decode("utf-8"), f"http://testserver{path}")
        else:
            continue  # a download: reached, nothing to follow
        for link in links:
            if link not in seen:
                seen.add(link)
                queue.append((link, path))


class _MeetingObjects(dict):
    """What the accessibility scans' meetings builder reads: items, and the represented organisation."""

    @property
    def represented_org(self):
        return self["public_org"]


@pytest.fixture
def demo_world(db):
    """The demo, plus what the demo logins have not done yet and some pages only show once it exists:
    the participant's place at an upcoming event and a certificate from a past one, a question on an
    event, an import of organisations. Returns the searches people type, as extra starting pages."""
    demo.load()
    User = get_user_model()
    participant = User.objects.get(username="participant@kopa.example")
    officer = User.objects.get(username="officer.si@kopa.example")
    movit = Agency.objects.get(slug="movit")
    person = dict(first_name="Jānis", last_name="Kalniņš", email=participant.email,
                  country_of_residence="LV", sending_country="LV", user=participant)
    upcoming = Event.objects.get(title__en="Inclusion in Erasmus+ projects: open national training")
    Registration.objects.create(event=upcoming, status=Registration.Status.CONFIRMED, created_at=timezone.now(),
                                decided_at=timezone.now(), **person)
    Question.objects.create(event=upcoming, kind=Question.Kind.TEXT, position=10,
                            label={"en": "What do you expect?"})
    past = Event.objects.filter(organiser_agency=movit, end__lt=upcoming.start).order_by("-start").first()
    attended = Registration.objects.create(event=past, status=Registration.Status.ATTENDED, created_at=past.start,
                                           decided_at=past.start, **person)
    Attendance.objects.create(registration=attended, day=past.start.date(), checked_in_at=past.start)
    certificates_release(actor=officer, event=past)
    import_preview(actor=officer, agency=movit, filename="organisations.csv",
                   content=b"legal_name,type,country,city\nMladinski center Zmaj,youth_centre,SI,Ljubljana\n")
    # The participant's upcoming event runs matchmaking meetings (their pages start in My area).
    meetings_support.build_meetings_event(_MeetingObjects(
        registration_mine=Registration.objects.get(event=upcoming, user=participant),
        public_org=Organisation.objects.filter(public_listing=True).order_by("pk").first()))
    contact = Person.objects.filter(affiliations__organisation__agencies=movit).order_by("pk").first()
    # The results of a search are the only way to some pages (choose an organisation or a role).
    return {
        "participant": ["/en/my/?q=mladinski"],
        "staff": [f"/en/staff/people/{contact.pk}/?q=mladinski"],
    }


def test_the_allowlist_names_only_patterns_of_the_url_map():
    assert set(ALLOWLIST) - url_map() == set()


def test_every_page_is_reached_by_a_link_from_some_role_home_page(demo_world):
    reached: dict[str, str] = {}
    errors: list[str] = []
    for role, (username, start) in ROLES.items():
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        crawl(client, ["/en/", start, *demo_world.get(role, [])], reached, errors)
    assert errors == []
    orphans = sorted(url_map() - set(reached) - set(ALLOWLIST))
    assert orphans == [], "pages no link reaches (link them where people expect them):\n" + "\n".join(orphans)
    # An allowlisted page that a link does reach no longer needs its entry.
    assert sorted(set(ALLOWLIST) & set(reached)) == []
