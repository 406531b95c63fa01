"""Organisation proposals and claimed roles, through the pages: a participant signs up, proposes an
organisation or says where they work; staff of the proposal's country accept, merge or reject it."""

import re

import pytest

from django.core import mail
from django.test import Client

from kopa.core.models import AuditEntry
from kopa.directory.models import (
    Affiliation,
    Organisation,
    OrganisationProposal,
    Representative,
)
from kopa.directory.proposals.services import MAX_PENDING_PER_PERSON

PROPOSAL = {"legal_name": "Zavod Zelena reka", "country": "SI", "city": "Ormož", "oid": "",
            "website": "zelenareka.example.org", "role": "youth_worker", "represent": "on"}


def _link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def participant(db, django_capture_on_commit_callbacks):
    """A browser of a participant who signed up (in Slovenian) and confirmed their address."""
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/en/accounts/signup/", {
            "first_name": "Nika", "last_name": "Vidmar", "email": "nika@example.org", "password1": "zelena-Reka-2026",
            "password2": "zelena-Reka-2026", "country": "SI", "language": "sl"})
    browser.get(_link(mail.outbox.pop()))
    assert "_auth_user_id" in browser.session
    return browser


@pytest.fixture
def agencies(make_agency):
    return {"si": make_agency(country="SI"), "lv": make_agency(country="LV")}


@pytest.fixture
def staff(agencies, make_user):
    browsers = {}
    for country, agency in agencies.items():
        browsers[country] = Client()
        browsers[country].user = make_user(agency=agency)
        browsers[country].force_login(browsers[country].user)
    return browsers


def _propose(browser, **changes) -> OrganisationProposal:
    response = browser.post("/en/my/organisations/propose/", {**PROPOSAL, **changes})
    assert response.status_code == 302 and response["Location"] == "/en/my/"
    return OrganisationProposal.objects.latest("id")


def _review_url(proposal) -> str:
    return f"/en/staff/organisations/proposals/{proposal.pk}/"


# --- proposing ------------------------------------------------------------------------------------


def test_a_proposal_is_in_no_inventory_and_no_directory_until_staff_of_its_country_accept_it(
        participant, staff, agencies, django_capture_on_commit_callbacks, settings):
    settings.KOPA_SITE_URL = "http://testserver"
    proposal = _propose(participant)
    assert proposal.status == "pending" and proposal.website == "https://zelenareka.example.org"
    assert Organisation.objects.count() == 0
    assert "Zavod Zelena reka" in participant.get("/en/my/").content.decode()
    assert "Zavod Zelena reka" not in participant.get("/en/directory/?q=zelena").content.decode()
    for browser in staff.values():
        assert "Zavod Zelena reka" not in browser.get("/en/staff/organisations/").content.decode()
    assert "Zavod Zelena reka" in staff["si"].get("/en/staff/organisations/proposals/").content.decode()
    assert "Zavod Zelena reka" not in staff["lv"].get("/en/staff/organisations/proposals/").content.decode()
    assert staff["lv"].get(_review_url(proposal)).status_code == 404
    assert "asks to represent it" in staff["si"].get(_review_url(proposal)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff["si"].post(_review_url(proposal), {"action": "accept",
                                                            "accept-approve_representative": "on"})
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert (org.legal_name, org.city, org.website) == ("Zavod Zelena reka", "Ormož", "https://zelenareka.example.org")
    assert list(org.agencies.all()) == [agencies["si"]] and not org.public_listing
    assert "Zavod Zelena reka" in staff["si"].get("/en/staff/organisations/").content.decode()
    assert "Zavod Zelena reka" not in staff["lv"].get("/en/staff/organisations/").content.decode()
    affiliation = Affiliation.objects.get()
    assert (affiliation.organisation, affiliation.role, affiliation.claimed) == (org, "youth_worker", True)
    assert affiliation.person.user.email == "nika@example.org"
    assert Representative.objects.get().status == Representative.Status.APPROVED
    proposal.refresh_from_db()
    assert (proposal.status, proposal.organisation, proposal.decided_by) == ("accepted", org, staff["si"].user)
    assert AuditEntry.objects.filter(object_repr__startswith="Zavod Zelena reka", action="update").exists()

    message = mail.outbox[-1]
    assert message.to == ["nika@example.org"]
    assert "Zavod Zelena reka" in message.subject
    assert _link(message) == "/sl/my/"  # in the language the participant chose
    assert participant.get(f"/en/my/organisations/{org.pk}/edit/").status_code == 200


def test_accepting_without_approving_the_representative_leaves_the_request_for_later(participant, staff):
    proposal = _propose(participant)
    staff["si"].post(_review_url(proposal), {"action": "accept"})
    assert Representative.objects.get().status == Representative.Status.PENDING
    queue = staff["si"].get("/en/staff/organisations/proposals/").content.decode()
    assert "Requests to represent an organisation" in queue and "Nika Vidmar" in queue


def test_staff_merge_a_proposal_into_the_organisation_it_already_is(
        participant, staff, agencies, make_organisation, django_capture_on_commit_callbacks):
    existing = make_organisation(legal_name="Društvo Mladi zmaji", city="Maribor", agencies=[agencies["si"]])
    proposal = _propose(participant, legal_name="Mladi zmaji, društvo", city="Maribor", represent="")
    page = staff["si"].get(_review_url(proposal)).content.decode()
    assert "Possible duplicates" in page and "Društvo Mladi zmaji" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff["si"].post(_review_url(proposal), {"action": "merge", "merge-organisation": existing.pk})
    assert response.status_code == 302
    assert Organisation.objects.count() == 1
    proposal.refresh_from_db()
    assert (proposal.status, proposal.organisation) == ("merged", existing)
    assert Affiliation.objects.get().organisation == existing and not Representative.objects.exists()
    assert mail.outbox[-1].to == ["nika@example.org"]
    assert "Društvo Mladi zmaji" in participant.get("/en/my/").content.decode()


def test_merge_only_into_an_organisation_offered_on_the_page(participant, staff, make_organisation, agencies):
    elsewhere = make_organisation(legal_name="Latvian centre", country="LV", agencies=[agencies["lv"]])
    proposal = _propose(participant)
    response = staff["si"].post(_review_url(proposal), {"action": "merge", "merge-organisation": elsewhere.pk})
    assert response.status_code == 200 and 'id="id_merge-organisation_errors"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "pending" and not Affiliation.objects.exists()


def test_staff_find_the_organisation_to_merge_into_by_searching_their_inventory(
        participant, staff, make_organisation, agencies):
    existing = make_organisation(legal_name="Mladinski center Ormož", city="Ormož", agencies=[agencies["si"]])
    proposal = _propose(participant)
    url = _review_url(proposal) + "?q=mladinski"
    assert "Mladinski center Ormož" in staff["si"].get(url).content.decode()
    assert staff["si"].post(url, {"action": "merge", "merge-organisation": existing.pk}).status_code == 302
    assert Affiliation.objects.get().organisation == existing


def test_staff_reject_a_proposal_with_a_reason_the_proposer_sees(
        participant, staff, django_capture_on_commit_callbacks):
    proposal = _propose(participant)
    for reason in ("", "   ", "x" * 1001, "bad\x00reason"):
        response = staff["si"].post(_review_url(proposal), {"action": "reject", "reject-reason": reason})
        assert response.status_code == 200 and 'id="id_reject-reason_errors"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        staff["si"].post(_review_url(proposal), {"action": "reject", "reject-reason": "It is a school class."})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == ("rejected", "It is a school class.")
    assert Organisation.objects.count() == 0 and not Affiliation.objects.exists()
    assert "It is a school class." in mail.outbox[-1].body
    assert "It is a school class." in participant.get("/en/my/").content.decode()


def test_a_decided_proposal_cannot_be_decided_again(participant, staff):
    proposal = _propose(participant)
    staff["si"].post(_review_url(proposal), {"action": "reject", "reject-reason": "Duplicate."})
    response = staff["si"].post(_review_url(proposal), {"action": "accept"})
    assert response.status_code == 400
    assert Organisation.objects.count() == 0
    assert "Accept the organisation" not in staff["si"].get(_review_url(proposal)).content.decode()


def test_accepting_a_proposal_whose_oid_was_taken_meanwhile_explains_and_saves_nothing(
        participant, staff, make_organisation):
    proposal = _propose(participant, oid="e10012345")
    assert proposal.oid == "E10012345"
    make_organisation(oid="E10012345", legal_name="Zavod Zelena reka Ormož")
    response = staff["si"].post(_review_url(proposal), {"action": "accept"})
    assert response.status_code == 200 and "already exists" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "pending" and Organisation.objects.count() == 1 and not Affiliation.objects.exists()


@pytest.mark.parametrize(("changes", "field"), [
    pytest.param({"legal_name": ""}, "legal_name", id="no name"),
    pytest.param({"legal_name": "Z" * 251}, "legal_name", id="name too long"),
    pytest.param({"legal_name": "Zavod\x00"}, "legal_name", id="NUL byte"),
    pytest.param({"city": ""}, "city", id="no town"),
    pytest.param({"country": "XX"}, "country", id="unknown country"),
    pytest.param({"oid": "E123"}, "oid", id="malformed OID"),
    pytest.param({"website": "not a website"}, "website", id="bad website"),
    pytest.param({"role": "boss"}, "role", id="unknown role"),
])
def test_a_bad_proposal_is_explained_next_to_the_field_and_saves_nothing(participant, changes, field):
    response = participant.post("/en/my/organisations/propose/", {**PROPOSAL, **changes})
    assert response.status_code == 200 and f'id="id_{field}_errors"' in response.content.decode()
    assert not OrganisationProposal.objects.exists()


def test_an_empty_proposal_marks_every_required_field(participant):
    body = participant.post("/en/my/organisations/propose/", {}).content.decode()
    for field in ("legal_name", "country", "city", "role"):
        assert f'id="id_{field}_errors"' in body
    assert not OrganisationProposal.objects.exists()


def test_a_proposal_with_an_oid_already_in_kopa_points_to_the_search(participant, make_organisation):
    make_organisation(oid="E10012345")
    response = participant.post("/en/my/organisations/propose/", {**PROPOSAL, "oid": "E10012345"})
    assert 'id="id_oid_errors"' in response.content.decode()
    assert not OrganisationProposal.objects.exists()


def test_the_same_proposal_twice_and_too_many_waiting_are_refused(participant):
    _propose(participant)
    response = participant.post("/en/my/organisations/propose/", PROPOSAL)
    assert 'id="id_legal_name_errors"' in response.content.decode()
    for n in range(2, MAX_PENDING_PER_PERSON + 1):
        _propose(participant, legal_name=f"Zavod {n}")
    response = participant.post("/en/my/organisations/propose/", {**PROPOSAL, "legal_name": "One too many"})
    assert response.status_code == 200 and "waiting for review" in response.content.decode()
    assert OrganisationProposal.objects.count() == MAX_PENDING_PER_PERSON


# --- who may see a proposal -----------------------------------------------------------------------


def test_strangers_participants_and_other_agencies_never_reach_a_proposal(participant, staff, make_user):
    proposal = _propose(participant)
    url = _review_url(proposal)
    anonymous = Client()
    assert anonymous.get(url).status_code == 302 and anonymous.get("/en/staff/organisations/proposals/").status_code == 302
    other = Client()
    other.force_login(make_user())
    for browser in (participant, other):
        assert browser.get("/en/staff/organisations/proposals/").status_code == 404
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"action": "accept"}).status_code == 404
    assert staff["lv"].post(url, {"action": "accept"}).status_code == 404
    assert staff["lv"].post(url, {"action": "reject", "reject-reason": "no"}).status_code == 404
    assert staff["si"].get("/en/staff/organisations/proposals/999999/").status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "pending" and Organisation.objects.count() == 0


def test_a_network_reviews_the_proposals_of_its_country(participant, make_agency, make_user):
    network = make_agency(country="SI", kind="network")
    browser = Client()
    browser.force_login(make_user(agency=network))
    proposal = _propose(participant)
    assert browser.get(_review_url(proposal)).status_code == 200


# --- claimed roles --------------------------------------------------------------------------------


def test_a_participant_finds_a_listed_organisation_and_claims_a_role_there(participant, make_organisation, agencies):
    org = make_organisation(legal_name="Mladinski center Zmaj", city="Laško", public_listing=True,
                            agencies=[agencies["si"]])
    found = participant.get("/en/my/?q=lasko").content.decode()
    claim_url = f"/en/my/organisations/{org.pk}/role/"
    assert "Mladinski center Zmaj" in found and claim_url in found
    response = participant.post(claim_url, {"role": "volunteer", "title": "Weekend workshops"})
    assert response.status_code == 302
    affiliation = Affiliation.objects.get()
    assert (affiliation.organisation, affiliation.role, affiliation.claimed) == (org, "volunteer", True)
    assert not Representative.objects.exists()
    assert participant.get(f"/en/my/organisations/{org.pk}/edit/").status_code == 404
    my_area = participant.get("/en/my/").content.decode()
    assert "Mladinski center Zmaj" in my_area and "claimed" in my_area
    again = participant.post(claim_url, {"role": "volunteer"})
    assert again.status_code == 200 and 'id="id_role_errors"' in again.content.decode()
    assert Affiliation.objects.count() == 1


@pytest.mark.parametrize(("data", "field"), [
    pytest.param({"role": ""}, "role", id="no role"),
    pytest.param({"role": "boss"}, "role", id="unknown role"),
    pytest.param({"role": "volunteer", "title": "t" * 121}, "title", id="title too long"),
    pytest.param({"role": "volunteer", "title": "a\x00b"}, "title", id="NUL byte"),
])
def test_a_bad_claim_is_explained_next_to_the_field(participant, make_organisation, data, field):
    org = make_organisation(public_listing=True)
    response = participant.post(f"/en/my/organisations/{org.pk}/role/", data)
    assert response.status_code == 200 and f'id="id_{field}_errors"' in response.content.decode()
    assert not Affiliation.objects.exists()


def test_an_unlisted_organisation_is_reached_only_by_its_exact_oid(participant, make_organisation):
    hidden = make_organisation(legal_name="Quiet association", oid="E10099999")
    assert "Quiet association" not in participant.get("/en/my/?q=quiet").content.decode()
    for path in (f"/en/my/organisations/{hidden.pk}/role/", f"/en/my/organisations/{hidden.pk}/represent/",
                 f"/en/my/organisations/{hidden.pk}/role/?oid=E10099998"):
        assert participant.get(path).status_code == 404
        assert participant.post(path, {"role": "volunteer"}).status_code == 404
    assert participant.get(f"/en/my/organisations/{hidden.pk}/role/?oid=e10099999").status_code == 200
    assert not Affiliation.objects.exists() and not Representative.objects.exists()


def test_my_area_search_rejects_bad_input_without_an_error_page(participant):
    for q in ("x" * 201, "a\x00b"):
        response = participant.get("/en/my/", {"q": q})
        assert response.status_code == 200 and 'id="id_q_errors"' in response.content.decode()


def test_claimed_roles_are_marked_for_the_staff_of_the_organisation(participant, staff, make_organisation, agencies):
    org = make_organisation(public_listing=True, agencies=[agencies["si"]])
    participant.post(f"/en/my/organisations/{org.pk}/role/", {"role": "youth_worker"})
    assert "claimed by the person" in staff["si"].get(f"/en/staff/organisations/{org.pk}/").content.decode()
