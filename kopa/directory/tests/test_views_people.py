import pytest

from kopa.core import audit
from kopa.directory.models import Affiliation, ConsentRecord, Person


@pytest.fixture
def si(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def org(make_organisation, si):
    return make_organisation(agencies=[si], legal_name="Mladinski center Celje", public_listing=True)


@pytest.fixture
def officer(make_user, si):
    return make_user(agency=si)


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def contact(org):
    person = Person.objects.create(first_name="Tina", last_name="Zupan", email="tina.zupan@example.org",
                                   phone="+386 40 000 000")
    Affiliation.objects.create(person=person, organisation=org, role=Affiliation.Role.CONTACT)
    return person


def _person_form(**extra):
    data = {"first_name": "Nika", "last_name": "Vidmar", "email": "nika@example.org", "phone": "",
            "role": "youth_worker", "title": "Outreach worker"}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_staff_adds_a_contact_person_with_a_first_role(staff_client, org, officer):
    response = staff_client.post(f"/en/staff/organisations/{org.pk}/people/new/", _person_form())
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/staff/people/{person.pk}/")
    affiliation = person.affiliations.get()
    assert (affiliation.organisation, affiliation.role, affiliation.title) == (org, "youth_worker", "Outreach worker")
    assert [e.actor for e in audit.history_for(person)] == [officer, officer]


@pytest.mark.django_db
def test_contact_person_form_errors_are_shown_and_nothing_is_saved(staff_client, org):
    response = staff_client.post(f"/en/staff/organisations/{org.pk}/people/new/",
                                 _person_form(last_name="", email="not-an-address"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_last_name_errors"' in body and 'id="id_email_errors"' in body
    assert Person.objects.count() == 0 and Affiliation.objects.count() == 0


@pytest.mark.django_db
def test_organisation_page_links_to_adding_a_contact_person(staff_client, org, contact):
    body = staff_client.get(f"/en/staff/organisations/{org.pk}/").content.decode()
    assert f"/en/staff/organisations/{org.pk}/people/new/" in body
    assert f"/en/staff/people/{contact.pk}/" in body


@pytest.mark.django_db
def test_the_same_role_twice_is_a_form_error_not_a_crash(staff_client, org, contact):
    response = staff_client.post(f"/en/staff/people/{contact.pk}/roles/{org.pk}/new/", {"role": "contact"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_role_errors"' in body and "This person already has this role here." in body
    assert contact.affiliations.count() == 1
    other_role = staff_client.post(f"/en/staff/people/{contact.pk}/roles/{org.pk}/new/",
                                   {"role": "board_member", "title": "Chair"})
    assert other_role.status_code == 302
    assert contact.affiliations.count() == 2


@pytest.mark.django_db
def test_person_page_finds_organisations_to_add_a_role_at(staff_client, org, contact, make_organisation, si):
    other = make_organisation(agencies=[si], legal_name="Zavod Celeia")
    body = staff_client.get(f"/en/staff/people/{contact.pk}/", {"q": "celeia"}).content.decode()
    assert f"/en/staff/people/{contact.pk}/roles/{other.pk}/new/" in body


@pytest.mark.django_db
def test_removing_a_role_is_audited(staff_client, org, contact, officer):
    affiliation = contact.affiliations.get()
    assert staff_client.post(f"/en/staff/people/{contact.pk}/",
                             {"remove-affiliation": affiliation.pk}).status_code == 302
    assert contact.affiliations.count() == 0
    entry = audit.history_for(contact).first()
    assert entry.actor == officer and entry.changes["affiliation"][1] is None


@pytest.mark.django_db
def test_consent_given_then_withdrawn_is_kept_as_history(staff_client, contact, officer):
    url = f"/en/staff/people/{contact.pk}/"
    staff_client.post(url, {"consent-purpose": "newsletter", "consent-given": "yes",
                            "consent-source": "Signed form"})
    staff_client.post(url, {"consent-purpose": "newsletter", "consent-given": "no"})
    records = list(ConsentRecord.objects.filter(person=contact).order_by("id"))
    assert [r.given for r in records] == [True, False]
    assert records[0].recorded_by == officer and records[0].source == "Signed form"
    page = staff_client.get(url).content.decode()
    assert "Withdrawn" in page and "Given" in page and "Signed form" in page


@pytest.mark.django_db
def test_consent_without_a_choice_is_explained(staff_client, contact):
    response = staff_client.post(f"/en/staff/people/{contact.pk}/", {"consent-purpose": "newsletter"})
    assert response.status_code == 200 and 'id="id_consent-given_errors"' in response.content.decode()
    assert ConsentRecord.objects.count() == 0


@pytest.mark.django_db
def test_staff_edits_a_person_and_the_change_is_in_the_history(staff_client, contact):
    url = f"/en/staff/people/{contact.pk}/edit/"
    assert 'value="tina.zupan@example.org"' in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"first_name": "Tina", "last_name": "Zupan Novak",
                                       "email": "tina@example.org", "phone": ""})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.last_name == "Zupan Novak"
    page = staff_client.get(f"/en/staff/people/{contact.pk}/").content.decode()
    assert "Change history" in page and "Zupan Novak" in page


@pytest.mark.django_db
def test_people_list_searches_within_scope(staff_client, contact, make_organisation, make_agency):
    outsider = Person.objects.create(first_name="Zane", last_name="Zupan", email="zane@example.org")
    Affiliation.objects.create(person=outsider, organisation=make_organisation(agencies=[make_agency(country="LV")]))
    body = staff_client.get("/en/staff/people/", {"q": "zupan"}).content.decode()
    assert "tina.zupan@example.org" in body and "zane@example.org" not in body


@pytest.mark.django_db
def test_staff_of_another_agency_cannot_see_or_change_a_person(client, make_user, make_agency, contact, org):
    client.force_login(make_user(agency=make_agency(country="LV")))
    assert client.get(f"/en/staff/people/{contact.pk}/").status_code == 404
    assert client.post(f"/en/staff/people/{contact.pk}/edit/",
                       {"first_name": "X", "last_name": "Y"}).status_code == 404
    assert client.post(f"/en/staff/organisations/{org.pk}/people/new/", _person_form()).status_code == 404
    contact.refresh_from_db()
    assert contact.first_name == "Tina" and Person.objects.count() == 1


@pytest.mark.django_db
def test_contact_details_never_appear_in_the_public_directory(client, org, contact):
    body = client.get(f"/en/directory/{org.pk}/").content.decode()
    assert "Zupan" not in body and "tina.zupan@example.org" not in body and "+386 40" not in body


@pytest.mark.django_db
def test_people_pages_are_hidden_from_non_staff(client, make_user, contact):
    client.force_login(make_user())
    assert client.get("/en/staff/people/").status_code == 404
    assert client.get(f"/en/staff/people/{contact.pk}/").status_code == 404
