"""What a funnel is made of, whichever source it is counted from.

A stage's figure (organisations, conversion from the previous stage, median days), the share between
two stages (`Rate`) and the funnel of several stages (`Funnel`). `kopa.outreach.funnel.selectors`
counts them from the interactions, `kopa.outreach.funnel.reach` from FunnelReach and its cache; both
build the figures with `stage_figures`, so the two give the same answer for the same period.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick
from kopa.outreach.models import STAGE_ORDER, Campaign, Stage

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


def ordered_stages(stages: Iterable[str]) -> list[str]:
    chosen = set(stages)
    return [stage for stage in STAGE_ORDER if stage in chosen]


def stages_of(campaigns: Iterable[Campaign]) -> list[str]:
    """The stages any of `campaigns` measures, in funnel order (every stage if there is none)."""
    chosen = set()
    for campaign in campaigns:
        chosen.update(campaign.stage_list)
    return ordered_stages(chosen or STAGE_ORDER)


def stage_figures(stages, measured, *, count, rate, median_days) -> list[StageFigure]:
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

def strand_label(campaign: Campaign) -> str:
    return pick(campaign.strand.name) if campaign.strand_id else str(_("No strand"))


def group_campaigns(campaigns: list[Campaign], dimension: str) -> dict[str, set[int]] | None:
    """Label → the campaigns in that group, where a group holds only some campaigns (a strand);
    None where every group may hold organisations of every campaign."""
    if dimension != "strand":
        return None
    found: dict[str, set[int]] = defaultdict(set)
    for campaign in campaigns:
        found[strand_label(campaign)].add(campaign.pk)
    return found
