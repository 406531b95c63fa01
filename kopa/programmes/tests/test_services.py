import datetime as dt

import pytest

from django.utils import translation

from kopa.core import audit
from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.models import Person, TargetGroup
from kopa.programmes import services
from kopa.programmes.models import (
    Cycle,
    Partnership,
    PartnershipMember,
    Project,
    Strand,
    WorkingGroup,
)


@pytest.mark.django_db
def test_staff_creates_partnership_with_slug_made_from_english_name_and_audit_entry(officer, si):
    partnership = services.partnership_create(actor=officer, data={
        "name": {"en": "Social Inclusion Partnership", "sl": "Partnerstvo za vključevanje", "lv": ""},
        "coordinator": si, "start": dt.date(2021, 1, 1), "end": dt.date(2027, 12, 31),
    })
    assert partnership.slug == "social-inclusion-partnership"
    assert partnership.name == {"en": "Social Inclusion Partnership", "sl": "Partnerstvo za vključevanje"}
    entry = audit.history_for(partnership).get()
    assert entry.actor == officer and entry.action == "create"
    assert entry.changes["slug"] == [None, "social-inclusion-partnership"]


@pytest.mark.django_db
def test_partnership_cannot_be_coordinated_by_an_agency_the_actor_does_not_work_for(officer, lv):
    with pytest.raises(PermissionDenied):
        services.partnership_create(actor=officer, data={"name": {"en": "Ours"}, "coordinator": lv})
    assert Partnership.objects.count() == 0


@pytest.mark.django_db
def test_partnership_without_name_or_with_reserved_address_is_refused(officer, si):
    with pytest.raises(ValidationFailed) as exc:
        services.partnership_create(actor=officer, data={"name": {"en": "  "}, "coordinator": si,
                                                         "slug": "projects"})
    assert set(exc.value.fields) == {"name", "slug"}


@pytest.mark.django_db
def test_staff_of_member_agency_may_update_partnership_but_outsider_may_not(
        make_partnership, make_user, si, lv, make_agency):
    partnership = make_partnership(coordinator=si)
    PartnershipMember.objects.create(partnership=partnership, country="LV", agency=lv)
    services.partnership_update(actor=make_user(agency=lv), partnership=partnership,
                                data={"description": {"en": "Inclusion across borders"}})
    partnership.refresh_from_db()
    assert partnership.description == {"en": "Inclusion across borders"}
    with pytest.raises(PermissionDenied):
        services.partnership_update(actor=make_user(agency=make_agency(country="BE")), partnership=partnership,
                                    data={"description": {"en": "Taken over"}})


@pytest.mark.django_db
def test_partnership_update_records_only_what_changed(make_partnership, officer, si):
    partnership = make_partnership(coordinator=si, name={"en": "Old name"})
    services.partnership_update(actor=officer, partnership=partnership, data={"name": {"en": "New name"}})
    entry = audit.history_for(partnership).get()
    assert entry.changes == {"name": [{"en": "Old name"}, {"en": "New name"}]}


@pytest.mark.django_db
def test_ui_actor_none_is_refused_and_only_an_explicit_system_load_passes(si):
    with pytest.raises(PermissionDenied):
        services.partnership_create(actor=None, data={"name": {"en": "Demo"}, "coordinator": si})
    partnership = services.partnership_create(actor=None, data={"name": {"en": "Demo"}, "coordinator": si},
                                              system=True)
    assert audit.history_for(partnership).get().actor is None


@pytest.mark.django_db
def test_member_country_is_unique_and_change_is_audited_on_the_partnership(make_partnership, officer, si, lv):
    partnership = make_partnership(coordinator=si)
    services.partnership_member_add(actor=officer, partnership=partnership, country="LV", agency=lv)
    with pytest.raises(ValidationFailed) as exc:
        services.partnership_member_add(actor=officer, partnership=partnership, country="LV",
                                        agency_name="Another")
    assert "country" in exc.value.fields
    assert partnership.members.count() == 1
    assert audit.history_for(partnership).first().changes["members"][1] == [
        str(partnership.members.get())]


@pytest.mark.django_db
def test_member_agency_must_be_of_the_member_country(make_partnership, officer, si, lv):
    partnership = make_partnership(coordinator=si)
    with pytest.raises(ValidationFailed) as exc:
        services.partnership_member_add(actor=officer, partnership=partnership, country="BE", agency=lv)
    assert "agency" in exc.value.fields


@pytest.mark.django_db
def test_cycle_must_end_after_it_starts_with_a_message_on_the_end_field(make_partnership, officer, si):
    partnership = make_partnership(coordinator=si)
    with pytest.raises(ValidationFailed) as exc:
        services.cycle_create(actor=officer, partnership=partnership,
                              data={"name": "2018–2020", "start": dt.date(2020, 1, 1), "end": dt.date(2018, 1, 1)})
    assert exc.value.fields == {"end": ["The end must be after the start."]}
    assert Cycle.objects.count() == 0


@pytest.mark.django_db
def test_cycle_name_is_unique_within_a_partnership(make_partnership, make_cycle, officer, si):
    partnership = make_partnership(coordinator=si)
    make_cycle(partnership=partnership, name="2021–2027")
    with pytest.raises(ValidationFailed) as exc:
        services.cycle_create(actor=officer, partnership=partnership,
                              data={"name": "2021–2027", "start": dt.date(2021, 1, 1), "end": dt.date(2022, 1, 1)})
    assert list(exc.value.fields) == ["name"]


@pytest.mark.django_db
def test_cycle_update_is_audited(make_partnership, make_cycle, officer, si):
    cycle = make_cycle(partnership=make_partnership(coordinator=si))
    services.cycle_update(actor=officer, cycle=cycle, data={"end": dt.date(2028, 6, 30)})
    assert audit.history_for(cycle).get().changes == {"end": ["2027-12-31", "2028-06-30"]}


@pytest.mark.django_db
def test_strand_keeps_its_target_groups_in_the_audit_log(make_partnership, officer, si):
    disability = TargetGroup.objects.get(code="disability")
    strand = services.strand_create(actor=officer, partnership=make_partnership(coordinator=si),
                                    data={"name": {"en": "Disability"}, "target_groups": [disability]})
    assert list(strand.target_groups.all()) == [disability]
    assert audit.history_for(strand).get().changes["target_groups"] == [None, [str(disability)]]


@pytest.mark.django_db
def test_strand_of_someone_elses_partnership_is_refused(make_partnership, make_user, si, lv):
    partnership = make_partnership(coordinator=si)
    with pytest.raises(PermissionDenied):
        services.strand_create(actor=make_user(agency=lv), partnership=partnership, data={"name": {"en": "X"}})
    assert Strand.objects.count() == 0


@pytest.mark.django_db
def test_working_group_members_come_from_people_in_scope(officer, si, make_organisation):
    from kopa.directory.models import Affiliation

    mine = Person.objects.create(first_name="Nika", last_name="Vidmar")
    Affiliation.objects.create(person=mine, organisation=make_organisation(agencies=[si]))
    stranger = Person.objects.create(first_name="Zane", last_name="Kalniņa")
    group = services.working_group_create(actor=officer, agency=si,
                                          data={"name": {"en": "Quality"}, "members": [mine]})
    with pytest.raises(ValidationFailed):
        services.working_group_member_add(actor=officer, group=group, person=stranger)
    assert list(group.members.all()) == [mine]
    services.working_group_member_remove(actor=officer, group=group, person=mine)
    changes = audit.history_for(group).first().changes
    assert changes == {"members": [["Nika Vidmar"], []]}


@pytest.mark.django_db
def test_working_group_of_another_agency_cannot_be_changed(make_working_group, make_user, si, lv):
    group = make_working_group(agency=si)
    with pytest.raises(PermissionDenied):
        services.working_group_update(actor=make_user(agency=lv), group=group, data={"name": {"en": "Mine"}})
    assert WorkingGroup.objects.get().name == {"en": "Youth work quality"}


@pytest.mark.django_db
def test_project_with_partners_from_two_countries(officer, si, make_organisation):
    lead = make_organisation(agencies=[si], legal_name="Center ponovne uporabe")
    partner = make_organisation(country="HR", city="Čakovec", public_listing=True)
    project = services.project_create(actor=officer, agency=si, data={
        "title": {"en": "2SoKrog"}, "acronym": "2SoKrog", "programme": Project.Programme.INTERREG,
        "lead": lead, "status": Project.Status.RUNNING, "start": dt.date(2024, 1, 1), "end": dt.date(2026, 6, 30),
        "partners": [(partner, None)],
    })
    assert [(p.organisation, p.country.code) for p in project.partners.all()] == [(partner, "HR")]
    history = list(audit.history_for(project))
    assert [e.action for e in history] == ["update", "create"]


@pytest.mark.django_db
def test_project_must_end_after_it_starts_and_nothing_is_saved(officer, si, make_organisation):
    with pytest.raises(ValidationFailed) as exc:
        services.project_create(actor=officer, agency=si, data={
            "title": {}, "programme": "erasmus_plus", "lead": make_organisation(agencies=[si]),
            "status": "planned", "start": dt.date(2025, 1, 1), "end": dt.date(2024, 1, 1),
        })
    assert set(exc.value.fields) == {"title", "end"}
    assert Project.objects.count() == 0 and AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_project_lead_must_be_visible_to_the_actor(officer, si, lv, make_organisation):
    hidden = make_organisation(agencies=[lv], country="LV")
    with pytest.raises(ValidationFailed) as exc:
        services.project_create(actor=officer, agency=si, data={
            "title": {"en": "T"}, "programme": "erasmus_plus", "lead": hidden, "status": "planned"})
    assert list(exc.value.fields) == ["lead"]


@pytest.mark.django_db
def test_the_same_partner_twice_is_a_clear_error(officer, si, make_project, make_organisation):
    project = make_project(agency=si)
    partner = make_organisation(agencies=[si])
    services.project_partner_add(actor=officer, project=project, organisation=partner, country="AT")
    with pytest.raises(ValidationFailed) as exc:
        services.project_partner_add(actor=officer, project=project, organisation=partner)
    assert list(exc.value.fields) == ["organisation"]
    assert project.partners.get().country.code == "AT"


@pytest.mark.django_db
def test_removing_a_partner_is_audited(officer, si, make_project, make_organisation):
    project = make_project(agency=si)
    partner = services.project_partner_add(actor=officer, project=project,
                                           organisation=make_organisation(agencies=[si], legal_name="Zavod Bob"))
    services.project_partner_remove(actor=officer, partner=partner)
    assert project.partners.count() == 0
    assert audit.history_for(project).first().changes == {"partners": [["Zavod Bob (SI)"], []]}


@pytest.mark.django_db
def test_superuser_may_change_any_agencys_project(make_user, si, make_project):
    project = make_project(agency=si)
    services.project_update(actor=make_user(superuser=True), project=project, data={"status": "completed"})
    project.refresh_from_db()
    assert project.status == "completed"


@pytest.mark.django_db
def test_project_title_falls_back_to_english(officer, si, make_project):
    project = make_project(agency=si, title={"en": "Green youth", "lv": "Zaļā jaunatne"})
    with translation.override("lv"):
        assert project.title_text == "Zaļā jaunatne"
    with translation.override("sl"):
        assert project.title_text == "Green youth"
