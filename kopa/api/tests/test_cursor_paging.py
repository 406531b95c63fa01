"""Cursor paging of the big API lists: the same rows as page numbers, stable while rows are added,
constant cost at any depth, and a 400 in the API's error shape for a cursor that is not valid."""

from datetime import date

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kopa.api.tests.outreach_support import *  # noqa: F403 (the shared outreach and event factories)
from kopa.api.tests.outreach_support import K

pytestmark = pytest.mark.django_db


def walk(client, path: str, page_size: int = 3) -> tuple[list[int], list[int]]:
    """Follow `next` from an empty cursor to the end; the ids seen and the queries of each page."""
    ids, counts = [], []
    address = f"{path}?cursor=&page_size={page_size}"
    while address:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "results"}
        ids += [row["id"] for row in body["results"]]
        counts.append(len(captured))
        address = body["next"]
    return ids, counts


def test_cursor_pages_hold_the_same_rows_as_page_numbers(api, org):
    for n in range(10):
        org(legal_name=f"Društvo {n % 4}")  # equal names: the id decides their order
    ids, counts = walk(api, "/api/v1/organisations/")
    numbered = api.get("/api/v1/organisations/", {"page_size": 100}).json()
    assert ids == [row["id"] for row in numbered["results"]]
    assert len(ids) == 10 == numbered["count"]
    assert len(set(counts[1:])) == 1  # a deep page costs what the second page costs


def test_a_row_added_while_paging_is_neither_repeated_nor_skipped(api, make_event, host_agency, make_user,
                                                                  client_for):
    organiser = client_for(make_user(agency=host_agency))
    for _n in range(6):
        make_event()
    first = organiser.get("/api/v1/events/?cursor=&page_size=3").json()
    seen = [row["id"] for row in first["results"]]
    make_event(title={"en": "Added meanwhile"})  # starts at the same time: sorts last by id
    rest, _counts = [], None
    address = first["next"]
    while address:
        body = organiser.get(address).json()
        rest += [row["id"] for row in body["results"]]
        address = body["next"]
    assert len(seen + rest) == len(set(seen + rest)) == 7


@pytest.mark.parametrize("cursor", ["abc", "x" * 300, "eyJzIjoiMSJ9:1:abc"])
def test_a_cursor_that_cannot_be_read_is_a_400(api, org, cursor):
    org()
    response = api.get("/api/v1/organisations/", {"cursor": cursor})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and "cursor" in error["fields"]


def test_a_cursor_of_another_list_is_a_400(api, org, make_event):
    for _n in range(3):
        org()
        make_event()
    events_cursor = api.get("/api/v1/events/?cursor=&page_size=1").json()["next"].split("cursor=")[1]
    response = api.get(f"/api/v1/organisations/?cursor={events_cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["fields"]


def test_page_numbers_still_work_and_the_schema_documents_the_cursor(api, org, client):
    for _n in range(3):
        org()
    body = api.get("/api/v1/organisations/", {"page": 2, "page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 1
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/v1/organisations/", "/api/v1/events/", "/api/v1/events/{id}/registrations/",
                 "/api/v1/campaigns/{id}/interactions/"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"cursor", "page", "page_size"} <= names, path


def test_cursor_pages_of_interactions_follow_their_newest_first_order(api, make_campaign, org, record):
    campaign = make_campaign()
    for n in range(7):
        record(campaign, org(), K.INVITATION, channel="email", on=date(2017, 1, 10 + n % 3))
    path = f"/api/v1/campaigns/{campaign.pk}/interactions/"
    ids, _counts = walk(api, path, page_size=2)
    numbered = api.get(path, {"page_size": 100}).json()
    assert ids == [row["id"] for row in numbered["results"]] and len(ids) == 7
