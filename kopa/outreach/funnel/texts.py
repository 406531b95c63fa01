"""Words about the funnel: one-sentence summaries for people who cannot see the charts, percentages
in the reader's locale, and the names of drop-off lists.

Each sentence is one message with named placeholders, so that every language can build it its own way.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from kopa.outreach.funnel.figures import FIRST_STAGE, NONE_AT_PREVIOUS, Funnel, StageFigure
from kopa.outreach.models import Stage

S = Stage

# "Responded but never attended an event": the name of the list of organisations that reached the
# first stage of a pair and not the second. Every pair in funnel order has one.
DROP_OFF_TITLES = {
    (S.INVITED, S.RESPONDED): gettext_lazy("Invited but never responded"),
    (S.INVITED, S.ATTENDED): gettext_lazy("Invited but never attended an event"),
    (S.INVITED, S.COACHED): gettext_lazy("Invited but never coached"),
    (S.INVITED, S.APPLIED): gettext_lazy("Invited but never applied"),
    (S.INVITED, S.APPROVED): gettext_lazy("Invited but no project approved"),
    (S.RESPONDED, S.ATTENDED): gettext_lazy("Responded but never attended an event"),
    (S.RESPONDED, S.COACHED): gettext_lazy("Responded but never coached"),
    (S.RESPONDED, S.APPLIED): gettext_lazy("Responded but never applied"),
    (S.RESPONDED, S.APPROVED): gettext_lazy("Responded but no project approved"),
    (S.ATTENDED, S.COACHED): gettext_lazy("Attended an event but never coached"),
    (S.ATTENDED, S.APPLIED): gettext_lazy("Attended an event but never applied"),
    (S.ATTENDED, S.APPROVED): gettext_lazy("Attended an event but no project approved"),
    (S.COACHED, S.APPLIED): gettext_lazy("Coached but never applied"),
    (S.COACHED, S.APPROVED): gettext_lazy("Coached but no project approved"),
    (S.APPLIED, S.APPROVED): gettext_lazy("Applied but no project approved"),
}


def drop_off_title(from_stage: str, to_stage: str) -> str:
    return str(DROP_OFF_TITLES[(from_stage, to_stage)])


def number(value: int | float) -> str:
    return number_format(value, force_grouping=True)


def percent(fraction: float | None) -> str:
    """A share as a whole percentage in the active language ("14%", "14 %"); "" when undefined."""
    if fraction is None:
        return ""
    return pgettext("percentage", "%(number)s%%") % {
        "number": number_format(round(fraction * 100), force_grouping=True)
    }


def not_measured() -> str:
    """What a cell says for a stage (or a pair of stages) the campaigns counted do not measure."""
    return _("not measured")


def count_text(count: int | None) -> str:
    """A number of organisations, or "not measured" when no campaign counted measures the stage."""
    return not_measured() if count is None else number(count)


def conversion_reason(figure: StageFigure) -> str:
    """Why a stage has no conversion, in words: "not measured" unless it is the first stage or
    nobody reached the previous one."""
    if figure.conversion_reason == FIRST_STAGE:
        return _("not applicable")
    if figure.conversion_reason == NONE_AT_PREVIOUS:
        return _("nobody at the previous stage")
    return not_measured()


def days(value: float | None) -> str:
    """A median number of days ("12 days", "3.5 days"); "" when nobody reached both stages."""
    if value is None:
        return ""
    whole = value == int(value)
    shown = number_format(value, decimal_pos=0 if whole else 1, force_grouping=True)
    return ngettext("%(days)s day", "%(days)s days", int(value) if whole else 2) % {"days": shown}


def biggest_drop(funnel: Funnel, start: int = 0) -> tuple[StageFigure, StageFigure] | None:
    """The consecutive pair of stages (from the `start`th) where most organisations are lost, over
    the campaigns measuring both (the earliest on a tie)."""
    figures = funnel.stages[start:]
    best, lost = None, 0
    for before, after in zip(figures, figures[1:], strict=False):
        rate = funnel.rate(before.stage, after.stage)
        if rate is not None and rate.lost > lost:
            best, lost = (before, after), rate.lost
    return best


def _no_figures() -> str:
    return _("No organisation has reached any stage with these filters.")


def funnel_summary(funnel: Funnel) -> str:
    """One sentence: how many went from the first stage to the last, and where most were lost."""
    figures = funnel.stages
    start = next((figure for figure in figures if figure.count), None)
    if start is None:
        return _no_figures()
    end = figures[-1]
    if end is start:
        return ngettext(
            "%(count)s organisation reached the stage “%(stage)s”.",
            "%(count)s organisations reached the stage “%(stage)s”.",
            start.count,
        ) % {"count": number(start.count), "stage": start.label}
    # The share from the first stage to the last counts only the campaigns measuring both.
    rate = funnel.rate(start.stage, end.stage)
    if rate is None or not rate.base:
        return _(
            "No campaign counted measures both “%(first_stage)s” and “%(last_stage)s”, so there "
            "is no share of organisations going from one to the other."
        ) % {"first_stage": start.label, "last_stage": end.label}
    drop = biggest_drop(funnel, figures.index(start))
    values = {
        "first": number(rate.base),
        "first_stage": start.label,
        "last": number(rate.reached),
        "last_stage": end.label,
        "percent": percent(rate.share),
    }
    if drop:
        values.update(from_stage=drop[0].label, to_stage=drop[1].label)
    if start.stage == Stage.INVITED:
        if drop:
            text = ngettext(
                "Of %(first)s organisation invited, %(last)s reached “%(last_stage)s” (%(percent)s); "
                "the biggest drop-off is between “%(from_stage)s” and “%(to_stage)s”.",
                "Of %(first)s organisations invited, %(last)s reached “%(last_stage)s” (%(percent)s); "
                "the biggest drop-off is between “%(from_stage)s” and “%(to_stage)s”.",
                rate.base,
            )
        else:
            text = ngettext(
                "Of %(first)s organisation invited, %(last)s reached “%(last_stage)s” (%(percent)s), "
                "with no drop-off between the stages.",
                "Of %(first)s organisations invited, %(last)s reached “%(last_stage)s” (%(percent)s), "
                "with no drop-off between the stages.",
                rate.base,
            )
    elif drop:
        text = ngettext(
            "Of %(first)s organisation at the stage “%(first_stage)s”, %(last)s reached “%(last_stage)s” "
            "(%(percent)s); the biggest drop-off is between “%(from_stage)s” and “%(to_stage)s”.",
            "Of %(first)s organisations at the stage “%(first_stage)s”, %(last)s reached “%(last_stage)s” "
            "(%(percent)s); the biggest drop-off is between “%(from_stage)s” and “%(to_stage)s”.",
            rate.base,
        )
    else:
        text = ngettext(
            "Of %(first)s organisation at the stage “%(first_stage)s”, %(last)s reached “%(last_stage)s” "
            "(%(percent)s), with no drop-off between the stages.",
            "Of %(first)s organisations at the stage “%(first_stage)s”, %(last)s reached “%(last_stage)s” "
            "(%(percent)s), with no drop-off between the stages.",
            rate.base,
        )
    return text % values


def breakdown_summary(groups: list[tuple[str, Funnel]]) -> str:
    """One sentence: which group converts best and which worst from the first stage to the last
    (over the campaigns measuring both)."""
    if not groups or all(funnel.is_empty for _label, funnel in groups):
        return _no_figures()
    stages = groups[0][1].stages
    rates = []
    if len(stages) > 1:
        for label, funnel in groups:
            rate = funnel.rate(stages[0].stage, stages[-1].stage)
            if rate is not None and rate.base:
                rates.append((label, rate.share))
    if len(rates) < 2:
        # Too little to compare: name the largest group instead.
        index = next(i for i in range(len(stages)) if any(f.stages[i].count for _l, f in groups))
        label, funnel = max(groups, key=lambda group: group[1].stages[index].count or 0)
        count = funnel.stages[index].count
        return ngettext(
            "The largest group is “%(group)s”, with %(count)s organisation at the stage “%(stage)s”.",
            "The largest group is “%(group)s”, with %(count)s organisations at the stage “%(stage)s”.",
            count,
        ) % {"group": label, "count": number(count), "stage": stages[index].label}
    best = max(rates, key=lambda rate: rate[1])
    worst = min(rates, key=lambda rate: rate[1])
    return _(
        "“%(best)s” has the highest share of organisations going from “%(first_stage)s” to "
        "“%(last_stage)s” (%(best_percent)s), “%(worst)s” the lowest (%(worst_percent)s)."
    ) % {
        "best": best[0],
        "worst": worst[0],
        "first_stage": stages[0].label,
        "last_stage": stages[-1].label,
        "best_percent": percent(best[1]),
        "worst_percent": percent(worst[1]),
    }


def compare_summary(*, names: tuple[str, str], funnels: tuple[Funnel, Funnel]) -> str:
    """One sentence comparing how far each cycle's organisations got, between the first and the
    last stage both cycles measure."""
    (name_a, name_b), (a, b) = names, funnels
    if a.is_empty and b.is_empty:
        return _("Neither cycle has any organisation at any stage with these filters.")
    common = [
        (figure_a, figure_b)
        for figure_a, figure_b in zip(a.stages, b.stages, strict=True)
        if figure_a.measured and figure_b.measured
    ]
    if not common:
        return _("The two cycles measure no stage in common, so their funnels cannot be compared.")
    (a_first, b_first), (a_last, b_last) = common[0], common[-1]
    values = {
        "a": name_a,
        "b": name_b,
        "a_first": number(a_first.count),
        "b_first": number(b_first.count),
        "a_last": number(a_last.count),
        "b_last": number(b_last.count),
        "first_stage": a_first.label,
        "last_stage": a_last.label,
    }
    if len(common) == 1:
        return ngettext(
            "In %(a)s, %(a_first)s organisation reached “%(first_stage)s”; in %(b)s, %(b_first)s.",
            "In %(a)s, %(a_first)s organisations reached “%(first_stage)s”; in %(b)s, %(b_first)s.",
            a_first.count,
        ) % values
    rate_a = a.rate(a_first.stage, a_last.stage)
    rate_b = b.rate(b_first.stage, b_last.stage)
    if rate_a and rate_b and rate_a.base and rate_b.base:
        values.update(
            a_first=number(rate_a.base),
            a_last=number(rate_a.reached),
            b_first=number(rate_b.base),
            b_last=number(rate_b.reached),
            a_percent=percent(rate_a.share),
            b_percent=percent(rate_b.share),
        )
        return ngettext(
            "In %(a)s, %(a_last)s of %(a_first)s organisation at “%(first_stage)s” reached "
            "“%(last_stage)s” (%(a_percent)s); in %(b)s, %(b_last)s of %(b_first)s (%(b_percent)s).",
            "In %(a)s, %(a_last)s of %(a_first)s organisations at “%(first_stage)s” reached "
            "“%(last_stage)s” (%(a_percent)s); in %(b)s, %(b_last)s of %(b_first)s (%(b_percent)s).",
            rate_a.base,
        ) % values
    return ngettext(
        "In %(a)s, %(a_first)s organisation reached “%(first_stage)s” and %(a_last)s “%(last_stage)s”; "
        "in %(b)s, %(b_first)s and %(b_last)s.",
        "In %(a)s, %(a_first)s organisations reached “%(first_stage)s” and %(a_last)s “%(last_stage)s”; "
        "in %(b)s, %(b_first)s and %(b_last)s.",
        a_first.count,
    ) % values
