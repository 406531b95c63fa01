"""Writes about rooms at the venue: room types, rooms, participants' requests and allocations.

Allocating consumes a bed: the room row is locked and its occupants counted inside the
transaction, so a room never holds more people than it has beds.
"""

from datetime import date

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.i18n import clean_texts
from kopa.core.models import AuditEntry
from kopa.events.access import require_organiser, require_place_holder
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

MAX_ROOMS_AT_ONCE = 200


@transaction.atomic
def room_type_save(
    *,
    actor,
    event: Event,
    name: dict,
    places: int,
    covered: bool,
    room_type: RoomType | None = None,
) -> RoomType:
    """Add or change a room type. Raises PermissionDenied, ValidationFailed."""
    require_organiser(actor, event)
    errors = {}
    name = clean_texts(name)
    if not name:
        errors["name"] = [_("Give the room type a name in at least one language.")]
    if not 1 <= places <= 20:
        errors["places"] = [_("A room has between 1 and 20 beds.")]
    if errors:
        raise ValidationFailed(fields=errors)
    if room_type is None:
        room_type = RoomType(event=event)
        before = {}
    else:
        room_type = RoomType.objects.select_for_update().get(pk=room_type.pk, event=event)
        before = audit.snapshot(room_type)
        fullest = max((room.allocations.count() for room in room_type.rooms.all()), default=0)
        if places < fullest:
            raise ValidationFailed(
                fields={
                    "places": [
                        _(
                            "A room of this type already has %(count)s people: keep at least that many beds."
                        )
                        % {"count": fullest}
                    ]
                }
            )
    room_type.name, room_type.places, room_type.covered = name, places, covered
    room_type.save()
    audit.record(
        actor=actor,
        obj=room_type,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        changes=audit.diff(before, audit.snapshot(room_type)),
    )
    return room_type


@transaction.atomic
def rooms_add(
    *, actor, room_type: RoomType, count: int, prefix: str = "", first_number: int = 1
) -> list[Room]:
    """Add `count` rooms labelled prefix + number. Raises PermissionDenied, ValidationFailed."""
    require_organiser(actor, room_type.event)
    if not 1 <= count <= MAX_ROOMS_AT_ONCE:
        raise ValidationFailed(
            fields={
                "count": [
                    _("Add between 1 and %(max)s rooms at once.") % {"max": MAX_ROOMS_AT_ONCE}
                ]
            }
        )
    if first_number < 0:
        raise ValidationFailed(fields={"first_number": [_("Start at 0 or a higher number.")]})
    labels = [f"{prefix.strip()}{first_number + i}" for i in range(count)]
    if any(len(label) > 40 for label in labels):
        raise ValidationFailed(
            fields={"prefix": [_("Room labels can have at most 40 characters.")]}
        )
    taken = set(room_type.rooms.filter(label__in=labels).values_list("label", flat=True))
    if taken:
        raise ValidationFailed(
            fields={
                "first_number": [
                    _("These rooms exist already: %(labels)s.")
                    % {"labels": ", ".join(sorted(taken))}
                ]
            }
        )
    rooms = Room.objects.bulk_create([Room(room_type=room_type, label=label) for label in labels])
    audit.record(
        actor=actor,
        obj=room_type,
        action=AuditEntry.Action.UPDATE,
        changes={"rooms": [None, ", ".join(labels)]},
    )
    return rooms


@transaction.atomic
def room_delete(*, actor, room: Room) -> None:
    """Remove an empty room. Raises PermissionDenied, Conflict (people sleep there)."""
    require_organiser(actor, room.room_type.event)
    room = Room.objects.select_for_update().get(pk=room.pk)
    if room.allocations.exists():
        raise Conflict(_("Move the people out of this room before removing it."))
    audit.record(
        actor=actor,
        obj=room.room_type,
        action=AuditEntry.Action.UPDATE,
        changes={"rooms": [room.label, None]},
    )
    room.delete()


@transaction.atomic
def room_request_save(
    *,
    registration: Registration,
    actor,
    room_type: RoomType | None,
    first_night: date | None,
    last_night: date | None,
    share_with: str = "",
) -> RoomRequest:
    """Ask for a room type and nights. Raises PermissionDenied, Conflict, ValidationFailed."""
    require_place_holder(actor, registration)
    event = registration.event
    earliest, latest = nights_window(event)
    window = {
        "first": formats.date_format(earliest, "DATE_FORMAT"),
        "last": formats.date_format(latest, "DATE_FORMAT"),
    }
    errors: dict[str, list[str]] = {}
    if room_type is None or room_type.event_id != event.pk:
        errors["room_type"] = [_("Choose one of the room types of this event.")]
    for name, night in (("first_night", first_night), ("last_night", last_night)):
        if night is None:
            errors[name] = [_("Enter a date.")]
        elif not earliest <= night <= latest:
            errors[name] = [_("Choose a night from %(first)s to %(last)s.") % window]
    if first_night and last_night and last_night < first_night and "last_night" not in errors:
        errors["last_night"] = [_("The last night cannot be before the first night.")]
    if errors:
        raise ValidationFailed(fields=errors)
    request, created = RoomRequest.objects.select_for_update().get_or_create(
        registration=registration,
        defaults={"room_type": room_type, "first_night": first_night, "last_night": last_night},
    )
    request.room_type, request.first_night, request.last_night = room_type, first_night, last_night
    request.share_with = share_with.strip()
    request.save()
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.UPDATE,
        changes={"room_request": [None if created else "given", "given" if created else "changed"]},
    )
    return request


@transaction.atomic
def room_allocate(*, actor, room: Room, registration: Registration) -> RoomAllocation:
    """Put a participant in a room (moving them from another room). Never more people than beds.

    Raises PermissionDenied, Conflict (room full, or no place held)."""
    event = room.room_type.event
    require_organiser(actor, event)
    if registration.event_id != event.pk:
        raise Conflict(_("This person is not registered for this event."))
    room = Room.objects.select_for_update().select_related("room_type").get(pk=room.pk)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in PARTICIPANT_STATUSES:
        raise Conflict(
            _("Only participants get a room: a place on offer must be accepted first.")
        )
    current = (
        RoomAllocation.objects.select_related("room").filter(registration=registration).first()
    )
    if current is not None and current.room_id == room.pk:
        return current
    occupants = room.allocations.count()
    if occupants >= room.room_type.places:
        raise Conflict(
            _("Room %(room)s is full: all its %(beds)s beds are taken.")
            % {"room": room.label, "beds": room.room_type.places}
        )
    if current is not None:
        RoomAllocation.objects.filter(pk=current.pk).delete()
    allocation = RoomAllocation.objects.create(room=room, registration=registration)
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.UPDATE,
        changes={"room": [current.room.label if current else None, room.label]},
    )
    return allocation


@transaction.atomic
def room_unallocate(*, actor, allocation: RoomAllocation) -> None:
    """Take a participant out of their room. Raises PermissionDenied."""
    require_organiser(actor, allocation.room.room_type.event)
    audit.record(
        actor=actor,
        obj=allocation.registration,
        action=AuditEntry.Action.UPDATE,
        changes={"room": [allocation.room.label, None]},
    )
    RoomAllocation.objects.filter(pk=allocation.pk).delete()
