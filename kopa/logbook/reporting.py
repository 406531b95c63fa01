"""What a Logbook report shows besides its figures: the comparison rows (this period, the one
before, the same period last year), the charts, the spreadsheet's rows and the annual report's
selected reflections."""

from django.utils.translation import gettext as _

from kopa.logbook.charts import bars
from kopa.logbook.selectors import Report


def change(now, before):
    """The change from `before` to `now` in per cent, None when it cannot be said (suppressed, zero)."""
    if now is None or before in (None, 0):
        return None
    return round((now - before) * 100 / before)


def comparison(result: Report) -> list[tuple]:
    """(label, this period, previous period, change %, same period last year, change %) per figure."""
    names = [
        (_("Hours"), "hours"), (_("Sessions recorded"), "sessions"), (_("Visits"), "visits"),
        (_("Kiosk check-ins"), "check_ins"), (_("Unique visitors"), "unique_visitors"),
        (_("New visitors"), "new_visitors"), (_("Returning visitors"), "returning_visitors"),
        (_("Youth-led hours"), "youth_led_hours"), (_("Young people who led activities"), "youth_led_people"),
    ]
    rows = []
    for label, name in names:
        now, before, year = (getattr(f, name) for f in (result.current, result.previous, result.last_year))
        rows.append((label, now, before, change(now, before), year, change(now, year)))
    return rows


def report_charts(result: Report) -> list[tuple[str, str]]:
    """(alternative text, SVG) of the report's charts; the page shows the same figures in tables."""
    periods = [_("This period"), _("Previous period"), _("A year earlier")]
    figures = (result.current, result.previous, result.last_year)
    main = bars(_("Hours, visits and youth-led hours compared"),
                [_("Hours"), _("Visits"), _("Youth-led hours")],
                [(name, [f.hours, f.visits, f.youth_led_hours]) for name, f in zip(periods, figures, strict=True)])
    ages = bars(_("Unique visitors by age"), [label for label, _v in result.current.age_bands],
                [(periods[0], [v for _l, v in result.current.age_bands])])
    genders = bars(_("Unique visitors by gender"), [label for label, _v in result.current.genders],
                   [(periods[0], [v for _l, v in result.current.genders])])
    charts = [(_("Hours, visits and youth-led hours compared"), main), (_("Unique visitors by age"), ages),
              (_("Unique visitors by gender"), genders)]
    if result.current.by_kind:
        charts.append((_("Hours by activity type"), bars(
            _("Hours by activity type"), [label for label, _h, _s in result.current.by_kind],
            [(periods[0], [h for _l, h, _s in result.current.by_kind])])))
    return charts


def _cell(value):
    return str(_("fewer than 5")) if value is None else value


def report_rows(result: Report) -> list[list]:
    """The report as spreadsheet rows."""
    rows = [[str(result.title), f"{result.start.isoformat()} – {result.end.isoformat()}"], [],
            [_("Figure"), _("This period"), _("Previous period"), _("Change (%)"), _("A year earlier"),
             _("Change (%)")]]
    rows += [[label, _cell(now), _cell(before), ch1 if ch1 is not None else "", _cell(year),
              ch2 if ch2 is not None else ""] for label, now, before, ch1, year, ch2 in comparison(result)]
    rows += [[], [_("Age"), _("Young people")]] + [[str(label), _cell(v)] for label, v in result.current.age_bands]
    rows += [[], [_("Gender"), _("Young people")]] + [[str(label), _cell(v)] for label, v in result.current.genders]
    rows += [[], [_("Activity type"), _("Hours"), _("Sessions recorded")]] + [
        [str(label), hours, sessions] for label, hours, sessions in result.current.by_kind]
    rows += [[], [_("Shared aim"), _("Sessions recorded"), _("Hours")]] + [list(a) for a in result.aims]
    if result.reflections is not None:
        rows += [[], [_("Date"), _("Unit"), _("Activity"), _("Question"), _("Answer")]] + [
            [r.date, r.unit, r.activity, r.question, r.answer] for r in result.reflections]
    return rows


def annual_reflections(result: Report, *, per_unit: int = 3) -> list:
    """The annual report's selected reflections: the fullest answers, at most `per_unit` a unit."""
    if not result.reflections:
        return []
    chosen, counts = [], {}
    for reflection in sorted(result.reflections, key=lambda r: -len(r.answer)):
        if counts.get(reflection.unit, 0) < per_unit:
            counts[reflection.unit] = counts.get(reflection.unit, 0) + 1
            chosen.append(reflection)
    return sorted(chosen, key=lambda r: (r.unit, r.date))
