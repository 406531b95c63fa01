import pytest

from kopa.core.models import AuditEntry
from kopa.directory.models import Organisation

LIST = "/api/v1/organisations/"

NEW = {
    "legal_name": "Zavod Mladi Celje",
    "country": "SI",
    "city": "Celje",
    "oid": "E10099999",
    "type": "ngo",
    "description": {"en": "Youth work in Celje.", "sl": "Mladinsko delo v Celju."},
    "target_groups": ["disability", "neet"],
    "working_languages": ["sl", "en"],
    "themes": ["inclusion"],
    "can_send": True,
}


def detail(org) -> str:
    return f"/api/v1/organisations/{org.pk}/"


# Creating


def test_agency_staff_create_an_organisation_in_their_inventory(client_for, world):
    response = client_for(world["si_staff"]).post(LIST, NEW, format="json")
    assert response.status_code == 201
    org = Organisation.objects.get(pk=response.json()["id"])
    assert response["Location"].endswith(detail(org))
    assert list(org.agencies.all()) == [world["si"]]
    assert org.description == {"en": "Youth work in Celje.", "sl": "Mladinsko delo v Celju."}
    assert sorted(t.code for t in org.target_groups.all()) == ["disability", "neet"]
    assert org.can_send is True
    assert org.public_listing is False
    body = response.json()
    assert sorted(body["target_groups"]) == ["disability", "neet"]
    assert body["description"]["sl"] == "Mladinsko delo v Celju."


def test_creation_is_audited_with_the_token_owner_as_actor(client_for, world):
    response = client_for(world["si_staff"]).post(LIST, NEW, format="json")
    entry = AuditEntry.objects.get(object_id=str(response.json()["id"]), action="create")
    assert entry.actor == world["si_staff"]


def test_staff_of_two_agencies_choose_the_inventory(client_for, make_user, world):
    from kopa.agencies.models import AgencyMembership

    user = make_user(agency=world["si"])
    AgencyMembership.objects.create(agency=world["lv"], user=user)
    response = client_for(user).post(LIST, {**NEW, "agency": world["lv"].slug}, format="json")
    assert response.status_code == 201
    assert list(Organisation.objects.get(pk=response.json()["id"]).agencies.all()) == [world["lv"]]


def test_staff_cannot_add_to_an_agency_they_do_not_work_for(client_for, world):
    response = client_for(world["si_staff"]).post(LIST, {**NEW, "agency": world["lv"].slug}, format="json")
    assert response.status_code == 400
    assert "agency" in response.json()["error"]["fields"]
    assert not Organisation.objects.filter(legal_name=NEW["legal_name"]).exists()


def test_anonymous_create_is_401(api_client, world):
    response = api_client.post(LIST, NEW, format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("who", ["participant", "representative"])
def test_users_who_are_not_agency_staff_cannot_create(client_for, world, who):
    response = client_for(world[who]).post(LIST, NEW, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Organisation.objects.filter(legal_name=NEW["legal_name"]).exists()


def test_superuser_creates_in_the_first_agency(client_for, make_user, world):
    response = client_for(make_user(superuser=True)).post(LIST, NEW, format="json")
    assert response.status_code == 201
    assert list(Organisation.objects.get(pk=response.json()["id"]).agencies.all()) == [world["si"]]


@pytest.mark.parametrize("oid", ["E1234567", "X12345678", "E1234567A", "12345678"])
def test_malformed_oid_is_refused(client_for, world, oid):
    response = client_for(world["si_staff"]).post(LIST, {**NEW, "oid": oid}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_failed"
    assert "oid" in response.json()["error"]["fields"]


def test_oid_is_normalised_to_upper_case(client_for, world):
    response = client_for(world["si_staff"]).post(LIST, {**NEW, "oid": " e10099999 "}, format="json")
    assert response.json()["oid"] == "E10099999"


def test_duplicate_oid_is_refused(client_for, make_organisation, world):
    make_organisation(oid="E10099999")
    response = client_for(world["si_staff"]).post(LIST, NEW, format="json")
    assert response.status_code == 400
    assert "oid" in response.json()["error"]["fields"]
    assert Organisation.objects.filter(oid="E10099999").count() == 1


@pytest.mark.parametrize("change,field", [
    ({"legal_name": ""}, "legal_name"),
    ({"country": "XX"}, "country"),
    ({"type": "castle"}, "type"),
    ({"target_groups": ["unknown-group"]}, "target_groups"),
    ({"working_languages": ["tlh"]}, "working_languages"),
    ({"description": {"de": "Jugendarbeit"}}, "description"),
    ({"description": "Youth work"}, "description"),
    ({"website": "not a web address"}, "website"),
    ({"email": "nobody"}, "email"),
])
def test_invalid_fields_are_named_and_nothing_is_saved(client_for, world, change, field):
    response = client_for(world["si_staff"]).post(LIST, {**NEW, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Organisation.objects.filter(city="Celje").exists()


def test_missing_required_fields_are_named(client_for, world):
    response = client_for(world["si_staff"]).post(LIST, {}, format="json")
    assert set(response.json()["error"]["fields"]) == {"legal_name", "country", "city"}


# Updating: who may


def test_anonymous_update_is_401(api_client, world):
    response = api_client.patch(detail(world["public_si"]), {"city": "Celje"}, format="json")
    assert response.status_code == 401


def test_participant_cannot_update_a_public_organisation(client_for, world):
    response = client_for(world["participant"]).patch(detail(world["public_si"]), {"city": "Celje"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_participant_gets_404_for_an_unlisted_organisation(client_for, world):
    response = client_for(world["participant"]).patch(detail(world["private_si"]), {"city": "Celje"},
                                                      format="json")
    assert response.status_code == 404


def test_representative_updates_their_own_organisation(client_for, world):
    org = world["represented"]
    response = client_for(world["representative"]).patch(detail(org), {"city": "Bohinj"}, format="json")
    assert response.status_code == 200
    assert response.json()["city"] == "Bohinj"
    org.refresh_from_db()
    assert org.city == "Bohinj"


def test_representative_cannot_update_another_public_organisation(client_for, world):
    response = client_for(world["representative"]).patch(detail(world["public_si"]), {"city": "Bled"},
                                                         format="json")
    assert response.status_code == 403


def test_representative_gets_404_for_another_unlisted_organisation(client_for, world):
    response = client_for(world["representative"]).patch(detail(world["private_si"]), {"city": "Bled"},
                                                         format="json")
    assert response.status_code == 404


def test_pending_representative_cannot_update(client_for, make_user, world):
    from kopa.directory.models import Representative

    user = make_user()
    Representative.objects.create(user=user, organisation=world["public_si"])
    response = client_for(user).patch(detail(world["public_si"]), {"city": "Celje"}, format="json")
    assert response.status_code == 403


def test_staff_update_an_organisation_in_their_scope(client_for, world):
    response = client_for(world["si_staff"]).patch(detail(world["private_si"]), {"legal_name": "Zavod Ormož 2"},
                                                   format="json")
    assert response.status_code == 200
    assert Organisation.objects.get(pk=world["private_si"].pk).legal_name == "Zavod Ormož 2"


def test_staff_get_404_for_an_unlisted_organisation_outside_their_scope(client_for, world):
    response = client_for(world["si_staff"]).patch(detail(world["private_lv"]), {"city": "Cēsis"}, format="json")
    assert response.status_code == 404
    assert Organisation.objects.get(pk=world["private_lv"].pk).city == "Rīga"


def test_staff_cannot_update_a_public_organisation_outside_their_scope(client_for, world):
    response = client_for(world["si_staff"]).patch(detail(world["public_lv"]), {"city": "Cēsis"}, format="json")
    assert response.status_code == 403


def test_superuser_updates_any_organisation(client_for, make_user, world):
    response = client_for(make_user(superuser=True)).patch(detail(world["private_lv"]), {"city": "Cēsis"},
                                                           format="json")
    assert response.status_code == 200


# Updating: what happens


def test_api_update_writes_an_audit_entry(client_for, world):
    org = world["private_si"]
    client_for(world["si_staff"]).patch(detail(org), {"city": "Ptuj", "target_groups": ["neet", "health"]},
                                        format="json")
    entry = AuditEntry.objects.filter(object_id=str(org.pk), action="update").get()
    assert entry.actor == world["si_staff"]
    assert entry.changes["city"] == ["Ormož", "Ptuj"]
    assert "target_groups" in entry.changes


def test_patch_changes_only_the_fields_sent(client_for, world):
    org = world["public_si"]
    client_for(world["si_staff"]).patch(detail(org), {"description": {"lv": "Jauniešu centrs"}}, format="json")
    org.refresh_from_db()
    assert org.description == {"lv": "Jauniešu centrs"}
    assert org.legal_name == "Mladinski center Laško"
    assert org.public_listing is True


def test_put_needs_the_required_fields(client_for, world):
    response = client_for(world["si_staff"]).put(detail(world["private_si"]), {"city": "Ptuj"}, format="json")
    assert response.status_code == 400
    assert {"legal_name", "country"} <= set(response.json()["error"]["fields"])


def test_put_replaces_the_profile(client_for, world):
    org = world["private_si"]
    response = client_for(world["si_staff"]).put(detail(org), NEW, format="json")
    assert response.status_code == 200
    org.refresh_from_db()
    assert (org.legal_name, org.city, org.oid) == ("Zavod Mladi Celje", "Celje", "E10099999")


def test_public_listing_through_the_api_records_consent_time(client_for, world):
    org = world["represented"]
    response = client_for(world["representative"]).patch(detail(org), {"public_listing": True}, format="json")
    assert response.json()["public_listing_consented_at"] is not None


def test_update_to_an_oid_already_taken_is_refused(client_for, make_organisation, world):
    make_organisation(oid="E10000001")
    response = client_for(world["si_staff"]).patch(detail(world["private_si"]), {"oid": "E10000001"},
                                                   format="json")
    assert response.status_code == 400
    assert "oid" in response.json()["error"]["fields"]
    assert not AuditEntry.objects.filter(object_id=str(world["private_si"].pk)).exists()
