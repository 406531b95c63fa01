"""The funnel pages: the dashboard with its breakdowns and exports, two cycles side by side, drop-off
lists that become follow-up tasks, and the partnership view.

Staff see their own agencies' campaigns in detail. In the partnership view the other member agencies'
campaigns appear as totals only; asking any other page for such a campaign is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kopa.agencies.access import staff_download_required, staff_required
from kopa.agencies.selectors import staff_agency_ids
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.outreach.access import partnership_for_staff
from kopa.outreach.campaigns.selectors import campaigns_in_cycles
from kopa.outreach.funnel import charts, exports, reach, selectors
from kopa.outreach.funnel.figures import DIMENSIONS
from kopa.outreach.funnel.forms import (
    CompareForm,
    DropOffFilterForm,
    DropOffTasksForm,
    FunnelFilterForm,
    cycle_label,
    row_key,
)
from kopa.outreach.funnel.services import drop_off_followups_create
from kopa.outreach.funnel.texts import (
    breakdown_summary,
    compare_summary,
    conversion_reason,
    days,
    drop_off_title,
    funnel_summary,
    percent,
)
from kopa.outreach.models import Stage

DROP_OFF_PAGE_SIZE = 100


def _bad_filters() -> HttpResponse:
    return HttpResponseBadRequest(
        _("The filters are not valid. Correct them on the page and export again."),
        content_type="text/plain; charset=utf-8",
    )


def _filters(request, form_class=FunnelFilterForm):
    """The filter form of the query; a campaign the user may not see is a 404."""
    form = form_class(request.GET or None, user=request.user)
    if form.asks_for_unknown_campaign():
        raise Http404()
    return form


def _stage_rows(funnel) -> list[dict]:
    return [
        {
            "figure": figure,
            "conversion": percent(figure.conversion),
            "conversion_reason": conversion_reason(figure),
            "median": days(figure.median_days),
        }
        for figure in funnel.stages
    ]


@staff_required
def dashboard(request):
    form = _filters(request)
    context = {"form": form, "has_campaigns": bool(form.campaigns)}
    if form.is_bound and not form.is_valid():
        return render(request, "outreach/funnel/dashboard.html", context, status=400)
    campaigns, data = exports.dashboard_data(form)
    context.update(
        campaigns=campaigns,
        filters=form.describe(campaigns),
        funnel=data.funnel,
        mixed=data.funnel.mixed,
        single_stage=len(data.funnel.stages) < 2,
        stage_rows=_stage_rows(data.funnel),
        summary=funnel_summary(data.funnel),
        chart=charts.funnel_image(data.funnel),
        drop_offs=[
            {
                "title": drop_off_title(before, after),
                "count": count,
                "url": reverse("outreach:drop_off") + "?" + form.query(
                    names=form.SELECTION_NAMES, **{"from": before, "to": after}
                ),
            }
            for before, after, count in data.drop_offs
        ],
        query=form.query(),
        selection_query=form.query(names=form.SELECTION_NAMES),
        dimension=form.dimension,
        dimension_label=DIMENSIONS.get(form.dimension, ""),
        groups=data.groups,
        group_stages=data.funnel.stages,
    )
    if form.dimension:
        context.update(
            breakdown_summary=breakdown_summary(data.groups),
            breakdown_chart=charts.breakdown_image(data.groups) if data.groups else "",
        )
    return render(request, "outreach/funnel/dashboard.html", context)


def _valid_export_form(request, form_class=FunnelFilterForm):
    form = _filters(request, form_class)
    return form if not form.is_bound or form.is_valid() else None


def _start_export(request, kind: str):
    """Start a download of the funnel as a background job (a POST whose address carries the page's
    filters) and send the person to its page."""
    job = job_start(actor=request.user, kind=f"kopa.outreach.jobs:{kind}",
                    parameters={"query": request.GET.urlencode()})
    return start_redirect(job)


@staff_download_required
def dashboard_pdf(request):
    if _valid_export_form(request) is None:
        return _bad_filters()
    return _start_export(request, "FUNNEL_PDF")


@staff_download_required
def dashboard_csv(request):
    if _valid_export_form(request) is None:
        return _bad_filters()
    return _start_export(request, "FUNNEL_CSV")


@staff_download_required
def dashboard_xlsx(request):
    if _valid_export_form(request) is None:
        return _bad_filters()
    return _start_export(request, "FUNNEL_XLSX")


@staff_required
def compare(request):
    form = CompareForm(request.GET if ("a" in request.GET or "b" in request.GET) else None,
                       user=request.user)
    context = {"form": form, "has_cycles": len(form.cycles) > 1}
    if not form.is_bound:
        return render(request, "outreach/funnel/compare.html", context)
    if not form.is_valid():
        return render(request, "outreach/funnel/compare.html", context, status=400)
    first, second = form.chosen()
    campaigns = campaigns_in_cycles(request.user, [first, second])
    by_cycle = [[c for c in campaigns if c.cycle_id == cycle.pk] for cycle in (first, second)]
    date_from, date_to = form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
    funnels = selectors.compare(
        first=by_cycle[0], second=by_cycle[1], date_from=date_from, date_to=date_to
    )
    # Two cycles of one partnership are told apart by their names alone.
    same = first.partnership_id == second.partnership_id
    names = tuple(cycle.name if same else cycle_label(cycle) for cycle in (first, second))
    context.update(
        cycles=(first, second),
        names=names,
        counts=list(zip(names, [len(group) for group in by_cycle], strict=True)),
        rows=[
            {"label": a.label, "a": a.count, "a_conversion": percent(a.conversion),
             "a_reason": conversion_reason(a), "a_figure": a,
             "b": b.count, "b_conversion": percent(b.conversion),
             "b_reason": conversion_reason(b), "b_figure": b}
            for a, b in zip(funnels[0].stages, funnels[1].stages, strict=True)
        ],
        # Only worth a word when both cycles have campaigns: an empty cycle says so on its own.
        mixed=all(by_cycle) and (
            [f.measured for f in funnels[0].stages] != [f.measured for f in funnels[1].stages]
            or funnels[0].mixed or funnels[1].mixed
        ),
        summary=compare_summary(names=names, funnels=funnels),
        chart=charts.image(charts.compare_chart(names=names, funnels=funnels)),
    )
    return render(request, "outreach/funnel/compare.html", context)


@staff_required
def drop_off_list(request):
    form = _filters(request, DropOffFilterForm)
    context = {"form": form, "has_campaigns": bool(form.campaigns)}
    if form.is_bound and not form.is_valid():
        return render(request, "outreach/funnel/drop_off.html", context, status=400)
    from_stage, to_stage = form.stages
    if not (from_stage and to_stage):
        return render(request, "outreach/funnel/drop_off.html", context)
    campaigns, rows = exports.drop_off_rows(form)
    title = drop_off_title(from_stage, to_stage)
    agency_ids = {c.agency_id for c in campaigns} & staff_agency_ids(request.user)
    tasks_form = DropOffTasksForm(
        request.POST if request.method == "POST" else None,
        user=request.user, rows=rows, agency_ids=agency_ids, list_title=title,
    )
    tasks = submit(request, tasks_form, lambda: drop_off_followups_create(
        actor=request.user,
        rows=[(campaign, organisation) for campaign, organisation, _on in tasks_form.chosen_rows()],
        from_stage=from_stage,
        to_stage=to_stage,
        assignee=tasks_form.assignee_user(),
        due_on=tasks_form.cleaned_data["due_on"],
        title=tasks_form.cleaned_data["title"],
        notes=tasks_form.cleaned_data["notes"],
    ))
    if tasks:
        messages.success(request, ngettext(
            "%(count)s follow-up task was created.", "%(count)s follow-up tasks were created.", len(tasks)
        ) % {"count": len(tasks)})
        if tasks_form.assignee_user().pk == request.user.pk:
            return redirect("outreach:my_tasks")
        return redirect(reverse("outreach:drop_off") + "?" + form.query())
    ticked = tasks_form.ticked()
    listed = [
        {"campaign": c, "organisation": o, "reached_on": on, "key": row_key(c.pk, o.pk),
         "ticked": row_key(c.pk, o.pk) in ticked}
        for c, o, on in rows
    ]
    context.update(
        title=title,
        measuring=len(selectors.measuring_both(campaigns, from_stage, to_stage)),
        campaign_count=len(campaigns),
        from_label=Stage(from_stage).label,
        rows=listed,
        page_obj=Paginator(listed, DROP_OFF_PAGE_SIZE).get_page(request.GET.get("page")),
        filters=form.describe(campaigns),
        query=form.query(),
        dashboard_query=form.query(names=form.SELECTION_NAMES),
        tasks_form=tasks_form,
    )
    return render(request, "outreach/funnel/drop_off.html", context, status=400 if tasks_form.errors else 200)


def _valid_drop_off_form(request):
    form = _filters(request, DropOffFilterForm)
    return form if form.is_bound and form.is_valid() and all(form.stages) else None


@staff_download_required
def drop_off_csv(request):
    if _valid_drop_off_form(request) is None:
        return _bad_filters()
    return _start_export(request, "DROP_OFF_CSV")


@staff_download_required
def drop_off_xlsx(request):
    if _valid_drop_off_form(request) is None:
        return _bad_filters()
    return _start_export(request, "DROP_OFF_XLSX")


@staff_required
def partnership_list(request):
    partnerships = selectors.partnerships_for_staff(request.user)
    return render(request, "outreach/funnel/partnership_list.html", {"partnerships": partnerships})


@staff_required
def partnership_view(request, pk: int):
    partnership = partnership_for_staff(user=request.user, pk=pk)
    overview = reach.partnership_totals(
        campaigns=selectors.partnership_campaigns(partnership),
        own_agency_ids=staff_agency_ids(request.user),
    )
    return render(request, "outreach/funnel/partnership.html", {
        "partnership": partnership,
        "overview": overview,
        "stage_labels": [Stage(stage).label for stage, _count in overview.totals],
    })
