"""The funnel read from FunnelReach, with each campaign's figures cached under its FunnelVersion.

FunnelReach holds, per (campaign, organisation), the first day of each stage, kept exact in the same
transaction as the interactions (docs/architecture.md, "Derived data"). The dashboards, the API and
the partnership view read their figures here whenever the period has no start; a period with a start
is counted from the interactions (`kopa.outreach.funnel.selectors`), which these figures equal.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
)
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.core import pagecache
from kopa.core.i18n import pick
from kopa.directory.models import Organisation, TargetGroup
from kopa.outreach.funnel.figures import (
    Funnel,
    Rate,
    group_campaigns,
    ordered_stages,
    stage_figures,
    stages_of,
    strand_label,
)
from kopa.outreach.models import STAGE_ORDER, Campaign, FunnelReach, FunnelVersion, reach_field


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
    result.stages = stage_figures(
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
        sorted((c.pk, versions[c.pk], own[c.pk], strand_label(c) if dimension == "strand" else "") for c in counted),
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
    strand_of = {c.pk: strand_label(c) for c in counted} if dimension == "strand" else {}
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
    campaigns_of = group_campaigns(counted, dimension) or {}
    return funnel_all, [
        (name, _tally_funnel(groups[name], stages, measured, campaigns_of.get(name)))
        for name in sorted(groups)
    ]
