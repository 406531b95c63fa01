"""Organisers' room pages: room types and rooms, who sleeps where, and the list for the venue."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_download_required, staff_required
from kopa.core.errors import KopaError
from kopa.core.http import posted_id
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.events.access import organised_event, organised_event_with_needs
from kopa.events.registration.selectors import event_registration, purged_on
from kopa.events.rooms.forms import AllocateForm, RoomsAddForm, RoomTypeForm
from kopa.events.rooms.selectors import (
    allocation_list,
    event_allocation,
    event_room,
    participants_for_rooms,
    room_types,
    rooms_with_free_beds,
)
from kopa.events.rooms.services import (
    room_allocate,
    room_delete,
    room_type_save,
    room_unallocate,
    rooms_add,
)


@staff_required
def rooms_staff(request, pk: int):
    event = organised_event_with_needs(user=request.user, pk=pk)
    post = request.POST if request.method == "POST" else None
    which = post.get("form") if post else None
    type_form = RoomTypeForm(
        post if which == "type" else None, prefix="type", initial={"places": 2}
    )
    add_form = RoomsAddForm(post if which == "add" else None, prefix="add", event=event)
    participants = participants_for_rooms(event)
    unallocated = [r for r in participants if not hasattr(r, "room_allocation")]
    allocate_form = AllocateForm(
        post if which == "allocate" else None,
        prefix="allocate",
        participants=unallocated,
        rooms=rooms_with_free_beds(event),
    )
    posted = {"type": type_form, "add": add_form, "allocate": allocate_form}.get(which)
    if posted is not None and posted.is_valid():
        if which == "allocate":
            room = event_room(event=event, pk=allocate_form.cleaned_data["room"])
            person = event_registration(event=event, pk=allocate_form.cleaned_data["registration"])
        try:
            if which == "type":
                room_type_save(actor=request.user, event=event, **type_form.to_service_data())
                success = _("Room type added.")
            elif which == "add":
                rooms_add(actor=request.user, **add_form.cleaned_data)
                success = _("Rooms added.")
            else:
                room_allocate(actor=request.user, room=room, registration=person)
                success = _("%(name)s now sleeps in room %(room)s.") % {
                    "name": person.full_name,
                    "room": room.label,
                }
        except KopaError as exc:
            posted.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect("events:rooms_staff", pk=event.pk)
    return render(
        request,
        "events/rooms/staff.html",
        {
            "event": event,
            "room_types": room_types(event),
            "participants": participants,
            "stays": allocation_list(event),
            "purged_on": purged_on(event),
            "type_form": type_form,
            "add_form": add_form,
            "allocate_form": allocate_form,
        },
    )


@staff_required
@require_POST
def rooms_change(request, pk: int):
    """Take a person out of a room, or remove an empty room."""
    event = organised_event(user=request.user, pk=pk)
    action = request.POST.get("action")
    if action == "unallocate":
        allocation = event_allocation(event=event, pk=posted_id(request, "allocation"))
    elif action == "remove_room":
        room = event_room(event=event, pk=posted_id(request, "room"))
    else:
        raise Http404()
    try:
        if action == "unallocate":
            room_unallocate(actor=request.user, allocation=allocation)
            messages.success(
                request,
                _("%(name)s no longer has a room.") % {"name": allocation.registration.full_name},
            )
        else:
            room_delete(actor=request.user, room=room)
            messages.success(request, _("Room %(room)s removed.") % {"room": room.label})
    except KopaError as exc:
        messages.error(request, exc.message)
    return redirect("events:rooms_staff", pk=event.pk)


def _start_export(request, pk: int, kind: str):
    event = organised_event(user=request.user, pk=pk)
    job = job_start(actor=request.user, kind=kind, parameters={"event": event.pk},
                    agency_id=event.organiser_agency_id)
    return start_redirect(job)


@staff_download_required
def rooms_export_csv(request, pk: int):
    return _start_export(request, pk, "kopa.events.jobs:ROOMS_CSV")


@staff_download_required
def rooms_export_xlsx(request, pk: int):
    return _start_export(request, pk, "kopa.events.jobs:ROOMS_XLSX")
