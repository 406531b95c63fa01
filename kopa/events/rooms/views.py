"""The participant's room page: which room type and nights they ask for, and where they sleep."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kopa.core.web import submit
from kopa.events.access import own_registration
from kopa.events.registration.selectors import purged_on
from kopa.events.rooms.forms import RoomRequestForm
from kopa.events.rooms.selectors import has_room_types, room_allocation, room_request
from kopa.events.rooms.services import room_request_save
from kopa.events.rules import nights_window


@login_required
def room_my(request, registration_pk: int):
    registration = own_registration(user=request.user, pk=registration_pk, participant=True)
    event = registration.event
    purged = purged_on(event)
    if purged is not None:
        return render(request, "events/rooms/my.html",
                      {"registration": registration, "event": event, "purged_on": purged})
    existing = room_request(registration)
    first, last = nights_window(event)
    initial = {"first_night": first, "last_night": last}
    if existing is not None:
        initial = {
            "room_type": existing.room_type_id,
            "first_night": existing.first_night,
            "last_night": existing.last_night,
            "share_with": existing.share_with,
        }
    form = RoomRequestForm(request.POST or None, event=event, initial=initial)
    saved = submit(
        request,
        form,
        lambda: room_request_save(registration=registration, actor=request.user, **form.cleaned_data),
        success=_("Your room request is saved."),
    )
    if saved is not None:
        return redirect("events:room_my", registration_pk=registration.pk)
    return render(
        request,
        "events/rooms/my.html",
        {
            "registration": registration,
            "event": event,
            "form": form,
            "room_request": existing,
            "allocation": room_allocation(registration),
            "first_night": first,
            "last_night": last,
            "has_types": has_room_types(event),
        },
    )
