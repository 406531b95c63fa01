"""Room pages: a participant's room request, the organisers' rooms and allocations, the venue list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_required
from kopa.core.errors import KopaError, ValidationFailed
from kopa.core.http import posted_id
from kopa.core.spreadsheets import csv_response, xlsx_response
from kopa.events import selectors_rooms as selectors
from kopa.events import services_rooms as services
from kopa.events.forms_rooms import AllocateForm, RoomRequestForm, RoomsAddForm, RoomTypeForm
from kopa.events.models import Room, RoomAllocation, RoomRequest, RoomType
from kopa.events.views_travel import organised_event_or_404, own_registration_or_404, show_error


@login_required
def room_my(request, registration_pk: int):
    registration = own_registration_or_404(request, registration_pk)
    event = registration.event
    existing = (
        RoomRequest.objects.select_related("room_type").filter(registration=registration).first()
    )
    first, last = services.nights_window(event)
    initial = {"first_night": first, "last_night": last}
    if existing is not None:
        initial = {
            "room_type": existing.room_type_id,
            "first_night": existing.first_night,
            "last_night": existing.last_night,
            "share_with": existing.share_with,
        }
    form = RoomRequestForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.room_request_save(
                registration=registration, actor=request.user, **form.cleaned_data
            )
        except KopaError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Your room request is saved."))
            return redirect("events:room_my", registration_pk=registration.pk)
    allocation = (
        RoomAllocation.objects.select_related("room__room_type")
        .filter(registration=registration)
        .first()
    )
    return render(
        request,
        "events/rooms_my.html",
        {
            "registration": registration,
            "event": event,
            "form": form,
            "room_request": existing,
            "allocation": allocation,
            "first_night": first,
            "last_night": last,
            "has_types": RoomType.objects.filter(event=event).exists(),
        },
    )


def _add_errors(form, exc: KopaError) -> None:
    if isinstance(exc, ValidationFailed) and hasattr(form, "add_service_errors"):
        form.add_service_errors(exc)
    else:
        form.add_error(None, exc.message)


@staff_required
def rooms_staff(request, pk: int):
    event = organised_event_or_404(request, pk)
    post = request.POST if request.method == "POST" else None
    which = post.get("form") if post else None
    type_form = RoomTypeForm(
        post if which == "type" else None, prefix="type", initial={"places": 2}
    )
    add_form = RoomsAddForm(post if which == "add" else None, prefix="add", event=event)
    participants = selectors.participants_for_rooms(event)
    unallocated = [r for r in participants if not hasattr(r, "room_allocation")]
    allocate_form = AllocateForm(
        post if which == "allocate" else None,
        prefix="allocate",
        participants=unallocated,
        rooms=selectors.rooms_with_free_beds(event),
    )
    try:
        if which == "type" and type_form.is_valid():
            services.room_type_save(actor=request.user, event=event, **type_form.to_service_data())
            messages.success(request, _("Room type added."))
            return redirect("events:rooms_staff", pk=event.pk)
        if which == "add" and add_form.is_valid():
            services.rooms_add(actor=request.user, **add_form.cleaned_data)
            messages.success(request, _("Rooms added."))
            return redirect("events:rooms_staff", pk=event.pk)
        if which == "allocate" and allocate_form.is_valid():
            room = get_object_or_404(
                Room, pk=allocate_form.cleaned_data["room"], room_type__event=event
            )
            registration = get_object_or_404(
                event.registrations, pk=allocate_form.cleaned_data["registration"]
            )
            services.room_allocate(actor=request.user, room=room, registration=registration)
            messages.success(
                request,
                _("%(name)s now sleeps in room %(room)s.")
                % {"name": registration.full_name, "room": room.label},
            )
            return redirect("events:rooms_staff", pk=event.pk)
    except KopaError as exc:
        target = {"type": type_form, "add": add_form, "allocate": allocate_form}[which]
        _add_errors(target, exc)
    return render(
        request,
        "events/rooms_staff.html",
        {
            "event": event,
            "room_types": selectors.room_types(event),
            "participants": participants,
            "stays": selectors.allocation_list(event),
            "type_form": type_form,
            "add_form": add_form,
            "allocate_form": allocate_form,
        },
    )


@staff_required
@require_POST
def rooms_change(request, pk: int):
    """Take a person out of a room, or remove an empty room."""
    event = organised_event_or_404(request, pk)
    try:
        if request.POST.get("action") == "unallocate":
            allocation = get_object_or_404(
                RoomAllocation.objects.select_related("room__room_type__event", "registration"),
                pk=posted_id(request, "allocation"),
                room__room_type__event=event,
            )
            services.room_unallocate(actor=request.user, allocation=allocation)
            messages.success(
                request,
                _("%(name)s no longer has a room.") % {"name": allocation.registration.full_name},
            )
        elif request.POST.get("action") == "remove_room":
            room = get_object_or_404(
                Room.objects.select_related("room_type__event"),
                pk=posted_id(request, "room"),
                room_type__event=event,
            )
            services.room_delete(actor=request.user, room=room)
            messages.success(request, _("Room %(room)s removed.") % {"room": room.label})
        else:
            raise Http404()
    except KopaError as exc:
        messages.error(request, exc.message)
    return redirect("events:rooms_staff", pk=event.pk)


def _export_name(event, extension: str) -> str:
    return f"rooms-{slugify(event.title_text) or event.pk}.{extension}"


@staff_required
def rooms_export_csv(request, pk: int):
    event = organised_event_or_404(request, pk)
    return csv_response(selectors.venue_rows(event), filename=_export_name(event, "csv"))


@staff_required
def rooms_export_xlsx(request, pk: int):
    event = organised_event_or_404(request, pk)
    return xlsx_response(selectors.venue_rows(event), filename=_export_name(event, "xlsx"), title=_("Rooms"))
