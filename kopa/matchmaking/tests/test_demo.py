"""The demo partner requests: public seed organisations look for partners, the demo representative's
youth centre is interested in one, and loading again adds nothing."""

import pytest

from kopa.core import demo
from kopa.matchmaking.models import Interest, PartnerRequest, ProjectIdea, SavedSearch


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
