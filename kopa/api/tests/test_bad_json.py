"""Bodies no field of Kopa can hold get a 400 in the API's error shape that names the place, never a
server error: NUL characters and lone surrogates in text, numbers beyond the database's integers, and
nesting thousands of levels deep."""

import pytest

from kopa.api.serializers_events import TransitionSerializer
from kopa.outreach.models import Campaign


@pytest.fixture
def staff_api(client_for, make_agency, make_user):
    return client_for(make_user(agency=make_agency(country="SI")))


def _post_raw(client, path, body: str):
    return client.post(path, data=body.encode("utf-8", "surrogatepass"), content_type="application/json")


@pytest.mark.parametrize("body, place", [
    ('{"name": {"en": "Youth\\u0000work"}, "start": "2026-01-01"}', "name.en"),
    ('{"name": {"en": "Youth \\ud800 work"}, "start": "2026-01-01"}', "name.en"),
    ('{"name": {"en": "Youth"}, "target_groups": ["neet", "\\u0000"], "start": "2026-01-01"}', "target_groups[1]"),
    ('{"name": {"en": "Youth"}, "response_days": 99999999999999999999999, "start": "2026-01-01"}', "response_days"),
])
def test_text_and_numbers_no_field_can_hold_are_refused_naming_the_place(staff_api, body, place):
    response = _post_raw(staff_api, "/api/v1/campaigns/", body)

    assert response.status_code == 400
    error = response.json()["error"]
    assert place in error["message"]
    assert list(error["fields"]) == [place.split(".")[0].split("[")[0]]
    assert not Campaign.objects.exists()


def test_a_body_nested_ten_thousand_levels_deep_is_a_400(staff_api):
    response = _post_raw(staff_api, "/api/v1/campaigns/", "[" * 10_000 + "]" * 10_000)

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]["message"]


def test_a_rank_beyond_the_databases_integers_is_explained_next_to_the_rank():
    serializer = TransitionSerializer(data={"to": "preselected", "rank": 2**31})

    assert not serializer.is_valid()
    assert list(serializer.errors) == ["rank"]
    assert TransitionSerializer(data={"to": "preselected", "rank": 2**31 - 1}).is_valid()
