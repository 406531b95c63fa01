import pytest

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from kopa.directory.models import Organisation, OrganisationTag, StaffNote
from kopa.directory.organisations import selectors
from kopa.directory.organisations.forms import DirectoryFilterForm

LIST = "/api/v1/organisations/"


def detail(org) -> str:
    return f"/api/v1/organisations/{org.pk}/"


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# Who sees what


def test_anonymous_list_shows_only_publicly_listed_organisations(api_client, world):
    response = api_client.get(LIST)
    assert response.status_code == 200
    assert sorted(ids(response)) == sorted([world["public_si"].pk, world["public_lv"].pk])


def test_staff_default_list_is_public_organisations_plus_their_inventory(client_for, world):
    response = client_for(world["si_staff"]).get(LIST)
    assert sorted(ids(response)) == sorted([world["public_si"].pk, world["private_si"].pk, world["public_lv"].pk])


def test_staff_scope_mine_is_the_staff_directory(client_for, world):
    response = client_for(world["si_staff"]).get(LIST, {"scope": "mine"})
    expected = selectors.staff_organisation_list(user=world["si_staff"])
    assert ids(response) == [o.pk for o in expected]
    assert sorted(ids(response)) == sorted([world["public_si"].pk, world["private_si"].pk])


def test_scope_public_is_the_public_directory_even_for_staff(client_for, world):
    response = client_for(world["si_staff"]).get(LIST, {"scope": "public"})
    assert ids(response) == [o.pk for o in selectors.public_organisation_list()]


def test_representative_sees_public_organisations_and_their_own(client_for, world):
    response = client_for(world["representative"]).get(LIST)
    assert sorted(ids(response)) == sorted([world["public_si"].pk, world["public_lv"].pk, world["represented"].pk])


def test_scope_mine_needs_authentication(api_client, world):
    response = api_client.get(LIST, {"scope": "mine"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_superuser_sees_every_organisation(client_for, make_user, world):
    response = client_for(make_user(superuser=True)).get(LIST, {"page_size": 200})
    assert sorted(ids(response)) == sorted(Organisation.objects.values_list("pk", flat=True))


def test_detail_of_unlisted_organisation_is_404_for_anonymous(api_client, world):
    response = api_client.get(detail(world["private_si"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_detail_of_organisation_in_scope_is_shown_to_staff(client_for, world):
    response = client_for(world["si_staff"]).get(detail(world["private_si"]))
    assert response.status_code == 200
    body = response.json()
    assert body["legal_name"] == "Zavod Ormož"
    assert body["country"] == "SI"
    assert body["target_groups"] == ["neet"]
    assert body["experience"] == "experienced"


def test_detail_of_other_agencys_unlisted_organisation_is_404_for_staff(client_for, world):
    assert client_for(world["si_staff"]).get(detail(world["private_lv"])).status_code == 404


def test_profile_lists_are_codes(api_client, world):
    body = api_client.get(detail(world["public_si"])).json()
    assert body["target_groups"] == ["disability"]
    assert sorted(body["working_languages"]) == ["en", "sl"]
    assert body["type"] == "youth_centre"
    assert body["can_host"] is True


# Filters: the API and the web directory give the same answer


@pytest.mark.parametrize("query", [
    "",
    "q=lasko",
    "q=center+lasko",
    "city=rig",
    "country=LV",
    "country=SI&country=LV",
    "type=youth_centre",
    "target_group=disability",
    "target_group=neet&target_group=disability",
    "experience=experienced",
    "language=lv",
    "offers=host",
    "offers=host&offers=send",
    "country=SI&target_group=disability&language=sl",
])
@pytest.mark.parametrize("who", ["anonymous", "si_staff"])
def test_filters_give_the_same_organisations_as_the_web_directory(api_client, client_for, world, query, who):
    user = AnonymousUser() if who == "anonymous" else world[who]
    client = api_client if who == "anonymous" else client_for(user)
    form = DirectoryFilterForm(QueryDict(query), with_tags=who != "anonymous")
    assert form.is_valid()
    if who == "anonymous":
        expected = selectors.public_organisation_list(filters=form.to_filters())
        response = client.get(f"{LIST}?{query}&page_size=200")
    else:
        expected = selectors.staff_organisation_list(user=user, filters=form.to_filters())
        response = client.get(f"{LIST}?{query}&scope=mine&page_size=200")
    assert response.status_code == 200
    assert ids(response) == [o.pk for o in expected]


def test_filters_narrow_the_list(api_client, world):
    response = api_client.get(LIST, {"target_group": "disability", "offers": "host"})
    assert ids(response) == [world["public_si"].pk]


@pytest.mark.parametrize("query,field", [
    ({"country": "XX"}, "country"),
    ({"type": "castle"}, "type"),
    ({"target_group": "unknown-group"}, "target_group"),
    ({"experience": "lots"}, "experience"),
    ({"language": "tlh"}, "language"),
    ({"offers": "fly"}, "offers"),
    ({"scope": "everything"}, "scope"),
    ({"q": "x" * 201}, "q"),
])
def test_invalid_filter_value_is_refused_with_the_field_named(api_client, world, query, field):
    response = api_client.get(LIST, query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert field in error["fields"]


def test_tag_filter_is_refused_for_users_who_are_not_agency_staff(client_for, world):
    response = client_for(world["participant"]).get(LIST, {"tag": "contacted"})
    assert response.status_code == 400
    assert "tag" in response.json()["error"]["fields"]


def test_staff_filter_by_their_agencys_tag(client_for, world):
    OrganisationTag.objects.create(agency=world["si"], organisation=world["private_si"], name="Contacted 2019")
    response = client_for(world["si_staff"]).get(LIST, {"tag": "contacted 2019", "scope": "mine"})
    assert ids(response) == [world["private_si"].pk]


def test_another_agencys_tag_finds_nothing(client_for, world):
    world["public_si"].agencies.add(world["lv"])
    OrganisationTag.objects.create(agency=world["si"], organisation=world["public_si"], name="Contacted 2019")
    response = client_for(world["lv_staff"]).get(LIST, {"tag": "Contacted 2019"})
    assert response.status_code == 200
    assert ids(response) == []


# Private tags and notes


def test_staff_see_their_own_agencys_tags(client_for, world):
    OrganisationTag.objects.create(agency=world["si"], organisation=world["public_si"], name="Host 2020")
    assert client_for(world["si_staff"]).get(detail(world["public_si"])).json()["tags"] == ["Host 2020"]


def test_staff_of_another_agency_never_see_private_tags_or_notes(client_for, world):
    org = world["public_si"]
    org.agencies.add(world["lv"])
    OrganisationTag.objects.create(agency=world["si"], organisation=org, name="Slovenian secret tag")
    StaffNote.objects.create(agency=world["si"], organisation=org, text="Slovenian private note")
    client = client_for(world["lv_staff"])
    for response in (client.get(detail(org)), client.get(LIST), client.get(LIST, {"scope": "mine"})):
        assert response.status_code == 200
        assert "Slovenian secret tag" not in response.content.decode()
        assert "Slovenian private note" not in response.content.decode()
    assert client.get(detail(org)).json()["tags"] == []


def test_notes_are_not_part_of_the_api_even_for_their_own_agency(client_for, world):
    StaffNote.objects.create(agency=world["si"], organisation=world["private_si"], text="Call after the summer")
    response = client_for(world["si_staff"]).get(detail(world["private_si"]))
    assert "Call after the summer" not in response.content.decode()


def test_anonymous_users_see_no_tags(api_client, world):
    OrganisationTag.objects.create(agency=world["si"], organisation=world["public_si"], name="Host 2020")
    response = api_client.get(detail(world["public_si"]))
    assert response.json()["tags"] == []
    assert "Host 2020" not in response.content.decode()


# Pagination


def test_list_is_paginated_with_count_and_links(api_client, make_organisation):
    for n in range(30):
        make_organisation(legal_name=f"Zavod {n:02d}", public_listing=True)
    first = api_client.get(LIST).json()
    assert first["count"] == 30
    assert len(first["results"]) == 25
    assert first["previous"] is None
    second = api_client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


def test_page_size_can_be_chosen(api_client, make_organisation):
    for n in range(12):
        make_organisation(legal_name=f"Zavod {n:02d}", public_listing=True)
    body = api_client.get(LIST, {"page_size": 5, "page": 3}).json()
    assert [r["legal_name"] for r in body["results"]] == ["Zavod 10", "Zavod 11"]


def test_page_past_the_end_is_404_in_the_error_shape(api_client, world):
    response = api_client.get(LIST, {"page": 99})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_staff_see_their_tags_in_every_list_scope(client_for, world):
    OrganisationTag.objects.create(agency=world["si"], organisation=world["public_si"], name="Host 2020")
    client = client_for(world["si_staff"])
    for scope in ("visible", "public", "mine"):
        rows = {row["id"]: row for row in client.get(LIST, {"scope": scope}).json()["results"]}
        assert rows[world["public_si"].pk]["tags"] == ["Host 2020"]


def test_list_query_count_does_not_grow_with_the_page(client_for, make_organisation, world):
    client = client_for(world["si_staff"])
    client.get(LIST)  # the token's first use is recorded once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, {"page_size": 100}).status_code == 200
        return len(captured)

    before = queries()
    for n in range(10):
        org = make_organisation(legal_name=f"Zavod {n}", agencies=[world["si"]], target_groups=["health"],
                                languages=["sl"])
        OrganisationTag.objects.create(agency=world["si"], organisation=org, name="Batch")
    assert queries() == before
