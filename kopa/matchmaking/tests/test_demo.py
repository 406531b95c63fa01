"""The demo partner requests: public seed organisations look for partners, the demo representative's
youth centre is interested in one, and loading again adds nothing."""

import pytest

from kopa.core import demo
from kopa.matchmaking.meetings.selectors import figures, schedule_instance
from kopa.matchmaking.models import (
    Interest,
    MatchmakingSetup,
    Meeting,
    PartnerRequest,
    ProjectIdea,
    SavedSearch,
)
from kopa.matchmaking.optimise import Assignment, Result, violations


@pytest.fixture
def loaded(demo_once, db):
    return demo_once


def test_seed_organisations_post_requests_shown_on_the_public_list(loaded, client):
    names = set(PartnerRequest.objects.values_list("organisation__legal_name", flat=True))
    assert {"Mladinska mreža MaMa", "Center ponovne uporabe d.o.o., so.p.", "Zavod VOZIM"} <= names
    assert PartnerRequest.objects.filter(organisation__country="LV").exists()
    page = client.get("/en/partner-requests/").content.decode()
    assert "Reuse and green jobs for NEET young people" in page
    assert "Mladi z invalidnostjo spregovorijo" in client.get("/sl/partner-requests/").content.decode()
    interest = Interest.objects.get()
    assert interest.sent_by.username == "representative@kopa.example"


def test_lasko_ideas_with_their_later_statuses_and_a_saved_search(loaded, client):
    ideas = ProjectIdea.objects.filter(event__title__en__endswith="(Laško)")
    assert ideas.count() == 7
    assert ideas.filter(status__in=["submitted", "approved", "rejected"]).count() == 5
    approved = ideas.filter(status="approved")
    assert approved.count() == 2 and all(i.project_id for i in approved)
    event = ideas.first().event
    page = client.get(f"/en/events/{event.pk}/project-ideas/").content.decode()
    assert "Participants started 7 project ideas." in page
    assert SavedSearch.objects.filter(user__username="representative@kopa.example", confirmed_at__isnull=False).exists()


def test_loading_again_adds_nothing(loaded):
    before = (PartnerRequest.objects.count(), Interest.objects.count(), ProjectIdea.objects.count(),
              SavedSearch.objects.count())
    demo.load_all()
    assert (PartnerRequest.objects.count(), Interest.objects.count(), ProjectIdea.objects.count(),
            SavedSearch.objects.count()) == before


def test_lasko_has_its_meetings(loaded):
    setup = MatchmakingSetup.objects.get(event__town="Laško", event__start__year=2020)
    numbers = figures(setup)
    assert (numbers.participants, numbers.countries) == (38, 13)
    assert numbers.requested > numbers.accepted >= numbers.scheduled > numbers.held > 0
    assert Meeting.objects.filter(request__setup=setup, outcome="no_show").exists()
    instance = schedule_instance(setup)
    meetings = Meeting.objects.filter(request__setup=setup)
    result = Result(status="greedy", assignments=[Assignment(m.request_id, m.slot_id, m.table_id) for m in meetings],
                    objective=meetings.count(), bound=meetings.count(), solve_seconds=0)
    assert violations(instance, result) == []
