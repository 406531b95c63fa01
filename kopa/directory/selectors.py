"""Reads of the directory. Every function takes the asking user into account."""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound, PermissionDenied
from kopa.directory.models import (
    Affiliation,
    ConsentRecord,
    Language,
    Organisation,
    OrganisationTag,
    Person,
    Representative,
    StaffNote,
    TargetGroup,
    Theme,
)

OFFER_FIELDS = {"host": "can_host", "send": "can_send", "coordinate": "can_coordinate"}


def normalise(text: str) -> str:
    """Lower-case, accent-free text for matching: "Laško" and "lasko" meet."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@dataclass
class OrganisationFilters:
    """The directory's search and filters, shared by the web pages and the API."""

    q: str = ""
    city: str = ""
    region: str = ""
    country: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    target_group: list[str] = field(default_factory=list)
    experience: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    tag: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


def _regions_like(text: str) -> list[str]:
    """The stored region names containing `text`, ignoring case and accents ("zasavska" finds
    "Zasavska", "vidzeme" finds "Vidzēme"). Regions are few, so they are compared here rather than
    with a database function that SQLite lacks."""
    wanted = normalise(text)
    names = (
        Organisation.objects.exclude(region="").order_by().values_list("region", flat=True).distinct()
    )
    return [name for name in names if wanted in normalise(name)]


def _apply_filters(qs: QuerySet[Organisation], filters: OrganisationFilters, *, agency_ids=()):
    for word in normalise(filters.q).split():
        qs = qs.filter(search_text__contains=word)
    if filters.city:
        qs = qs.filter(city__icontains=filters.city.strip())
    if normalise(filters.region):
        qs = qs.filter(region__in=_regions_like(filters.region))
    if filters.country:
        qs = qs.filter(country__in=filters.country)
    if filters.type:
        qs = qs.filter(type__in=filters.type)
    if filters.experience:
        qs = qs.filter(experience__in=filters.experience)
    # Each multi-valued filter is a subquery, so combining them never multiplies rows.
    if filters.target_group:
        qs = qs.filter(
            id__in=Organisation.target_groups.through.objects.filter(
                targetgroup__code__in=filters.target_group
            ).values("organisation_id")
        )
    if filters.language:
        qs = qs.filter(
            id__in=Organisation.working_languages.through.objects.filter(
                language__code__in=filters.language
            ).values("organisation_id")
        )
    for offer in filters.offers:
        if offer in OFFER_FIELDS:
            qs = qs.filter(**{OFFER_FIELDS[offer]: True})
    if filters.tag and agency_ids:
        qs = qs.filter(
            id__in=OrganisationTag.objects.filter(
                agency_id__in=agency_ids, name__iexact=filters.tag.strip()
            ).values("organisation_id")
        )
    return qs


def _with_lists(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.prefetch_related("target_groups", "working_languages", "themes")


def public_organisation_list(*, filters: OrganisationFilters | None = None) -> QuerySet[Organisation]:
    """Organisations that consented to be listed publicly, filtered."""
    qs = Organisation.objects.filter(public_listing=True)
    return _with_lists(_apply_filters(qs, filters or OrganisationFilters()))


def public_organisation_detail(*, pk: int) -> Organisation:
    org = _with_lists(Organisation.objects.filter(public_listing=True, pk=pk)).first()
    if org is None:
        raise NotFound()
    return org


def staff_scope(user) -> QuerySet[Organisation]:
    """Every organisation in the inventories of the agencies `user` works for."""
    ids = staff_agency_ids(user)
    if not ids:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        id__in=Organisation.agencies.through.objects.filter(agency_id__in=ids).values(
            "organisation_id"
        )
    )


def staff_organisation_list(*, user, filters: OrganisationFilters | None = None):
    """The staff directory: the user's scope, filtered (tags are their own agencies' tags)."""
    return _with_lists(
        _apply_filters(staff_scope(user), filters or OrganisationFilters(), agency_ids=staff_agency_ids(user))
    )


def represented_organisation_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Representative.objects.filter(user=user, status=Representative.Status.APPROVED).values_list(
            "organisation_id", flat=True
        )
    )


def representations_of(user) -> QuerySet[Representative]:
    """The organisations `user` represents or asked to represent, with their status."""
    return Representative.objects.filter(user=user).select_related("organisation")


def representative_at(*, organisation: Organisation, pk) -> Representative:
    """One representation request of `organisation`. Raises NotFound."""
    if not str(pk).isdigit():
        raise NotFound()
    rep = Representative.objects.filter(organisation=organisation, pk=pk).select_related("user").first()
    if rep is None:
        raise NotFound()
    return rep


def can_edit_organisation(user, organisation: Organisation) -> bool:
    """Agency staff edit organisations in their scope; representatives edit their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    if organisation.pk in represented_organisation_ids(user):
        return True
    return staff_scope(user).filter(pk=organisation.pk).exists()


def can_view_organisation(user, organisation: Organisation) -> bool:
    return organisation.public_listing or can_edit_organisation(user, organisation)


def organisation_for_user(*, user, pk: int) -> Organisation:
    """An organisation the user may see (public, in their scope, or their own)."""
    org = _with_lists(Organisation.objects.filter(pk=pk)).first()
    if org is None or not can_view_organisation(user, org):
        raise NotFound()
    return org


def organisation_for_edit(*, user, pk: int) -> Organisation:
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise NotFound()
    if not can_edit_organisation(user, org):
        raise PermissionDenied()
    return org


def staff_notes_for(*, user, organisation: Organisation) -> QuerySet[StaffNote]:
    """Only the notes of the agencies the user works for."""
    return StaffNote.objects.filter(
        organisation=organisation, agency_id__in=staff_agency_ids(user)
    ).select_related("author", "agency")


def tags_for(*, user, organisation: Organisation) -> QuerySet[OrganisationTag]:
    return OrganisationTag.objects.filter(
        organisation=organisation, agency_id__in=staff_agency_ids(user)
    ).select_related("agency")


def people_at(*, user, organisation: Organisation) -> QuerySet[Affiliation]:
    """Contacts at an organisation: for those who may edit it only."""
    if not can_edit_organisation(user, organisation):
        return Affiliation.objects.none()
    return Affiliation.objects.filter(organisation=organisation).select_related("person")


def contact_emails(*, user, organisation_ids) -> dict[int, str]:
    """For organisations in `user`'s scope, the e-mail of one person affiliated with each: a contact
    person first, then the legal representative, then anyone else. `organisation_ids` may be a
    subquery. People whose latest word was that the agency may not contact them are left out."""
    consent = ConsentRecord.objects.filter(
        person=OuterRef("person"), purpose=ConsentRecord.Purpose.AGENCY_CONTACT
    ).order_by("-recorded_at", "-id").values("given")[:1]
    rows = (
        Affiliation.objects.filter(organisation_id__in=organisation_ids)
        .filter(organisation_id__in=staff_scope(user).values("pk"))
        .exclude(person__email="")
        .annotate(agency_contact=Subquery(consent))
        .filter(Q(agency_contact__isnull=True) | Q(agency_contact=True))
        .annotate(
            preference=Case(
                When(role=Affiliation.Role.CONTACT, then=Value(0)),
                When(role=Affiliation.Role.LEGAL_REPRESENTATIVE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("organisation_id", "preference", "person__last_name", "id")
        .values_list("organisation_id", "person__email")
    )
    emails: dict[int, str] = {}
    for organisation_id, email in rows:
        emails.setdefault(organisation_id, email)
    return emails


def people_for_staff(*, user) -> QuerySet[Person]:
    scope = staff_scope(user)
    return Person.objects.filter(
        Q(affiliations__organisation__in=scope) | Q(user=user)
    ).distinct().prefetch_related(Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")))


def person_for_user(*, user, pk: int) -> Person:
    person = people_for_staff(user=user).filter(pk=pk).first()
    if person is None:
        raise NotFound()
    return person


def _own_or_scope(user) -> Q:
    return Q(id__in=staff_scope(user).values("id")) | Q(id__in=represented_organisation_ids(user))


def editable_organisation_list(*, user, filters: OrganisationFilters | None = None):
    """Organisations `user` may edit (their agencies' inventories and the ones they represent), filtered."""
    qs = Organisation.objects.filter(_own_or_scope(user))
    return _with_lists(_apply_filters(qs, filters or OrganisationFilters(), agency_ids=staff_agency_ids(user)))


def visible_organisation_list(*, user, filters: OrganisationFilters | None = None):
    """Every organisation `user` may see (public, in their scope, or their own), filtered."""
    qs = Organisation.objects.filter(Q(public_listing=True) | _own_or_scope(user))
    return _with_lists(_apply_filters(qs, filters or OrganisationFilters(), agency_ids=staff_agency_ids(user)))


def with_own_tags(qs: QuerySet[Organisation], *, user) -> QuerySet[Organisation]:
    """Prefetch, as `own_tags`, only the tags of the agencies `user` works for."""
    return qs.prefetch_related(
        Prefetch(
            "tags",
            queryset=OrganisationTag.objects.filter(agency_id__in=staff_agency_ids(user)),
            to_attr="own_tags",
        )
    )


def target_group_list() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.select_related("parent", "agency")


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.all()


def language_list() -> QuerySet[Language]:
    return Language.objects.all()


def can_manage_person(user, person: Person) -> bool:
    """A person's contact details are for agency staff whose inventory holds one of their
    organisations, and for the person themself."""
    if not getattr(user, "is_authenticated", False):
        return False
    if person.user_id and person.user_id == user.pk:
        return True
    return people_for_staff(user=user).filter(pk=person.pk).exists()


def people_search(*, user, q: str = "") -> QuerySet[Person]:
    """People in `user`'s scope whose name or e-mail contains every word of `q`."""
    qs = people_for_staff(user=user)
    for word in (q or "").split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word))
    return qs
