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
per stage (`kopa.outreach.funnel.reach.partnership_totals`); whether they may is
`kopa.outreach.access.can_view_partnership`.

The same figures for a period without a start are read from FunnelReach and its per-campaign cache
(`kopa.outreach.funnel.reach`); `funnel`, `breakdown` and `dashboard` choose the source.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kopa.agencies.selectors import staff_agency_ids
from kopa.core.i18n import pick
from kopa.directory.models import Organisation, TargetGroup
from kopa.outreach.funnel.figures import (
    DIMENSIONS,
    Funnel,
    Key,
    group_campaigns,
    ordered_stages,
    stage_figures,
    stages_of,
    strand_label,
)
from kopa.outreach.funnel.reach import reach_dashboard
from kopa.outreach.models import STAGE_ORDER, Campaign, Interaction
from kopa.programmes.models import Partnership


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

    result.stages = stage_figures(
        data.stages, measured, count=lambda stage: len(first[stage]), rate=result.rate,
        median_days=lambda before, after: _median(gaps(before, after)),
    )
    return result


def _median(gaps: list[int]) -> float | None:
    return float(median(gaps)) if gaps else None


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


def _groups(data: Reached, campaigns: list[Campaign], dimension: str) -> dict[str, set[Key]]:
    """Label → the keys in that group. Target groups overlap: an organisation may be in several."""
    keys = data.keys()
    groups: dict[str, set[Key]] = defaultdict(set)
    if dimension == "strand":
        by_campaign = {c.pk: strand_label(c) for c in campaigns}
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
    return _split(data, _groups(data, campaigns, dimension), group_campaigns(campaigns, dimension))


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
            data, _groups(data, campaigns, dimension), group_campaigns(campaigns, dimension)
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
