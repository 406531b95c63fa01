import pytest

from kopa.directory.models import Affiliation, Person


@pytest.mark.django_db
def test_removing_a_role_with_a_malformed_id_is_404_and_keeps_the_role(
    client, make_agency, make_user, make_organisation
):
    agency = make_agency()
    org = make_organisation(agencies=[agency])
    person = Person.objects.create(first_name="Tina", last_name="Zupan")
    Affiliation.objects.create(person=person, organisation=org)
    client.force_login(make_user(agency=agency))
    response = client.post(f"/en/staff/people/{person.pk}/", {"remove-affiliation": "abc"})
    assert response.status_code == 404
    assert Affiliation.objects.filter(person=person).count() == 1
