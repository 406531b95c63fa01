"""The cycle report, counted from the records: events, participants, travel, the fewer-opportunities
counts (suppressed), the outreach funnel per campaign and the projects approved, for one agency or
for every agency of the partnership, beside the previous cycle's figures.

Every table comes with a one-sentence summary and, where its figures are counts, a bar chart (SVG,
vector) drawn from the same numbers. Nothing is stored but the officers' narratives.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django_countries import countries

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kopa.agencies.models import Agency
from kopa.agencies.selectors import all_agencies
from kopa.core.i18n import pick
from kopa.core.statistics import suppress_table
from kopa.events.figures.selectors import EventFigures, cycle_event_figures
from kopa.events.models import Barrier, Event
from kopa.outreach.campaigns.selectors import cycle_campaigns
from kopa.outreach.funnel.charts import Drawing, Series, grouped_chart
from kopa.outreach.funnel.reach import stage_cells, stage_totals, sum_cells
from kopa.outreach.models import Stage
from kopa.programmes.models import Cycle
from kopa.programmes.selectors import approved_projects, previous_cycle
from kopa.reports.models import CycleNarrative

STAGE_LABELS = dict(Stage.choices)


@dataclass
class Table:
    """One table of the report: a heading, its header row and rows (texts and numbers), the
    sentence that sums it up, and the chart of the same figures (None when its figures are not
    counts to compare, or are suppressed)."""

    key: str
    title: str
    header: list[str]
    rows: list[list]
    summary: str
    chart: Drawing | None = None
    chart_alt: str = ""
    note: str = ""


@dataclass
class Funnel:
    campaign: str
    agency: str
    cells: list[tuple[str, int | None]]


@dataclass
class CycleFigures:
    cycle: Cycle | None
    events: EventFigures
    funnels: list[Funnel]
    funnel_totals: list[tuple[str, int | None]]
    projects: list
    partner_countries: dict[str, int]


@dataclass
class CycleReport:
    cycle: Cycle
    previous: Cycle | None
    agencies: list[Agency]
    partnership: bool
    current: CycleFigures
    before: CycleFigures | None
    tables: list[Table] = field(default_factory=list)
    narratives: list[tuple[Agency, CycleNarrative | None]] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.partnership:
            return _("Partnership report: %(cycle)s") % {"cycle": self.cycle_name}
        return _("Cycle report: %(agency)s, %(cycle)s") % {"agency": self.agencies[0].name,
                                                           "cycle": self.cycle_name}

    @property
    def cycle_name(self) -> str:
        return f"{pick(self.cycle.partnership.name)} {self.cycle.name}"


def number(value) -> str:
    return number_format(value, force_grouping=True)


def euros(value: Decimal) -> str:
    return _("%(amount)s EUR") % {"amount": number_format(value, decimal_pos=2, force_grouping=True)}


def share(fraction: float | None) -> str:
    return "–" if fraction is None else _("%(n)s %%") % {"n": number(round(fraction * 100))}


def figures_of(cycle: Cycle, agency_ids) -> CycleFigures:
    agency_ids = sorted(agency_ids)
    events = cycle_event_figures(cycle_id=cycle.pk, cycle_start=cycle.start, agency_ids=agency_ids)
    campaigns = cycle_campaigns(cycle_id=cycle.pk, agency_ids=agency_ids)
    totals = stage_totals([c.pk for c in campaigns])
    funnels = [Funnel(pick(c.name), c.agency.name, stage_cells(c, totals.get(c.pk, {}))) for c in campaigns]
    projects = list(approved_projects(cycle=cycle, agency_ids=agency_ids))
    partner_countries: dict[str, int] = {}
    for project in projects:
        for code in sorted({str(p.country) for p in project.partners.all()}):
            partner_countries[code] = partner_countries.get(code, 0) + 1
    return CycleFigures(cycle=cycle, events=events, funnels=funnels,
                        funnel_totals=sum_cells(f.cells for f in funnels), projects=projects,
                        partner_countries=dict(sorted(partner_countries.items(),
                                                      key=lambda item: (-item[1], item[0]))))


def _stage(totals, stage) -> int | None:
    return dict(totals).get(stage)


def _kpis(figures: CycleFigures) -> list[tuple[str, object, bool]]:
    """(indicator, value, is a count) in the report's order."""
    e = figures.events
    return [
        (_("Events held"), e.events, True),
        (_("Days of activity"), e.days, True),
        (_("Participants (distinct people checked in)"), e.participants, True),
        (_("Newcomers among them"), e.newcomers, True),
        (_("Sending countries"), len(e.by_country), True),
        (_("Organisations invited"), _stage(figures.funnel_totals, Stage.INVITED), True),
        (_("Organisations approved"), _stage(figures.funnel_totals, Stage.APPROVED), True),
        (_("Projects approved"), len(figures.projects), True),
        (_("Participants travelling green"), share(e.green_share), False),
        (_("Travel grants"), euros(e.grant_total), False),
    ]


def _shown(value) -> str:
    if value is None:
        return "–"
    return number(value) if isinstance(value, int) else str(value)


def _kpi_table(report: CycleReport) -> Table:
    now = _kpis(report.current)
    before = _kpis(report.before) if report.before else None
    previous = report.previous.name if report.previous else _("Previous cycle")
    header = [_("Indicator"), report.cycle.name, previous]
    rows = [[label, _shown(value), _shown(before[i][1]) if before else "–"]
            for i, (label, value, _count) in enumerate(now)]
    counted = [(label, value, before[i][1] if before else None)
               for i, (label, value, is_count) in enumerate(now) if is_count]
    e = report.current.events
    summary = ngettext(
        "In %(cycle)s, %(events)s event was held, with %(people)s participants, %(newcomers)s of "
        "them new.",
        "In %(cycle)s, %(events)s events were held, with %(people)s participants, %(newcomers)s of "
        "them new.", e.events) % {"cycle": report.cycle.name, "events": number(e.events),
                                  "people": number(e.participants), "newcomers": number(e.newcomers)}
    if report.before:
        change = e.participants - report.before.events.participants
        summary += " " + _("That is %(change)s participants compared with %(previous)s.") % {
            "change": f"{'+' if change >= 0 else '−'}{number(abs(change))}", "previous": previous}
    chart = grouped_chart(categories=[label for label, _v, _b in counted], series=[
        Series(name=report.cycle.name, values=[v for _l, v, _b in counted]),
        *([Series(name=previous, values=[b for _l, _v, b in counted])] if report.before else []),
    ])
    return Table("kpis", _("Key figures"), header, rows, summary, chart,
                 _("Bar chart of the key figures of this cycle and the previous one; the table "
                   "gives the same figures."))


def _events_table(report: CycleReport) -> Table:
    types = dict(Event.Type.choices)
    now = report.current.events.by_type
    before = report.before.events.by_type if report.before else {}
    codes = [code for code in types if code in now or code in before]
    header = [_("Type of event"), report.cycle.name,
              report.previous.name if report.previous else _("Previous cycle")]
    rows = [[str(types[c]), now.get(c, 0), before.get(c, 0) if report.before else "–"] for c in codes]
    if now:
        top = max(now, key=lambda c: (now[c], c))
        summary = _("The most frequent kind of event was “%(type)s” (%(count)s of %(total)s).") % {
            "type": types[top], "count": number(now[top]), "total": number(report.current.events.events)}
    else:
        summary = _("No event of this cycle has been held yet.")
    chart = grouped_chart(categories=[str(types[c]) for c in codes], series=[
        Series(name=report.cycle.name, values=[now.get(c, 0) for c in codes])]) if codes else None
    return Table("events", _("Events by type"), header, rows, summary, chart,
                 _("Bar chart of the events held by type; the table gives the same figures."))


def _countries_table(report: CycleReport) -> Table:
    by_country = report.current.events.by_country
    rows = [[countries.name(code) or code, count] for code, count in by_country.items()]
    total = report.current.events.participants
    if by_country:
        code, count = next(iter(by_country.items()))
        summary = _("Participants came from %(n)s countries; most from %(country)s (%(count)s of "
                    "%(total)s).") % {"n": number(len(by_country)), "country": countries.name(code) or code,
                                      "count": number(count), "total": number(total)}
    else:
        summary = _("Nobody has been checked in at this cycle's events yet.")
    chart = grouped_chart(categories=[r[0] for r in rows], series=[
        Series(name=_("Participants"), values=[r[1] for r in rows])]) if rows else None
    return Table("countries", _("Participants by sending country"), [_("Sending country"), _("Participants")],
                 rows, summary, chart,
                 _("Bar chart of the participants by sending country; the table gives the same figures."))


def _fewer_opportunities_table(report: CycleReport) -> Table:
    found = report.current.events.fewer_opportunities
    labels = dict(Barrier.choices)
    cells, total = suppress_table(found.by_barrier, total=found.people)
    rows = [[str(labels[code]), str(cell)] for code, cell in cells.items()]
    rows.append([_("Participants with at least one barrier"), str(total)])
    summary = _("%(total)s participants told us, with their consent, that they face at least one "
                "barrier.") % {"total": str(total)}
    return Table("fewer_opportunities", _("Participants with fewer opportunities"),
                 [_("Barrier"), _("Participants")], rows, summary,
                 note=_("Counts below 5 are shown as “fewer than 5”, and a second figure is hidden "
                        "where the total would reveal them. Barriers combine: one person may count "
                        "in several rows."))


def _travel_table(report: CycleReport) -> Table:
    e = report.current.events
    rows = [[g.band, g.travellers, euros(g.amount)] for g in e.grants]
    rows.append([_("All distance bands"), sum(g.travellers for g in e.grants), euros(e.grant_total)])
    summary = _("%(share)s of the %(n)s participants who travelled chose green travel; travel grants "
                "come to %(total)s.") % {"share": share(e.green_share), "n": number(e.travellers),
                                         "total": euros(e.grant_total)}
    chart = grouped_chart(categories=[g.band for g in e.grants], series=[
        Series(name=_("Travellers"), values=[g.travellers for g in e.grants])]) if e.grants else None
    return Table("travel", _("Travel grants by distance band"),
                 [_("Distance band"), _("Travellers"), _("Grants")], rows, summary, chart,
                 _("Bar chart of the travellers in each distance band; the table gives the same "
                   "figures and the grants."))


def _funnel_table(report: CycleReport) -> Table:
    stages = [stage for stage, _c in report.current.funnel_totals]
    header = [_("Campaign"), *(str(STAGE_LABELS[s]) for s in stages)]
    rows = [[f"{f.campaign} ({f.agency})" if report.partnership else f.campaign,
             *(_shown(count) for _s, count in f.cells)] for f in report.current.funnels]
    rows.append([_("All campaigns"), *(_shown(count) for _s, count in report.current.funnel_totals)])
    measured = [(s, c) for s, c in report.current.funnel_totals if c is not None]
    if measured:
        summary = _("Over the cycle's campaigns: %(figures)s.") % {
            "figures": " → ".join(number(c) for _s, c in measured)}
    else:
        summary = _("No outreach campaign belongs to this cycle.")
    series = [Series(name=f.campaign, values=[c for _s, c in f.cells]) for f in report.current.funnels[:6]]
    chart = grouped_chart(categories=[str(STAGE_LABELS[s]) for s in stages], series=series) if series else None
    return Table("funnel", _("Outreach funnel per campaign"), header, rows, summary, chart,
                 _("Bar chart of the organisations at each stage of each campaign; the table gives "
                   "the same figures."),
                 note=_("Organisations per stage; “–”: the campaign does not measure the stage."))


def _projects_table(report: CycleReport) -> Table:
    rows = []
    for project in report.current.projects:
        partner_codes = sorted({str(p.country) for p in project.partners.all()})
        rows.append([project.acronym or pick(project.title), project.action or "–",
                     ", ".join(countries.name(c) or c for c in partner_codes) or "–"])
    n = len(report.current.projects)
    summary = ngettext("%(n)s project was approved, with partners from %(countries)s countries.",
                       "%(n)s projects were approved, with partners from %(countries)s countries.",
                       n) % {"n": number(n), "countries": number(len(report.current.partner_countries))}
    return Table("projects", _("Projects approved and their partners' countries"),
                 [_("Project"), _("Action"), _("Partner countries")], rows, summary)


def cycle_report(*, cycle: Cycle, agencies: list[Agency], partnership: bool = False) -> CycleReport:
    """The report of `cycle` for `agencies` (one agency, or every agency of the partnership)."""
    ids = [a.pk for a in agencies]
    previous = previous_cycle(cycle)
    report = CycleReport(cycle=cycle, previous=previous, agencies=agencies, partnership=partnership,
                         current=figures_of(cycle, ids),
                         before=figures_of(previous, ids) if previous else None)
    report.tables = [_kpi_table(report), _events_table(report), _countries_table(report),
                     _fewer_opportunities_table(report), _travel_table(report), _funnel_table(report),
                     _projects_table(report)]
    narratives = {n.agency_id: n for n in CycleNarrative.objects.filter(cycle=cycle, agency_id__in=ids)}
    report.narratives = [(a, narratives.get(a.pk)) for a in agencies]
    return report


def own_narrative(*, cycle: Cycle, agency: Agency) -> CycleNarrative | None:
    return CycleNarrative.objects.filter(cycle=cycle, agency=agency).first()


def partnership_agencies(ids) -> list[Agency]:
    return list(all_agencies().filter(pk__in=list(ids)).order_by("name", "pk"))
