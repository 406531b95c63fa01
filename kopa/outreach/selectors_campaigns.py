"""Reads for the campaign pages and target lists, for staff of the campaign's agency.

Callers get the campaign from `selectors.campaign_for_staff`, which is where access is decided.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kopa.agencies.selectors import staff_agency_ids
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.directory.rules import normalise
from kopa.outreach.models import Campaign, CampaignTarget, FollowUpTask
from kopa.outreach.selectors import campaigns_for_staff
from kopa.outreach.selectors_funnel import reached

STATUSES = ("running", "planned", "ended")
SEARCH_LIMIT = 20


@dataclass
class CampaignFilters:
    cycle: int | None = None
    strand: int | None = None
    status: str = ""


def campaign_list(*, user, filters: CampaignFilters | None = None, today: date) -> QuerySet[Campaign]:
    """The campaigns of `user`'s agencies, filtered, each with `target_count` and its owners."""
    filters = filters or CampaignFilters()
    qs = campaigns_for_staff(user)
    if filters.cycle:
        qs = qs.filter(cycle_id=filters.cycle)
    if filters.strand:
        qs = qs.filter(strand_id=filters.strand)
    if filters.status == "running":
        qs = qs.filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)
    elif filters.status == "planned":
        qs = qs.filter(start__gt=today)
    elif filters.status == "ended":
        qs = qs.filter(end__lt=today)
    # A subquery rather than a join, so counting never multiplies the rows of the page.
    targets = (
        CampaignTarget.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign")
        .annotate(n=Count("pk")).values("n")
    )
    return qs.annotate(target_count=Coalesce(Subquery(targets), 0)).prefetch_related("owners")


def target_count(campaign: Campaign) -> int:
    return CampaignTarget.objects.filter(campaign=campaign).count()


def open_task_count(campaign: Campaign) -> int:
    return FollowUpTask.objects.filter(campaign=campaign, done_at__isnull=True).count()


def furthest_stages(campaign: Campaign) -> dict[int, str]:
    """Organisation id → the furthest measured stage it has reached in the campaign (one query)."""
    data = reached(campaign_ids=[campaign.pk], stages=campaign.stage_list)
    furthest: dict[int, str] = {}
    for stage in data.stages:  # in funnel order: a later stage overwrites an earlier one
        for _campaign_id, organisation_id in data.first[stage]:
            furthest[organisation_id] = stage
    return furthest


def target_list(campaign: Campaign, *, q: str = "") -> QuerySet[CampaignTarget]:
    """The target list, by organisation name; `q` matches words of the name, town, region or OID."""
    qs = CampaignTarget.objects.filter(campaign=campaign).select_related("organisation", "added_by")
    for word in normalise(q).split():
        qs = qs.filter(organisation__search_text__contains=word)
    return qs.order_by("organisation__legal_name", "organisation_id")


def on_list(campaign: Campaign, organisation_ids) -> set[int]:
    """Which of `organisation_ids` are on the campaign's target list."""
    return set(
        CampaignTarget.objects.filter(campaign=campaign, organisation_id__in=list(organisation_ids))
        .values_list("organisation_id", flat=True)
    )


def count_on_list(campaign: Campaign, organisations: QuerySet[Organisation]) -> int:
    """How many of `organisations` are already on the list (one query, however many match)."""
    return CampaignTarget.objects.filter(
        campaign=campaign, organisation_id__in=organisations.order_by().values("pk")
    ).count()


def organisation_search(*, user, q: str, limit: int = SEARCH_LIMIT) -> list[Organisation]:
    """Organisations in `user`'s inventory whose name, town or OID contain every word of `q`."""
    words = normalise(q).split()
    if not words:
        return []
    qs = staff_scope(user)
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return list(qs.order_by("legal_name", "pk")[:limit])


def organisation_in_scope(*, user, pk: int) -> Organisation | None:
    return staff_scope(user).filter(pk=pk).first()


def staff_members(user) -> QuerySet:
    """Everyone who works for one of `user`'s agencies: the people a campaign's owners come from."""
    return (
        get_user_model().objects.filter(agency_memberships__agency_id__in=staff_agency_ids(user))
        .distinct().order_by("first_name", "last_name", "username")
    )
