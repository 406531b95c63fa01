"""Data-protection requests: recorded by agency staff, answered within 30 days, every change in the
request's history; observers read, another agency sees nothing."""

import json
import re
from datetime import date, timedelta

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from kopa.agencies.models import AgencyMembership
from kopa.core import privacy
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.dataprotection.services import dp_request_create, dp_request_status_set
from kopa.directory.models import Affiliation, DataProtectionRequest, Person
from kopa.directory.rules import dp_due_on

K, S = DataProtectionRequest.Kind, DataProtectionRequest.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(make_agency):
    return make_agency(name="MOVIT", country="SI")


@pytest.fixture
def officer(make_user, agency):
    return make_user(agency=agency, first_name="Petra", last_name="Zorman")


@pytest.fixture
def participant(make_user, make_organisation, agency):
    """A registered participant with a person record at an organisation of the agency's inventory."""
    user = make_user(first_name="Eva", last_name="Lipa", email="eva.lipa@example.org")
    person = Person.objects.create(first_name="Eva", last_name="Lipa", email=user.email, phone="+386 40 EVA-1",
                                   user=user)
    Affiliation.objects.create(person=person, organisation=make_organisation(agencies=[agency]),
                               role=Affiliation.Role.CONTACT)
    return user


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def make_request(agency, *, kind=K.ACCESS, days_ago=3, **extra):
    received = date.today() - timedelta(days=days_ago)
    extra.setdefault("subject_name", "Nina Golob")
    return DataProtectionRequest.objects.create(agency=agency, kind=kind, received_on=received,
                                                due_on=dp_due_on(received), **extra)


def test_staff_answer_an_access_request_from_the_navigation_to_done(client, officer, participant, agency):
    client.force_login(officer)
    home = client.get("/en/staff/organisations/").content.decode()
    assert "/en/staff/data-protection/" in links(home)

    listing = client.get("/en/staff/data-protection/").content.decode()
    assert "/en/staff/data-protection/new/" in links(listing)
    response = client.post("/en/staff/data-protection/new/", {
        "agency": agency.pk, "kind": K.ACCESS, "subject_name": "Eva Lipa",
        "subject_email": "Eva.Lipa@example.org", "link_account": "on",
        "received_on": (date.today() - timedelta(days=2)).isoformat(),
    })
    dp = DataProtectionRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/staff/data-protection/{dp.pk}/"
    assert dp.user == participant and dp.due_on == date.today() + timedelta(days=28)

    detail = client.get(response["Location"]).content.decode()
    export_link = f"/en/staff/data-protection/{dp.pk}/export.json"
    assert export_link in links(detail)
    export = client.get(export_link)
    assert export["Content-Disposition"].startswith("attachment;")
    assert "no-store" in export["Cache-Control"]
    data = json.loads(export.content)
    assert "+386 40 EVA-1" in json.dumps(data["sections"]["people"], ensure_ascii=False)
    assert data["sections"]["account"]["records"]

    done = client.post(response["Location"], {"status-status": S.DONE, "status-note": "Sent by e-mail.",
                                              "status-submit": "1"})
    assert done.status_code == 302
    dp.refresh_from_db()
    assert (dp.status, dp.handled_by, dp.resolution_note) == (S.DONE, officer, "Sent by e-mail.")
    assert dp.closed_at is not None
    row = client.get("/en/staff/data-protection/?status=done").content.decode()
    assert "Eva Lipa" in row and "Done" in row
    assert "Eva Lipa" not in client.get("/en/staff/data-protection/?status=open").content.decode()
    change = AuditEntry.objects.filter(object_id=str(dp.pk), action=AuditEntry.Action.UPDATE).get()
    assert change.private_to_agency_id == agency.pk and change.changes["status"] == [S.OPEN, S.DONE]


def test_an_erasure_request_deletes_the_account_after_the_confirmation(client, officer, participant, agency):
    dp = make_request(agency, kind=K.ERASURE, subject_name="Eva Lipa", subject_email=participant.email,
                      user=participant)
    person_pk = participant.person.pk
    client.force_login(officer)
    erase_link = f"/en/staff/data-protection/{dp.pk}/erase/"
    assert erase_link in links(client.get(f"/en/staff/data-protection/{dp.pk}/").content.decode())

    unconfirmed = client.post(erase_link, {})
    assert unconfirmed.status_code == 200 and get_user_model().objects.get(pk=participant.pk).is_active

    assert client.post(erase_link, {"confirm": "on"}).status_code == 302
    account = get_user_model().objects.get(pk=participant.pk)
    assert not account.is_active and account.email == "" and account.username.startswith("deleted-")
    assert not Person.objects.filter(pk=person_pk).exists()
    dp.refresh_from_db()
    assert dp.status == S.DONE and dp.closed_at and dp.handled_by == officer
    forgotten = AuditEntry.objects.filter(object_id=str(person_pk), content_type__model="person").get()
    assert forgotten.object_repr == f"person #{person_pk}"


def test_an_erasure_removes_a_directory_person_without_an_account(client, officer, agency, make_organisation):
    person = Person.objects.create(first_name="Nina", last_name="Golob", email="nina@example.org")
    Affiliation.objects.create(person=person, organisation=make_organisation(agencies=[agency]))
    dp = make_request(agency, kind=K.ERASURE, person=person)
    client.force_login(officer)
    client.post(f"/en/staff/data-protection/{dp.pk}/erase/", {"confirm": "on"})
    assert not Person.objects.filter(pk=person.pk).exists()
    assert DataProtectionRequest.objects.get(pk=dp.pk).status == S.DONE


def test_an_erasure_of_an_agency_team_member_is_refused_on_the_form(client, officer, agency, make_user):
    colleague = make_user(agency=agency)
    dp = make_request(agency, kind=K.ERASURE, user=colleague)
    client.force_login(officer)
    response = client.post(f"/en/staff/data-protection/{dp.pk}/erase/", {"confirm": "on"})
    assert response.status_code == 200 and "agency&#x27;s team" in response.content.decode()
    assert get_user_model().objects.get(pk=colleague.pk).is_active
    assert DataProtectionRequest.objects.get(pk=dp.pk).status == S.OPEN


def test_the_list_marks_overdue_requests_in_words_and_sorts_by_deadline(client, officer, agency):
    make_request(agency, subject_name="Late Person", days_ago=40)
    make_request(agency, subject_name="Fresh Person", days_ago=2)
    make_request(agency, subject_name="Closed Person", days_ago=50, status=S.DONE, closed_at=timezone.now())
    client.force_login(officer)
    html = client.get("/en/staff/data-protection/").content.decode()
    rows = html.split("<tr>")[2:]
    assert [r for r in rows if "Overdue" in r] == [r for r in rows if "Late Person" in r]
    assert html.index("Closed Person") < html.index("Late Person") < html.index("Fresh Person")
    detail = client.get(f"/en/staff/data-protection/{DataProtectionRequest.objects.get(subject_name='Late Person').pk}/")
    assert "Overdue" in detail.content.decode()


def test_an_extended_deadline_is_no_longer_overdue(client, officer, agency):
    dp = make_request(agency, subject_name="Late Person", days_ago=40)
    client.force_login(officer)
    too_late = client.post(f"/en/staff/data-protection/{dp.pk}/", {
        "extend-until": (dp.due_on + timedelta(days=61)).isoformat(), "extend-reason": "Many records.",
        "extend-submit": "1"})
    assert too_late.status_code == 200 and "at most two months" in too_late.content.decode()
    client.post(f"/en/staff/data-protection/{dp.pk}/", {
        "extend-until": (dp.due_on + timedelta(days=60)).isoformat(), "extend-reason": "Many records.",
        "extend-submit": "1"})
    dp.refresh_from_db()
    assert dp.extended_until == dp.due_on + timedelta(days=60)
    assert "Overdue" not in client.get("/en/staff/data-protection/").content.decode()


@pytest.mark.parametrize("received, message", [
    ((date.today() + timedelta(days=1)).isoformat(), "cannot have been received in the future"),
    ("1899-12-31", "Give a date from 1900-01-01"),
])
def test_a_bad_received_date_is_refused_next_to_the_field_and_nothing_is_saved(client, officer, agency,
                                                                               received, message):
    client.force_login(officer)
    response = client.post("/en/staff/data-protection/new/", {
        "agency": agency.pk, "kind": K.ACCESS, "subject_name": "Eva Lipa", "received_on": received})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html.split('name="received_on"')[0][-400:] + \
        html.split('name="received_on"')[1][:400]
    assert not DataProtectionRequest.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_a_date_in_the_future_and_before_1900(officer, agency):
    for day in (date.today() + timedelta(days=1), date(1899, 12, 31)):
        with pytest.raises(ValidationFailed) as refused:
            dp_request_create(actor=officer, agency=agency, kind=K.ACCESS, subject_name="X", subject_email="",
                              received_on=day)
        assert "received_on" in refused.value.fields
    assert not DataProtectionRequest.objects.exists()


def test_another_agency_gets_404_and_an_observer_cannot_change_anything(client, agency, make_agency, make_user):
    dp = make_request(agency, kind=K.ERASURE, person=Person.objects.create(first_name="N", last_name="G"))
    other = make_user(agency=make_agency(name="JSPA", country="LV"))
    observer = make_user(agency=agency, role=AgencyMembership.Role.OBSERVER)
    base = f"/en/staff/data-protection/{dp.pk}/"
    client.force_login(other)
    assert "Nina Golob" not in client.get("/en/staff/data-protection/").content.decode()
    for path in (base, base + "export.json", base + "erase/"):
        assert client.get(path).status_code == 404
    assert client.post(base, {"status-status": S.DONE, "status-submit": "1"}).status_code == 404
    client.force_login(observer)
    page = client.get(base)
    assert page.status_code == 200 and "status-submit" not in page.content.decode()
    assert client.post(base, {"status-status": S.DONE, "status-submit": "1"}).status_code == 404
    assert client.get(base + "erase/").status_code == 404
    assert client.post(base + "erase/", {"confirm": "on"}).status_code == 404
    assert client.get("/en/staff/data-protection/new/").status_code == 404
    dp.refresh_from_db()
    assert dp.status == S.OPEN and Person.objects.filter(pk=dp.person_id).exists()
    client.logout()
    assert "/accounts/login/" in client.get(base)["Location"]


def test_a_closed_request_cannot_be_reopened(officer, agency):
    dp = make_request(agency)
    dp_request_status_set(actor=officer, request=dp, status=S.REFUSED, note="Manifestly unfounded.")
    with pytest.raises(Conflict):
        dp_request_status_set(actor=officer, request=dp, status=S.OPEN)


def test_the_subjects_details_go_three_years_after_closing(officer, agency):
    closed = dp_request_create(actor=officer, agency=agency, kind=K.ACCESS, subject_name="Ana Stara",
                               subject_email="ana.stara@example.org", received_on=date(2020, 1, 6))
    dp_request_status_set(actor=officer, request=closed, status=S.DONE, note="Sent to Ana Stara.",
                          now=timezone.now() - timedelta(days=3 * 365 + 1))
    still_open = make_request(agency, subject_name="Open Person")

    done = privacy.purge_due()

    assert done["data-protection requests"] == 1
    closed.refresh_from_db()
    assert (closed.subject_name, closed.subject_email, closed.resolution_note) == ("", "", "")
    assert closed.status == S.DONE and closed.subject_purged_at is not None
    assert DataProtectionRequest.objects.get(pk=still_open.pk).subject_name == "Open Person"
    history = json.dumps([e.changes for e in AuditEntry.objects.filter(object_id=str(closed.pk))])
    assert "Sent to Ana Stara." not in history
    assert privacy.purge_due()["data-protection requests"] == 0
