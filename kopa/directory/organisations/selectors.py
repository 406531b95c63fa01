"""Reads about organisations: the public and staff directories, profiles, staff notes and tags,
representatives and the reference lists. Every function takes the asking user into account."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound
from kopa.directory.access import (
    can_view_organisation,
    joinable_organisations,
    represented_organisation_ids,
    staff_scope,
)
from kopa.directory.models import (
    Affiliation,
    Language,
    Organisation,
    OrganisationTag,
    Representative,
    StaffNote,
    TargetGroup,
    Theme,
)
from kopa.directory.rules import normalise, typed_oid

OFFER_FIELDS = {"host": "can_host", "send": "can_send", "coordinate": "can_coordinate"}


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


def organisations_matching(*, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """Every organisation, listed or not, that matches `filters` (no tags): for what organisations
    publish themselves, such as partner requests, filtered like the directory."""
    return _apply_filters(Organisation.objects.all(), filters)


def public_organisation_detail(*, pk: int) -> Organisation:
    org = _with_lists(Organisation.objects.filter(public_listing=True, pk=pk)).first()
    if org is None:
        raise NotFound()
    return org


def staff_organisation_list(*, user, filters: OrganisationFilters | None = None):
    """The staff directory: the user's scope, filtered (tags are their own agencies' tags)."""
    return _with_lists(
        _apply_filters(staff_scope(user), filters or OrganisationFilters(), agency_ids=staff_agency_ids(user))
    )


def organisations_to_join(*, q: str, limit: int = 20) -> list[Organisation]:
    """What a signed-in person finds to say they work at: the public directory searched by name, town
    or OID, and any organisation whose whole OID they type."""
    if not normalise(q):
        return []
    oid = typed_oid(q)
    public = _apply_filters(Organisation.objects.filter(public_listing=True), OrganisationFilters(q=q))
    condition = Q(pk__in=public.values("pk"))
    if oid:
        condition |= Q(pk__in=joinable_organisations(oid=oid).values("pk"))
    return list(Organisation.objects.filter(condition).order_by("legal_name", "id")[:limit])


def representations_of(user) -> QuerySet[Representative]:
    """The organisations `user` represents or asked to represent, with their status."""
    return Representative.objects.filter(user=user).select_related("organisation")


def representation_at(*, user, organisation: Organisation) -> Representative | None:
    """`user`'s request to represent `organisation`, if they made one."""
    return Representative.objects.filter(user=user, organisation=organisation).first()


def representation_requests(*, user) -> QuerySet[Representative]:
    """Requests to represent an organisation in `user`'s inventory, waiting for a decision."""
    return (Representative.objects.filter(status=Representative.Status.PENDING,
                                          organisation__in=staff_scope(user))
            .select_related("user", "organisation").order_by("created_at", "id"))


def representative_at(*, organisation: Organisation, pk) -> Representative:
    """One representation request of `organisation`. Raises NotFound."""
    if not str(pk).isdigit():
        raise NotFound()
    rep = Representative.objects.filter(organisation=organisation, pk=pk).select_related("user").first()
    if rep is None:
        raise NotFound()
    return rep


def representatives_of(organisation: Organisation) -> QuerySet[Representative]:
    """Everyone who represents `organisation` or asked to, for the staff who decide."""
    return organisation.representatives.select_related("user")


def organisation_for_user(*, user, pk: int) -> Organisation:
    """An organisation the user may see (public, in their scope, or their own)."""
    org = _with_lists(Organisation.objects.filter(pk=pk)).first()
    if org is None or not can_view_organisation(user, org):
        raise NotFound()
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


def linkable_organisation_list(*, user, filters: OrganisationFilters | None = None):
    """Organisations staff may link to programme records: the public directory and their agencies'
    inventories, filtered."""
    qs = Organisation.objects.filter(Q(public_listing=True) | Q(pk__in=staff_scope(user).values("pk")))
    return _apply_filters(qs, filters or OrganisationFilters())


def represented_organisations(user) -> list[Organisation]:
    """The organisations `user` is an approved representative of, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            representatives__user=user, representatives__status=Representative.Status.APPROVED
        ).order_by("legal_name", "id")
    )


def affiliated_organisations(user) -> list[Organisation]:
    """The organisations where `user`'s person record has a role, by name, each once."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            id__in=Affiliation.objects.filter(person__user=user).values("organisation_id")
        ).order_by("legal_name", "id")
    )


def _registrable(user) -> QuerySet[Organisation]:
    own = Q(public_listing=True)
    if getattr(user, "is_authenticated", False):
        own |= Q(id__in=represented_organisation_ids(user))
        own |= Q(id__in=Affiliation.objects.filter(person__user=user).values("organisation_id"))
    return Organisation.objects.filter(own)


def registrable_organisation_list(*, user, q: str = "") -> QuerySet[Organisation]:
    """Organisations `user` may name as theirs when registering for an event: the public directory,
    the ones they represent and the ones they have a role at; `q` matches name, town or OID."""
    return _apply_filters(_registrable(user), OrganisationFilters(q=q))


def _id_of(value) -> int:
    """An id given by a form, a URL or an API client; anything but a whole number a database can
    hold raises NotFound."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isascii() or not text.isdigit() or len(text) > 18:
        raise NotFound()
    return int(text)


def registrable_organisation(*, user, pk) -> Organisation:
    """One organisation `user` may name as theirs when registering. Raises NotFound."""
    org = _registrable(user).filter(pk=_id_of(pk)).first()
    if org is None:
        raise NotFound()
    return org


def linkable_organisation(*, user, pk) -> Organisation:
    """One organisation staff may link to their records: public or in their agencies' inventories.
    Raises NotFound."""
    org = linkable_organisation_list(user=user).filter(pk=_id_of(pk)).first()
    if org is None:
        raise NotFound()
    return org


def organisation_by_id(*, pk: int) -> Organisation:
    """Any organisation, for a service that itself checks what the user may do with it. Raises NotFound."""
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        raise NotFound()
    return org


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

