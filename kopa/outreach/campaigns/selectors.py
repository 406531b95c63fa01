"""Reads of campaigns and their target lists, for staff of the campaign's agency; and where an
organisation stands in the user's campaigns (the "Outreach" section of its staff page).

Pages get one campaign from `kopa.outreach.access.campaign_for_staff`, which is where access is decided.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from kopa.agencies.selectors import staff_agency_ids, staff_member_ids
from kopa.directory.access import staff_scope
from kopa.directory.models import Organisation
from kopa.directory.rules import normalise
from kopa.outreach.funnel.selectors import reached
from kopa.outreach.models import (
    STAGE_ORDER,
    Campaign,
    CampaignTarget,
    FollowUpTask,
    Interaction,
    Stage,
)

EXPORT_COLUMNS = ("legal_name", "oid", "country", "region", "city", "type", "experience", "email",
                  "source", "added", "furthest_stage")
CHUNK = 1000
STATUSES = ("running", "planned", "ended")
SEARCH_LIMIT = 20


def campaigns_for_staff(user) -> QuerySet[Campaign]:
    """Campaigns of the agencies `user` works for."""
    return Campaign.objects.filter(agency_id__in=staff_agency_ids(user)).select_related(
        "agency", "cycle__partnership", "strand"
    )


def campaigns_in_cycles(user, cycles) -> list[Campaign]:
    """The campaigns of `user`'s agencies in any of `cycles`."""
    return list(campaigns_for_staff(user).filter(cycle__in=list(cycles)))


def cycle_campaigns(*, cycle_id: int, agency_ids) -> list[Campaign]:
    """The campaigns of `agency_ids` in one cycle, by agency and start: whose stage totals a
    partnership's report shows to any of its agencies."""
    return list(Campaign.objects.filter(cycle_id=cycle_id, agency_id__in=list(agency_ids))
                .select_related("agency").order_by("agency__name", "start", "pk"))


def campaign_ids_for_staff(user, ids) -> set[int]:
    """Which of the campaign ids `ids` are campaigns of `user`'s agencies."""
    return set(campaigns_for_staff(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


@dataclass
class CampaignFilters:
    cycle: int | None = None
    strand: int | None = None
    status: str = ""
    agency: int | None = None
    ids: tuple[int, ...] = ()  # only these campaigns, when given


def campaign_list(*, user, filters: CampaignFilters | None = None, today: date) -> QuerySet[Campaign]:
    """The campaigns of `user`'s agencies, filtered, each with `target_count` and its owners."""
    filters = filters or CampaignFilters()
    qs = campaigns_for_staff(user)
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    if filters.ids:
        qs = qs.filter(pk__in=list(filters.ids))
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
    return (
        qs.annotate(target_count=Coalesce(Subquery(targets), 0))
        .prefetch_related("owners")
        .order_by("-start", "id")
    )


def listed_campaign(*, user, campaign: Campaign, today: date) -> Campaign:
    """`campaign` as the campaign list shows it: with its `target_count` and its owners."""
    return campaign_list(user=user, today=today).get(pk=campaign.pk)


def campaign_owners(campaign: Campaign) -> QuerySet:
    return campaign.owners.order_by("first_name", "last_name", "username")


def target_count(campaign: Campaign) -> int:
    return CampaignTarget.objects.filter(campaign=campaign).count()


def open_followup_count(campaign: Campaign) -> int:
    return FollowUpTask.objects.filter(campaign=campaign, done_at__isnull=True).count()


def furthest_stages(campaign: Campaign) -> dict[int, str]:
    """Organisation id → the furthest measured stage it has reached in the campaign (one query)."""
    data = reached(campaigns=[campaign], stages=campaign.stage_list)
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


def target_organisations(campaign: Campaign) -> list[Organisation]:
    """The organisations of the target list, by name."""
    return [target.organisation for target in target_list(campaign)]


def target_export_rows(campaign: Campaign, *, q: str = "") -> Iterator[list]:
    """A header, then one row per organisation of the (searched) target list, read in chunks."""
    furthest = furthest_stages(campaign)
    stage_labels = dict(Stage.choices)
    yield list(EXPORT_COLUMNS)
    for target in target_list(campaign, q=q).iterator(chunk_size=CHUNK):
        org = target.organisation
        stage = furthest.get(org.pk)
        yield [
            org.legal_name, org.oid or "", org.country.code or "", org.region, org.city,
            str(org.get_type_display()), str(org.get_experience_display()), org.email,
            str(target.get_source_display()), timezone.localtime(target.added_at).date().isoformat(),
            str(stage_labels[stage]) if stage else "",
        ]


def match_count(organisations: QuerySet[Organisation]) -> int:
    """How many organisations a directory filter matches."""
    return organisations.count()


@dataclass(frozen=True)
class FilterPreview:
    """What adding a directory filter's organisations to a target list would do."""

    match_count: int
    already: int  # how many of them are on the list already
    sample: list[tuple[Organisation, bool]]  # the first ones by name, each with whether it is on the list

    @property
    def new_count(self) -> int:
        return self.match_count - self.already


def filter_preview(campaign: Campaign, organisations: QuerySet[Organisation], *, size: int) -> FilterPreview:
    """The count of `organisations`, how many are on the list, and the first `size` of them by name."""
    total = match_count(organisations)
    already = count_on_list(campaign, organisations)
    sample = list(organisations.order_by("legal_name", "pk")[:size])
    present = on_list(campaign, [org.pk for org in sample])
    return FilterPreview(match_count=total, already=already, sample=[(org, org.pk in present) for org in sample])


def organisation_search(*, user, q: str, limit: int = SEARCH_LIMIT) -> list[Organisation]:
    """Organisations in `user`'s inventory whose name, town or OID contain every word of `q`."""
    words = normalise(q).split()
    if not words:
        return []
    qs = staff_scope(user)
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return list(qs.order_by("legal_name", "pk")[:limit])


def organisation_in_scope(*, user, pk) -> Organisation | None:
    """The organisation `pk` if it is in `user`'s inventory; None otherwise or for a pk that is not
    a whole number."""
    if not str(pk).isdigit():
        return None
    return staff_scope(user).filter(pk=int(pk)).first()


def organisation_ids_in_scope(*, user, ids) -> set[int]:
    """Which of the organisation ids `ids` are in `user`'s inventory."""
    return set(staff_scope(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def owner_candidates(user) -> QuerySet:
    """Everyone who works for one of `user`'s agencies: the people a campaign's owners come from."""
    return (
        get_user_model().objects.filter(pk__in=staff_member_ids(staff_agency_ids(user)))
        .order_by("first_name", "last_name", "username")
    )


@dataclass(frozen=True)
class CampaignStanding:
    """Where one organisation stands in one campaign."""

    campaign: Campaign
    furthest_stage: str  # the furthest funnel stage reached; "" when none yet
    latest_on: date | None  # the date of the latest interaction of any kind

    @property
    def furthest_label(self) -> str:
        return str(Stage(self.furthest_stage).label) if self.furthest_stage else ""


@dataclass(frozen=True)
class OrganisationOutreach:
    campaigns: list[CampaignStanding] = field(default_factory=list)
    open_tasks: list[FollowUpTask] = field(default_factory=list)


def outreach_for_organisation(*, user, organisation) -> OrganisationOutreach:
    """The campaigns of the user's agencies that reach out to `organisation` (on the target list or
    with an interaction), each with its furthest stage and latest contact, and the organisation's
    open follow-up tasks in those agencies. Other agencies' campaigns never appear."""
    ids = staff_agency_ids(user)
    if not ids:
        return OrganisationOutreach()
    reached_stages: dict[int, set[str]] = defaultdict(set)
    latest: dict[int, date] = {}
    rows = (
        Interaction.objects.filter(organisation=organisation, campaign__agency_id__in=ids)
        .values_list("campaign_id", "stage")
        .annotate(last=Max("occurred_on"))
        .order_by()
    )
    for campaign_id, stage, last in rows:
        if stage:
            reached_stages[campaign_id].add(stage)
        latest[campaign_id] = max(last, latest.get(campaign_id, last))
    targeted = CampaignTarget.objects.filter(
        organisation=organisation, campaign__agency_id__in=ids
    ).values_list("campaign_id", flat=True)
    campaign_ids = set(latest) | set(targeted)
    standings = [
        CampaignStanding(
            campaign=campaign,
            furthest_stage=next(
                (stage for stage in reversed(STAGE_ORDER) if stage in reached_stages[campaign.pk]), ""
            ),
            latest_on=latest.get(campaign.pk),
        )
        for campaign in campaigns_for_staff(user).filter(pk__in=campaign_ids)
    ]
    tasks = list(
        FollowUpTask.objects.filter(
            organisation=organisation, agency_id__in=ids, done_at__isnull=True
        )
        .select_related("campaign", "assignee")
        .order_by("due_on", "id")
    )
    return OrganisationOutreach(campaigns=standings, open_tasks=tasks)
