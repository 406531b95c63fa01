"""The funnel, computed from interactions, never typed in.

An organisation reaches a stage of a campaign when it has at least one interaction that counts for
that stage (the database computes `Interaction.stage` from the kind, and from the outcome for
decisions). Each organisation counts once per stage and campaign; across several campaigns the unit
is (campaign, organisation).

Campaigns may measure different stages. A stage's count only sums the campaigns that measure it (an
interaction of a stage its campaign does not measure counts for nothing), and a stage no campaign
measures has no count at all (`None`: "not measured", never 0). The conversion from the previous
stage only uses the campaigns that measure both stages, and is the share of the organisations at the
previous stage that also reached this one: never above 100 %, even when an organisation skipped a
stage. The drop-off between two stages is the rest of that share. The median time is taken over the
organisations that reached both stages, from the first interaction of each stage.

In the partnership view, staff of every agency of a partnership see each other's campaigns as totals
per stage (`partnership_totals`); whether they may is `kopa.outreach.access.can_view_partnership`.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, QuerySet, Value
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.agencies.selectors import staff_agency_ids
from kopa.core import pagecache
from kopa.core.i18n import pick
from kopa.directory.models import Organisation, TargetGroup
from kopa.outreach.models import (
    STAGE_ORDER,
    Campaign,
    FunnelReach,
    FunnelVersion,
    Interaction,
    Stage,
    reach_field,
)
from kopa.programmes.models import Partnership

Key = tuple[int, int]  # (campaign id, organisation id)

DIMENSIONS = {
    "strand": _("Strand"),
    "region": _("Region"),
    "type": _("Organisation type"),
    "experience": _("Programme experience"),
    "target_group": _("Target group"),
}


# Why a figure is missing (`None`), in the API as in the pages.
NOT_MEASURED = "not_measured"  # no campaign counted measures the stage (or, for a conversion, both)
FIRST_STAGE = "first_stage"  # a conversion: there is no previous stage
NONE_AT_PREVIOUS = "none_at_previous_stage"  # a conversion: nobody reached the previous stage
REASONS = (NOT_MEASURED, FIRST_STAGE, NONE_AT_PREVIOUS)


@dataclass(frozen=True)
class StageFigure:
    stage: str
    label: str
    count: int | None  # None when no campaign counted measures the stage
    conversion: float | None  # share of the previous stage's organisations that reached this one
    median_days: float | None  # median days from the previous stage; None when nobody reached both
    campaigns: int = 1  # how many of the campaigns counted measure the stage
    conversion_reason: str | None = None  # why the conversion is None (one of REASONS)

    @property
    def measured(self) -> bool:
        return self.count is not None


@dataclass(frozen=True)
class Rate:
    """Of `base` organisations at one stage (in the campaigns measuring it and a later one), how
    many reached the later stage too."""

    base: int
    reached: int

    @property
    def share(self) -> float | None:
        return self.reached / self.base if self.base else None

    @property
    def lost(self) -> int:
        return self.base - self.reached


@dataclass
class Funnel:
    stages: list[StageFigure] = field(default_factory=list)
    # What the figures were counted from, for the share between any two stages (see `rate`).
    first: dict[str, dict[Key, date]] = field(default_factory=dict, repr=False)
    measured: dict[str, set[int]] = field(default_factory=dict, repr=False)
    # Counted from FunnelReach instead of `first`: the share between any two stages, ready-made.
    rates: dict[tuple[str, str], Rate] | None = field(default=None, repr=False)

    @property
    def counts(self) -> dict[str, int | None]:
        return {figure.stage: figure.count for figure in self.stages}

    @property
    def is_empty(self) -> bool:
        return not any(figure.count for figure in self.stages)

    @property
    def mixed(self) -> bool:
        """True when the campaigns counted do not all measure the same stages."""
        return len({frozenset(ids) for ids in self.measured.values()}) > 1

    def rate(self, from_stage: str, to_stage: str) -> Rate | None:
        """How many organisations at `from_stage` went on to `to_stage`, over the campaigns that
        measure both; None when no campaign does."""
        if self.rates is not None:
            return self.rates.get((from_stage, to_stage))
        both = self.measured.get(from_stage, set()) & self.measured.get(to_stage, set())
        if not both:
            return None
        base = {key for key in self.first.get(from_stage, {}) if key[0] in both}
        return Rate(base=len(base), reached=len(base & self.first.get(to_stage, {}).keys()))


@dataclass
class Reached:
    """For each stage, the first date each (campaign, organisation) reached it, counting only the
    stages each campaign measures; `measured` names, per stage, the campaigns measuring it."""

    stages: list[str]
    first: dict[str, dict[Key, date]]
    measured: dict[str, set[int]] = field(default_factory=dict)

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
    campaigns: Iterable[Campaign],
    stages: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Reached:
    """One grouped query: which (campaign, organisation) reached which stage, and when first,
    among the stages each campaign measures."""
    stages = ordered_stages(stages or STAGE_ORDER)
    first: dict[str, dict[Key, date]] = {stage: {} for stage in stages}
    measured: dict[str, set[int]] = {stage: set() for stage in stages}
    # Campaigns measuring the same stages share one condition: usually there is a single one.
    by_stages: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for campaign in campaigns:
        own = tuple(stage for stage in campaign.stage_list if stage in measured)
        for stage in own:
            measured[stage].add(campaign.pk)
        if own:
            by_stages[own].append(campaign.pk)
    if not by_stages:
        return Reached(stages=stages, first=first, measured=measured)
    condition = Q()
    for own, ids in by_stages.items():
        condition |= Q(campaign_id__in=ids, stage__in=own)
    qs = Interaction.objects.filter(condition)
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
    return Reached(stages=stages, first=first, measured=measured)


def funnel_of(
    data: Reached, keys: set[Key] | None = None, campaign_ids: set[int] | None = None
) -> Funnel:
    """The funnel of `data`, or of the part of it whose keys are in `keys` and whose campaigns are
    in `campaign_ids` (a breakdown by strand: only that strand's campaigns measure anything)."""
    first: dict[str, dict[Key, date]] = {}
    measured: dict[str, set[int]] = {}
    for stage in data.stages:
        at_stage = data.first[stage]
        if keys is not None:
            at_stage = {key: when for key, when in at_stage.items() if key in keys}
        first[stage] = at_stage
        campaigns = data.measured.get(stage, set())
        measured[stage] = campaigns if campaign_ids is None else campaigns & campaign_ids
    result = Funnel(first=first, measured=measured)

    def gaps(before: str, after: str) -> list[int]:
        at_stage, earlier = first[after], first[before]
        return [
            (at_stage[key] - earlier[key]).days
            for key in at_stage.keys() & earlier.keys()
            if at_stage[key] >= earlier[key]
        ]

    result.stages = _figures(
        data.stages, measured, count=lambda stage: len(first[stage]), rate=result.rate,
        median_days=lambda before, after: _median(gaps(before, after)),
    )
    return result


def _median(gaps: list[int]) -> float | None:
    return float(median(gaps)) if gaps else None


def _figures(stages, measured, *, count, rate, median_days) -> list[StageFigure]:
    """The figure of each stage: `count(stage)`, `rate(from, to)` and `median_days(from, to)` answer
    from whichever source the funnel is counted from."""
    figures = []
    previous: str | None = None
    for stage in stages:
        conversion = days = None
        reason = FIRST_STAGE
        if previous is not None:
            found = rate(previous, stage)
            conversion = found.share if found else None
            reason = None if conversion is not None else (NONE_AT_PREVIOUS if found else NOT_MEASURED)
            days = median_days(previous, stage)
        figures.append(
            StageFigure(
                stage=stage,
                label=str(Stage(stage).label),
                count=count(stage) if measured[stage] else None,
                conversion=conversion,
                median_days=days,
                campaigns=len(measured[stage]),
                conversion_reason=reason,
            )
        )
        previous = stage
    return figures


def funnel(
    *,
    campaigns: Iterable[Campaign],
    stages: Iterable[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Funnel:
    """The funnel of one or more campaigns (pass a list; their measured stages by default)."""
    campaigns = list(campaigns)
    if date_from is None:
        return reach_dashboard(campaigns=campaigns, stages=stages, date_to=date_to)[0]
    data = reached(
        campaigns=campaigns,
        stages=stages or stages_of(campaigns),
        date_from=date_from,
        date_to=date_to,
    )
    return funnel_of(data)


def _strand_label(campaign: Campaign) -> str:
    return pick(campaign.strand.name) if campaign.strand_id else str(_("No strand"))


def _group_campaigns(campaigns: list[Campaign], dimension: str) -> dict[str, set[int]] | None:
    """Label → the campaigns in that group, where a group holds only some campaigns (a strand);
    None where every group may hold organisations of every campaign."""
    if dimension != "strand":
        return None
    found: dict[str, set[int]] = defaultdict(set)
    for campaign in campaigns:
        found[_strand_label(campaign)].add(campaign.pk)
    return found


def _groups(data: Reached, campaigns: list[Campaign], dimension: str) -> dict[str, set[Key]]:
    """Label → the keys in that group. Target groups overlap: an organisation may be in several."""
    keys = data.keys()
    groups: dict[str, set[Key]] = defaultdict(set)
    if dimension == "strand":
        by_campaign = {c.pk: _strand_label(c) for c in campaigns}
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
    if date_from is None and not _labels_overlap(dimension):
        return reach_dashboard(campaigns=campaigns, dimension=dimension, date_to=date_to, stages=stages)[1]
    data = reached(
        campaigns=campaigns,
        stages=stages or stages_of(campaigns),
        date_from=date_from,
        date_to=date_to,
    )
    return _split(data, _groups(data, campaigns, dimension), _group_campaigns(campaigns, dimension))


def drop_off_keys(data: Reached, *, from_stage: str, to_stage: str) -> list[Key]:
    """Keys that reached `from_stage` but never `to_stage` (within the data's dates), in the
    campaigns that measure both stages: a campaign that does not measure `to_stage` loses nobody."""
    later = data.first.get(to_stage, {})
    measuring = data.measured.get(to_stage, set())
    return sorted(
        key for key in data.first.get(from_stage, {}) if key[0] in measuring and key not in later
    )


def measuring_both(campaigns: Iterable[Campaign], from_stage: str, to_stage: str) -> list[Campaign]:
    """The campaigns that measure both stages: the only ones a drop-off list between them holds."""
    return [c for c in campaigns if from_stage in c.stage_list and to_stage in c.stage_list]


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
        campaigns=campaigns.values(), stages=[from_stage, to_stage], date_from=date_from, date_to=date_to
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
    """Organisations per stage for each campaign (every stage, whatever it measures): the totals other
    agencies may see. Each campaign's counts are cached under its token, apart from its cell (which
    also holds the histograms a partnership's totals do not need); missing ones come from
    campaign_cells."""
    ids = sorted(set(campaign_ids))
    if not ids:
        return {}
    versions = campaign_versions(ids)
    keys = {pk: f"{COUNTS_CACHE_PREFIX}{pk}:{versions[pk]}" for pk in ids}
    cached = cache.get_many(list(keys.values()))
    counts = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in ids if pk not in counts]
    if missing:
        cells = campaign_cells(missing, versions=versions)[None]
        found = {pk: next((cell.counts for cell in cells[pk].values()), None) for pk in missing}
        cache.set_many({keys[pk]: found[pk] for pk in missing}, cache_seconds())
        counts.update(found)
    return {
        pk: dict(zip(STAGE_ORDER, found, strict=True)) for pk, found in counts.items() if found is not None
    }


def _split(
    data: Reached, groups: dict[str, set[Key]], campaigns_of: dict[str, set[int]] | None = None
) -> list[tuple[str, Funnel]]:
    """The funnel of each group, by label: the same as funnel_of(data, keys, campaigns_of[label])
    for each, in one pass over the data instead of one per group (a region breakdown has a dozen
    groups)."""
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
        (
            label,
            funnel_of(
                Reached(stages=data.stages, first=first[label], measured=data.measured),
                campaign_ids=None if campaigns_of is None else campaigns_of.get(label, set()),
            ),
        )
        for label in sorted(groups)
    ]


@dataclass
class Dashboard:
    """What the funnel dashboard shows, from one reached() query."""

    funnel: Funnel
    groups: list[tuple[str, Funnel]]  # the breakdown; empty without a dimension
    # (from, to, organisations) per consecutive pair of stages some campaign measures both of
    drop_offs: list[tuple[str, str, int]]


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
    if date_from is None and not _labels_overlap(dimension):
        whole, groups = reach_dashboard(campaigns=campaigns, dimension=dimension, date_to=date_to)
        return Dashboard(funnel=whole, groups=groups, drop_offs=_drop_offs(whole))
    data = reached(
        campaigns=campaigns,
        stages=stages_of(campaigns),
        date_from=date_from,
        date_to=date_to,
    )
    groups = []
    if dimension:
        groups = _split(
            data, _groups(data, campaigns, dimension), _group_campaigns(campaigns, dimension)
        )
    whole = funnel_of(data)
    return Dashboard(funnel=whole, groups=groups, drop_offs=_drop_offs(whole))


def _drop_offs(whole: Funnel) -> list[tuple[str, str, int]]:
    stages = [figure.stage for figure in whole.stages]
    drop_offs = []
    for before, after in zip(stages, stages[1:], strict=False):
        rate = whole.rate(before, after)
        if rate is not None:
            drop_offs.append((before, after, rate.lost))
    return drop_offs


def _labels_overlap(dimension: str | None) -> bool:
    """True when two target groups share a label: an organisation in both counts once under it, which
    only the breakdown from the interactions (sets of organisations per label) knows."""
    if dimension != "target_group":
        return False
    labels = [pick(group.name) or group.code for group in TargetGroup.objects.all()]
    return len(set(labels)) < len(labels)


def compare(
    *,
    first: Iterable[Campaign],
    second: Iterable[Campaign],
    date_from: date | None = None,
    date_to: date | None = None,
) -> tuple[Funnel, Funnel]:
    """The funnels of two sets of campaigns (e.g. two cycles) over the same stages, side by side:
    those either set measures. A stage one set does not measure has no count there (None)."""
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
    # (stage, organisations over every campaign measuring it); None when no campaign measures it
    totals: list[tuple[str, int | None]]

    @property
    def is_empty(self) -> bool:
        return not self.agencies


def stage_cells(campaign: Campaign, counts: dict[str, int]) -> list[tuple[str, int | None]]:
    """(stage, organisations) for every stage in funnel order; None where the campaign does not
    measure the stage, whatever its interactions."""
    measured = set(campaign.stage_list)
    return [(stage, counts.get(stage, 0) if stage in measured else None) for stage in STAGE_ORDER]


def sum_cells(rows: Iterable[list[tuple[str, int | None]]]) -> list[tuple[str, int | None]]:
    """Per stage, the sum over the rows that measure it; None when none does."""
    totals: dict[str, int | None] = dict.fromkeys(STAGE_ORDER)
    for cells in rows:
        for stage, count in cells:
            if count is not None:
                totals[stage] = (totals[stage] or 0) + count
    return list(totals.items())


def partnership_totals(*, campaigns: Iterable[Campaign], own_agency_ids: set[int]) -> PartnershipTotals:
    """Every campaign's stage totals, grouped by agency (own agencies first), in one query.

    Across campaigns the unit is (campaign, organisation), as in funnel()."""
    campaigns = sorted(
        campaigns,
        key=lambda c: (c.agency_id not in own_agency_ids, c.agency.name.lower(), c.start, c.pk),
    )
    counts = stage_totals([c.pk for c in campaigns])
    by_agency: dict[int, AgencyTotals] = {}
    rows = []
    for campaign in campaigns:
        cells = stage_cells(campaign, counts.get(campaign.pk, {}))
        rows.append(cells)
        own = campaign.agency_id in own_agency_ids
        group = by_agency.setdefault(
            campaign.agency_id, AgencyTotals(agency=campaign.agency, own=own, campaigns=[])
        )
        group.campaigns.append(CampaignTotals(campaign=campaign, own=own, cells=cells))
    return PartnershipTotals(agencies=list(by_agency.values()), totals=sum_cells(rows))


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


# --- the funnel counted from FunnelReach ----------------------------------------------------------
#
# FunnelReach holds, per (campaign, organisation), the first day of each stage. Counting its rows in
# the database gives exactly the figures above (the same keys, the same first days) without reading
# every interaction or every key into Python: a cycle-wide dashboard costs a handful of grouped
# queries whose answers are a few rows per campaign (and group), and the gaps between stages as a
# histogram (days → organisations), from which the median is exact. Only the first day is stored, so
# a period with a start ("interactions from …") is counted from the interactions as before: an
# organisation whose first interaction of a stage came before the start may have a later one inside
# the period. A period with only an end is exact: the first day inside it is the first day, or none.

# Which organisation column each breakdown groups by (a strand is its campaigns' strand).
REACH_COLUMNS = {
    "region": "organisation__region",
    "type": "organisation__type",
    "experience": "organisation__experience",
    "target_group": "organisation__target_groups",
}


def _reached_q(stage: str, date_to: date | None) -> Q:
    column = reach_field(stage)
    return Q(**{f"{column}__lte": date_to}) if date_to else Q(**{f"{column}__isnull": False})


def _pairs(stages: list[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(stages) for b in stages[i + 1:]]


@dataclass
class _Tally:
    """One group's counts, summed over its rows (campaign, group value)."""

    counts: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))  # (campaign, stage)
    both: dict[tuple[int, str, str], int] = field(default_factory=lambda: defaultdict(int))  # (campaign, from, to)
    gaps: dict[tuple[str, str], dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )  # (from, to) → days → organisations


def _days(gap) -> int:
    """A gap between two dates as the database returns it: a timedelta (or microseconds)."""
    return gap.days if hasattr(gap, "days") else int(gap) // 86_400_000_000


def _histogram_median(histogram: dict[int, int]) -> float | None:
    """The median of the values a histogram counts, as statistics.median would give it."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle position(s), from 0
    found, seen = [], 0
    for value in sorted(histogram):
        seen += histogram[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return float(found[0]) if found[0] == found[1] else (found[0] + found[1]) / 2


def _tally_funnel(
    tally: _Tally, stages: list[str], measured: dict[str, set[int]], campaign_ids: set[int] | None
) -> Funnel:
    measured = {
        stage: ids if campaign_ids is None else ids & campaign_ids for stage, ids in measured.items()
    }
    rates = {}
    order = {stage: i for i, stage in enumerate(stages)}
    for before in stages:  # every ordered pair, as Funnel.rate answers them from the keys
        for after in stages:
            both = measured[before] & measured[after]
            if not both:
                continue
            first, last = sorted((before, after), key=order.get)
            rates[(before, after)] = Rate(
                base=sum(tally.counts.get((c, before), 0) for c in both),
                reached=sum(
                    tally.counts.get((c, before), 0) if before == after else tally.both.get((c, first, last), 0)
                    for c in both
                ),
            )
    result = Funnel(measured=measured, rates=rates)
    result.stages = _figures(
        stages,
        measured,
        count=lambda stage: sum(tally.counts.get((c, stage), 0) for c in measured[stage]),
        rate=result.rate,
        median_days=lambda before, after: _histogram_median(tally.gaps.get((before, after), {})),
    )
    return result


def _dimension_labels(dimension: str) -> Callable[[object], str]:
    """The label of a group value, as the breakdown from the interactions names it."""
    if dimension == "target_group":
        labels = {group.pk: pick(group.name) or group.code for group in TargetGroup.objects.all()}
        none = str(_("None stated"))
        return lambda value: labels[value] if value is not None else none
    display = {}
    if dimension == "type":
        display = {code: str(label) for code, label in Organisation.Type.choices}
    elif dimension == "experience":
        display = {code: str(label) for code, label in Organisation.Experience.choices}
    unknown = str(_("Not stated"))
    return lambda value: str(display.get(value or "", value or "")) or unknown


# --- the figures of each campaign, cached --------------------------------------------------------
#
# What reach_dashboard needs of one campaign (and group) depends on that campaign's first days alone:
# organisations per stage, per pair of stages, and the histogram of days between any two stages.
# They are counted for every stage and pair, whatever the campaign measures (which stages count is
# decided when they are combined), and cached per campaign under its FunnelVersion token, which the
# same transaction as FunnelReach changes. A whole cycle therefore reads one token per campaign (one
# query) and the cache; after a change only the campaigns that changed are counted again, together,
# in two grouped queries. A breakdown by an organisation's region, type, experience or target group
# also depends on the organisations: its key holds the directory's version (kopa.core.pagecache),
# which any change to an organisation raises.

CACHE_PREFIX = "kopa:funnel:1:"
SUM_CACHE_PREFIX = "kopa:funnel-sum:1:"
COUNTS_CACHE_PREFIX = "kopa:funnel-counts:1:"
PAIRS = _pairs(STAGE_ORDER)  # every ordered pair of stages, earlier first
PAIR_INDEX = {pair: i for i, pair in enumerate(PAIRS)}
STAGE_INDEX = {stage: i for i, stage in enumerate(STAGE_ORDER)}


@dataclass
class CampaignCell:
    """One campaign's (and group's) organisations per stage (in STAGE_ORDER), per pair of stages
    (in PAIRS), and the days between each pair (pair index → days → organisations)."""

    counts: tuple[int, ...]
    both: tuple[int, ...]
    gaps: dict[int, dict[int, int]] = field(default_factory=dict)


def cache_seconds() -> int:
    return int(getattr(settings, "KOPA_FUNNEL_CACHE_SECONDS", 86_400))


def campaign_versions(campaign_ids: Iterable[int]) -> dict[int, int]:
    """Each campaign's FunnelVersion token (0 for a campaign whose first days were never written)."""
    ids = list(campaign_ids)
    found = dict(FunnelVersion.objects.filter(campaign_id__in=ids).values_list("campaign_id", "version"))
    return {pk: found.get(pk, 0) for pk in ids}


def _count_cells(
    campaign_ids: list[int], column: str | None, date_to: date | None
) -> dict[int, dict[object, CampaignCell]]:
    """The cells of `campaign_ids` counted from FunnelReach, by group value of `column` (None: one
    group), in two grouped queries whatever the number of campaigns."""
    group_by = ["campaign_id"] + ([column] if column else [])
    reached_any = Q()
    for stage in STAGE_ORDER:
        reached_any |= _reached_q(stage, date_to)
    counts = {f"n_{stage}": Count("pk", filter=_reached_q(stage, date_to)) for stage in STAGE_ORDER}
    counts.update({
        f"b_{a}_{b}": Count("pk", filter=_reached_q(a, date_to) & _reached_q(b, date_to)) for a, b in PAIRS
    })
    found: dict[int, dict[object, CampaignCell]] = {pk: {} for pk in campaign_ids}
    rows = FunnelReach.objects.filter(reached_any, campaign_id__in=campaign_ids)
    for row in rows.values(*group_by).annotate(**counts).order_by():
        found[row["campaign_id"]][row[column] if column else None] = CampaignCell(
            counts=tuple(row[f"n_{stage}"] for stage in STAGE_ORDER),
            both=tuple(row[f"b_{a}_{b}"] for a, b in PAIRS),
        )
    # Every pair's histogram in one query (UNION ALL).
    parts = []
    for index, (before, after) in enumerate(PAIRS):
        gap = ExpressionWrapper(F(reach_field(after)) - F(reach_field(before)), output_field=DurationField())
        parts.append(
            FunnelReach.objects.filter(
                _reached_q(before, date_to), _reached_q(after, date_to), campaign_id__in=campaign_ids,
                **{f"{reach_field(after)}__gte": F(reach_field(before))},
            )
            .annotate(pair=Value(index), gap=gap)
            .values(*group_by, "pair", "gap")
            .annotate(n=Count("pk"))
            .order_by()
        )
    for row in parts[0].union(*parts[1:], all=True):
        cell = found[row["campaign_id"]][row[column] if column else None]
        cell.gaps.setdefault(row["pair"], {})[_days(row["gap"])] = row["n"]
    return found


def campaign_cells(
    campaign_ids: Iterable[int], *, columns: Iterable[str | None] = (None,), date_to: date | None = None,
    versions: dict[int, int] | None = None, directory: str | None = None,
) -> dict[str | None, dict[int, dict[object, CampaignCell]]]:
    """For each of `columns` (a REACH_COLUMNS value, or None for no breakdown): campaign id → group
    value → its cell, within the period ending `date_to`. From the cache, counting only what is
    missing there: a constant number of queries whatever the number of campaigns. `versions` and
    `directory` are the campaigns' tokens and the directory's version when the caller has read them."""
    ids = sorted(set(campaign_ids))
    columns = list(dict.fromkeys(columns))
    if not ids:
        return {column: {} for column in columns}
    versions = versions or campaign_versions(ids)
    period = date_to.isoformat() if date_to else "-"
    result = {}
    for column in columns:
        context = f"{column or '-'}:{period}"
        if column:  # the organisations' attributes may change without any interaction changing
            directory = directory or pagecache.versions(("directory",))
            context += ":" + directory
        keys = {pk: f"{CACHE_PREFIX}{pk}:{versions[pk]}:{context}" for pk in ids}
        cached = cache.get_many(list(keys.values()))
        found = {pk: cached[key] for pk, key in keys.items() if key in cached}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            counted = _count_cells(missing, column, date_to)
            cache.set_many({keys[pk]: counted[pk] for pk in missing}, cache_seconds())
            found.update(counted)
        result[column] = found
    return result


def _own_stages(campaigns: list[Campaign], stages: list[str]) -> dict[int, tuple[str, ...]]:
    """Campaign id → the stages of `stages` it measures."""
    chosen = set(stages)
    return {c.pk: tuple(stage for stage in c.stage_list if stage in chosen) for c in campaigns}


def _add_cell(into: _Tally, campaign_id: int, cell: CampaignCell, stages: list[str],
              consecutive: list[tuple[str, str]]) -> None:
    """Add one campaign's cell to a group's tally: its counts, and the histograms of the consecutive
    pairs of stages it measures both of (`consecutive`)."""
    for stage in stages:
        into.counts[(campaign_id, stage)] += cell.counts[STAGE_INDEX[stage]]
    for i, a in enumerate(stages):
        for b in stages[i + 1:]:
            into.both[(campaign_id, a, b)] += cell.both[PAIR_INDEX[(a, b)]]
    for pair in consecutive:
        histogram = cell.gaps.get(PAIR_INDEX[pair])
        if histogram:
            into_pair = into.gaps[pair]
            for days, n in histogram.items():
                into_pair[days] += n


def reach_dashboard(
    *, campaigns: list[Campaign], dimension: str | None = None, date_to: date | None = None,
    stages: Iterable[str] | None = None,
) -> tuple[Funnel, list[tuple[str, Funnel]]]:
    """The funnel of `campaigns` and its breakdown by `dimension`, counted from FunnelReach: the same
    figures as funnel_of(reached(...)) and _split for any period without a start.

    Summed from each campaign's cached cell (campaign_cells): a constant number of queries, and a
    whole cycle costs about what one campaign costs once the cells are cached. The sum itself is
    cached too, under everything it depends on: each campaign's token, the stages it measures and its
    strand's name, the breakdown, the period, the language of the labels (and the directory's
    version for a breakdown by organisation)."""
    stages = ordered_stages(stages or stages_of(campaigns))
    own = _own_stages(campaigns, stages)
    measured: dict[str, set[int]] = {stage: {pk for pk, its in own.items() if stage in its} for stage in stages}
    counted = [c for c in campaigns if own[c.pk]]
    if not counted:
        return _tally_funnel(_Tally(), stages, measured, None), []
    column = REACH_COLUMNS.get(dimension) if dimension else None
    versions = campaign_versions(c.pk for c in counted)
    directory = pagecache.versions(("directory",)) if column else ""
    depends_on = (
        sorted((c.pk, versions[c.pk], own[c.pk], _strand_label(c) if dimension == "strand" else "") for c in counted),
        stages, dimension, date_to, get_language(), directory,
    )
    key = SUM_CACHE_PREFIX + hashlib.sha256(repr(depends_on).encode("utf-8")).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _summed(counted, own, measured, stages, dimension, column, date_to, versions, directory)
        cache.set(key, found, cache_seconds())
    return found


def _summed(counted, own, measured, stages, dimension, column, date_to, versions, directory):
    """reach_dashboard's figures, summed from the campaigns' cells."""
    consecutive = list(zip(stages, stages[1:], strict=False))
    # Per campaign, the consecutive pairs whose days count: those it measures both stages of.
    pairs_of = {pk: [(a, b) for a, b in consecutive if a in its and b in its] for pk, its in own.items()}

    def reached_any(campaign_id: int, cell: CampaignCell) -> bool:
        """Whether the cell's organisations reached a stage the campaign measures (else, as in
        reached(), they are in no group)."""
        return any(cell.counts[STAGE_INDEX[stage]] for stage in own[campaign_id])

    # The whole funnel from the cells without a breakdown: an organisation in two target groups
    # is in two cells of the breakdown, but counts once.
    cells = campaign_cells([c.pk for c in counted], columns=(None, column), date_to=date_to,
                           versions=versions, directory=directory or None)
    whole = _Tally()
    groups: dict[str, _Tally] = defaultdict(_Tally)
    label = _dimension_labels(dimension) if column else None
    strand_of = {c.pk: _strand_label(c) for c in counted} if dimension == "strand" else {}
    for campaign in counted:
        for cell in cells[None][campaign.pk].values():
            if reached_any(campaign.pk, cell):
                _add_cell(whole, campaign.pk, cell, stages, pairs_of[campaign.pk])
                if dimension == "strand":
                    _add_cell(groups[strand_of[campaign.pk]], campaign.pk, cell, stages, pairs_of[campaign.pk])
        for value, cell in cells[column][campaign.pk].items() if column else ():
            if reached_any(campaign.pk, cell):
                _add_cell(groups[label(value)], campaign.pk, cell, stages, pairs_of[campaign.pk])
    funnel_all = _tally_funnel(whole, stages, measured, None)
    if not dimension:
        return funnel_all, []
    campaigns_of = _group_campaigns(counted, dimension) or {}
    return funnel_all, [
        (name, _tally_funnel(groups[name], stages, measured, campaigns_of.get(name)))
        for name in sorted(groups)
    ]
