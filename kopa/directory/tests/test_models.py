import pytest

from django.db import DataError, IntegrityError, transaction

from kopa.directory.models import Affiliation, Organisation, Person


@pytest.mark.django_db
@pytest.mark.parametrize("oid", ["E1234567", "X12345678", "E123456789", "e12345678", "E1234567A"])
def test_database_rejects_malformed_oid(oid):
    # PostgreSQL refuses an over-long value before the check constraint runs (DataError).
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Organisation.objects.create(legal_name="Zavod Bad OID", country="SI", city="Celje", oid=oid)


@pytest.mark.django_db
def test_database_accepts_well_formed_oid_and_none():
    Organisation.objects.create(legal_name="Zavod A", country="SI", city="Celje", oid="E10000001")
    Organisation.objects.create(legal_name="Zavod B", country="SI", city="Celje", oid=None)
    Organisation.objects.create(legal_name="Zavod C", country="SI", city="Celje", oid=None)
    assert Organisation.objects.count() == 3


@pytest.mark.django_db
def test_database_rejects_duplicate_oid():
    Organisation.objects.create(legal_name="Zavod A", country="SI", city="Celje", oid="E10000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(legal_name="Zavod B", country="SI", city="Kranj", oid="E10000001")


@pytest.mark.django_db
def test_public_listing_without_consent_time_is_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(legal_name="Zavod A", country="SI", city="Celje", public_listing=True)


@pytest.mark.django_db
def test_one_affiliation_per_person_organisation_and_role(make_organisation):
    org = make_organisation()
    person = Person.objects.create(first_name="Tina", last_name="Zupan")
    Affiliation.objects.create(person=person, organisation=org, role=Affiliation.Role.CONTACT)
    Affiliation.objects.create(person=person, organisation=org, role=Affiliation.Role.YOUTH_WORKER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(person=person, organisation=org, role=Affiliation.Role.CONTACT)


@pytest.mark.django_db
def test_reference_data_holds_eight_barrier_categories_and_neet():
    from kopa.directory.models import TargetGroup

    categories = set(TargetGroup.objects.filter(is_barrier_category=True).values_list("code", flat=True))
    assert categories == {
        "disability", "health", "education", "cultural", "social", "economic", "discrimination", "geographical"
    }
    neet = TargetGroup.objects.get(code="neet")
    assert neet.parent.code == "education"
    assert set(neet.name) == {"en", "sl", "lv"}
