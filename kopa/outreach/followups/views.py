"""Follow-up tasks: "My tasks" with its exports, a task's page, and marking tasks done.

A task of another agency, or an id that is not a whole number, is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_download_required, staff_required, writer_required
from kopa.core import audit
from kopa.core.errors import Conflict, NotFound
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.outreach.access import campaign_for_staff, followup_for_staff
from kopa.outreach.campaigns.selectors import organisation_in_scope
from kopa.outreach.followups import selectors, services
from kopa.outreach.followups.forms import TaskFilterForm, TaskForm

PAGE_SIZE = 50


def _listed(request):
    form = TaskFilterForm(request.GET or None, user=request.user)
    return form, selectors.my_followup_list(user=request.user, **form.filters())


@staff_required
def my_followups(request):
    form, tasks = _listed(request)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "task": task,
            "state": selectors.followup_state(task, today=today),
            "drop_off": selectors.drop_off_label(task.drop_off),
        }
        for task in page
    ]
    return render(
        request,
        "outreach/followups/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "today": today,
        },
    )


def _start_export(request, kind: str):
    """My tasks' export as a background job of the person's own (a POST whose address carries the
    list's filters)."""
    job = job_start(actor=request.user, kind=kind, parameters={"query": request.GET.urlencode()})
    return start_redirect(job)


@staff_download_required
def followups_csv(request):
    return _start_export(request, "kopa.outreach.jobs:TASKS_CSV")


@staff_download_required
def followups_xlsx(request):
    return _start_export(request, "kopa.outreach.jobs:TASKS_XLSX")


def _prefill(request) -> dict:
    """The organisation and campaign a "New task" link names; one not the user's is a 404."""
    initial = {"assignee": request.user.pk}
    organisation = request.GET.get("organisation")
    if organisation:
        if organisation_in_scope(user=request.user, pk=organisation) is None:
            raise NotFound()
        initial["organisation"] = int(organisation)
    campaign = request.GET.get("campaign")
    if campaign:
        found = campaign_for_staff(user=request.user, pk=campaign)
        initial.update(campaign=found.pk, agency=found.agency_id)
    return initial


@staff_required
@writer_required
def followup_create(request):
    form = TaskForm(
        request.POST or None,
        user=request.user,
        initial=None if request.method == "POST" else _prefill(request),
    )
    task = submit(
        request,
        form,
        lambda: services.followup_create(
            actor=request.user, agency=form.task_agency(), **form.to_service_data()
        ),
        success=_("The task is saved."),
    )
    if task:
        return redirect("outreach:task", pk=task.pk)
    return render(request, "outreach/followups/form.html", {"form": form, "task": None})


@staff_required
def followup_edit(request, pk):
    task = followup_for_staff(user=request.user, pk=pk)
    form = TaskForm(request.POST or None, user=request.user, task=task)
    saved = submit(
        request,
        form,
        lambda: services.followup_update(actor=request.user, task=task, **form.to_service_data()),
        success=_("The task is saved."),
    )
    if saved:
        return redirect("outreach:task", pk=saved.pk)
    return render(
        request,
        "outreach/followups/form.html",
        {
            "form": form,
            "task": task,
            "state": selectors.followup_state(task, today=timezone.localdate()),
            "drop_off": selectors.drop_off_label(task.drop_off),
            "history": audit.history_for(task)[:50],
        },
    )


def _back(request) -> str:
    """Where "Mark done" returns to: the page it was pressed on, if it is on this site."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("outreach:my_tasks")


@staff_required
@require_POST
def followup_done(request, pk):
    task = followup_for_staff(user=request.user, pk=pk)
    action = request.POST.get("action", "done")
    if action not in ("done", "reopen"):
        return HttpResponseBadRequest(
            _("Choose to mark the task done or to reopen it."),
            content_type="text/plain; charset=utf-8",
        )
    try:
        if action == "done":
            services.followup_done(actor=request.user, task=task)
            messages.success(request, _("“%(title)s” is done.") % {"title": task.title})
        else:
            services.followup_reopen(actor=request.user, task=task)
            messages.success(request, _("“%(title)s” is open again.") % {"title": task.title})
    except Conflict as exc:
        messages.error(request, str(exc.message))
    return redirect(_back(request))
