"""The organisers' pages of a matchmaking event: setup (rules, sessions and slots, tables), the
requests, the scheduler (a background job), pins, publishing agendas, the table plan per slot, the
participants' table needs and the figures."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_required, writer_required
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.events.access import may_organise, organised_event
from kopa.matchmaking.access import (
    may_run_meetings,
    may_set_table_needs,
    organised_meetings,
    staff_meeting,
    staff_profile,
)
from kopa.matchmaking.meetings import selectors, services
from kopa.matchmaking.meetings.forms import (
    STATUS_CHOICES,
    NeedsForm,
    SessionForm,
    SetupForm,
    TablesForm,
)
from kopa.matchmaking.models import MatchmakingSetup


@staff_required
def overview(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    setup = selectors.setup_of(event)
    action = request.POST.get("action") if request.method == "POST" else None
    setup_form = SetupForm.for_setup(setup, request.POST if action == "setup" else None)
    session_form = SessionForm(request.POST if action == "session" else None, prefix="session")
    tables_form = TablesForm(request.POST if action == "tables" else None, prefix="tables")
    if action == "setup":
        saved = submit(request, setup_form, lambda: services.setup_save(
            actor=request.user, event=event, **setup_form.cleaned_data), success=_("The meeting rules are saved."))
    elif action == "session" and setup is not None:
        saved = submit(request, session_form, lambda: services.session_add(
            actor=request.user, setup=setup, **session_form.cleaned_data), success=_("The session is added."))
    elif action == "tables" and setup is not None:
        saved = submit(request, tables_form, lambda: services.tables_add(
            actor=request.user, setup=setup, **tables_form.cleaned_data), success=_("The tables are added."))
    elif action is not None:
        return HttpResponseBadRequest(_("Unknown action."))
    else:
        saved = None
    if saved is not None:
        return redirect("matchmaking:meetings_staff", pk=event.pk)
    context = {"event": event, "setup": setup, "setup_form": setup_form, "session_form": session_form,
               "tables_form": tables_form, "may_change": may_organise(request.user, event)}
    if setup is not None:
        context.update({"sessions": selectors.sessions_of(setup), "tables": selectors.tables_of(setup),
                        "figures": selectors.figures(setup), "Published": MatchmakingSetup.Published})
    return render(request, "matchmaking/meetings/staff.html", context)


@staff_required
def requests_list(request, pk: int):
    setup = organised_meetings(user=request.user, pk=pk)
    status = request.GET.get("status", "")
    if status not in dict(STATUS_CHOICES):
        status = ""
    return render(request, "matchmaking/meetings/staff_requests.html", {
        "setup": setup, "event": setup.event, "status": status, "statuses": STATUS_CHOICES,
        "requests": selectors.staff_requests(setup, status)[:500]})


@writer_required
@require_POST
def schedule_start(request, pk: int):
    setup = organised_meetings(user=request.user, pk=pk)
    job = job_start(actor=request.user, kind="kopa.matchmaking.jobs:SCHEDULE", parameters={"event": setup.event_id},
                    agency_id=setup.event.organiser_agency_id)
    return start_redirect(job)


@writer_required
@require_POST
def publish(request, pk: int):
    setup = organised_meetings(user=request.user, pk=pk)
    told = services.agenda_publish(actor=request.user, setup=setup, stage=request.POST.get("stage", ""))
    messages.success(request, _("The agenda is published and %(n)s participants are told.") % {"n": told})
    return redirect("matchmaking:meetings_staff", pk=setup.event_id)


@staff_required
def plan(request, pk: int):
    setup = organised_meetings(user=request.user, pk=pk)
    if request.method == "POST":
        if not may_run_meetings(request.user, setup):
            return HttpResponseBadRequest(_("You may not change this event."))
        if not request.POST.get("meeting"):
            return HttpResponseBadRequest(_("Choose a meeting."))
        meeting = staff_meeting(setup=setup, pk=request.POST["meeting"])
        action = request.POST.get("action")
        if action in ("pin", "unpin"):
            services.meeting_pin(actor=request.user, meeting=meeting, pinned=action == "pin")
        elif action in ("held", "no_show"):
            services.meeting_mark(actor=request.user, meeting=meeting, outcome=action)
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        messages.success(request, _("The meeting is changed."))
        return redirect("matchmaking:meetings_plan", pk=setup.event_id)
    tables, rows = selectors.table_plan(setup)
    return render(request, "matchmaking/meetings/plan.html", {
        "setup": setup, "event": setup.event, "tables": tables, "rows": rows,
        "may_change": may_run_meetings(request.user, setup)})


@staff_required
def participants(request, pk: int):
    setup = organised_meetings(user=request.user, pk=pk)
    needs = may_set_table_needs(request.user, setup)
    if request.method == "POST":
        if not needs:
            return HttpResponseBadRequest(_("You may not change this event."))
        if not request.POST.get("profile"):
            return HttpResponseBadRequest(_("Choose a participant."))
        profile = staff_profile(setup=setup, pk=request.POST["profile"])
        form = NeedsForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Unknown action."))
        services.table_needs_set(actor=request.user, profile=profile, **form.cleaned_data)
        messages.success(request, _("The table needs are saved."))
        return redirect("matchmaking:meetings_participants", pk=setup.event_id)
    return render(request, "matchmaking/meetings/staff_participants.html", {
        "setup": setup, "event": setup.event, "needs": needs, "profiles": selectors.participant_profiles(setup)})
