"""Gates of the directory: which organisations and people a user may see and manage.

Agency staff manage the organisations in their agencies' inventories (`staff_scope`); an approved
representative manages the organisation they represent; everyone sees the publicly listed ones. A
person's contact details are for agency staff whose inventory holds one of the person's
organisations, and for the person themself. Pages, the API, imports, merging and the apps above
ask here, so each question has one answer.

Reading and changing are separate: `staff_scope`/`people_scope` are what any role of an agency
(observer included) reads; `staff_write_scope`/`people_write_scope` what admins and staff change.
"""

from django.db.models import Q, QuerySet

from kopa.agencies.policy import Audience, Rule
from kopa.agencies.selectors import (
    agencies_for_staff,
    agencies_for_writer,
    staff_agency_ids,
    writer_agency_ids,
)
from kopa.core.errors import NotFound, PermissionDenied
from kopa.directory.models import (
    DataProtectionRequest,
    Organisation,
    OrganisationProposal,
    Person,
    Representative,
)

# --- scopes ---------------------------------------------------------------------------------------


def staff_scope(user) -> QuerySet[Organisation]:
    """Every organisation in the inventories of the agencies `user` works for (any role: reading)."""
    return _inventory(user, staff_agency_ids(user))


def staff_write_scope(user) -> QuerySet[Organisation]:
    """Every organisation in the inventories of the agencies `user` may change (admin or staff)."""
    return _inventory(user, writer_agency_ids(user))


def _inventory(user, ids) -> QuerySet[Organisation]:
    if not ids:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        id__in=Organisation.agencies.through.objects.filter(agency_id__in=ids).values(
            "organisation_id"
        )
    )


def represented_organisation_ids(user) -> set[int]:
    """The organisations `user` is an approved representative of."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Representative.objects.filter(user=user, status=Representative.Status.APPROVED).values_list(
            "organisation_id", flat=True
        )
    )


def people_scope(user) -> QuerySet[Person]:
    """The people whose contact details `user` may see: everyone with a role at an organisation in
    the user's inventory, and the user themself."""
    return Person.objects.filter(
        Q(affiliations__organisation__in=staff_scope(user)) | Q(user=user)
    ).distinct()


def people_write_scope(user) -> QuerySet[Person]:
    """The people `user` may change: those at an organisation in an inventory they may change, and
    the user themself."""
    return Person.objects.filter(
        Q(affiliations__organisation__in=staff_write_scope(user)) | Q(user=user)
    ).distinct()


def review_write_countries(user) -> set[str]:
    """The countries whose organisation proposals `user` may decide on (admin or staff)."""
    return {agency.country.code for agency in agencies_for_writer(user)}


def review_countries(user) -> set[str]:
    """The countries whose organisation proposals `user` reviews: those of the agencies they work for
    (a network counts for the country it is in)."""
    return {agency.country.code for agency in agencies_for_staff(user)}


def proposal_review_scope(user) -> QuerySet[OrganisationProposal]:
    """The organisation proposals `user` reviews, whatever their status."""
    countries = review_countries(user)
    if not countries:
        return OrganisationProposal.objects.none()
    return OrganisationProposal.objects.filter(country__in=countries)


def joinable_organisations(*, oid: str = "") -> QuerySet[Organisation]:
    """The organisations anyone signed in may say they work at or ask to represent: the publicly
    listed ones, and the one whose OID they know."""
    wanted = (oid or "").strip().upper()
    condition = Q(public_listing=True)
    if wanted:
        condition |= Q(oid=wanted)
    return Organisation.objects.filter(condition)


# --- questions ------------------------------------------------------------------------------------


def in_inventory(user, organisation: Organisation) -> bool:
    """Whether `organisation` is in the inventory of an agency `user` works for."""
    return staff_scope(user).filter(pk=organisation.pk).exists()


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """Agency admins and staff change organisations in their scope; representatives their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    if organisation.pk in represented_organisation_ids(user):
        return True
    return staff_write_scope(user).filter(pk=organisation.pk).exists()


def can_read_organisation_contacts(user, organisation: Organisation) -> bool:
    """Who may read an organisation's full record and its contact people: its representatives and
    every role of an agency whose inventory holds it (observers included)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if organisation.pk in represented_organisation_ids(user):
        return True
    return in_inventory(user, organisation)


def can_view_organisation(user, organisation: Organisation) -> bool:
    return organisation.public_listing or can_read_organisation_contacts(user, organisation)


def can_view_person(user, person: Person) -> bool:
    """A person's contact details are for every role of an agency whose inventory holds one of their
    organisations, and for the person themself."""
    if not getattr(user, "is_authenticated", False):
        return False
    if person.user_id and person.user_id == user.pk:
        return True
    return people_scope(user).filter(pk=person.pk).exists()


def can_manage_person(user, person: Person) -> bool:
    """A person's record is changed by agency admins and staff whose inventory holds one of their
    organisations, and by the person themself."""
    if not getattr(user, "is_authenticated", False):
        return False
    if person.user_id and person.user_id == user.pk:
        return True
    return people_write_scope(user).filter(pk=person.pk).exists()


def can_manage_people(user, people) -> bool:
    """Whether `user` may choose every one of `people` (e.g. as members of something they change)."""
    wanted = {p.pk for p in people}
    return wanted <= set(people_write_scope(user).filter(pk__in=wanted).values_list("pk", flat=True))


# --- gates that raise -----------------------------------------------------------------------------


def require_organisation_manager(actor, organisation: Organisation) -> None:
    """Raise PermissionDenied unless `actor` may manage `organisation`."""
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied()


def require_organisation_reader(actor, organisation: Organisation) -> None:
    """Raise PermissionDenied unless `actor` may read `organisation`'s full record and contacts."""
    if not can_read_organisation_contacts(actor, organisation):
        raise PermissionDenied()


def require_in_inventory(actor, *organisations: Organisation) -> None:
    """Raise PermissionDenied unless every one of `organisations` is in `actor`'s inventory (agency
    staff only: representing an organisation does not count)."""
    wanted = {o.pk for o in organisations}
    if staff_write_scope(actor).filter(pk__in=wanted).count() != len(wanted):
        raise PermissionDenied()


def require_person_manager(actor, person: Person, *, system: bool = False) -> None:
    """Raise PermissionDenied unless `actor` may manage `person`; a system load passes `system=True`."""
    if not system and not can_manage_person(actor, person):
        raise PermissionDenied()


def organisation_for_edit(*, user, pk: int) -> Organisation:
    """An organisation `user` may edit. Raises NotFound, PermissionDenied."""
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise NotFound()
    require_organisation_manager(user, org)
    return org


def organisation_in_inventory(*, user, pk) -> Organisation:
    """An organisation in `user`'s inventory; `pk` as a URL or a form gives it. Raises NotFound."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise NotFound() from exc
    org = staff_scope(user).filter(pk=pk).first()
    if org is None:
        raise NotFound()
    return org


def represented_organisation(*, user, pk: int) -> Organisation:
    """An organisation `user` is an approved representative of. Raises NotFound."""
    if pk not in represented_organisation_ids(user):
        raise NotFound()
    return Organisation.objects.get(pk=pk)


def require_proposal_reviewer(actor, proposal: OrganisationProposal) -> None:
    """Raise PermissionDenied unless `actor` is admin or staff of an agency in the proposal's country."""
    if proposal.country.code not in review_write_countries(actor):
        raise PermissionDenied()


def proposal_for_review(*, user, pk) -> OrganisationProposal:
    """An organisation proposal `user` reviews. Raises NotFound (also for an id that is not a number)."""
    if not str(pk).isdigit():
        raise NotFound()
    proposal = proposal_review_scope(user).filter(pk=int(pk)).select_related("proposed_by").first()
    if proposal is None:
        raise NotFound()
    return proposal


def organisation_to_join(*, user, pk, oid: str = "") -> Organisation:
    """An organisation `user` may say they work at or ask to represent: listed publicly, or found by
    its exact OID. Raises NotFound."""
    if not getattr(user, "is_authenticated", False) or not str(pk).isdigit():
        raise NotFound()
    org = joinable_organisations(oid=oid).filter(pk=int(pk)).first()
    if org is None:
        raise NotFound()
    return org


def dp_request_scope(user) -> QuerySet[DataProtectionRequest]:
    """The data-protection requests of the agencies `user` works for (any role: reading)."""
    ids = staff_agency_ids(user)
    if not ids:
        return DataProtectionRequest.objects.none()
    return DataProtectionRequest.objects.filter(agency_id__in=ids)


def dp_request_for_staff(*, user, pk) -> DataProtectionRequest:
    """A data-protection request of an agency `user` works for (any role). Raises NotFound."""
    if not str(pk).isdigit():
        raise NotFound()
    found = dp_request_scope(user).filter(pk=int(pk)).select_related(
        "agency", "user", "person", "handled_by").first()
    if found is None:
        raise NotFound()
    return found


def dp_request_for_writer(*, user, pk) -> DataProtectionRequest:
    """A data-protection request `user` may act on (admin or staff of its agency). Raises NotFound,
    for an observer too."""
    found = dp_request_for_staff(user=user, pk=pk)
    if found.agency_id not in writer_agency_ids(user):
        raise NotFound()
    return found


def person_for_dp_request(*, user, pk) -> Person | None:
    """The directory person a new data-protection request is about, when given: one `user` may
    change. Raises NotFound for anyone else; None when `pk` is empty."""
    if pk in (None, ""):
        return None
    if not str(pk).isdigit():
        raise NotFound()
    person = people_write_scope(user).filter(pk=int(pk)).first()
    if person is None:
        raise NotFound()
    return person


# --- the written policy (kopa.agencies.policy; docs/roles.md) ---------------------------------------

A = Audience

POLICY = {
    "directory:staff_list": Rule(read=A.ANY_AGENCY),
    "directory:staff_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "directory:staff_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "directory:staff_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "directory:import_upload": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "directory:import_detail": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "directory:duplicates": Rule(read=A.ANY_AGENCY),
    "directory:proposal_list": Rule(read=A.ANY_AGENCY),
    "directory:proposal_review": Rule(read=A.COUNTRY, write=A.COUNTRY_WRITER),
    "directory:merge": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "directory:staff_person_list": Rule(read=A.ANY_AGENCY),
    "directory:staff_person_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "directory:staff_person_edit": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "directory:staff_person_create": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "directory:staff_affiliation_add": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "directory:dp_request_list": Rule(read=A.ANY_AGENCY),
    "directory:dp_request_create": Rule(read=A.ANY_WRITER, write=A.ANY_WRITER),
    "directory:dp_request_detail": Rule(read=A.OWNER, write=A.OWNER_WRITER),
    "directory:dp_request_export": Rule(read=A.OWNER),
    "directory:dp_request_erase": Rule(read=A.OWNER_WRITER, write=A.OWNER_WRITER),
    "api-v1:me": Rule(read=A.SIGNED_IN),
    "api-v1:organisation-list": Rule(read=A.PUBLIC, write=A.ANY_WRITER),
    "api-v1:organisation-detail": Rule(read=A.OWNER, write=A.OWNER_WRITER, obj="staff_org"),
    "api-v1:target-group-list": Rule(read=A.PUBLIC),
    "api-v1:theme-list": Rule(read=A.PUBLIC),
    "api-v1:language-list": Rule(read=A.PUBLIC),
    "api-v1:person-list": Rule(read=A.ANY_AGENCY),
    "api-v1:person-detail": Rule(read=A.OWNER, obj="person"),
}
