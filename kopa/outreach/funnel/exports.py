"""The funnel's downloads: the dashboard as PDF, its tables and the drop-off lists as CSV and XLSX.

Built from a filter query (the dashboard's or the drop-off list's), for the person who asks: the
pages start them as background jobs (`kopa.outreach.jobs`) and the person downloads the file from the
job's page. A query the person may not (or no longer) see is refused (NotFound, a ValidationFailed for
filters that are not valid).
"""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core.errors import NotFound, ValidationFailed
from kopa.core.jobs import Result, csv_result, pdf_result, xlsx_result
from kopa.outreach.funnel import pdf, selectors
from kopa.outreach.funnel.figures import DIMENSIONS, NOT_MEASURED
from kopa.outreach.funnel.forms import DropOffFilterForm, FunnelFilterForm
from kopa.outreach.funnel.texts import not_measured
from kopa.outreach.models import Stage


def bad_filters() -> ValidationFailed:
    return ValidationFailed(_("The filters are not valid. Correct them on the page and export again."))


def dashboard_data(form: FunnelFilterForm) -> tuple[list, selectors.Dashboard]:
    campaigns = form.selected_campaigns()
    date_from, date_to = form.period()
    data = selectors.dashboard(
        campaigns=campaigns, dimension=form.dimension or None, date_from=date_from, date_to=date_to
    )
    return campaigns, data


def drop_off_rows(form: DropOffFilterForm):
    campaigns = form.selected_campaigns()
    from_stage, to_stage = form.stages
    date_from, date_to = form.period()
    rows = selectors.drop_off(
        campaigns=campaigns, from_stage=from_stage, to_stage=to_stage, date_from=date_from, date_to=date_to
    )
    return campaigns, rows


def filter_form(*, user, query: str, form_class=FunnelFilterForm):
    """The filter form of `query` (a query string) for `user`; NotFound for a campaign the user may
    not see."""
    form = form_class(QueryDict(query) or None, user=user)
    if form.asks_for_unknown_campaign():
        raise NotFound()
    return form


def may_see(user, parameters: dict) -> bool:
    """The gate of a funnel download: the person still sees every campaign the query names."""
    try:
        filter_form(user=user, query=parameters.get("query", ""))
    except NotFound:
        return False
    return True


def valid_dashboard_form(*, user, query: str) -> FunnelFilterForm:
    form = filter_form(user=user, query=query)
    if form.is_bound and not form.is_valid():
        raise bad_filters()
    return form


def valid_drop_off_form(*, user, query: str) -> DropOffFilterForm:
    form = filter_form(user=user, query=query, form_class=DropOffFilterForm)
    if not (form.is_bound and form.is_valid() and all(form.stages)):
        raise bad_filters()
    return form


def _count(count: int | None) -> str:
    return not_measured() if count is None else str(count)


def _conversion(figure) -> str:
    """A plain percentage; "not measured" where no campaign measures both stages, and empty where
    there is nothing to convert from (the first stage, or nobody at the previous one)."""
    if figure.conversion is not None:
        return f"{figure.conversion * 100:.1f}"
    return not_measured() if figure.conversion_reason == NOT_MEASURED else ""


def dashboard_rows(form: FunnelFilterForm) -> list[list[str]]:
    """The funnel table, then (after an empty row) the breakdown table, with plain numbers."""
    _campaigns, data = dashboard_data(form)
    rows = [[
        _("Stage"), _("Organisations"), _("Conversion from the previous stage (%)"),
        _("Median days from the previous stage"),
    ]]
    for figure in data.funnel.stages:
        rows.append([
            figure.label,
            _count(figure.count),
            _conversion(figure),
            "" if figure.median_days is None else f"{figure.median_days:g}",
        ])
    if form.dimension:
        rows.append([])
        rows.append([str(DIMENSIONS[form.dimension]), *(figure.label for figure in data.funnel.stages)])
        for label, funnel in data.groups:
            rows.append([label, *(_count(figure.count) for figure in funnel.stages)])
    return rows


def drop_off_export_rows(form: DropOffFilterForm) -> list[list[str]]:
    _campaigns, rows = drop_off_rows(form)
    from_stage, _to_stage = form.stages
    header = [
        _("Organisation"), _("City"), _("Region"), _("Type"),
        _("Reached “%(stage)s” on") % {"stage": Stage(from_stage).label},
        _("Campaign"),
    ]
    return [header] + [
        [o.legal_name, o.city, o.region, str(o.get_type_display()), on.isoformat(), c.name_text]
        for c, o, on in rows
    ]


def dashboard_pdf(*, user, query: str) -> Result:
    form = valid_dashboard_form(user=user, query=query)
    campaigns, data = dashboard_data(form)
    content = pdf.dashboard_pdf(
        title=_("Outreach funnel"),
        filters=form.describe(campaigns),
        funnel=data.funnel,
        dimension_label=str(DIMENSIONS.get(form.dimension, "")),
        groups=data.groups,
        generated=timezone.localtime(),
    )
    return pdf_result(content, "funnel.pdf")


def dashboard_csv(*, user, query: str) -> Result:
    return csv_result(dashboard_rows(valid_dashboard_form(user=user, query=query)), "funnel.csv")


def dashboard_xlsx(*, user, query: str) -> Result:
    return xlsx_result(dashboard_rows(valid_dashboard_form(user=user, query=query)), "funnel.xlsx",
                       title=_("Funnel"))


def drop_off_csv(*, user, query: str) -> Result:
    form = valid_drop_off_form(user=user, query=query)
    return csv_result(drop_off_export_rows(form), "drop-off-{}-{}.csv".format(*form.stages))


def drop_off_xlsx(*, user, query: str) -> Result:
    form = valid_drop_off_form(user=user, query=query)
    return xlsx_result(drop_off_export_rows(form), "drop-off-{}-{}.xlsx".format(*form.stages),
                       title=_("Drop-off"))
