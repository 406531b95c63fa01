"""Background jobs through the API: an organiser starts an export with its button on the website and
follows it with a personal token — the list, the job with its progress and result address, the file
(never stored by a cache), cancelling — with the website's gate: strangers, participants and another
agency's staff get 404."""

import csv
import io
import re

import pytest

from django.urls import reverse

from kopa.agencies.models import AgencyMembership
from kopa.core.models import Job
from kopa.events.models import Registration
from kopa.events.tests import conftest as events_fixtures

host_agency = events_fixtures.host_agency
make_event = events_fixtures.make_event
make_registration = events_fixtures.make_registration
person_data = events_fixtures.person_data

JOB_PAGE = re.compile(r"^/en/jobs/([0-9a-f-]{36})/$")


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def event(make_event, make_registration):
    event = make_event(title={"en": "Inclusion training"})
    make_registration(event=event, first_name="Līga", last_name="Bērziņa", country_of_residence="LV")
    return event


def start_export(client, event, capture, *, run=True) -> str:
    """Press the participant list's CSV button as the organiser does; returns the job's public id."""
    page = client.get(reverse("events:staff_registrations", args=[event.pk])).content.decode()
    start = reverse("events:staff_registrations_csv", args=[event.pk])
    assert f'<form method="post" action="{start}"' in page
    with capture(execute=run):
        started = client.post(start)
    return JOB_PAGE.match(started["Location"]).group(1)


@pytest.fixture
def started(client, organiser, event, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    public_id = start_export(client, event, django_capture_on_commit_callbacks)
    client.logout()
    return public_id


def _api(public_id, part=""):
    return f"/api/v1/jobs/{public_id}/{part}"


def test_the_organiser_follows_the_export_in_the_api_and_downloads_it(
        client_for, organiser, started):
    api = client_for(organiser)

    listed = api.get("/api/v1/jobs/").json()
    detail = api.get(_api(started)).json()
    response = api.get(detail["result_url"])
    content = b"".join(response.streaming_content)  # read to the end: the file is closed

    assert listed["count"] == 1 and listed["results"][0]["id"] == started
    assert detail["status"] == "done" and detail["title"] == "Participant list (CSV)"
    assert detail["progress"]["done"] == detail["progress"]["total"] and detail["progress"]["percent"] == 100
    assert detail["result_url"] == f"http://testserver{_api(started, 'result/')}"
    assert detail["page_url"] == f"http://testserver/en/jobs/{started}/"
    assert detail["filename"] == "participants-inclusion-training.csv" and detail["mine"] is True
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][:2] == ["Līga", "Bērziņa"]


def test_the_list_is_newest_first_and_paged(
        client, client_for, organiser, event, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    first = start_export(client, event, django_capture_on_commit_callbacks)
    second = start_export(client, event, django_capture_on_commit_callbacks)
    api = client_for(organiser)

    page_one = api.get("/api/v1/jobs/", {"page_size": 1}).json()
    page_two = api.get("/api/v1/jobs/", {"page_size": 1, "page": 2}).json()

    assert page_one["count"] == 2
    assert [page_one["results"][0]["id"], page_two["results"][0]["id"]] == [second, first]
    assert api.get("/api/v1/jobs/", {"page": 3, "page_size": 1}).status_code == 404


@pytest.mark.parametrize("who", ["stranger", "participant", "other agency's staff"])
def test_anyone_else_gets_404_and_an_empty_list(
        client_for, make_user, make_agency, make_registration, event, started, who):
    if who == "other agency's staff":
        person = make_user(agency=make_agency(country="LV"))
    else:
        person = make_user()
        if who == "participant":  # registered for the very event the export is about
            registration = make_registration(event=event, email=person.email)
            Registration.objects.filter(pk=registration.pk).update(user=person)
    api = client_for(person)

    assert api.get("/api/v1/jobs/").json()["count"] == 0
    for response in (api.get(_api(started)), api.get(_api(started, "result/")),
                     api.post(_api(started, "cancel/"))):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert Job.objects.get(public_id=started).status == Job.Status.DONE


def test_without_a_token_the_api_answers_401(api_client, started):
    for response in (api_client.get("/api/v1/jobs/"), api_client.get(_api(started)),
                     api_client.get(_api(started, "result/"))):
        assert response.status_code == 401


def test_a_colleague_sees_the_job_but_only_the_organiser_cancels_it(
        client, client_for, organiser, event, make_user, host_agency,
        django_capture_on_commit_callbacks):
    client.force_login(organiser)
    public_id = start_export(client, event, django_capture_on_commit_callbacks, run=False)
    colleague = make_user(agency=host_agency, role=AgencyMembership.Role.OBSERVER)

    seen = client_for(colleague).get(_api(public_id)).json()
    refused = client_for(colleague).post(_api(public_id, "cancel/"))
    waiting_file = client_for(organiser).get(_api(public_id, "result/"))
    cancelled = client_for(organiser).post(_api(public_id, "cancel/"))
    again = client_for(organiser).post(_api(public_id, "cancel/"))

    assert seen["status"] == "queued" and seen["mine"] is False and seen["result_url"] is None
    assert client_for(colleague).get("/api/v1/jobs/").json()["count"] == 0  # not theirs
    assert refused.status_code == 404
    assert waiting_file.status_code == 404
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_losing_access_to_the_event_loses_the_job(client_for, organiser, started):
    AgencyMembership.objects.filter(user=organiser).delete()
    api = client_for(organiser)

    assert api.get("/api/v1/jobs/").json()["count"] == 0
    assert api.get(_api(started)).status_code == 404
    assert api.get(_api(started, "result/")).status_code == 404


def test_a_failed_job_says_why_and_has_no_file(client_for, organiser, started):
    Job.objects.filter(public_id=started).update(status=Job.Status.FAILED, message="The event has no days.")
    api = client_for(organiser)

    detail = api.get(_api(started)).json()

    assert detail["status"] == "failed" and detail["message"] == "The event has no days."
    assert detail["result_url"] is None
    assert api.get(_api(started, "result/")).status_code == 404


def test_the_job_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]

    assert set(paths["/api/v1/jobs/"]) == {"get"}
    assert set(paths["/api/v1/jobs/{id}/"]) == {"get"}
    assert set(paths["/api/v1/jobs/{id}/cancel/"]) == {"post"}
    assert {"200", "404", "409"} <= set(paths["/api/v1/jobs/{id}/cancel/"]["post"]["responses"])
    assert "application/pdf" in paths["/api/v1/jobs/{id}/result/"]["get"]["responses"]["200"]["content"]
