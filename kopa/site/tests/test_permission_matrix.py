"""The permission matrix: every staff page of pages.py and every operation of the API, for every kind of
person, against the written policy (kopa.agencies.policy and the POLICY of each app's access.py).

Generated, not listed by hand: the pages come from pages.py (its staff, admin and superuser entries),
the API operations from walking the URL resolver under /api/v1/ with each view's allowed methods. A page
or an operation without a rule fails the test, so whatever is added later is classified first.

For every (person, page or operation, read or write): those the rule entitles succeed; everyone else
gets 404 or 403 (an anonymous visitor is sent to log in, or gets 401 from the API), and a refused write
changes nothing. Unique private values of the Slovenian agency are planted, and no answer that a person
not entitled to them receives contains them. Every request runs in a transaction that is rolled back,
so the data is built once for the whole class.
"""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import UUIDConverter
from django.utils import timezone

from kopa.agencies import policy
from kopa.agencies.models import Agency, AgencyMembership
from kopa.core.models import AuditEntry
from kopa.directory import access as directory_access
from kopa.directory import reference_data
from kopa.directory.models import (
    Language,
    Organisation,
    OrganisationTag,
    Representative,
    StaffNote,
    TargetGroup,
)
from kopa.directory.organisations.services import search_text_for
from kopa.events import access as events_access
from kopa.events.models import DistanceBand, Event, ParticipationDetails, Registration
from kopa.events.tests.travel_support import grant_tables
from kopa.library import access as library_access
from kopa.logbook import access as logbook_access
from kopa.matchmaking import access as matchmaking_access
from kopa.outreach import access as outreach_access
from kopa.outreach.models import Interaction
from kopa.programmes import access as programmes_access
from kopa.reports import access as reports_access
from kopa.site.tests.pages import PAGES
from kopa.site.tests.test_accessibility import DemoObjects

A = policy.Audience

ROLES = ("anonymous", "participant", "representative", "observer_si", "staff_si", "admin_si",
         "network_si", "staff_lv", "superuser")

# What each role is, in the policy's terms, towards the objects of the Slovenian national agency.
READERS_SI = {"observer_si", "staff_si", "admin_si", "superuser"}
WRITERS_SI = {"staff_si", "admin_si", "superuser"}
AGENCY_READERS = READERS_SI | {"network_si", "staff_lv"}
AGENCY_WRITERS = WRITERS_SI | {"network_si", "staff_lv"}
ENTITLED = {
    A.NOBODY: set(),
    A.PUBLIC: set(ROLES),
    A.SIGNED_IN: set(ROLES) - {"anonymous"},
    A.ANY_AGENCY: AGENCY_READERS,
    A.ANY_WRITER: AGENCY_WRITERS,
    A.ANY_ADMIN: {"admin_si", "superuser"},
    A.OWNER: READERS_SI,
    A.OWNER_WRITER: WRITERS_SI,
    A.OWNER_ADMIN: {"admin_si", "superuser"},
    A.OWNER_NEED_TO_KNOW: WRITERS_SI,
    A.OWNER_OR_SENDING: READERS_SI,  # + national agencies' roles for an application event: see entitled()
    A.COUNTRY: READERS_SI | {"network_si"},
    A.COUNTRY_WRITER: WRITERS_SI | {"network_si"},
    A.SUPERUSER: {"superuser"},
    A.REGISTRANT: {"participant"},  # the world's registration of the participant: see _build_world
    A.REQUESTER: {"staff_si"},  # the background jobs of pages.py are started by the staff user
}
assert set(ENTITLED) == set(A), "every audience of the policy needs its entitled roles here"

# The private values planted on the Slovenian agency's data, and who may read each.
PLANTED = {
    "STAFFNOTE-PRIV-9182": READERS_SI,  # a staff note on an organisation
    "privtag-5521": READERS_SI,  # a private tag
    "COACHPRIV-7731": {"staff_si", "superuser"},  # coaching notes marked private (staff_si coaches)
    "NEEDSPRIV-4411": WRITERS_SI,  # a participant's access needs
    "DIETPRIV-3307": WRITERS_SI,  # a participant's diet notes
}

STAFF_PAGE_ROLES = ("staff", "admin", "superuser")
# The second object of an address that names two (URL argument -> object).
SECOND_OBJECTS = {"organisation_id": "campaign_target_organisation"}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
WRITE_OK = {200, 201, 204, 302, 400, 409}  # passed the gate (400/409: the empty payload is refused)
REFUSED = {403, 404}


def policy_rules() -> dict:
    rules = {}
    for module in (policy, directory_access, programmes_access, events_access, outreach_access,
                   matchmaking_access, library_access, logbook_access, reports_access):
        for name, rule in module.POLICY.items():
            assert name not in rules, f"{name} has two rules"
            rules[name] = rule
    return rules


def api_operations():
    """(url name, URL pattern, methods) of every operation under /api/v1/, from the resolver."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "api-v1":
                yield pattern

    for pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "cls", None) or pattern.callback.view_class
        methods = [m for m in view().allowed_methods if m not in ("HEAD", "OPTIONS")]
        yield f"api-v1:{pattern.name}", pattern, methods


def staff_pages():
    return [(label, path_for) for label, role, path_for in PAGES if role in STAFF_PAGE_ROLES]


def fingerprint() -> tuple:
    """Rows of every table, and the latest change of those that record one: a refused write leaves
    it as it was."""
    state = []
    for model in apps.get_models():
        state.append((model._meta.label, model._default_manager.count()))
        if any(f.name == "updated_at" for f in model._meta.get_fields()):
            state.append((model._meta.label, model._default_manager.aggregate(m=Max("updated_at"))["m"]))
    state.append(("audit", AuditEntry.objects.aggregate(m=Max("id"))["m"]))
    return tuple(state)


class MatrixObjects(DemoObjects):
    """The accessibility scan's objects, with a few more that only this test needs."""

    def __getitem__(self, key):
        if key in self._built:
            return self._built[key]
        return super().__getitem__(key)


def _build_world():
    reference_data.load()
    counter = iter(range(1, 1000))

    def make_user(agency=None, role=AgencyMembership.Role.STAFF, superuser=False, **extra):
        n = next(counter)
        user = get_user_model().objects.create_user(
            username=f"matrix{n}@example.org", email=f"matrix{n}@example.org", password=None,
            is_superuser=superuser, is_staff=superuser, **extra)
        if agency is not None:
            AgencyMembership.objects.create(agency=agency, user=user, role=role)
        return user

    def make_organisation(*, agencies=(), target_groups=(), languages=(), **fields):
        fields.setdefault("legal_name", f"Organisation {next(counter)}")
        fields.setdefault("country", "SI")
        fields.setdefault("city", "Ljubljana")
        if fields.get("public_listing"):
            fields.setdefault("public_listing_consented_at", timezone.now())
        org = Organisation(**fields)
        org.search_text = search_text_for(org)
        org.save()
        org.agencies.set(agencies)
        org.target_groups.set(TargetGroup.objects.filter(code__in=target_groups))
        org.working_languages.set(Language.objects.filter(code__in=languages))
        return org

    si = Agency.objects.create(name="MOVIT", slug="movit", kind=Agency.Kind.NATIONAL_AGENCY, country="SI")
    network = Agency.objects.create(name="Mreža MaMa", slug="mreza-mama", kind=Agency.Kind.NETWORK, country="SI")
    lv = Agency.objects.create(name="JSPA", slug="jspa", kind=Agency.Kind.NATIONAL_AGENCY, country="LV")
    R = AgencyMembership.Role
    users = {
        "staff": make_user(si, first_name="Petra", last_name="Zorman"),
        "admin": make_user(si, R.ADMIN, first_name="Mojca", last_name="Kovač"),
        "observer": make_user(si, R.OBSERVER, first_name="Olga", last_name="Opazna"),
        "network": make_user(network, first_name="Marta", last_name="Mrežna"),
        "lv": make_user(lv, first_name="Līga", last_name="Bērziņa"),
        "superuser": make_user(superuser=True, first_name="Ana", last_name="Novak"),
        "representative": make_user(first_name="Luka", last_name="Breznik"),
        "participant": make_user(first_name="Eva", last_name="Lipa"),
    }
    represented = make_organisation(legal_name="Zavod Most", city="Koper", public_listing=True)
    Representative.objects.create(user=users["representative"], organisation=represented,
                                  status=Representative.Status.APPROVED)
    d = MatrixObjects(agency=si, users=users, represented_org=represented, make_organisation=make_organisation)
    # The travel band's own builder makes the staff user an admin; here roles stay as they are.
    grant_tables()
    d._built["travel_band"] = DistanceBand.objects.get(table__first_call_year=2024, min_km=3000)
    pages = [(label, path_for(d)) for label, path_for in staff_pages()]
    all_pages = [(label, role, path_for(d)) for label, role, path_for in PAGES]
    # The objects the API operations point at.
    d._built["si_registration"] = d["registration_event"].registrations.order_by("id").first()
    d._built["campaign_partnership"] = d["campaign"].cycle.partnership
    d._built["campaign_target_organisation"] = d["campaign"].targets.order_by("id").first().organisation
    d._built["own_registration"] = Registration.objects.create(
        event=d["registration_event"], user=users["participant"], first_name="Eva", last_name="Lipa",
        email=users["participant"].email, country_of_residence="SI", sending_country="SI",
        status=Registration.Status.CONFIRMED, created_at=timezone.now())
    # The planted private values.
    StaffNote.objects.create(agency=si, organisation=d["staff_org"], text="STAFFNOTE-PRIV-9182")
    OrganisationTag.objects.create(agency=si, organisation=d["staff_org"], name="privtag-5521")
    Interaction.objects.filter(campaign=d["campaign"], kind=Interaction.Kind.COACHING).update(
        private_notes="COACHPRIV-7731")
    ParticipationDetails.objects.filter(registration__event=d["registration_event"], has_access_needs=True).update(
        access_needs="NEEDSPRIV-4411", diet_notes="DIETPRIV-3307")
    return d, users, pages, all_pages


class PermissionMatrix(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.d, users, cls.pages, cls.all_pages = _build_world()
        cls.user_ids = {
            "anonymous": None, "participant": users["participant"].pk,
            "representative": users["representative"].pk, "observer_si": users["observer"].pk,
            "staff_si": users["staff"].pk, "admin_si": users["admin"].pk, "network_si": users["network"].pk,
            "staff_lv": users["lv"].pk, "superuser": users["superuser"].pk,
        }
        cls.rules = policy_rules()

    # --- helpers ----------------------------------------------------------------------------------

    def client_for(self, role) -> Client:
        client = Client()
        if self.user_ids[role] is not None:
            client.force_login(get_user_model().objects.get(pk=self.user_ids[role]))
        return client

    def request(self, client, method, path, *, api):
        """One request, rolled back afterwards; returns (status, body, changed, response). Whether
        something changed is only asked of writes: a read cannot change anything worth the queries."""
        write = method in WRITE_METHODS
        with transaction.atomic():
            before = fingerprint() if write else None
            if api:
                response = client.generic(method, path, data=json.dumps({}), content_type="application/json")
            else:
                response = getattr(client, method.lower())(path, data={})
            changed = write and fingerprint() != before
            transaction.set_rollback(True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body.decode("utf-8", "replace"), changed, response

    def api_path(self, name, pattern, rule):
        kwargs = {}
        if pattern.pattern.converters:
            assert rule.obj, f"{name}: the policy names no object for its address"
            obj = self.d[rule.obj]
            for key in pattern.pattern.converters:
                if key in SECOND_OBJECTS:  # an address naming two objects: the campaign's target
                    kwargs[key] = self.d[SECOND_OBJECTS[key]].pk
                elif isinstance(pattern.pattern.converters[key], UUIDConverter):  # a background job
                    kwargs[key] = obj.public_id
                else:
                    kwargs[key] = obj.slug if key == "slug" else obj.pk
        return reverse(name, kwargs=kwargs)

    def operations(self):
        """(label, path, method, is_write, rule, is_api) for every staff page and API operation."""
        out = []
        for label, path in self.pages:
            full = f"/en{path}"
            name = resolve(full.split("?")[0]).view_name
            rule = self.rules.get(name)
            out.append((f"page {label} ({name})", full, name, rule, False))
        for name, pattern, methods in api_operations():
            rule = self.rules.get(name)
            path = self.api_path(name, pattern, rule) if rule else None
            out.append((f"api {name} {','.join(methods)}", path, name, rule, methods))
        return out

    def entitled(self, audience, path) -> set[str]:
        roles = set(ENTITLED[audience])
        if audience == A.OWNER_OR_SENDING:
            event = Event.objects.get(pk=resolve(path.split("?")[0]).kwargs["pk"])
            if event.is_selection:
                roles.add("staff_lv")  # a national agency sees its own country's applicants (none here)
        return roles

    # --- the checks ---------------------------------------------------------------------------------

    def test_every_staff_page_and_api_operation_has_a_rule(self):
        missing = sorted({name for _label, _path, name, rule, _api in self.operations() if rule is None})
        assert not missing, (
            "no rule in the permission policy (kopa.agencies.policy / each app's access.py POLICY) for: "
            + ", ".join(missing))

    def test_a_page_or_operation_added_without_a_rule_fails(self):
        rules = dict(self.rules)
        rules.pop("outreach:campaign")
        rules.pop("api-v1:funnel")
        self.rules = rules
        missing = {name for _label, _path, name, rule, _api in self.operations() if rule is None}
        assert missing == {"outreach:campaign", "api-v1:funnel"}

    def check_role(self, role):
        client = self.client_for(role)
        problems = []
        for label, path, _name, rule, api in self.operations():
            if rule is None:
                continue  # reported by the test above
            if api:
                methods = api
            else:
                methods = ["GET", "POST"]
            for method in methods:
                write = method in WRITE_METHODS
                audience = rule.write if write else rule.read
                entitled = role in self.entitled(audience, path)
                status, body, changed, response = self.request(client, method, path, api=bool(api))
                where = f"{role} {method} {label} {path}"
                if status >= 500:
                    problems.append(f"{where}: {status}")
                    continue
                if write and audience == A.NOBODY and not api:
                    if changed:
                        problems.append(f"{where}: a page that only shows changed data ({status})")
                elif entitled:
                    ok = (WRITE_OK | ({404} if rule.empty_change_not_found else set())) if write else {200}
                    if status not in ok:
                        problems.append(f"{where}: entitled, but answered {status}")
                else:
                    refused = set(REFUSED) | ({400} if rule.refused_as_invalid else set())
                    if role == "anonymous":
                        refused |= {401} if api else set()
                        if not api and status == 302 and "/accounts/login/" in response.get("Location", ""):
                            refused.add(302)
                    if status not in refused:
                        problems.append(f"{where}: not entitled, but answered {status}")
                    if write and changed:
                        problems.append(f"{where}: not entitled, but something changed")
                if not write and status == 200:
                    for value, readers in PLANTED.items():
                        if role not in readers and value in body:
                            problems.append(f"{where}: shows {value}, which it may not")
        assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

    def test_private_values_stay_off_every_page_for_those_not_entitled(self):
        problems = []
        for role in ROLES:
            client = self.client_for(role)
            for label, _page_role, path in self.all_pages:
                status, body, _changed, _response = self.request(client, "GET", f"/en{path}", api=False)
                for value, readers in PLANTED.items():
                    if role not in readers and value in body:
                        problems.append(f"{role} {label}: shows {value}")
        assert not problems, "\n".join(problems)

    def test_planted_values_are_seen_by_those_entitled(self):
        """The planted values are where the scan looks: else a leak would go unnoticed."""
        seen = {value: False for value in PLANTED}
        for role in ("staff_si", "superuser"):
            client = self.client_for(role)
            for _label, _role, path in self.all_pages:
                _status, body, _changed, _response = self.request(client, "GET", f"/en{path}", api=False)
                for value in PLANTED:
                    seen[value] = seen[value] or value in body
        assert all(seen.values()), seen

    def test_anonymous(self):
        self.check_role("anonymous")

    def test_participant(self):
        self.check_role("participant")

    def test_representative(self):
        self.check_role("representative")

    def test_observer_of_the_national_agency(self):
        self.check_role("observer_si")

    def test_staff_of_the_national_agency(self):
        self.check_role("staff_si")

    def test_admin_of_the_national_agency(self):
        self.check_role("admin_si")

    def test_staff_of_a_network_in_the_same_country(self):
        self.check_role("network_si")

    def test_staff_of_another_national_agency(self):
        self.check_role("staff_lv")

    def test_superuser(self):
        self.check_role("superuser")
