"""Every error the API gives has one shape: {"error": {"code", "message", "fields"}}."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from kopa.directory.models import Organisation

LIST = "/api/v1/organisations/"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_unknown_address_under_the_api_is_404_in_the_error_shape(api_client, db):
    assert_error(api_client.get("/api/v1/nothing-here/"), 404, "not_found")
    assert_error(api_client.post("/api/v2/organisations/", {}, format="json"), 404, "not_found")


def test_address_without_its_final_slash_gets_a_hint(api_client, db):
    error = assert_error(api_client.get("/api/v1/organisations"), 404, "not_found")
    assert "/api/v1/organisations/" in error["message"]


def test_missing_organisation_is_404_in_the_error_shape(api_client, db):
    assert_error(api_client.get("/api/v1/organisations/999999/"), 404, "not_found")


def test_unsupported_method_is_405_in_the_error_shape(client_for, world):
    response = client_for(world["si_staff"]).delete(f"/api/v1/organisations/{world['private_si'].pk}/")
    assert_error(response, 405, "method_not_allowed")
    assert Organisation.objects.filter(pk=world["private_si"].pk).exists()


def test_write_without_credentials_is_401_not_authenticated(api_client, db):
    response = api_client.post(LIST, {"legal_name": "Zavod"}, format="json")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_unknown_token_is_401_authentication_failed_even_for_reads(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert_error(client.get(LIST), 401, "authentication_failed")


def test_malformed_authorization_header_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token two words")
    assert_error(client.get(LIST), 401, "authentication_failed")


def test_forbidden_write_is_403_permission_denied(client_for, world):
    assert_error(client_for(world["participant"]).post(LIST, {}, format="json"), 403, "permission_denied")


def test_validation_error_names_fields(client_for, world):
    error = assert_error(client_for(world["si_staff"]).post(LIST, {"legal_name": "Zavod"}, format="json"),
                         400, "validation_failed")
    assert set(error["fields"]) == {"country", "city"}
    assert all(isinstance(m, str) for messages in error["fields"].values() for m in messages)


def test_malformed_json_is_400_parse_error(client_for, world):
    response = client_for(world["si_staff"]).generic("POST", LIST, "{not json", content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_form_encoded_body_is_415(client_for, world):
    response = client_for(world["si_staff"]).post(LIST, {"legal_name": "Zavod"}, format="multipart")
    assert_error(response, 415, "unsupported_media_type")


def test_session_write_without_csrf_token_is_refused(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world["si_staff"])
    response = client.post(LIST, {"legal_name": "Zavod", "country": "SI", "city": "Celje"}, format="json")
    assert_error(response, 403, "permission_denied")


def test_session_read_works_for_a_logged_in_user(world):
    client = APIClient()
    client.force_login(world["si_staff"])
    response = client.get(LIST, {"scope": "mine"})
    assert response.status_code == 200
    assert world["private_si"].pk in [row["id"] for row in response.json()["results"]]


@pytest.fixture
def two_requests_a_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})


def test_too_many_requests_is_429_throttled(api_client, db, two_requests_a_minute):
    assert api_client.get("/api/v1/themes/").status_code == 200
    assert api_client.get("/api/v1/themes/").status_code == 200
    response = api_client.get("/api/v1/themes/")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_error_messages_follow_the_requests_language(api_client, db):
    english = api_client.get(LIST, {"country": "XX"}, HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    latvian = api_client.get(LIST, {"country": "XX"}, HTTP_ACCEPT_LANGUAGE="lv").json()["error"]
    assert latvian["code"] == english["code"] == "validation_failed"
    assert latvian["fields"]["country"] != english["fields"]["country"]
