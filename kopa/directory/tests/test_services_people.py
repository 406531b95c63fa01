import pytest

from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.directory.models import Affiliation, ConsentRecord, Person
from kopa.directory.people import services


@pytest.mark.django_db
def test_contact_person_is_not_created_when_the_role_is_unknown(make_agency, make_user, make_organisation):
    agency = make_agency()
    with pytest.raises(ValidationFailed) as exc:
        services.contact_person_add(actor=make_user(agency=agency), organisation=make_organisation(agencies=[agency]),
                                    role="boss", first_name="Nika", last_name="Vidmar")
    assert list(exc.value.fields) == ["role"]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_contact_person_needs_an_organisation_the_actor_may_edit(make_agency, make_user, make_organisation):
    with pytest.raises(PermissionDenied):
        services.contact_person_add(actor=make_user(agency=make_agency()),
                                    organisation=make_organisation(agencies=[make_agency(country="LV")]),
                                    role="contact", first_name="Nika", last_name="Vidmar")
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_consent_is_recorded_by_staff_in_scope_or_the_person_themself_only(make_agency, make_user, make_organisation):
    agency = make_agency()
    own_user = make_user()
    person = Person.objects.create(first_name="Nika", last_name="Vidmar", user=own_user)
    Affiliation.objects.create(person=person, organisation=make_organisation(agencies=[agency]))
    services.consent_record(actor=make_user(agency=agency), person=person, purpose="photos", given=True)
    services.consent_record(actor=own_user, person=person, purpose="photos", given=False)
    with pytest.raises(PermissionDenied):
        services.consent_record(actor=make_user(agency=make_agency(country="LV")), person=person,
                                purpose="photos", given=True)
    assert list(ConsentRecord.objects.order_by("id").values_list("given", flat=True)) == [True, False]


@pytest.mark.django_db
def test_person_details_cannot_be_changed_by_staff_out_of_scope(make_agency, make_user):
    person = Person.objects.create(first_name="Nika", last_name="Vidmar")
    with pytest.raises(PermissionDenied):
        services.person_update(actor=make_user(agency=make_agency()), person=person,
                                       data={"email": "x@example.org"})
    person.refresh_from_db()
    assert person.email == ""
