"""The Logbook's API: units, activities and entries of one's own units; an entry sent twice with the
same UUID is stored once; bad input answers in the one error shape."""

import uuid

import pytest
from rest_framework.test import APIClient

from django.test import Client

from kopa.logbook.models import Entry
from kopa.logbook.tests.support import build_logbook

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_entries_are_created_once_by_uuid_and_listed_for_ones_units_only():
    lb = build_logbook()
    api = _api(lb["worker"])
    units = api.get("/api/v1/logbook/units/").json()
    assert [u["name"] for u in units["results"]] == ["Mladinski center Celje"]
    activities = api.get("/api/v1/logbook/activities/").json()
    assert [a["id"] for a in activities] == [lb["open_celje"].pk]
    body = {"uuid": str(uuid.uuid4()), "activity": lb["open_celje"].pk, "date": "2026-02-03", "hours": "3",
            "visits": 9, "note": "Večer iger", "reflections": {str(lb["question"].pk): "Mladi so vodili igro"}}
    first = api.post("/api/v1/logbook/entries/", body, format="json")
    assert first.status_code == 201, first.json()
    again = api.post("/api/v1/logbook/entries/", body, format="json")
    assert again.status_code == 200 and again.json()["uuid"] == body["uuid"]
    assert Entry.objects.filter(uuid=body["uuid"]).count() == 1
    listed = api.get("/api/v1/logbook/entries/").json()["results"]
    assert {e["uuid"] for e in listed} == {body["uuid"], str(lb["entry"].uuid)}
    # Someone else's unit: not listed, not recordable.
    other = _api(lb["worker_maribor"])
    assert other.get("/api/v1/logbook/entries/").json()["results"] == []
    refused = other.post("/api/v1/logbook/entries/", {**body, "uuid": str(uuid.uuid4())}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["fields"]["activity"]
    taken = _api(lb["mentor"]).post("/api/v1/logbook/entries/", body, format="json")
    assert taken.status_code == 409


def test_bad_entries_answer_in_the_error_shape():
    lb = build_logbook()
    api = _api(lb["worker"])
    response = api.post("/api/v1/logbook/entries/", {"uuid": "nope", "activity": lb["open_celje"].pk,
                                                    "date": "3000-01-01", "hours": "99"}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert {"uuid", "date", "hours"} <= set(fields)
    assert APIClient().get("/api/v1/logbook/entries/").status_code == 401


def test_the_logbook_is_in_the_openapi_document():
    lb = build_logbook()
    text = _api(lb["worker"]).get("/api/openapi.json").content.decode()
    assert "/api/v1/logbook/entries/" in text and "Record a Logbook entry" in text


def test_the_report_api_answers_with_the_pages_permissions():
    lb = build_logbook()
    coordinator = Client()
    lb["owner"].roles.create(user=lb["mentor"], kind="coordinator")
    coordinator.force_login(lb["mentor"])
    owner = coordinator.get("/api/v1/logbook/report/", {"level": "owner", "key": lb["owner"].pk,
                                                        "start": "2020-01-01", "end": "2100-01-01"})
    assert owner.status_code == 200
    data = owner.json()
    assert data["current"]["hours"] == 4.0 and data["current"]["visits"] == 12
    assert data["reflections"][0]["answer"] == "Turnir v namiznem tenisu"
    assert {"previous", "last_year", "aims"} <= set(data)
    viewer = Client()
    viewer.force_login(lb["viewer"])
    municipality = viewer.get("/api/v1/logbook/report/", {"level": "municipality", "key": lb["celje"].pk}).json()
    assert municipality["reflections"] is None and "NOTE-CELJE" not in str(municipality)
    assert viewer.get("/api/v1/logbook/report/", {"level": "owner", "key": lb["owner"].pk}).status_code == 404
    assert viewer.get("/api/v1/logbook/report/", {"level": "unit", "key": "x"}).status_code == 404
    assert viewer.get("/api/v1/logbook/report/", {"start": "2026-13-01"}).status_code == 400
    assert viewer.get("/api/v1/logbook/report/").json()["unit_count"] == 0
    assert Client().get("/api/v1/logbook/report/").status_code in (401, 403)
    schema = Client().get("/api/openapi.json").json()
    assert "/api/v1/logbook/report/" in schema["paths"]
