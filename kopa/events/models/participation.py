"""Private participation data: asked only once a place is held, seen only by the organisers,
purged a set number of days after the event. Never logged."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kopa.core.privacy import private
from kopa.events.models.event import Event
from kopa.events.models.registration import Registration


class ParticipationDetails(models.Model):
    class Diet(models.TextChoices):
        NONE = "none", _("No special diet")
        VEGETARIAN = "vegetarian", _("Vegetarian")
        VEGAN = "vegan", _("Vegan")
        HALAL = "halal", _("Halal")
        KOSHER = "kosher", _("Kosher")
        GLUTEN_FREE = "gluten_free", _("Gluten-free")
        LACTOSE_FREE = "lactose_free", _("Lactose-free")
        OTHER = "other", _("Other (please describe)")

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="participation"
    )
    has_access_needs = private(models.BooleanField(_("I have access or support needs"), default=False))
    access_needs = private(models.TextField(_("What support do you need?"), blank=True))
    diet = private(models.CharField(_("diet"), max_length=20, choices=Diet.choices, default=Diet.NONE))
    diet_notes = private(models.CharField(_("diet details and allergies"), max_length=300, blank=True))
    emergency_contact_name = private(models.CharField(_("emergency contact: name"), max_length=150, blank=True))
    emergency_contact_phone = private(models.CharField(_("emergency contact: phone"), max_length=40, blank=True))
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)
    purged_at = models.DateTimeField(_("purged"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation details")
        verbose_name_plural = _("participation details")

    def __str__(self):
        # Deliberately shows nothing sensitive.
        return f"participation #{self.pk}"


class PrivacyCounts(models.Model):
    """Anonymous counts kept when an event's private data is purged, and when it was purged: the
    one place the pages read the purge dates from."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="privacy_counts")
    # People who had accepted their place (PARTICIPANT_STATUSES), not open offers.
    participants = models.PositiveIntegerField(default=0)
    with_access_needs = models.PositiveIntegerField(default=0)
    diets = models.JSONField(default=dict)
    # When the participation data (needs, travel details, rides, rooms, answers) went.
    purged_at = models.DateTimeField()
    # When the registrations' personal details (names, e-mail addresses, free text) went.
    registrations_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("anonymous counts")
        verbose_name_plural = _("anonymous counts")

    def __str__(self):
        return f"{self.event}: {self.participants}"
