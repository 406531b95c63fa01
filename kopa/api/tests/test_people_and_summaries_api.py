"""Contact people for agency staff, and the rooms and travel summaries for an event's organisers:
scoped exactly like the staff pages."""

from types import SimpleNamespace

from kopa.directory.models import Affiliation, ConsentRecord, Person
from kopa.events.tests import travel_support


def test_staff_see_the_people_of_their_inventory_as_the_people_page_does(client, client_for, world):
    ana = Person.objects.create(first_name="Ana", last_name="Novak", email="ana@example.org", phone="+386 1")
    Affiliation.objects.create(person=ana, organisation=world["private_si"], role=Affiliation.Role.CONTACT)
    ConsentRecord.objects.create(person=ana, purpose=ConsentRecord.Purpose.AGENCY_CONTACT, given=True)
    ilze = Person.objects.create(first_name="Ilze", last_name="Bērziņa", email="ilze@example.org")
    Affiliation.objects.create(person=ilze, organisation=world["private_lv"], role=Affiliation.Role.CONTACT)
    api = client_for(world["si_staff"])

    listed = api.get("/api/v1/people/")
    found = api.get("/api/v1/people/", {"q": "novak"})
    detail = api.get(f"/api/v1/people/{ana.pk}/")

    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()["results"]] == [ana.pk]
    assert listed.json()["results"][0]["roles"][0]["organisation"]["legal_name"] == "Zavod Ormož"
    assert "phone" not in listed.json()["results"][0]  # the list page does not show it
    assert [p["id"] for p in found.json()["results"]] == [ana.pk]
    assert detail.json()["phone"] == "+386 1" and detail.json()["consents"][0]["given"] is True
    assert api.get(f"/api/v1/people/{ilze.pk}/").status_code == 404
    client.force_login(world["si_staff"])
    assert "Novak" in client.get("/en/staff/people/").content.decode()


def test_people_are_for_agency_staff_only(client_for, api_client, world):
    ana = Person.objects.create(first_name="Ana", last_name="Novak")
    Affiliation.objects.create(person=ana, organisation=world["public_si"], role=Affiliation.Role.CONTACT)

    assert client_for(world["lv_staff"]).get(f"/api/v1/people/{ana.pk}/").status_code == 404
    assert client_for(world["participant"]).get("/api/v1/people/").status_code == 403
    assert client_for(world["participant"]).get(f"/api/v1/people/{ana.pk}/").status_code == 404
    assert client_for(world["representative"]).get(f"/api/v1/people/{ana.pk}/").status_code == 404
    assert api_client.get("/api/v1/people/").status_code == 401
    bad = client_for(world["si_staff"]).get("/api/v1/people/", {"q": "x" * 201})
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"q"}


def travel_event(make_agency, make_user):
    agency = make_agency(country="LV")
    organiser = make_user(agency=agency)
    event = travel_support.build_travel_event(SimpleNamespace(users={"staff": organiser}, agency=agency))
    return event, organiser


def test_organisers_get_the_rooms_page_as_data(client, client_for, make_agency, make_user):
    event, organiser = travel_event(make_agency, make_user)

    response = client_for(organiser).get(f"/api/v1/events/{event.pk}/rooms/")

    assert response.status_code == 200
    body = response.json()
    (double,) = body["room_types"]
    assert double["name"]["en"] == "Double room" and double["beds_per_room"] == 2
    assert [(r["label"], r["taken"]) for r in double["rooms"]] == [("D1", 1), ("D2", 0), ("D3", 0)]
    assert double["rooms"][0]["people"][0]["name"] == "Marta Ozola"
    wish = next(r for r in body["requests"] if r["name"] == "Marta Ozola")
    assert wish["share_with"] == "Kadri" and wish["room"] == "D1"
    assert [(s["room"], s["name"]) for s in body["stays"]] == [("D1", "Marta Ozola")]
    client.force_login(organiser)
    page = client.get(f"/en/staff/events/{event.pk}/rooms/").content.decode()
    assert "Marta Ozola" in page and "Kadri" in page


def test_organisers_get_the_travel_page_as_data(client_for, make_agency, make_user):
    event, organiser = travel_event(make_agency, make_user)

    response = client_for(organiser).get(f"/api/v1/events/{event.pk}/travel/")

    assert response.status_code == 200
    body = response.json()
    assert body["venue_located"] is True
    assert sorted(row["country"] for row in body["countries"]) == ["EE", "LV", "SI"]
    assert body["totals"]["people"] == 3 == sum(row["people"] for row in body["countries"])
    marta = next(p for p in body["participants"] if p["name"] == "Marta Ozola")
    assert marta["sending_country"] == "LV" and marta["travel"]["origin"] == "Ogre"


def test_rooms_and_travel_are_for_the_organisers_only(client_for, api_client, make_agency, make_user):
    event, _organiser = travel_event(make_agency, make_user)
    other_staff = make_user(agency=make_agency(country="SI"))
    participant = make_user()

    for tail in ("rooms", "travel"):
        address = f"/api/v1/events/{event.pk}/{tail}/"
        assert client_for(other_staff).get(address).status_code == 404
        assert client_for(participant).get(address).status_code == 404
        assert api_client.get(address).status_code == 401
        assert client_for(other_staff).get(f"/api/v1/events/999999/{tail}/").status_code == 404
