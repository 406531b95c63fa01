"""The project ideas API: the same gates, transition table and services as the pages. Who reads and
changes an idea (anonymous, another agency's staff, another organisation's representative, the
coordinator's representative, the agency's staff, a partner's representative), what outsiders see of
a public idea, and that a move through the API records the same funnel interactions as the page."""

import re
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kopa.core.models import AuditEntry
from kopa.events.models import Event
from kopa.matchmaking.models import IdeaPartner, ProjectIdea
from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.models import Campaign, Interaction
from kopa.programmes.models import Project

pytestmark = pytest.mark.django_db
API = "/api/v1/project-ideas/"


@pytest.fixture
def agency(make_agency):
    return make_agency(name="Slovenian agency", country="SI")


@pytest.fixture
def staff(make_user, agency):
    return make_user(agency=agency)


@pytest.fixture
def coordinator(make_organisation, agency):
    return make_organisation(legal_name="Zavod Most", country="SI", agencies=[agency])


@pytest.fixture
def partner(make_organisation):
    return make_organisation(legal_name="Biedrība Tilts", country="LV", city="Rīga", public_listing=True)


@pytest.fixture
def event(agency):
    start = timezone.now() - timedelta(days=30)
    return Event.objects.create(
        organiser_agency=agency, type=Event.Type.MATCHMAKING, status=Event.Status.PUBLISHED,
        title={"en": "Inclusion Matchmaking Laško"}, start=start, end=start + timedelta(days=2), capacity=40,
        venue_name="Thermana", town="Laško", country="SI")


def _round() -> str:
    return f"{timezone.localdate().year + 1}-1"


def as_user(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _create(client, coordinator, partner, **extra):
    payload = {"coordinator": coordinator.pk, "title": "Rural NEET youth on the move", "summary": "A youth exchange.",
               "action": "KA152", "round": _round(), "partners": [{"organisation": partner.pk, "role": "host"}],
               **extra}
    response = client.post(API, payload, format="json")
    assert response.status_code == 201, response.json()
    return ProjectIdea.objects.get(pk=response.json()["id"]), response


def _move(client, idea, to, **extra):
    return client.post(f"{API}{idea.pk}/status/", {"to": to, **extra}, format="json")


def test_the_permission_matrix_of_an_idea(make_representative, make_user, make_agency, make_organisation, staff,
                                          coordinator, partner):
    rep = make_representative(coordinator)
    idea, created = _create(as_user(rep), coordinator, partner, publish_consent=True)
    assert created["Location"].endswith(f"{API}{idea.pk}/")
    body = created.json()
    assert body["status"] == "idea" and body["can_edit"] and body["moves"] == ["preparation", "withdrawn"]
    assert [(o["name"], o["role"], o["country"], o["publish_consent"]) for o in body["organisations"]] == [
        ("Biedrība Tilts", "host", "LV", False), ("Zavod Most", "coordinator", "SI", True)]
    assert body["consent_organisations"] == [coordinator.pk] and body["published"] is False

    strangers = {
        "anonymous": None,
        "other agency's staff": make_user(agency=make_agency(name="Latvian agency", country="LV")),
        "another organisation's representative": make_representative(make_organisation(legal_name="Other")),
    }
    for who, user in strangers.items():
        client = as_user(user)
        refused = 401 if user is None else 404
        assert client.get(API).json()["results"] == [], who
        assert client.get(f"{API}{idea.pk}/").status_code == 404, who
        assert client.patch(f"{API}{idea.pk}/", {"title": "Taken"}, format="json").status_code == refused, who
        assert _move(client, idea, "withdrawn").status_code == refused, who
        assert client.post(f"{API}{idea.pk}/consent/", {"organisation": coordinator.pk, "consent": False},
                           format="json").status_code == refused, who
    idea.refresh_from_db()
    assert idea.title == "Rural NEET youth on the move" and idea.status == "idea"

    # The coordinator's representative changes the idea and moves it up to submission, never further.
    client = as_user(rep)
    assert [row["id"] for row in client.get(API).json()["results"]] == [idea.pk]
    changed = client.patch(f"{API}{idea.pk}/", {"title": "Rural youth on the move"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Rural youth on the move"
    assert changed.json()["organisations"][0]["name"] == "Biedrība Tilts"  # the partners stayed
    assert _move(client, idea, "preparation").status_code == 200
    submitted = _move(client, idea, "submitted", reference="2027-1-SI02-KA152-000123")
    assert submitted.status_code == 200 and submitted.json()["moves"] == ["withdrawn"]
    assert submitted.json()["reference"] == "2027-1-SI02-KA152-000123"
    refused = _move(client, idea, "approved")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"

    # A partner's representative reads it all, changes nothing but its own consent.
    partner_rep = make_representative(partner)
    client = as_user(partner_rep)
    detail = client.get(f"{API}{idea.pk}/").json()
    assert detail["can_edit"] is False and detail["moves"] == [] and detail["consent_organisations"] == [partner.pk]
    assert client.patch(f"{API}{idea.pk}/", {"title": "Mine now"}, format="json").status_code == 403
    assert _move(client, idea, "withdrawn").status_code == 403
    not_theirs = client.post(f"{API}{idea.pk}/consent/", {"organisation": coordinator.pk, "consent": False},
                             format="json")
    assert not_theirs.status_code == 400 and "organisation" in not_theirs.json()["error"]["fields"]
    agreed = client.post(f"{API}{idea.pk}/consent/", {"organisation": partner.pk, "consent": True}, format="json")
    assert agreed.status_code == 200 and agreed.json()["published"] is True

    # Now public: anyone reads it, without the insiders' details.
    public = as_user(None).get(f"{API}{idea.pk}/").json()
    assert public["title"] == "Rural youth on the move" and public["reference"] == ""
    assert {o["publish_consent"] for o in public["organisations"]} == {None}
    assert public["moves"] == [] and public["can_edit"] is False and public["consent_organisations"] == []
    assert [row["id"] for row in as_user(strangers["other agency's staff"]).get(API).json()["results"]] == [idea.pk]

    # The agency's staff decide.
    decided = _move(as_user(staff), idea, "rejected")
    assert decided.status_code == 200 and decided.json()["status"] == "rejected"
    late = as_user(rep).patch(f"{API}{idea.pk}/", {"title": "Too late"}, format="json")
    assert late.status_code == 409
    assert AuditEntry.objects.filter(object_id=str(idea.pk), action="status").count() == 3


def test_a_forbidden_move_is_a_400_that_says_why(make_representative, coordinator, partner):
    client = as_user(make_representative(coordinator))
    idea, _response = _create(client, coordinator, partner)
    skipped = _move(client, idea, "submitted")
    assert skipped.status_code == 400
    error = skipped.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"]["to"] == ["The idea cannot move from “Idea” to “Submitted”."]
    assert error["message"] == "The idea cannot move from “Idea” to “Submitted”."
    assert _move(client, idea, "bogus").json()["error"]["fields"].keys() == {"to"}
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert _move(client, idea, "preparation", on=future).json()["error"]["fields"].keys() == {"on"}
    idea.refresh_from_db()
    assert idea.status == "idea"
    skipped_sl = client.post(f"{API}{idea.pk}/status/", {"to": "submitted"}, format="json", HTTP_ACCEPT_LANGUAGE="sl")
    assert skipped_sl.status_code == 400 and "Ideja" in skipped_sl.json()["error"]["message"]


def test_moves_through_the_api_feed_the_funnel_as_the_page_does(client, make_representative, make_organisation,
                                                                staff, agency, partner):
    campaign = Campaign.objects.create(agency=agency, name={"en": "Newcomers 2026"},
                                       start=timezone.localdate() - timedelta(days=90))
    by_page, by_api = (make_organisation(legal_name=name, country="SI", agencies=[agency])
                       for name in ("Zavod Stran", "Zavod Vmesnik"))
    for organisation in (by_page, by_api):
        ensure_target(campaign=campaign, organisation=organisation, actor=None, source="manual")

    # One idea through the pages...
    client.force_login(make_representative(by_page))
    client.post(f"/en/my/organisations/{by_page.pk}/project-ideas/new/", {
        "title": "By the page", "action": "KA152", "round": _round(), "partners": [partner.pk]})
    page_idea = ProjectIdea.objects.get(title="By the page")
    for to in ("preparation", "submitted"):
        assert client.post(f"/en/project-ideas/{page_idea.pk}/status/", {"to": to}).status_code == 302
    client.force_login(staff)
    assert client.post(f"/en/project-ideas/{page_idea.pk}/status/", {"to": "approved"}).status_code == 302

    # ... and one through the API.
    rep = as_user(make_representative(by_api))
    api_idea, _response = _create(rep, by_api, partner, title="By the API")
    for to in ("preparation", "submitted"):
        assert _move(rep, api_idea, to).status_code == 200
    approved = _move(as_user(staff), api_idea, "approved")
    assert approved.status_code == 200 and approved.json()["project"] is not None

    def recorded(idea, organisation):
        return sorted((i.kind, i.source, i.occurred_on, i.action_type, i.round, i.outcome, i.author_id)
                      for i in Interaction.objects.filter(organisation=organisation, reference=f"idea:{idea.pk}"))

    assert recorded(api_idea, by_api) == [
        ("application", "project_idea", timezone.localdate(), "KA152", _round(), "", api_idea.created_by_id),
        ("decision", "project_idea", timezone.localdate(), "", "", "approved", staff.pk)]
    page_rows = [row[:-1] for row in recorded(page_idea, by_page)]
    assert [row[:-1] for row in recorded(api_idea, by_api)] == page_rows
    funnel = client.get("/en/staff/outreach/dashboard/", {"campaign": campaign.pk})
    counts = {r["figure"].label: r["figure"].count for r in funnel.context["stage_rows"]}
    assert counts["Applied"] == 2 and counts["Approved"] == 2
    api_idea.refresh_from_db()
    assert api_idea.project.lead == by_api and api_idea.project.status == Project.Status.APPROVED


def test_approval_links_one_of_the_agencys_projects_only(make_representative, make_agency, staff, agency,
                                                        coordinator, partner):
    mine = Project.objects.create(agency=agency, title={"en": "Tilts"}, programme="erasmus_plus", lead=coordinator,
                                  status=Project.Status.SUBMITTED)
    theirs = Project.objects.create(agency=make_agency(name="Latvian agency", country="LV"), title={"en": "Other"},
                                    programme="erasmus_plus", lead=partner, status=Project.Status.SUBMITTED)
    rep = as_user(make_representative(coordinator))
    idea, _response = _create(rep, coordinator, partner)
    _move(rep, idea, "preparation")
    _move(rep, idea, "submitted")
    refused = _move(as_user(staff), idea, "approved", project=theirs.pk)
    assert refused.status_code == 400 and "project" in refused.json()["error"]["fields"]
    assert _move(as_user(staff), idea, "approved", project=mine.pk).json()["project"] == mine.pk
    assert Project.objects.count() == 2


def test_bad_input_is_named_next_to_the_field(make_representative, make_organisation, coordinator, partner, event):
    rep = make_representative(coordinator)
    client = as_user(rep)
    hidden = make_organisation(legal_name="Not listed")
    payload = {"coordinator": coordinator.pk, "title": "", "action": "KA999", "round": "1999-9",
               "partners": [{"organisation": partner.pk, "role": "coordinator"}]}
    response = client.post(API, payload, format="json")
    assert response.status_code == 400
    assert {"title", "action", "round", "partners"} <= set(response.json()["error"]["fields"])
    ok = {"coordinator": coordinator.pk, "title": "Mine", "action": "KA152", "round": _round()}
    for field, value in (("partners", [{"organisation": hidden.pk}]), ("partners", [{"organisation": coordinator.pk}]),
                         ("event", 99999), ("coordinator", 99999)):
        response = client.post(API, {**ok, field: value}, format="json")
        assert response.status_code == 400 and field in response.json()["error"]["fields"], (field, response.json())
    assert client.get(API, {"status": "bogus"}).json()["error"]["fields"].keys() == {"status"}
    assert client.get(API, {"event": "x"}).json()["error"]["fields"].keys() == {"event"}
    assert as_user(make_representative(partner)).post(API, ok, format="json").status_code == 403
    assert ProjectIdea.objects.count() == 0

    idea, _response = _create(client, coordinator, partner, event=event.pk)
    assert idea.event == event and idea.partners.get(organisation=partner).role == IdeaPartner.Role.HOST
    assert client.get(API, {"event": event.pk, "status": "idea"}).json()["count"] == 1
    assert client.get(API, {"status": "submitted"}).json()["count"] == 0
    replaced = client.put(f"{API}{idea.pk}/", {"title": "Again", "action": "KA210-YOU", "round": _round(),
                                               "partners": [], "event": None}, format="json")
    assert replaced.status_code == 200, replaced.json()
    assert [o["role"] for o in replaced.json()["organisations"]] == ["coordinator"] and replaced.json()["event"] is None
    incomplete = client.put(f"{API}{idea.pk}/", {"title": "Only a title"}, format="json")
    assert incomplete.status_code == 400 and {"action", "round"} <= set(incomplete.json()["error"]["fields"])
    assert client.get(f"{API}99999999999999999999/").status_code == 404


def test_a_script_reaches_ideas_with_a_token_made_in_my_area(client, make_representative, coordinator, partner):
    """From My area to a token, and from the footer's API page to the operations it calls."""
    client.force_login(make_representative(coordinator))
    my_area = client.get("/en/my/").content.decode()
    tokens_page = re.search(r'href="([^"]*api-tokens/)"', my_area).group(1)
    key = re.search(r'<code id="new-token">([^<]+)</code>',
                    client.post(tokens_page, {"name": "Ideas script"}).content.decode()).group(1)
    footer = client.get("/en/").content.decode()
    docs = client.get(re.search(r'href="([^"]*/api/docs/)"', footer).group(1)).content.decode()
    assert "Start a project idea for your organisation" in docs and "Move a project idea&#x27;s status" in docs
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    idea, _response = _create(script, coordinator, partner)
    assert _move(script, idea, "preparation").json()["status"] == "preparation"
    assert script.get(API).json()["results"][0]["title"] == "Rural NEET youth on the move"


def test_the_list_is_what_each_reader_may_open(make_representative, make_user, make_agency, make_organisation,
                                               staff, agency, coordinator, partner, event):
    """The list and the one-idea gate agree for every reader, whatever makes them a reader."""
    other_agency = make_agency(name="Latvian agency", country="LV")
    lv_org = make_organisation(legal_name="Jauniešu centrs", country="LV", agencies=[other_agency])
    ideas = {
        "coordinated": dict(coordinator=coordinator, partners=[partner]),
        "partner in the inventory": dict(coordinator=lv_org, partners=[coordinator]),
        "at the agency's event": dict(coordinator=lv_org, partners=[], event=event),
        "public": dict(coordinator=lv_org, partners=[partner], consent=True),
        "elsewhere": dict(coordinator=lv_org, partners=[partner]),
    }
    made = {}
    for name, spec in ideas.items():
        idea = ProjectIdea.objects.create(title=name, action="KA152", round=_round(), coordinator=spec["coordinator"],
                                          event=spec.get("event"))
        IdeaPartner.objects.create(idea=idea, organisation=spec["coordinator"], country=spec["coordinator"].country,
                                   role="coordinator", publish_consent=spec.get("consent", False))
        for org in spec["partners"]:
            IdeaPartner.objects.create(idea=idea, organisation=org, country=org.country,
                                       publish_consent=spec.get("consent", False))
        made[name] = idea
    readers = {
        "anonymous": (None, {"public"}),
        "the agency's staff": (staff, {"coordinated", "partner in the inventory", "at the agency's event", "public"}),
        "the Latvian agency's staff": (make_user(agency=other_agency), set(ideas) - {"coordinated"}),
        "the coordinator's representative": (make_representative(coordinator),
                                             {"coordinated", "partner in the inventory", "public"}),
        "the partner's representative": (make_representative(partner), {"coordinated", "public", "elsewhere"}),
        "a superuser": (make_user(superuser=True), set(ideas)),
    }
    for who, (user, expected) in readers.items():
        client = as_user(user)
        listed = {row["title"] for row in client.get(API, {"page_size": 50}).json()["results"]}
        assert listed == expected, who
        opened = {name for name, idea in made.items() if client.get(f"{API}{idea.pk}/").status_code == 200}
        assert opened == expected, who


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} == set(paths["/api/v1/project-ideas/"])
    assert {"get", "put", "patch"} == set(paths["/api/v1/project-ideas/{id}/"])
    assert "post" in paths["/api/v1/project-ideas/{id}/status/"]
    assert "post" in paths["/api/v1/project-ideas/{id}/consent/"]


def test_the_list_costs_the_same_queries_for_many_ideas(staff, coordinator, partner):
    client = as_user(staff)

    def grow(count):
        for n in range(count):
            idea = ProjectIdea.objects.create(title=f"Idea {n}", action="KA152", round=_round(), coordinator=coordinator)
            IdeaPartner.objects.create(idea=idea, organisation=coordinator, country="SI", role="coordinator")
            IdeaPartner.objects.create(idea=idea, organisation=partner, country="LV")

    def queries():
        client.get(API, {"page_size": 100})  # the first request also fills the user's caches
        with CaptureQueriesContext(connection) as captured:
            body = client.get(API, {"page_size": 100}).json()
        return len(captured), body["count"]

    grow(3)
    few, count = queries()
    assert count == 3
    grow(30)
    many, count = queries()
    assert count == 33 and many == few
