"""Odd query strings on public pages get a page with explanations, never a server error."""

import pytest

ODD = {
    "page": "abc", "q": "a\x00b", "city": "x" * 500, "country": "XX", "type": "zzz", "date_from": "not-a-date",
    "date_to": "2027-13-45", "target_group": "nothing", "language": "??", "offers": "fly", "past": "maybe",
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/directory/", "/en/events/", "/en/events/calendar.ics",
                                  "/api/v1/organisations/", "/api/v1/events/", "/en/programmes/projects/"])
def test_odd_query_values_never_cause_a_server_error(client, path):
    response = client.get(path, ODD)
    assert response.status_code in (200, 400)
