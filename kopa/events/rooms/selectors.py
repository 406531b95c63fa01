"""Reads about rooms: types with their rooms and occupants, requests, and the list for the venue."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from kopa.core.errors import NotFound
from kopa.events.models import (
    PARTICIPANT_STATUSES,
    Event,
    Registration,
    Room,
    RoomAllocation,
    RoomRequest,
    RoomType,
)
from kopa.events.rules import nights_window

# --- the participant ------------------------------------------------------------------------------


def has_room_types(event: Event) -> bool:
    return RoomType.objects.filter(event=event).exists()


def room_request(registration: Registration) -> RoomRequest | None:
    """The room type and nights the participant asked for, if they did."""
    return RoomRequest.objects.select_related("room_type").filter(registration=registration).first()


def room_allocation(registration: Registration) -> RoomAllocation | None:
    """Where the participant sleeps, once the organisers have put them in a room."""
    return (
        RoomAllocation.objects.select_related("room__room_type")
        .filter(registration=registration)
        .first()
    )


# --- organisers -----------------------------------------------------------------------------------


def event_room(*, event: Event, pk: int) -> Room:
    """The room `pk` at `event`'s venue. Raises NotFound."""
    room = Room.objects.select_related("room_type__event").filter(pk=pk, room_type__event=event).first()
    if room is None:
        raise NotFound()
    return room


def event_allocation(*, event: Event, pk: int) -> RoomAllocation:
    """The allocation `pk` of a room at `event`'s venue, with its person. Raises NotFound."""
    allocation = (
        RoomAllocation.objects.select_related("room__room_type__event", "registration")
        .filter(pk=pk, room__room_type__event=event)
        .first()
    )
    if allocation is None:
        raise NotFound()
    return allocation


def room_types(event: Event) -> QuerySet[RoomType]:
    """The event's room types, each with its rooms and who sleeps there."""
    allocations = RoomAllocation.objects.select_related("registration__room_request").order_by(
        "registration__last_name", "registration__first_name"
    )
    rooms = Room.objects.annotate(occupied=Count("allocations")).prefetch_related(
        Prefetch("allocations", queryset=allocations)
    )
    return RoomType.objects.filter(event=event).prefetch_related(Prefetch("rooms", queryset=rooms))


def rooms_with_free_beds(event: Event) -> list[Room]:
    rooms = (
        Room.objects.filter(room_type__event=event)
        .select_related("room_type")
        .annotate(occupied=Count("allocations"))
        .order_by("room_type__places", "room_type_id", "label")
    )
    return [room for room in rooms if room.occupied < room.room_type.places]


def participants_for_rooms(event: Event) -> QuerySet[Registration]:
    """Participants (not open offers), with what they asked for and where they sleep."""
    return (
        Registration.objects.filter(event=event, status__in=PARTICIPANT_STATUSES)
        .select_related("room_request__room_type", "room_allocation__room__room_type")
        .order_by("last_name", "first_name", "id")
    )


@dataclass
class Stay:
    room: Room
    registration: Registration
    first_night: date
    last_night: date


def allocation_list(event: Event) -> list[Stay]:
    """Who sleeps where and for which nights (the whole event when they did not say), by room."""
    earliest, latest = nights_window(event)
    allocations = (
        RoomAllocation.objects.filter(
            room__room_type__event=event, registration__status__in=PARTICIPANT_STATUSES
        )
        .select_related("room__room_type", "registration__room_request")
        .order_by(
            "room__room_type__places",
            "room__room_type_id",
            "room__label",
            "registration__last_name",
            "registration__first_name",
        )
    )
    stays = []
    for allocation in allocations:
        request = getattr(allocation.registration, "room_request", None)
        stays.append(
            Stay(
                room=allocation.room,
                registration=allocation.registration,
                first_night=request.first_night if request else earliest,
                last_night=request.last_night if request else latest,
            )
        )
    return stays


def venue_rows(event: Event) -> Iterator[list[str]]:
    """The list for the venue: room, room type, name, nights. Nothing else about the people."""
    yield [_("Room"), _("Room type"), _("Name"), _("First night"), _("Last night")]
    for stay in allocation_list(event):
        yield [
            stay.room.label,
            str(stay.room.room_type),
            stay.registration.full_name,
            stay.first_night.isoformat(),
            stay.last_night.isoformat(),
        ]
