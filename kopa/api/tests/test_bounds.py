"""Input no field of Kopa can hold gets a 400 that names the field, never a server error: NUL and lone
surrogates in texts and code lists, numbers beyond the database's columns, bodies nested ten
thousand deep, dates outside 1900-2100 (in the API and in a page's filters), pages that are not
pages. A server error under /api/ still answers in the error shape."""

import json

import pytest

from django.test import Client

from kopa.directory.models import Organisation
from kopa.events.models import Event, Registration


def post_raw(client, path, body: str, method="post"):
    return getattr(client, method)(path, data=body.encode("utf-8", "surrogatepass"),
                                   content_type="application/json")


def error_of(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]


ORGANISATION = {"legal_name": "Mladinski center Laško", "country": "SI", "city": "Laško", "type": "youth_centre"}


@pytest.mark.parametrize("description, place", [
    ("Youth\\u0000work", "description.en"),
    ("Youth \\udc00 work", "description.en"),
])
def test_a_multilingual_text_with_nul_or_a_lone_surrogate_is_refused_naming_the_field(api, description, place):
    body = json.dumps(ORGANISATION)[:-1] + f', "description": {{"en": "{description}"}}}}'

    error = error_of(post_raw(api, "/api/v1/organisations/", body))

    assert place in error["message"]
    assert list(error["fields"]) == ["description"]
    assert not Organisation.objects.filter(legal_name=ORGANISATION["legal_name"]).exists()


@pytest.mark.parametrize("code", ["neet\\u0000", "\\ud800"])
def test_a_target_group_code_with_nul_or_a_lone_surrogate_is_refused_naming_the_list(api, code):
    body = json.dumps(ORGANISATION)[:-1] + f', "target_groups": ["disability", "{code}"]}}'

    error = error_of(post_raw(api, "/api/v1/organisations/", body))

    assert "target_groups[1]" in error["message"]
    assert list(error["fields"]) == ["target_groups"]
    assert not Organisation.objects.filter(legal_name=ORGANISATION["legal_name"]).exists()


def test_a_rank_beyond_the_databases_integers_is_a_400_next_to_the_rank(api, make_event, make_registration, agency):
    event = make_event(organiser_agency=agency, registration_mode=Event.RegistrationMode.SELECTION)
    registration = make_registration(event=event, status=Registration.Status.APPLIED)
    path = f"/api/v1/registrations/{registration.pk}/transition/"

    error = error_of(api.post(path, {"to": "preselected", "rank": 2**31}, format="json"))

    assert list(error["fields"]) == ["rank"]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPLIED
    assert api.post(path, {"to": "preselected", "rank": 2**31 - 1}, format="json").status_code == 200


def test_places_beyond_a_hundred_thousand_are_a_400_next_to_the_capacity(api, make_event, agency):
    event = make_event(organiser_agency=agency)

    error = error_of(api.patch(f"/api/v1/events/{event.pk}/", {"capacity": 100_001}, format="json"))

    assert list(error["fields"]) == ["capacity"]
    assert api.patch(f"/api/v1/events/{event.pk}/", {"capacity": 100_000}, format="json").status_code == 200


@pytest.mark.parametrize("start", ["0232-12-21T18:08:12Z", "9999-12-31T23:59:00+01:00", "1899-12-31T12:00:00Z"])
def test_an_event_start_outside_1900_to_2100_is_a_400_next_to_the_start(api, make_event, agency, start):
    event = make_event(organiser_agency=agency)

    error = error_of(api.patch(f"/api/v1/events/{event.pk}/", {"start": start}, format="json"))

    assert list(error["fields"]) == ["start"]
    assert "1900-01-01" in error["fields"]["start"][0]


def test_a_body_nested_ten_thousand_objects_deep_is_a_400(api):
    body = '{"a": ' * 10_000 + "1" + "}" * 10_000

    error = error_of(post_raw(api, "/api/v1/organisations/", body))

    assert "nested too deeply" in error["message"]


def test_the_public_events_page_answers_a_filter_in_the_year_9999_without_a_server_error(db):
    browser = Client()
    calendar = browser.get("/en/")
    assert calendar.status_code == 200
    assert 'href="/en/events/"' in calendar.content.decode()

    response = browser.get("/en/events/?date_to=9999-12-31")

    assert response.status_code in (200, 400)
    assert "2100-12-31" in response.content.decode()  # the filter says which dates it takes


@pytest.mark.parametrize("query, field", [
    ("page=0", "page"), ("page=-1", "page"), ("page=abc", "page"), ("page=1.5", "page"),
    ("page_size=0", "page_size"), ("page_size=201", "page_size"), ("page_size=abc", "page_size"),
])
def test_a_page_or_page_size_that_is_not_one_is_a_400_naming_it(api, query, field):
    error = error_of(api.get(f"/api/v1/organisations/?{query}"))

    assert error["code"] == "validation_failed"
    assert list(error["fields"]) == [field]


def test_a_page_after_the_last_is_a_404_that_names_the_last_page(api):
    assert api.get("/api/v1/organisations/?page=1").status_code == 200  # the first page of an empty list

    error = error_of(api.get("/api/v1/organisations/?page=2"), status=404)

    assert error["code"] == "not_found"
    assert "the last page is 1" in error["message"]


def test_the_paging_rules_are_in_the_openapi_document(client, db):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/v1/organisations/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}

    assert parameters["page"]["schema"]["minimum"] == 1
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}
    assert {"400", "404", "429", "500"} <= set(operation["responses"])


@pytest.mark.urls("kopa.api.tests.urls_failing")
def test_a_server_error_under_api_is_answered_as_json_in_the_error_shape(db):
    response = Client(raise_request_exception=False).get("/api/v1/failing/")

    error = error_of(response, status=500)
    assert error["code"] == "server_error"
    assert error["fields"] == {}
