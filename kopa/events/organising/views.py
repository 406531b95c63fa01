"""Organisers' event management: their agency's events, the event form and the extra questions.

A page about an event of another agency is a 404, as is the whole back office for non-staff.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required, writer_required
from kopa.agencies.selectors import agencies_for_staff, current_agency
from kopa.core import audit
from kopa.core.errors import ValidationFailed
from kopa.core.http import posted_id
from kopa.core.web import submit
from kopa.events.access import organised_event
from kopa.events.organising.forms import EventForm, QuestionForm
from kopa.events.organising.selectors import (
    HISTORY_LENGTH,
    event_question,
    questions_for,
    questions_history,
    staff_events,
)
from kopa.events.organising.services import (
    event_create,
    event_update,
    question_create,
    question_delete,
    question_update,
)
from kopa.events.registration.selectors import places_held, purged_on

PAGE_SIZE = 25


@staff_required
def staff_list(request):
    agency = current_agency(request.user, request.GET.get("agency"))
    qs = staff_events(user=request.user, agency=agency)
    return render(request, "events/organising/event_list.html", {
        "agency": agency,
        "agencies": agencies_for_staff(request.user),
        "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
    })


@staff_required
@writer_required
def staff_create(request):
    form = EventForm(request.POST or None, user=request.user)
    saved = submit(
        request, form,
        lambda: event_create(
            actor=request.user, agency=form.cleaned_data["agency"], data=_event_data(form)
        ),
        success=_("The event is saved."),
    )
    if saved:
        return redirect("events:staff_detail", pk=saved.pk)
    return render(request, "events/organising/event_edit.html", {
        "form": form, "title": _("Add an event"), "back_url": reverse("events:staff_list"),
    })


def _event_data(form: EventForm) -> dict:
    data = form.to_service_data()
    data["working_languages"] = list(data.get("working_languages") or [])
    return data


@staff_required
@writer_required
def staff_edit(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    form = EventForm(request.POST or None, user=request.user, instance=event)
    saved = submit(
        request, form,
        lambda: event_update(actor=request.user, event=event, data=_event_data(form)),
        success=_("The event is saved."),
    )
    if saved:
        return redirect("events:staff_detail", pk=saved.pk)
    return render(request, "events/organising/event_edit.html", {
        "form": form,
        "title": _("Edit the event %(title)s") % {"title": event.title_text},
        "back_url": reverse("events:staff_detail", args=[event.pk]),
    })


@staff_required
def staff_detail(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    held = places_held(event)
    return render(request, "events/organising/event_detail.html", {
        "event": event,
        "places_held": held,
        "places_left": max(event.capacity - held, 0),
        "questions": questions_for(event),
        "history": audit.history_for(event)[:HISTORY_LENGTH],
    })


@staff_required
def staff_questions(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    if request.method == "POST" and "delete" in request.POST:
        question = event_question(event=event, pk=posted_id(request, "delete"))
        try:
            question_delete(actor=request.user, question=question)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The question is removed."))
        return redirect("events:staff_questions", pk=event.pk)
    form = QuestionForm(request.POST or None, event=event)
    saved = submit(
        request, form,
        lambda: question_create(actor=request.user, event=event, data=form.to_service_data()),
        success=_("The question is added."),
    )
    if saved:
        return redirect("events:staff_questions", pk=event.pk)
    return render(request, "events/organising/questions.html", {
        "event": event,
        "questions": questions_for(event),
        "form": form,
        "history": questions_history(event),
        "purged_on": purged_on(event),
    })


@staff_required
@writer_required
def staff_question_edit(request, pk: int, question_pk: int):
    event = organised_event(user=request.user, pk=pk)
    question = event_question(event=event, pk=question_pk)
    form = QuestionForm(request.POST or None, event=event, instance=question)
    saved = submit(
        request, form,
        lambda: question_update(actor=request.user, question=question, data=form.to_service_data()),
        success=_("The question is saved."),
    )
    if saved:
        return redirect("events:staff_questions", pk=event.pk)
    return render(request, "events/organising/question_edit.html", {
        "event": event, "question": question, "form": form,
        "history": audit.history_for(question)[:HISTORY_LENGTH],
    })
