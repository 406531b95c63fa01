"""The cycle and partnership reports' staff pages, the narrative form and the downloads (started by
a POST, built in the background). A cycle of a partnership the person's agencies are not in is a
404 (`kopa.reports.access`)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_download_required, staff_required, writer_required
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.outreach.funnel.charts import image
from kopa.programmes.selectors import staff_cycle_list
from kopa.reports.access import cycle_report_access
from kopa.reports.cycles.forms import NarrativeForm
from kopa.reports.cycles.jobs import BENEFICIARY_KINDS, KINDS
from kopa.reports.cycles.selectors import cycle_report, own_narrative, partnership_agencies
from kopa.reports.cycles.services import narrative_save

JOBS = "kopa.reports.cycles.jobs"


@staff_required
def cycle_list(request):
    return render(request, "reports/cycles/list.html", {"cycles": staff_cycle_list(request.user)})


def _page(request, access, *, partnership: bool):
    agencies = partnership_agencies(access.partnership_agency_ids) if partnership else [access.agency]
    report = cycle_report(cycle=access.cycle, agencies=agencies, partnership=partnership)
    charts = {table.key: image(table.chart) for table in report.tables if table.chart is not None}
    scope = "partnership" if partnership else "agency"
    query = f"?agency={access.agency.pk}"
    downloads = [
        (label, reverse("reports:cycle_export", args=[access.cycle.pk, fmt]) + f"{query}&scope={scope}")
        for label, fmt in ((_("Report (PDF)"), "pdf"), (_("Report (DOCX)"), "docx"),
                           (_("Tables (XLSX)"), "xlsx"))
    ]
    if not partnership:
        downloads += [
            (label, reverse("reports:cycle_beneficiary", args=[access.cycle.pk, fmt]) + query)
            for label, fmt in ((_("Beneficiary Module participants (CSV)"), "csv"),
                               (_("Beneficiary Module participants (XLSX)"), "xlsx"))
        ]
    return render(request, "reports/cycles/report.html", {
        "access": access, "report": report, "charts": charts, "partnership": partnership,
        "downloads": downloads,
    })


@staff_required
def cycle_report_page(request, pk: int):
    access = cycle_report_access(user=request.user, pk=pk, agency_id=request.GET.get("agency"))
    return _page(request, access, partnership=False)


@staff_required
def cycle_partnership(request, pk: int):
    access = cycle_report_access(user=request.user, pk=pk, agency_id=request.GET.get("agency"))
    return _page(request, access, partnership=True)


@staff_required
@writer_required
def cycle_narrative(request, pk: int):
    access = cycle_report_access(user=request.user, pk=pk, agency_id=request.GET.get("agency"))
    if not access.may_write:
        raise Http404()
    form = NarrativeForm(request.POST or None, narrative=own_narrative(cycle=access.cycle,
                                                                         agency=access.agency))
    saved = submit(request, form, lambda: narrative_save(
        actor=request.user, cycle=access.cycle, agency=access.agency,
        partnership_agency_ids=access.partnership_agency_ids, data=form.to_service_data()),
        success=_("The narrative is saved."))
    if saved:
        return redirect(reverse("reports:cycle_report", args=[access.cycle.pk])
                        + f"?agency={access.agency.pk}")
    return render(request, "reports/cycles/narrative.html", {"access": access, "form": form})


def _start(request, access, kind: str, **parameters):
    job = job_start(actor=request.user, kind=f"{JOBS}:{kind}", agency_id=access.agency.pk,
                    parameters={"cycle": access.cycle.pk, "agency": access.agency.pk, **parameters})
    return start_redirect(job)


@staff_download_required
def cycle_export(request, pk: int, fmt: str):
    access = cycle_report_access(user=request.user, pk=pk, agency_id=request.GET.get("agency"))
    scope = request.GET.get("scope") or "agency"
    if fmt not in KINDS or scope not in ("agency", "partnership"):
        raise Http404()
    return _start(request, access, KINDS[fmt], scope=scope)


@staff_download_required
def cycle_beneficiary(request, pk: int, fmt: str):
    access = cycle_report_access(user=request.user, pk=pk, agency_id=request.GET.get("agency"))
    if fmt not in BENEFICIARY_KINDS:
        raise Http404()
    return _start(request, access, BENEFICIARY_KINDS[fmt])
