"""The funnel, computed from interactions, never typed in.

An organisation reaches a stage of a campaign when it has at least one interaction that counts for
that stage (the database computes `Interaction.stage` from the kind, and from the outcome for
decisions). Each organisation counts once per stage and campaign; across several campaigns the unit
is (campaign, organisation). Conversion is a stage's count over the previous measured stage's count;
the median time is taken over the organisations that reached both stages, from the first interaction
of each stage.

In the partnership view, staff of every agency of a partnership see each other's campaigns as totals
per stage (`partnership_totals`); whether they may is `kopa.outreach.access.can_view_partnership`.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_agency_ids
from kopa.core.i18n import pick
from kopa.directory.models import Organisation, TargetGroup
from kopa.outreach.models import STAGE_ORDER, Campaign, Interaction, Stage
from kopa.programmes.models import Partnership

Key = tuple[int, int]  # (campaign id, organisation id)

DIMENSIONS = {
    "strand": _("Strand"),
    "region": _("Region"),
    "type": _("Organisation type"),
    "experience": _("Programme experience"),
    "target_group": _("Target group"),
}


@dataclass(frozen=True)
class StageFigure:
    stage: str
    label: str
    count: int
    conversion: float | None  # this stage's count over the previous stage's; None for the first
    median_days: float | None  # median days from the previous stage; None when nobody reached both


@dataclass
class Funnel:
    stages: list[StageFigure] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {figure.stage: figure.count for figure in self.stages}

    @property
    def is_empty(self) -> bool:
        return not any(figure.count for figure in self.stages)


@dataclass
class Reached:
    """For each stage, the first date each (campaign, organisation) reached it."""

    stages: list[str]
    first: dict[str, dict[Key, date]]

    def keys(self) -> set[Key]:
        found = set()
        for by_key in self.first.values():
            found.update(by_key)
        return found


def ordered_stages(stages: Iterable[str]) -> list[str]:
    chosen = set(stages)
    return [stage for stage in STAGE_ORDER if stage in chosen]


def stages_of(campaigns: Iterable[Campaign]) -> list[str]:
    """The stages any of `campaigns` measures, in funnel order (every stage if there is none)."""
    chosen = set()
    for campaign in campaigns:
        chosen.update(campaign.stage_list)
    return ordered_stages(chosen or STAGE_ORDER)


def reached(
    *,
    campaign_ids: Iterable[int],
    stages: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Reached:
    """One grouped query: which (campaign, organisation) reached which stage, and when first."""
    stages = ordered_stages(stages or STAGE_ORDER)
    first: dict[str, dict[Key, date]] = {stage: {} for stage in stages}
    ids = list(campaign_ids)
    if not ids or not stages:
        return Reached(stages=stages, first=first)
    qs = Interaction.objects.filter(campaign_id__in=ids, stage__in=stages)
    if date_from:
        qs = qs.filter(occurred_on__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_on__lte=date_to)
    # Grouped in the order of the covering index (campaign, stage, organisation, date), so the
    # database aggregates straight from an index-only scan instead of hashing every row.
    rows = (
        qs.values_list("campaign_id", "stage", "organisation_id")
        .annotate(first=Min("occurred_on"))
        .order_by()
    )
    for campaign_id, stage, organisation_id, first_on in rows:
        first[stage][(campaign_id, organisation_id)] = first_on
    return Reached(stages=stages, first=first)


def funnel_of(data: Reached, keys: set[Key] | None = None) -> Funnel:
    """The funnel of `data`, or of the part of it whose keys are in `keys`."""
    figures = []
    previous: dict[Key, date] | None = None
    previous_count = 0
    for stage in data.stages:
        at_stage = data.first[stage]
        if keys is not None:
            at_stage = {key: when for key, when in at_stage.items() if key in keys}
        count = len(at_stage)
        conversion = median_days = None
        if previous is not None:
            conversion = (count / previous_count) if previous_count else None
            gaps = [
                (at_stage[key] - previous[key]).days
                for key in at_stage.keys() & previous.keys()
                if at_stage[key] >= previous[key]
            ]
            median_days = float(median(gaps)) if gaps else None
        figures.append(
            StageFigure(
                stage=stage,
                label=str(Stage(stage).label),
                count=count,
                conversion=conversion,
                median_days=median_days,
            )
        )
        previous, previous_count = at_stage, count
    return Funnel(stages=figures)


def funnel(
    *,
    campaigns: Iterable[Campaign],
    stages: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Funnel:
    """The funnel of one or more campaigns (pass a list; their measured stages by default)."""
    campaigns = list(campaigns)
    data = reached(
        campaign_ids=[c.pk for c in campaigns],
        stages=stages or stages_of(campaigns),
        date_from=date_from,
        date_to=date_to,
    )
    return funnel_of(data)


def _groups(data: Reached, campaigns: list[Campaign], dimension: str) -> dict[str, set[Key]]:
    """Label → the keys in that group. Target groups overlap: an organisation may be in several."""
    keys = data.keys()
    groups: dict[str, set[Key]] = defaultdict(set)
    if dimension == "strand":
        by_campaign = {c.pk: (pick(c.strand.name) if c.strand_id else str(_("No strand"))) for c in campaigns}
        for key in keys:
            groups[by_campaign[key[0]]].add(key)
        return groups
    # The organisations as a subquery, not a list of thousands of ids: the database joins them.
    organisation_ids = (
        Interaction.objects.filter(campaign_id__in=[c.pk for c in campaigns])
        .values("organisation_id")
    )
    if dimension == "target_group":
        labels = {group.pk: pick(group.name) or group.code for group in TargetGroup.objects.all()}
        through = Organisation.target_groups.through.objects.filter(organisation_id__in=organisation_ids)
        org_groups: dict[int, list[str]] = defaultdict(list)
        for organisation_id, group_id in through.values_list("organisation_id", "targetgroup_id"):
            org_groups[organisation_id].append(labels[group_id])
        none = str(_("None stated"))
        for key in keys:
            for label in org_groups.get(key[1]) or [none]:
                groups[label].add(key)
        return groups
    column = {"region": "region", "type": "type", "experience": "experience"}[dimension]
    display = {}
    # Each label translated once, not once per organisation.
    if dimension == "type":
        display = {code: str(label) for code, label in Organisation.Type.choices}
    elif dimension == "experience":
        display = {code: str(label) for code, label in Organisation.Experience.choices}
    values = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", column).order_by()
    )
    unknown = str(_("Not stated"))
    for key in keys:
        value = values.get(key[1]) or ""
        groups[str(display.get(value, value)) or unknown].add(key)
    return groups


def breakdown(
    *,
    campaigns: Iterable[Campaign],
    dimension: str,
    stages: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[tuple[str, Funnel]]:
    """The funnel per group of `dimension` (a key of DIMENSIONS), groups by label. Raises KeyError."""
    if dimension not in DIMENSIONS:
        raise KeyError(dimension)
    campaigns = list(campaigns)
    data = reached(
        campaign_ids=[c.pk for c in campaigns],
        stages=stages or stages_of(campaigns),
        date_from=date_from,
        date_to=date_to,
    )
    groups = _groups(data, campaigns, dimension)
    return [(label, funnel_of(data, keys)) for label, keys in sorted(groups.items())]


def drop_off_keys(data: Reached, *, from_stage: str, to_stage: str) -> list[Key]:
    """Keys that reached `from_stage` but never `to_stage` (within the data's dates)."""
    later = data.first.get(to_stage, {})
    return sorted(key for key in data.first.get(from_stage, {}) if key not in later)


def drop_off(
    *,
    campaigns: Iterable[Campaign],
    from_stage: str,
    to_stage: str,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[tuple[Campaign, Organisation, date]]:
    """(campaign, organisation, date it reached `from_stage`) for each organisation that reached
    `from_stage` but not `to_stage`, e.g. "responded but never attended", by organisation name."""
    campaigns = {c.pk: c for c in campaigns}
    data = reached(
        campaign_ids=list(campaigns), stages=[from_stage, to_stage], date_from=date_from, date_to=date_to
    )
    keys = drop_off_keys(data, from_stage=from_stage, to_stage=to_stage)
    organisations = Organisation.objects.in_bulk({organisation_id for _c, organisation_id in keys})
    rows = [
        (campaigns[campaign_id], organisations[organisation_id], data.first[from_stage][(campaign_id, organisation_id)])
        for campaign_id, organisation_id in keys
    ]
    rows.sort(key=lambda row: (row[1].legal_name.lower(), row[0].pk))
    return rows


def stage_totals(campaign_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Organisations per stage for each campaign, in one query: the totals other agencies may see."""
    totals: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STAGE_ORDER, 0))
    rows = (
        Interaction.objects.filter(campaign_id__in=list(campaign_ids), stage__in=STAGE_ORDER)
        .values_list("campaign_id", "stage")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by()
    )
    for campaign_id, stage, n in rows:
        totals[campaign_id][stage] = n
    return dict(totals)


def _split(data: Reached, groups: dict[str, set[Key]]) -> list[tuple[str, Funnel]]:
    """The funnel of each group, by label: the same as funnel_of(data, keys) for each, in one pass
    over the data instead of one per group (a region breakdown has a dozen groups)."""
    labels_of: dict[Key, list[str]] = defaultdict(list)
    for label, keys in groups.items():
        for key in keys:
            labels_of[key].append(label)
    first = {label: {stage: {} for stage in data.stages} for label in groups}
    for stage, by_key in data.first.items():
        for key, when in by_key.items():
            for label in labels_of.get(key, ()):
                first[label][stage][key] = when
    return [
        (label, funnel_of(Reached(stages=data.stages, first=first[label]))) for label in sorted(groups)
    ]


@dataclass
class Dashboard:
    """What the funnel dashboard shows, from one reached() query."""

    funnel: Funnel
    groups: list[tuple[str, Funnel]]  # the breakdown; empty without a dimension
    drop_offs: list[tuple[str, str, int]]  # (from, to, organisations) per consecutive pair of stages


def dashboard(
    *,
    campaigns: Iterable[Campaign],
    dimension: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Dashboard:
    """The funnel, its breakdown by `dimension` (if given) and the size of each drop-off list between
    consecutive stages. Raises KeyError for an unknown dimension."""
    if dimension and dimension not in DIMENSIONS:
        raise KeyError(dimension)
    campaigns = list(campaigns)
    data = reached(
        campaign_ids=[c.pk for c in campaigns],
        stages=stages_of(campaigns),
        date_from=date_from,
        date_to=date_to,
    )
    groups = _split(data, _groups(data, campaigns, dimension)) if dimension else []
    drop_offs = [
        (before, after, len(data.first[before].keys() - data.first[after].keys()))
        for before, after in zip(data.stages, data.stages[1:], strict=False)
    ]
    return Dashboard(funnel=funnel_of(data), groups=groups, drop_offs=drop_offs)


def compare(
    *,
    first: Iterable[Campaign],
    second: Iterable[Campaign],
    date_from: date | None = None,
    date_to: date | None = None,
) -> tuple[Funnel, Funnel]:
    """The funnels of two sets of campaigns (e.g. two cycles) over the same stages, side by side."""
    first, second = list(first), list(second)
    stages = stages_of(first + second)
    return tuple(
        funnel(campaigns=campaigns, stages=stages, date_from=date_from, date_to=date_to)
        for campaigns in (first, second)
    )


@dataclass
class CampaignTotals:
    """Organisations per stage of one campaign: what any agency of the partnership may see."""

    campaign: Campaign
    own: bool  # run by an agency the viewer works for: its details are open to them
    cells: list[tuple[str, int | None]]  # (stage, count) in funnel order; None if not measured


@dataclass
class AgencyTotals:
    agency: Agency
    own: bool
    campaigns: list[CampaignTotals]


@dataclass
class PartnershipTotals:
    agencies: list[AgencyTotals]
    totals: list[tuple[str, int]]  # (stage, organisations over every campaign measuring it)

    @property
    def is_empty(self) -> bool:
        return not self.agencies


def partnership_totals(*, campaigns: Iterable[Campaign], own_agency_ids: set[int]) -> PartnershipTotals:
    """Every campaign's stage totals, grouped by agency (own agencies first), in one query.

    Across campaigns the unit is (campaign, organisation), as in funnel()."""
    campaigns = sorted(
        campaigns,
        key=lambda c: (c.agency_id not in own_agency_ids, c.agency.name.lower(), c.start, c.pk),
    )
    counts = stage_totals([c.pk for c in campaigns])
    totals = dict.fromkeys(STAGE_ORDER, 0)
    by_agency: dict[int, AgencyTotals] = {}
    for campaign in campaigns:
        measured = set(campaign.stage_list)
        found = counts.get(campaign.pk, {})
        cells = [(stage, found.get(stage, 0) if stage in measured else None) for stage in STAGE_ORDER]
        for stage, count in cells:
            totals[stage] += count or 0
        own = campaign.agency_id in own_agency_ids
        group = by_agency.setdefault(
            campaign.agency_id, AgencyTotals(agency=campaign.agency, own=own, campaigns=[])
        )
        group.campaigns.append(CampaignTotals(campaign=campaign, own=own, cells=cells))
    return PartnershipTotals(agencies=list(by_agency.values()), totals=list(totals.items()))


def partnerships_for_staff(user) -> QuerySet[Partnership]:
    """Partnerships whose view `user` may open, with their coordinators."""
    ids = staff_agency_ids(user)
    if not ids:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.select_related("coordinator")
    return (
        Partnership.objects.filter(Q(coordinator_id__in=ids) | Q(members__agency_id__in=ids))
        .distinct()
        .select_related("coordinator")
    )


def partnership_campaigns(partnership: Partnership) -> QuerySet[Campaign]:
    """Every campaign inside one of the partnership's cycles or strands, by agency, latest first."""
    return (
        Campaign.objects.filter(Q(cycle__partnership=partnership) | Q(strand__partnership=partnership))
        .select_related("agency", "cycle", "strand")
        .order_by("agency__name", "-start", "id")
    )
