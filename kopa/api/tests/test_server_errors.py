"""A server error under /api/ answers in the API's error shape; pages keep Django's error page."""

import pytest

from django.test import Client


@pytest.mark.urls("kopa.api.tests.urls_failing")
def test_a_server_error_in_the_api_is_json_in_the_error_shape(db):
    response = Client(raise_request_exception=False).get("/api/v1/failing/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "server_error"
    assert "a bug" not in response.content.decode()


@pytest.mark.urls("kopa.api.tests.urls_failing")
def test_a_server_error_on_a_page_is_not_json(db):
    response = Client(raise_request_exception=False).get("/failing/")

    assert response.status_code == 500
    assert "application/json" not in response["Content-Type"]
