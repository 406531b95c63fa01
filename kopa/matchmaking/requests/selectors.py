"""Reads about partner requests: the public list and its feeds, a request's page, a representative's
own requests and interests, and the staff's moderation list."""

from dataclasses import dataclass, field, replace

from django.db.models import Count, Q, QuerySet

from kopa.core.errors import NotFound
from kopa.directory.access import represented_organisation_ids
from kopa.directory.organisations.selectors import OrganisationFilters, organisations_matching
from kopa.matchmaking.access import moderation_scope
from kopa.matchmaking.models import Interest, PartnerRequest


@dataclass
class RequestFilters:
    """The directory's filters (about the posting organisation; target groups and working languages
    about the request itself) plus the action and the deadline round."""

    organisation: OrganisationFilters = field(default_factory=OrganisationFilters)
    action: list[str] = field(default_factory=list)
    round: list[str] = field(default_factory=list)


def _with_lists(qs: QuerySet[PartnerRequest]) -> QuerySet[PartnerRequest]:
    return qs.select_related("organisation").prefetch_related("target_groups", "themes", "working_languages")


def _filtered(qs: QuerySet[PartnerRequest], filters: RequestFilters) -> QuerySet[PartnerRequest]:
    org = filters.organisation
    for word in org.q.split():
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word)
                       | Q(organisation__in=organisations_matching(filters=OrganisationFilters(q=word))))
    about_organisation = replace(org, q="", target_group=[], language=[], tag="")
    if not about_organisation.is_empty():
        qs = qs.filter(organisation__in=organisations_matching(filters=about_organisation))
    if org.target_group:
        qs = qs.filter(id__in=PartnerRequest.target_groups.through.objects.filter(
            targetgroup__code__in=org.target_group).values("partnerrequest_id"))
    if org.language:
        qs = qs.filter(id__in=PartnerRequest.working_languages.through.objects.filter(
            language__code__in=org.language).values("partnerrequest_id"))
    if filters.action:
        qs = qs.filter(action__in=filters.action)
    if filters.round:
        qs = qs.filter(round__in=filters.round)
    return qs


def public_request_list(*, filters: RequestFilters | None = None) -> QuerySet[PartnerRequest]:
    """Open requests that staff did not hide, filtered, those closing soonest first."""
    qs = PartnerRequest.objects.filter(status=PartnerRequest.Status.OPEN, hidden=False)
    return _with_lists(_filtered(qs, filters or RequestFilters())).order_by("closes_on", "id")


def public_request_detail(*, pk: int) -> PartnerRequest:
    """A request anyone may read (open or closed, not hidden). Raises NotFound."""
    found = _with_lists(PartnerRequest.objects.filter(pk=pk, hidden=False)).first()
    if found is None:
        raise NotFound()
    return found


def requests_of(user) -> QuerySet[PartnerRequest]:
    """The requests of the organisations `user` represents, newest first, with their interests."""
    return (_with_lists(PartnerRequest.objects.filter(organisation_id__in=represented_organisation_ids(user)))
            .annotate(interest_count=Count("interests")).order_by("-created_at", "-id"))


def interests_sent(user) -> QuerySet[Interest]:
    """What the organisations `user` represents said they are interested in."""
    return (Interest.objects.filter(organisation_id__in=represented_organisation_ids(user))
            .select_related("request__organisation", "request__posted_by", "organisation")
            .order_by("-created_at", "-id"))


def interests_for(request: PartnerRequest) -> QuerySet[Interest]:
    return request.interests.select_related("organisation", "sent_by").order_by("created_at", "id")


def interest_of(*, request: PartnerRequest, organisation_ids) -> Interest | None:
    """The interest one of `organisation_ids` already sent to `request`, if any."""
    return request.interests.filter(organisation_id__in=organisation_ids).first()


def staff_request_list(*, user, status: str = "") -> QuerySet[PartnerRequest]:
    """The moderation list: the requests of the organisations in `user`'s agencies' inventories."""
    qs = moderation_scope(user).select_related("organisation")
    if status == "hidden":
        qs = qs.filter(hidden=True)
    elif status in PartnerRequest.Status.values:
        qs = qs.filter(status=status, hidden=False)
    return qs.order_by("-created_at", "-id")
