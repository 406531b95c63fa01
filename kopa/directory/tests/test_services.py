import pytest

from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.models import Organisation, Representative, TargetGroup
from kopa.directory.organisations import services


def _data(**overrides):
    data = {"legal_name": "Društvo Mladi za Celje", "type": "ngo", "country": "SI", "city": "Celje",
            "oid": "E10000042", "experience": "none", "description": {"en": "Youth work", "sl": "Mladinsko delo"}}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_create_organisation_in_their_inventory_with_audit(make_agency, make_user):
    agency = make_agency()
    officer = make_user(agency=agency)
    org = services.organisation_create(actor=officer, agency=agency, data=_data(
        target_groups=TargetGroup.objects.filter(code="disability")))
    assert list(org.agencies.all()) == [agency]
    assert org.description == {"en": "Youth work", "sl": "Mladinsko delo"}
    assert "mladinsko delo" in org.search_text
    entry = AuditEntry.objects.get(object_id=str(org.pk))
    assert entry.actor == officer and entry.action == "create"
    assert entry.changes["legal_name"] == [None, "Društvo Mladi za Celje"]


@pytest.mark.django_db
def test_staff_of_another_agency_cannot_create_in_it(make_agency, make_user):
    officer = make_user(agency=make_agency())
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=officer, agency=make_agency(country="LV"), data=_data())
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_bad_oid_is_refused_with_the_field_named_and_nothing_saved(make_agency, make_user):
    agency = make_agency()
    officer = make_user(agency=agency)
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_create(actor=officer, agency=agency, data=_data(oid="E123"))
    assert "oid" in exc.value.fields
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_oid_is_normalised_to_upper_case(make_agency, make_user):
    agency = make_agency()
    org = services.organisation_create(actor=make_user(agency=agency), agency=agency, data=_data(oid=" e10000042 "))
    assert org.oid == "E10000042"


@pytest.mark.django_db
def test_duplicate_oid_is_a_validation_error(make_agency, make_user, make_organisation):
    agency = make_agency()
    make_organisation(oid="E10000042")
    with pytest.raises(ValidationFailed) as exc:
        services.organisation_create(actor=make_user(agency=agency), agency=agency, data=_data())
    assert "oid" in exc.value.fields


@pytest.mark.django_db
def test_update_records_only_what_changed(make_agency, make_user, make_organisation):
    agency = make_agency()
    org = make_organisation(agencies=[agency], city="Celje")
    officer = make_user(agency=agency)
    services.organisation_update(actor=officer, organisation=org, data={"city": "Velenje"})
    entry = AuditEntry.objects.filter(object_id=str(org.pk)).first()
    assert entry.changes == {"city": ["Celje", "Velenje"]}
    services.organisation_update(actor=officer, organisation=org, data={"city": "Velenje"})
    assert AuditEntry.objects.filter(object_id=str(org.pk)).count() == 1


@pytest.mark.django_db
def test_representative_edits_only_own_organisation(make_user, make_organisation):
    own, other = make_organisation(), make_organisation()
    rep = make_user()
    Representative.objects.create(user=rep, organisation=own, status=Representative.Status.APPROVED)
    services.organisation_update(actor=rep, organisation=own, data={"city": "Ptuj"})
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=rep, organisation=other, data={"city": "Ptuj"})
    other.refresh_from_db()
    assert other.city == "Ljubljana"


@pytest.mark.django_db
def test_pending_representative_cannot_edit(make_user, make_organisation):
    org = make_organisation()
    rep = make_user()
    Representative.objects.create(user=rep, organisation=org)
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=rep, organisation=org, data={"city": "Ptuj"})


@pytest.mark.django_db
def test_public_listing_records_the_consent_time_and_clears_it_on_withdrawal(make_agency, make_user, make_organisation):
    agency = make_agency()
    org = make_organisation(agencies=[agency])
    officer = make_user(agency=agency)
    org = services.organisation_update(actor=officer, organisation=org, data={"public_listing": True})
    assert org.public_listing_consented_at is not None
    org = services.organisation_update(actor=officer, organisation=org, data={"public_listing": False})
    assert org.public_listing_consented_at is None


@pytest.mark.django_db
def test_blank_note_is_refused(make_agency, make_user, make_organisation):
    agency = make_agency()
    org = make_organisation(agencies=[agency])
    with pytest.raises(ValidationFailed):
        services.staff_note_add(actor=make_user(agency=agency), agency=agency, organisation=org, text="   ")
