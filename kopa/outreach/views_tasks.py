"""Follow-up tasks: "My tasks" with its exports, a task's page, and marking tasks done.

A task of another agency, or an id that is not a whole number, is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_required
from kopa.core import audit
from kopa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from kopa.core.spreadsheets import csv_response, xlsx_response
from kopa.directory.access import staff_scope
from kopa.outreach import selectors, selectors_tasks, services_tasks
from kopa.outreach.forms_tasks import TaskFilterForm, TaskForm

PAGE_SIZE = 50


def _task(request, pk):
    try:
        return selectors.task_for_staff(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404() from exc


def _listed(request):
    form = TaskFilterForm(request.GET or None, user=request.user)
    return form, selectors_tasks.my_task_list(user=request.user, **form.filters())


@staff_required
def my_tasks(request):
    form, tasks = _listed(request)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "task": task,
            "state": selectors_tasks.task_state(task, today=today),
            "drop_off": selectors_tasks.drop_off_label(task.drop_off),
        }
        for task in page
    ]
    return render(
        request,
        "outreach/my_tasks.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "today": today,
        },
    )


@staff_required
def tasks_csv(request):
    _form, tasks = _listed(request)
    return csv_response(selectors_tasks.export_rows(tasks), filename="tasks.csv")


@staff_required
def tasks_xlsx(request):
    _form, tasks = _listed(request)
    return xlsx_response(selectors_tasks.export_rows(tasks), filename="tasks.xlsx", title=_("Tasks"))


def _prefill(request) -> dict:
    """The organisation and campaign a "New task" link names; one not the user's is a 404."""
    initial = {"assignee": request.user.pk}
    organisation = request.GET.get("organisation")
    if organisation:
        if (
            not organisation.isdigit()
            or not staff_scope(request.user).filter(pk=int(organisation)).exists()
        ):
            raise Http404()
        initial["organisation"] = int(organisation)
    campaign = request.GET.get("campaign")
    if campaign:
        try:
            found = selectors.campaign_for_staff(user=request.user, pk=campaign)
        except NotFound as exc:
            raise Http404() from exc
        initial.update(campaign=found.pk, agency=found.agency_id)
    return initial


def _save(request, form, save):
    """Validate `form` and call `save` (one service call); the saved task, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save()
    except ValidationFailed as exc:
        form.add_service_errors(exc)
        return None
    except PermissionDenied as exc:
        raise Http404() from exc


@staff_required
def task_create(request):
    form = TaskForm(
        request.POST or None,
        user=request.user,
        initial=None if request.method == "POST" else _prefill(request),
    )
    task = _save(
        request,
        form,
        lambda: services_tasks.task_create(
            actor=request.user, agency=form.task_agency(), **form.to_service_data()
        ),
    )
    if task:
        messages.success(request, _("The task is saved."))
        return redirect("outreach:task", pk=task.pk)
    return render(request, "outreach/task_form.html", {"form": form, "task": None})


@staff_required
def task_edit(request, pk):
    task = _task(request, pk)
    form = TaskForm(request.POST or None, user=request.user, task=task)
    saved = _save(
        request,
        form,
        lambda: services_tasks.task_update(actor=request.user, task=task, **form.to_service_data()),
    )
    if saved:
        messages.success(request, _("The task is saved."))
        return redirect("outreach:task", pk=saved.pk)
    return render(
        request,
        "outreach/task_form.html",
        {
            "form": form,
            "task": task,
            "state": selectors_tasks.task_state(task, today=timezone.localdate()),
            "drop_off": selectors_tasks.drop_off_label(task.drop_off),
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
def task_done(request, pk):
    task = _task(request, pk)
    action = request.POST.get("action", "done")
    if action not in ("done", "reopen"):
        return HttpResponseBadRequest(
            _("Choose to mark the task done or to reopen it."),
            content_type="text/plain; charset=utf-8",
        )
    try:
        if action == "done":
            services_tasks.task_done(actor=request.user, task=task)
            messages.success(request, _("“%(title)s” is done.") % {"title": task.title})
        else:
            services_tasks.task_reopen(actor=request.user, task=task)
            messages.success(request, _("“%(title)s” is open again.") % {"title": task.title})
    except Conflict as exc:
        messages.error(request, str(exc.message))
    except PermissionDenied as exc:
        raise Http404() from exc
    return redirect(_back(request))
