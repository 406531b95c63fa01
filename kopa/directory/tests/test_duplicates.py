import pytest

from django.urls import reverse

from kopa.core.errors import PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry, Job
from kopa.directory.duplicates.selectors import duplicate_pairs
from kopa.directory.duplicates.services import organisation_merge
from kopa.directory.models import (
    Affiliation,
    Organisation,
    OrganisationTag,
    Person,
    Representative,
    StaffNote,
)
from kopa.directory.rules import SIMILARITY_THRESHOLD, name_key
from kopa.programmes.models import Project, ProjectPartner


@pytest.fixture
def agency(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def officer(make_user, agency):
    return make_user(agency=agency)


def _pair_names(pairs):
    return {frozenset((p.first["legal_name"], p.second["legal_name"])) for p in pairs}


def test_legal_form_words_and_punctuation_do_not_count_in_names():
    assert name_key("Društvo Mladi zmaji, d.o.o.") == "mladi zmaji"
    assert name_key("Biedrība „Jauniešu māja”") == "jauniesu maja"
    assert name_key("Zavod") == "zavod"


def test_similar_names_in_the_same_town_are_paired(officer, agency, make_organisation):
    make_organisation(legal_name="Društvo Mladi zmaji", city="Ljubljana", agencies=[agency])
    make_organisation(legal_name="Mladi Zmaji", city="ljubljana", agencies=[agency])
    make_organisation(legal_name="Mladi zmaji", city="Celje", agencies=[agency])
    make_organisation(legal_name="Zavod Bober", city="Ljubljana", agencies=[agency])
    pairs = duplicate_pairs(user=officer)
    assert _pair_names(pairs) == {frozenset({"Društvo Mladi zmaji", "Mladi Zmaji"})}
    assert pairs[0].score >= SIMILARITY_THRESHOLD


def test_same_town_name_in_another_country_is_not_a_pair(officer, agency, make_organisation):
    make_organisation(legal_name="Youth house", city="Valga", country="EE", agencies=[agency])
    make_organisation(legal_name="Youth house", city="Valga", country="LV", agencies=[agency])
    assert duplicate_pairs(user=officer) == []


def test_pairs_are_only_found_within_the_officers_scope(officer, agency, make_organisation, make_agency):
    make_organisation(legal_name="Mladi zmaji", agencies=[agency])
    make_organisation(legal_name="Mladi zmaji", agencies=[make_agency(country="LV")])
    assert duplicate_pairs(user=officer) == []


@pytest.fixture
def linked_pair(agency, officer, make_organisation, make_user, make_agency):
    """Two records of one organisation, each with every kind of linked record."""
    other_agency = make_agency(country="LV")
    keep = make_organisation(legal_name="Mladi zmaji", agencies=[agency], target_groups=["disability"],
                             languages=["sl"], description={"sl": "Opis"})
    merge = make_organisation(legal_name="Društvo Mladi zmaji", agencies=[agency, other_agency],
                              oid="E10000001", website="https://zmaji.example.org", can_host=True,
                              target_groups=["neet"], languages=["en"],
                              description={"en": "Description", "sl": "Drug opis"})
    ana, bor = Person.objects.create(first_name="Ana", last_name="Primer"), Person.objects.create(
        first_name="Bor", last_name="Zgled")
    Affiliation.objects.create(person=ana, organisation=keep, role="contact")
    Affiliation.objects.create(person=ana, organisation=merge, role="contact", title="Coordinator")
    Affiliation.objects.create(person=bor, organisation=merge, role="youth_worker")
    StaffNote.objects.create(agency=agency, organisation=merge, author=officer, text="Met at the fair.")
    OrganisationTag.objects.create(agency=agency, organisation=keep, name="2019")
    OrganisationTag.objects.create(agency=agency, organisation=merge, name="2019")
    OrganisationTag.objects.create(agency=agency, organisation=merge, name="rural")
    rep_user, pending_user = make_user(), make_user()
    Representative.objects.create(user=rep_user, organisation=merge, status="approved")
    Representative.objects.create(user=pending_user, organisation=keep, status="pending")
    Representative.objects.create(user=pending_user, organisation=merge, status="approved")
    led = Project.objects.create(agency=agency, title={"en": "Bridges"}, programme="erasmus_plus",
                                 lead=merge, status="running")
    shared = Project.objects.create(agency=agency, title={"en": "Roots"}, programme="esc",
                                    lead=make_organisation(agencies=[agency]), status="approved")
    ProjectPartner.objects.create(project=shared, organisation=keep, country="SI")
    ProjectPartner.objects.create(project=shared, organisation=merge, country="SI")
    ProjectPartner.objects.create(project=led, organisation=merge, country="SI")
    return {"keep": keep, "merge": merge, "ana": ana, "bor": bor, "rep_user": rep_user,
            "pending_user": pending_user, "led": led, "shared": shared, "other_agency": other_agency}


def test_merge_moves_every_linked_record_to_the_kept_organisation(officer, agency, linked_pair):
    keep, merge = linked_pair["keep"], linked_pair["merge"]
    merge_pk = merge.pk
    organisation_merge(actor=officer, keep=keep, merge=merge)

    assert not Organisation.objects.filter(pk=merge_pk).exists()
    assert {(a.person.first_name, a.role, a.title) for a in keep.affiliations.all()} == {
        ("Ana", "contact", "Coordinator"), ("Bor", "youth_worker", "")}
    assert list(keep.staff_notes.values_list("text", flat=True)) == ["Met at the fair."]
    assert sorted(keep.tags.values_list("name", flat=True)) == ["2019", "rural"]
    assert {(r.user, r.status) for r in keep.representatives.all()} == {
        (linked_pair["rep_user"], "approved"), (linked_pair["pending_user"], "approved")}
    assert Project.objects.get(pk=linked_pair["led"].pk).lead == keep
    assert set(ProjectPartner.objects.filter(organisation=keep).values_list("project", flat=True)) == {
        linked_pair["led"].pk, linked_pair["shared"].pk}
    assert set(keep.agencies.all()) == {agency, linked_pair["other_agency"]}
    assert sorted(keep.target_groups.values_list("code", flat=True)) == ["disability", "neet"]
    assert sorted(keep.working_languages.values_list("code", flat=True)) == ["en", "sl"]


def test_merge_fills_the_kept_organisations_empty_fields_and_takes_the_oid(officer, linked_pair):
    keep = organisation_merge(actor=officer, keep=linked_pair["keep"], merge=linked_pair["merge"])
    keep.refresh_from_db()
    assert keep.legal_name == "Mladi zmaji"
    assert keep.oid == "E10000001" and keep.website == "https://zmaji.example.org" and keep.can_host
    assert keep.description == {"sl": "Opis", "en": "Description"}
    assert "e10000001" in keep.search_text


def test_merge_is_recorded_on_both_organisations(officer, linked_pair):
    keep, merge = linked_pair["keep"], linked_pair["merge"]
    merge_pk = merge.pk
    organisation_merge(actor=officer, keep=keep, merge=merge)
    entry = AuditEntry.objects.get(object_id=str(keep.pk), action="merge")
    assert entry.actor == officer
    assert "Društvo Mladi zmaji" in entry.changes["merged_organisation"][1]
    assert entry.changes["oid"] == [None, "E10000001"]
    assert "1 moved, 1 already present" in entry.changes["moved:directory.organisationtag"][1]
    assert AuditEntry.objects.filter(object_id=str(merge_pk), action="merge").exists()


def test_merging_outside_the_officers_scope_is_refused_and_changes_nothing(
        officer, agency, make_organisation, make_agency):
    keep = make_organisation(legal_name="Mladi zmaji", agencies=[agency])
    foreign = make_organisation(legal_name="Mladi zmaji", agencies=[make_agency(country="LV")])
    with pytest.raises(PermissionDenied):
        organisation_merge(actor=officer, keep=keep, merge=foreign)
    assert Organisation.objects.filter(pk=foreign.pk).exists()


def test_an_organisation_cannot_be_merged_into_itself(officer, agency, make_organisation):
    org = make_organisation(agencies=[agency])
    with pytest.raises(ValidationFailed):
        organisation_merge(actor=officer, keep=org, merge=org)
    assert Organisation.objects.filter(pk=org.pk).exists()


# --- pages ---------------------------------------------------------------------------------------


def test_duplicates_page_lists_pairs_with_a_link_to_compare(client, officer, agency, make_organisation):
    first = make_organisation(legal_name="Mladi zmaji", agencies=[agency])
    second = make_organisation(legal_name="Društvo Mladi zmaji", agencies=[agency])
    client.force_login(officer)
    page = client.get(reverse("directory:duplicates")).content.decode()
    assert "<caption>" in page and 'scope="col"' in page
    assert f"{reverse('directory:merge', args=[first.pk])}?other={second.pk}" in page


def test_merge_page_offers_similar_organisations(client, officer, agency, make_organisation):
    org = make_organisation(legal_name="Mladi zmaji", agencies=[agency])
    similar = make_organisation(legal_name="Mladi zmaji, društvo", agencies=[agency])
    client.force_login(officer)
    page = client.get(reverse("directory:merge", args=[org.pk])).content.decode()
    assert f"?other={similar.pk}" in page


def test_merging_through_the_page_keeps_the_chosen_organisation(
        client, officer, agency, make_organisation, django_capture_on_commit_callbacks):
    first = make_organisation(legal_name="Mladi zmaji", agencies=[agency])
    second = make_organisation(legal_name="Društvo Mladi zmaji", agencies=[agency], oid="E10000001")
    client.force_login(officer)
    url = reverse("directory:merge", args=[first.pk])
    page = client.get(url, {"other": second.pk}).content.decode()
    assert 'scope="row"' in page and "E10000001" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"other": second.pk, "keep": second.pk})

    # The merge runs in the background; its page says it is done and links the kept organisation.
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:job", args=[job.public_id])
    progress = client.get(response.url).content.decode()
    assert "“Mladi zmaji” is merged into “Društvo Mladi zmaji”." in progress
    assert f'href="{reverse("directory:staff_detail", args=[second.pk])}"' in progress
    assert list(Organisation.objects.values_list("pk", flat=True)) == [second.pk]


def test_a_merge_that_cannot_be_done_any_more_fails_with_a_message(
        client, officer, agency, make_organisation, django_capture_on_commit_callbacks):
    first = make_organisation(legal_name="Mladi zmaji", agencies=[agency])
    second = make_organisation(legal_name="Društvo Mladi zmaji", agencies=[agency])
    client.force_login(officer)
    url = reverse("directory:merge", args=[first.pk])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url, {"other": second.pk, "keep": second.pk})
    first.delete()  # someone else deleted it before the job ran

    for callback in queued:
        callback()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    page = client.get(response.url)
    assert page.status_code == 200 and "no longer exists, or you may no longer see it" in page.content.decode()
    assert 'class="status-bad"' in page.content.decode()


def test_merge_form_without_a_choice_shows_the_error_next_to_the_field(
        client, officer, agency, make_organisation):
    first = make_organisation(agencies=[agency])
    second = make_organisation(agencies=[agency])
    client.force_login(officer)
    response = client.post(reverse("directory:merge", args=[first.pk]), {"other": second.pk})
    assert response.status_code == 200 and 'id="id_keep_errors"' in response.content.decode()
    assert Organisation.objects.count() == 2


def test_staff_of_another_agency_get_404_and_nothing_is_merged(
        client, agency, make_organisation, make_agency, make_user):
    first = make_organisation(legal_name="Mladi zmaji", agencies=[agency])
    second = make_organisation(legal_name="Društvo Mladi zmaji", agencies=[agency])
    client.force_login(make_user(agency=make_agency(country="LV")))
    url = reverse("directory:merge", args=[first.pk])
    assert client.get(url, {"other": second.pk}).status_code == 404
    assert client.post(url, {"other": second.pk, "keep": first.pk}).status_code == 404
    assert "Mladi zmaji" not in client.get(reverse("directory:duplicates")).content.decode()
    assert Organisation.objects.count() == 2


def test_people_who_are_not_staff_do_not_see_the_duplicates_pages(client, make_user, agency, make_organisation):
    org = make_organisation(agencies=[agency])
    client.force_login(make_user())
    assert client.get(reverse("directory:duplicates")).status_code == 404
    assert client.get(reverse("directory:merge", args=[org.pk])).status_code == 404


def test_a_merge_keeps_another_agencys_private_records_and_never_counts_them(
        officer, agency, linked_pair, make_user):
    """Another agency's notes and tags move with the organisation, but the history the merging agency
    (and everyone else) reads says nothing about how many there were."""
    other = linked_pair["other_agency"]
    other_officer = make_user(agency=other)
    keep, merge = linked_pair["keep"], linked_pair["merge"]
    StaffNote.objects.create(agency=other, organisation=merge, author=other_officer, text="Private to LV")
    OrganisationTag.objects.create(agency=other, organisation=merge, name="lv-only-1")
    OrganisationTag.objects.create(agency=other, organisation=merge, name="lv-only-2")

    organisation_merge(actor=officer, keep=keep, merge=merge)

    assert set(keep.staff_notes.values_list("text", flat=True)) == {"Met at the fair.", "Private to LV"}
    assert {"lv-only-1", "lv-only-2"} <= set(keep.tags.values_list("name", flat=True))
    changes = AuditEntry.objects.get(object_id=str(keep.pk), action="merge").changes
    assert changes["moved:directory.staffnote"][1].startswith("1 moved")
    assert changes["moved:directory.organisationtag"][1].startswith("1 moved, 1 already present")
