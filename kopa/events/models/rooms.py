"""Rooms at the venue: types, rooms, what participants ask for, and who sleeps where."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick
from kopa.core.privacy import private
from kopa.events.models.event import Event
from kopa.events.models.registration import Registration


class RoomType(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="room_types")
    name = models.JSONField(_("name"), default=dict)
    places = models.PositiveSmallIntegerField(_("beds per room"))
    covered = models.BooleanField(_("covered by the organiser"), default=True)

    class Meta:
        ordering = ["event", "places", "id"]
        verbose_name = _("room type")
        verbose_name_plural = _("room types")
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1) & Q(places__lte=20), name="room_type_places_sane")
        ]

    def __str__(self):
        return pick(self.name)


class Room(models.Model):
    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="rooms")
    label = models.CharField(_("room"), max_length=40)

    class Meta:
        ordering = ["room_type", "label"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["room_type", "label"], name="unique_room_label")]

    def __str__(self):
        return self.label


class RoomRequest(models.Model):
    """What a participant needs: room type, nights (within the event's window), who to share with."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="room_request")
    room_type = models.ForeignKey(RoomType, verbose_name=_("room type"), on_delete=models.PROTECT, related_name="+")
    first_night = models.DateField(_("first night"))
    last_night = models.DateField(_("last night"))
    share_with = private(models.CharField(_("I would like to share with"), max_length=200, blank=True))

    class Meta:
        verbose_name = _("room request")
        verbose_name_plural = _("room requests")
        constraints = [
            models.CheckConstraint(condition=Q(last_night__gte=F("first_night")), name="nights_in_order")
        ]

    def __str__(self):
        return f"room request #{self.pk}"


class RoomAllocation(models.Model):
    """Who sleeps in which room; services never put more people in a room than it has beds."""

    room = private(models.ForeignKey(Room, on_delete=models.CASCADE, related_name="allocations"))
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="room_allocation")

    class Meta:
        verbose_name = _("room allocation")
        verbose_name_plural = _("room allocations")

    def __str__(self):
        return f"{self.room}: {self.registration_id}"
