"""Organisers' event management: their agency's events, the event form and the extra questions.

A page about an event of another agency is a 404, as is the whole back office for non-staff.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.agencies.selectors import agencies_for_staff, current_agency
from kopa.core import audit
from kopa.core.errors import NotFound, PermissionDenied, ValidationFailed
from kopa.core.http import posted_id
from kopa.core.models import AuditEntry
from kopa.events import selectors, selectors_calendar, services_events
from kopa.events.forms_events import EventForm, QuestionForm
from kopa.events.models import Question

PAGE_SIZE = 25


def _event(request, pk: int):
    try:
        return selectors_calendar.event_for_staff(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404() from exc


def _save(request, form, save, *, success_message: str):
    """Validate `form` and call `save` (one service call); the saved object, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationFailed as exc:
        form.add_service_errors(exc)
        return None
    except PermissionDenied as exc:
        raise Http404() from exc
    messages.success(request, success_message)
    return saved


@staff_required
def staff_list(request):
    agency = current_agency(request.user, request.GET.get("agency"))
    qs = selectors_calendar.staff_events(user=request.user, agency=agency)
    return render(request, "events/staff_event_list.html", {
        "agency": agency,
        "agencies": agencies_for_staff(request.user),
        "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
    })


@staff_required
def staff_create(request):
    form = EventForm(request.POST or None, user=request.user)
    saved = _save(
        request, form,
        lambda: services_events.event_create(
            actor=request.user, agency=form.cleaned_data["agency"], data=_event_data(form)
        ),
        success_message=_("The event is saved."),
    )
    if saved:
        return redirect("events:staff_detail", pk=saved.pk)
    return render(request, "events/staff_event_edit.html", {
        "form": form, "title": _("Add an event"), "back_url": reverse("events:staff_list"),
    })


def _event_data(form: EventForm) -> dict:
    data = form.to_service_data()
    data["working_languages"] = list(data.get("working_languages") or [])
    return data


@staff_required
def staff_edit(request, pk: int):
    event = _event(request, pk)
    form = EventForm(request.POST or None, user=request.user, instance=event)
    saved = _save(
        request, form,
        lambda: services_events.event_update(actor=request.user, event=event, data=_event_data(form)),
        success_message=_("The event is saved."),
    )
    if saved:
        return redirect("events:staff_detail", pk=saved.pk)
    return render(request, "events/staff_event_edit.html", {
        "form": form,
        "title": _("Edit the event %(title)s") % {"title": event.title_text},
        "back_url": reverse("events:staff_detail", args=[event.pk]),
    })


@staff_required
def staff_detail(request, pk: int):
    event = _event(request, pk)
    held = selectors.places_held(event)
    return render(request, "events/staff_event_detail.html", {
        "event": event,
        "places_held": held,
        "places_left": max(event.capacity - held, 0),
        "questions": selectors_calendar.questions_for(event),
        "history": audit.history_for(event)[:50],
    })


def _question_history(event):
    ids = [str(pk) for pk in Question.objects.filter(event=event).values_list("pk", flat=True)]
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Question), object_id__in=ids
    ).select_related("actor")[:50]


@staff_required
def staff_questions(request, pk: int):
    event = _event(request, pk)
    if request.method == "POST" and "delete" in request.POST:
        question = Question.objects.filter(event=event, pk=posted_id(request, "delete")).first()
        if question is None:
            raise Http404()
        try:
            services_events.question_delete(actor=request.user, question=question)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        except PermissionDenied as exc:
            raise Http404() from exc
        else:
            messages.success(request, _("The question is removed."))
        return redirect("events:staff_questions", pk=event.pk)
    form = QuestionForm(request.POST or None, event=event)
    saved = _save(
        request, form,
        lambda: services_events.question_create(
            actor=request.user, event=event, data=form.to_service_data()
        ),
        success_message=_("The question is added."),
    )
    if saved:
        return redirect("events:staff_questions", pk=event.pk)
    return render(request, "events/staff_event_questions.html", {
        "event": event,
        "questions": selectors_calendar.questions_for(event),
        "form": form,
        "history": _question_history(event),
    })


@staff_required
def staff_question_edit(request, pk: int, question_pk: int):
    event = _event(request, pk)
    question = Question.objects.filter(event=event, pk=question_pk).first()
    if question is None:
        raise Http404()
    form = QuestionForm(request.POST or None, event=event, instance=question)
    saved = _save(
        request, form,
        lambda: services_events.question_update(
            actor=request.user, question=question, data=form.to_service_data()
        ),
        success_message=_("The question is saved."),
    )
    if saved:
        return redirect("events:staff_questions", pk=event.pk)
    return render(request, "events/staff_event_question_edit.html", {
        "event": event, "question": question, "form": form,
        "history": audit.history_for(question)[:50],
    })
