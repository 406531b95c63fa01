"""Dates at the ends of the calendar are refused with a message, never a server error."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=9999-12-31"])
def test_the_calendar_explains_a_date_out_of_range_next_to_the_field(client, query):
    response = client.get(f"/en/events/?{query}")

    assert response.status_code == 200
    field = query.split("=")[0]
    assert f'id="id_{field}_errors"' in response.content.decode()


@pytest.mark.django_db
def test_the_events_api_refuses_a_date_out_of_range_with_the_error_shape(client):
    response = client.get("/api/v1/events/?date_to=9999-12-31")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_failed"
    assert "date_to" in response.json()["error"]["fields"]
