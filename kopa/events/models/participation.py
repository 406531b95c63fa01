"""Private participation data: asked only once a place is held, seen only by the organisers,
purged a set number of days after the event. Never logged."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kopa.core.privacy import private
from kopa.events.models.event import Event
from kopa.events.models.registration import Registration


class Barrier(models.TextChoices):
    """The Erasmus+ and ESC barriers of young people with fewer opportunities (Inclusion and
    Diversity Strategy 2021–2027). Reported only as counts per category, never per person."""

    DISABILITY = "disability", _("Disabilities")
    HEALTH = "health", _("Health problems")
    EDUCATION = "education", _("Barriers linked to education and training systems")
    CULTURAL = "cultural", _("Cultural differences")
    SOCIAL = "social", _("Social barriers")
    ECONOMIC = "economic", _("Economic barriers")
    DISCRIMINATION = "discrimination", _("Barriers linked to discrimination")
    GEOGRAPHICAL = "geographical", _("Geographical barriers")


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
    # Asked only of participants, optional, and kept only with consent; only counts leave the event.
    fewer_opportunities = private(
        models.JSONField(_("barriers (fewer opportunities)"), default=list, blank=True))
    fewer_opportunities_consent = private(models.BooleanField(
        _("consent to count my barriers in anonymous reports"), default=False))
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
    # Participants who declared at least one barrier with consent, and how many declared each one
    # ({barrier code: count}); barriers combine, so the categories need not add up to the total.
    with_fewer_opportunities = models.PositiveIntegerField(default=0)
    fewer_opportunities = models.JSONField(default=dict)
    # When the participation data (needs, travel details, rides, rooms, answers) went.
    purged_at = models.DateTimeField()
    # When the registrations' personal details (names, e-mail addresses, free text) went.
    registrations_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("anonymous counts")
        verbose_name_plural = _("anonymous counts")

    def __str__(self):
        return f"{self.event}: {self.participants}"
