"""An organisation in two agencies' inventories keeps one history; the changes to one agency's private
data (its tags, its staff notes) are shown to that agency's readers only."""

import pytest

from kopa.agencies.models import AgencyMembership
from kopa.core import audit
from kopa.directory.organisations.services import organisation_update, staff_note_add, tags_set


@pytest.fixture
def shared(make_agency, make_user, make_organisation):
    movit = make_agency(name="MOVIT", country="SI")
    other = make_agency(name="Mreža", country="SI")
    org = make_organisation(legal_name="Zavod Skupni", agencies=[movit, other])
    movit_staff = make_user(agency=movit)
    tags_set(actor=movit_staff, agency=movit, organisation=org, names=["blacklist-movit"])
    staff_note_add(actor=movit_staff, agency=movit, organisation=org, text="Late with every report")
    organisation_update(actor=movit_staff, organisation=org, data={"city": "Celje"})
    return {"org": org, "movit": movit, "other": other, "movit_staff": movit_staff,
            "other_staff": make_user(agency=other),
            "movit_observer": make_user(agency=movit, role=AgencyMembership.Role.OBSERVER)}


@pytest.mark.django_db
def test_another_agency_sees_nothing_of_a_change_to_tags_or_notes(client, shared):
    client.force_login(shared["other_staff"])
    response = client.get(f"/en/staff/organisations/{shared['org'].pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "blacklist-movit" not in body
    history = body.split('id="history-heading"')[1]
    assert "Staff note" not in history and "Tags" not in history  # not even that they changed
    assert "Celje" in history  # the shared change is in the history


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["movit_staff", "movit_observer"])
def test_the_owning_agency_sees_its_own_private_changes(client, shared, who):
    client.force_login(shared[who])
    body = client.get(f"/en/staff/organisations/{shared['org'].pk}/").content.decode()
    assert "blacklist-movit" in body


@pytest.mark.django_db
def test_history_leaves_out_private_entries_of_agencies_the_reader_does_not_read(shared):
    org, movit, other = shared["org"], shared["movit"], shared["other"]
    entries = list(audit.history_for(org, reader_agency_ids={other.pk}))
    assert [sorted(e.changes) for e in entries] == [["city"]]
    assert {e.private_to_agency_id for e in audit.history_for(org, reader_agency_ids={movit.pk})} == {None, movit.pk}
    assert all(e.private_to_agency_id is None for e in audit.history_for(org))  # no reader: public entries only
