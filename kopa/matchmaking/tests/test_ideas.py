"""Project ideas: started and moved on through the pages, the transition table, who may see and
decide, the public's view of an event's ideas, and the funnel fed by submissions and decisions."""

from datetime import date, timedelta

import pytest

from django.utils import timezone

from kopa.core.models import AuditEntry
from kopa.events.models import Event
from kopa.matchmaking.models import IdeaPartner, ProjectIdea
from kopa.outreach.campaigns.services import ensure_target
from kopa.outreach.models import Campaign, Interaction
from kopa.programmes.models import Project

pytestmark = pytest.mark.django_db


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
        organiser_agency=agency, type=Event.Type.NATIONAL_TRAINING, status=Event.Status.PUBLISHED,
        title={"en": "Inclusion Matchmaking Laško"}, start=start, end=start + timedelta(days=2), capacity=40,
        venue_name="Thermana", town="Laško", country="SI")


def _round() -> str:
    return f"{timezone.localdate().year + 1}-1"


def _start_idea(client, coordinator, partner, **extra):
    data = {"title": "Rural NEET youth on the move", "summary": "A youth exchange.", "action": "KA152",
            "round": _round(), "partners": [partner.pk], **extra}
    response = client.post(f"/en/my/organisations/{coordinator.pk}/project-ideas/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProjectIdea.objects.get(title=data["title"])


def _move(client, idea, to, **extra):
    return client.post(f"/en/project-ideas/{idea.pk}/status/", {"to": to, **extra})


def test_submitted_and_approved_idea_feeds_the_campaigns_funnel(client, make_representative, staff, agency,
                                                                coordinator, partner, event):
    campaign = Campaign.objects.create(agency=agency, name={"en": "Newcomers 2026"},
                                       start=timezone.localdate() - timedelta(days=90))
    ensure_target(campaign=campaign, organisation=coordinator, actor=None, source="manual")
    rep = make_representative(coordinator)
    client.force_login(rep)
    form = client.get(f"/en/my/organisations/{coordinator.pk}/project-ideas/new/")
    assert form.status_code == 200 and "Biedrība Tilts" in form.content.decode()
    idea = _start_idea(client, coordinator, partner, event=event.pk)
    assert [(p.organisation, p.role, p.country.code) for p in idea.partners.order_by("-role")] == [
        (partner, IdeaPartner.Role.PARTNER, "LV"), (coordinator, IdeaPartner.Role.COORDINATOR, "SI")]

    assert _move(client, idea, "preparation").status_code == 302
    assert _move(client, idea, "submitted", reference="2027-1-SI02-KA152-000123").status_code == 302
    page = client.get(f"/en/project-ideas/{idea.pk}/").content.decode()
    assert "Submitted" in page and "Approved" not in page  # the representative cannot decide

    client.force_login(staff)
    funnel = client.get("/en/staff/outreach/dashboard/", {"campaign": campaign.pk})
    counts = {r["figure"].label: r["figure"].count for r in funnel.context["stage_rows"]}
    assert counts["Applied"] == 1 and counts["Approved"] == 0

    assert _move(client, idea, "approved").status_code == 302
    funnel = client.get("/en/staff/outreach/dashboard/", {"campaign": campaign.pk})
    counts = {r["figure"].label: r["figure"].count for r in funnel.context["stage_rows"]}
    assert counts["Applied"] == 1 and counts["Approved"] == 1
    # Only the organisation on the target list was counted; the Latvian partner is on no list.
    assert set(Interaction.objects.values_list("organisation", "kind", "source")) == {
        (coordinator.pk, "application", "project_idea"), (coordinator.pk, "decision", "project_idea")}

    idea.refresh_from_db()
    assert idea.status == "approved" and idea.decided_on == timezone.localdate()
    project = idea.project
    assert project.lead == coordinator and project.status == Project.Status.APPROVED
    assert project.agency == agency and project.action == "KA152"
    assert [p.organisation for p in project.partners.all()] == [partner]
    assert AuditEntry.objects.filter(object_id=str(idea.pk), action="status").count() == 3


def test_a_second_move_to_the_same_stage_does_not_count_twice(client, make_representative, staff, agency,
                                                             coordinator, partner):
    campaign = Campaign.objects.create(agency=agency, name={"en": "Newcomers"},
                                       start=timezone.localdate() - timedelta(days=9))
    ensure_target(campaign=campaign, organisation=coordinator, actor=None, source="manual")
    client.force_login(make_representative(coordinator))
    idea = _start_idea(client, coordinator, partner)
    _move(client, idea, "preparation")
    _move(client, idea, "submitted")
    _move(client, idea, "withdrawn")
    _move(client, idea, "idea")
    _move(client, idea, "preparation")
    _move(client, idea, "submitted")
    assert Interaction.objects.filter(kind="application").count() == 1


def test_moves_outside_the_transition_table_are_refused(client, make_representative, coordinator, partner):
    client.force_login(make_representative(coordinator))
    idea = _start_idea(client, coordinator, partner)
    response = _move(client, idea, "submitted")  # idea → submitted skips the preparation
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == "idea"
    assert _move(client, idea, "bogus").status_code == 400
    assert _move(client, idea, "preparation", on=(timezone.localdate() + timedelta(days=3)).isoformat()
                 ).status_code == 400
    idea.refresh_from_db()
    assert idea.status == "idea"


def test_only_agency_staff_decide(client, make_representative, staff, coordinator, partner):
    rep = make_representative(coordinator)
    client.force_login(rep)
    idea = _start_idea(client, coordinator, partner)
    _move(client, idea, "preparation")
    _move(client, idea, "submitted")
    assert _move(client, idea, "approved").status_code == 404
    idea.refresh_from_db()
    assert idea.status == "submitted" and idea.project is None
    client.force_login(staff)
    assert _move(client, idea, "rejected").status_code == 302
    idea.refresh_from_db()
    assert idea.status == "rejected" and idea.project is None


def test_approval_links_an_existing_funded_project(client, make_representative, staff, agency, coordinator,
                                                   partner):
    project = Project.objects.create(agency=agency, title={"en": "Tilts"}, programme="erasmus_plus",
                                     lead=coordinator, status=Project.Status.SUBMITTED)
    client.force_login(make_representative(coordinator))
    idea = _start_idea(client, coordinator, partner)
    _move(client, idea, "preparation")
    _move(client, idea, "submitted")
    client.force_login(staff)
    assert _move(client, idea, "approved", project=project.pk).status_code == 302
    idea.refresh_from_db()
    assert idea.project == project and Project.objects.count() == 1


def test_strangers_do_not_see_an_unpublished_idea(client, make_representative, make_user, make_agency,
                                                  coordinator, partner, make_organisation):
    client.force_login(make_representative(coordinator))
    idea = _start_idea(client, coordinator, partner)
    client.logout()
    assert client.get(f"/en/project-ideas/{idea.pk}/").status_code == 404
    client.force_login(make_user(agency=make_agency(name="Latvian agency", country="LV")))
    assert client.get(f"/en/project-ideas/{idea.pk}/").status_code == 404
    assert client.get(f"/en/project-ideas/{idea.pk}/edit/").status_code == 404
    other = make_representative(make_organisation(legal_name="Other"))
    client.force_login(other)
    assert client.get(f"/en/project-ideas/{idea.pk}/").status_code == 404
    assert _move(client, idea, "withdrawn").status_code == 404
    assert client.get("/en/project-ideas/99999999999999999999/").status_code == 404


def test_partner_sees_the_idea_and_consents_to_publish(client, make_representative, coordinator, partner, event):
    client.force_login(make_representative(coordinator))
    idea = _start_idea(client, coordinator, partner, event=event.pk, publish_consent="on")
    partner_rep = make_representative(partner)
    client.force_login(partner_rep)
    page = client.get(f"/en/project-ideas/{idea.pk}/").content.decode()
    assert "Rural NEET youth on the move" in page and "Showing the idea publicly" in page
    assert "Change the idea" not in page
    assert client.get(f"/en/project-ideas/{idea.pk}/edit/").status_code == 404
    assert "Rural NEET youth on the move" in client.get("/en/my/project-ideas/").content.decode()

    client.logout()
    public = client.get(f"/en/events/{event.pk}/project-ideas/").content.decode()
    assert "Participants started 1 project idea." in public and "Rural NEET" not in public
    assert client.get(f"/en/project-ideas/{idea.pk}/").status_code == 404

    client.force_login(partner_rep)
    response = client.post(f"/en/project-ideas/{idea.pk}/consent/", {"organisation": partner.pk, "consent": "yes"})
    assert response.status_code == 302
    client.logout()
    public = client.get(f"/en/events/{event.pk}/project-ideas/").content.decode()
    assert "Rural NEET youth on the move" in public
    page = client.get(f"/en/project-ideas/{idea.pk}/").content.decode()
    assert "Rural NEET youth on the move" in page and "Agrees to show" not in page


def test_consent_only_for_ones_own_organisation(client, make_representative, coordinator, partner):
    client.force_login(make_representative(coordinator))
    idea = _start_idea(client, coordinator, partner)
    response = client.post(f"/en/project-ideas/{idea.pk}/consent/", {"organisation": partner.pk, "consent": "yes"})
    assert response.status_code == 400
    assert not IdeaPartner.objects.get(idea=idea, organisation=partner).publish_consent


def test_staff_see_the_events_ideas_summary(client, make_representative, staff, coordinator, partner, event):
    client.force_login(make_representative(coordinator))
    ideas = [_start_idea(client, coordinator, partner, title=f"Idea {n}", event=event.pk) for n in range(3)]
    for idea in ideas[:2]:
        _move(client, idea, "preparation")
        _move(client, idea, "submitted")
    client.force_login(staff)
    _move(client, ideas[0], "approved")
    page = client.get(f"/en/staff/events/{event.pk}/project-ideas/").content.decode()
    assert "3 ideas → 2 submitted → 1 approved" in page
    assert "Idea 2" in page
    assert "Idea 0" in client.get("/en/staff/project-ideas/", {"status": "approved"}).content.decode()


def test_form_errors_stand_next_to_the_fields(client, make_representative, coordinator, partner):
    client.force_login(make_representative(coordinator))
    url = f"/en/my/organisations/{coordinator.pk}/project-ideas/new/"
    response = client.post(url, {"title": "", "action": "KA999", "round": "1999-9", "partners": [coordinator.pk]})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_title_errors"' in body and 'id="id_action_errors"' in body and 'id="id_round_errors"' in body
    response = client.post(url, {"title": "Mine", "action": "KA152", "round": _round(), "partners": [coordinator.pk]})
    assert 'id="id_partners_errors"' in response.content.decode()
    response = client.post(url, {"title": "Mine", "action": "KA152", "round": _round(), "partners": [partner.pk],
                                 "hosts": [coordinator.pk]})
    assert 'id="id_hosts_errors"' in response.content.decode()
    assert ProjectIdea.objects.count() == 0
    assert date.today()  # the page itself raised nothing
