"""Every page in pages.py, in every language and display mode, scanned by axe-core in Chromium.

A page fails on any serious or critical violation of WCAG 2.0, 2.1 or 2.2 at level A or AA. Each page
is rendered by the server in each display mode; the standard mode gets every rule, the low-vision and
dyslexia modes (same markup, other colours and sizes) the rules that depend on styling.
"""

import csv
import io
from datetime import date

import pytest

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
from kopa.core.tests.pages import PAGES
from kopa.directory import importing, reference_data
from kopa.directory.models import Affiliation, Person, Representative, TargetGroup
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    Strand,
    WorkingGroup,
)

ROLES = (None, "staff", "representative", "participant")


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


# One line per key a page in pages.py may ask for; each is built only when a page asks for it.
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
    "import_batch": lambda d: importing.import_preview(
        actor=d.users["staff"], agency=d.agency, filename="organisations.csv", content=_import_csv()
    ),
    "partnership": _partnership,
    "strand": lambda d: d["partnership"].strands.first(),
    "cycle": lambda d: d["partnership"].cycles.first(),
    "project": _project,
    "person": _person,
    "working_group": lambda d: WorkingGroup.objects.create(
        agency=d.agency,
        name={"en": "Inclusion officers", "sl": "Skrbniki vključevanja"},
        theme={"en": "Reaching rural young people"},
    ),
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


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("label", "role", "path_for"), [pytest.param(*p, id=p[0]) for p in PAGES])
def test_page_has_no_serious_accessibility_violations_in_any_display_mode(
    live_server, page_for_role, objects, label, role, path_for, language
):
    assert role in ROLES, f"{label}: unknown role {role!r} in pages.py"
    page = page_for_role(role)
    page.context.clear_cookies()  # the database, with its sessions, is new for every test
    if role:
        log_in_with_cookie(page.context, objects.users[role], live_server.url)
    path = f"/{language}{path_for(objects)}"
    problems = []
    for mode in DISPLAY_MODES:
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
