"""Staff pages of the activity report: the reports of an event and the agencies' list, one report
(filled from the event, with its figures and their source), photos, the documents (background jobs),
finalising, a new version and publishing to the library.

Views parse the request and call one selector or service; a report or an event of another agency is
a 404 (`kopa.reports.access`, `kopa.events.access`)."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_download_required, staff_required, writer_required
from kopa.core import audit
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.events.access import organised_event
from kopa.reports import access
from kopa.reports.activity import selectors, services
from kopa.reports.activity.forms import (
    ActivityPhotoForm,
    ActivityPublishForm,
    ActivityReportCreateForm,
    ActivityReportForm,
)
from kopa.reports.activity.kinds import funder_form


@staff_required
def activity_list(request):
    return render(request, "reports/activity/list.html", {"reports": selectors.report_list(request.user)})


@staff_required
def activity_event(request, pk: int):
    """The event's reports, its figures, and a new report on a funder's form."""
    event = organised_event(user=request.user, pk=pk)
    form = ActivityReportCreateForm(request.POST or None)
    saved = submit(request, form, lambda: services.activity_report_create(
        actor=request.user, event=event, template=form.cleaned_data["template"],
        language=form.cleaned_data["language"]), success=_("The report is filled from the event."))
    if saved is not None:
        return redirect("reports:activity_detail", pk=saved.pk)
    reports = [(report, selectors.is_out_of_date(report)) for report in selectors.event_reports(event)]
    figures = selectors.event_figures(event)
    return render(request, "reports/activity/event.html", {
        "event": event, "form": form, "reports": reports, "figures": figures,
        "may_change": access.may_change_event_reports(request.user, event),
        "source_days": selectors.source_days(figures, request.LANGUAGE_CODE),
    }, status=400 if request.method == "POST" else 200)


def _detail_context(request, report, form):
    figures = selectors.report_figures(report)
    labels = funder_form(report.template).label_set(report.language)
    return {
        "report": report, "form": form, "figures": figures,
        "rows": selectors.filled_rows(report), "labels": labels,
        "per_day": [(selectors.short_date_iso(day, request.LANGUAGE_CODE), n) for day, n in figures["per_day"]],
        "per_country": [(selectors.country_name(code, request.LANGUAGE_CODE), n)
                        for code, n in figures["per_country"]],
        "source_days": selectors.source_days(figures, request.LANGUAGE_CODE),
        "out_of_date": selectors.is_out_of_date(report),
        "may_change": access.may_change_activity_report(request.user, report),
        "photos": report.photos.all(), "publish_form": ActivityPublishForm(),
        "history": audit.history_for(report)[:30],
    }


@staff_required
def activity_detail(request, pk: int):
    if request.method == "POST":
        report = access.activity_report_for_writer(user=request.user, pk=pk)
    else:
        report = access.activity_report_for_staff(user=request.user, pk=pk)
    form = ActivityReportForm(request.POST or None, report=report)
    saved = submit(request, form, lambda: services.activity_report_update(
        actor=request.user, report=report, data=form.to_service_data()), success=_("The report is saved."))
    if saved is not None:
        return redirect("reports:activity_detail", pk=saved.pk)
    return render(request, "reports/activity/detail.html", _detail_context(request, report, form),
                  status=400 if request.method == "POST" else 200)


@staff_required
@writer_required
def activity_photos(request, pk: int):
    report = access.activity_report_for_writer(user=request.user, pk=pk)
    form = ActivityPhotoForm(request.POST or None, request.FILES or None)
    saved = submit(request, form, lambda: services.activity_photo_add(
        actor=request.user, report=report, upload=form.cleaned_data["image"],
        alt_text=form.cleaned_data["alt_text"], consent=form.cleaned_data["consent"],
        included=form.cleaned_data["included"]), success=_("The photo is added, without its location."))
    if saved is not None:
        return redirect("reports:activity_detail", pk=report.pk)
    return render(request, "reports/activity/photos.html", {"report": report, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff_required
def activity_photo(request, pk: int, photo_pk: int):
    """A photo of a report, for its staff page (never cached)."""
    report = access.activity_report_for_staff(user=request.user, pk=pk)
    photo = selectors.photo_of(report, photo_pk)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _start(request, pk: int, kind: str):
    report = access.activity_report_for_staff(user=request.user, pk=pk)
    job = job_start(actor=request.user, kind=kind, parameters={"report": report.pk}, agency_id=report.agency_id)
    return start_redirect(job)


@staff_download_required
def activity_pdf(request, pk: int):
    return _start(request, pk, "kopa.reports.jobs:ACTIVITY_PDF")


@staff_download_required
def activity_docx(request, pk: int):
    return _start(request, pk, "kopa.reports.jobs:ACTIVITY_DOCX")


def _action(request, pk: int, action, success: str):
    report = access.activity_report_for_writer(user=request.user, pk=pk)
    try:
        result = action(report)
    except (ValidationFailed, Conflict) as exc:
        fields = getattr(exc, "fields", None) or {}
        messages.error(request, " ".join(str(m) for ms in fields.values() for m in ms) or str(exc.message))
        return redirect("reports:activity_detail", pk=report.pk)
    messages.success(request, success)
    return result


@require_POST
@staff_required
def activity_finalise(request, pk: int):
    done = _action(request, pk, lambda report: services.activity_report_finalise(
        actor=request.user, report=report), _("The report is final: its figures are locked."))
    return done if not hasattr(done, "pk") else redirect("reports:activity_detail", pk=done.pk)


@require_POST
@staff_required
def activity_new_version(request, pk: int):
    done = _action(request, pk, lambda report: services.activity_report_new_version(
        actor=request.user, report=report), _("A new version is made with the figures of today's check-ins."))
    return done if not hasattr(done, "pk") else redirect("reports:activity_detail", pk=done.pk)


@require_POST
@staff_required
def activity_publish(request, pk: int):
    form = ActivityPublishForm(request.POST)
    publish = form.cleaned_data["publish"] if form.is_valid() else False

    def action(report):
        services.activity_report_publish(actor=request.user, report=report, publish=publish)
        return redirect("reports:activity_detail", pk=report.pk)

    return _action(request, pk, action, _("The report's PDF is in the library.") if not publish
                   else _("The report's PDF is published in the library."))
