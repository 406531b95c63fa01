"""Events: an activity an agency or organisation runs, with its dates, venue, places and rules for
registration."""

from django_countries.fields import CountryField

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick


class Event(models.Model):
    """An activity an agency or organisation runs: a training, a study visit, a conference …"""

    class Type(models.TextChoices):
        NATIONAL_TRAINING = "national_training", _("National training")
        INTERNATIONAL_TRAINING = "international_training", _("International training")
        INFORMATION_MEETING = "information_meeting", _("Information meeting")
        MATCHMAKING = "matchmaking", _("Partnership-building or matchmaking event")
        CONFERENCE = "conference", _("Conference")
        STUDY_VISIT = "study_visit", _("Study visit")
        JOB_SHADOWING = "job_shadowing", _("Job shadowing")
        COACHING = "coaching", _("Individual coaching or consultation")
        WORKING_GROUP_MEETING = "working_group_meeting", _("Working-group meeting")
        PARTNER_MEETING = "partner_meeting", _("Partner meeting")
        ASSEMBLY = "assembly", _("Assembly")
        CAREER_WEEK = "career_week", _("Career week")
        ONLINE_SESSION = "online_session", _("Online session")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class RegistrationMode(models.TextChoices):
        OPEN = "open", _("Open registration: first come, first served")
        SELECTION = "selection", _("Application and selection")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    organiser_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("organising agency"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    organiser_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organising organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    partnership = models.ForeignKey(
        "programmes.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    strand = models.ForeignKey(
        "programmes.Strand",
        verbose_name=_("strand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    cycle = models.ForeignKey(
        "programmes.Cycle",
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    project = models.ForeignKey(
        "programmes.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    time_zone = models.CharField(
        _("time zone"), max_length=60, default="Europe/Ljubljana", help_text=_("e.g. Europe/Riga")
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    town = models.CharField(_("town"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    country = CountryField(_("country"), blank=True)
    accessibility_description = models.JSONField(_("venue accessibility"), default=dict, blank=True)
    accessibility_limitations = models.JSONField(
        _("venue accessibility limitations"), default=dict, blank=True
    )
    working_languages = models.ManyToManyField(
        "directory.Language", verbose_name=_("working languages"), blank=True, related_name="events"
    )
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the event starts."),
    )
    registration_mode = models.CharField(
        _("registration"),
        max_length=10,
        choices=RegistrationMode.choices,
        default=RegistrationMode.OPEN,
    )
    application_deadline = models.DateTimeField(_("application deadline"), null=True, blank=True)
    applicants_told = models.DateField(_("applicants are told by"), null=True, blank=True)
    confirmation_days = models.PositiveSmallIntegerField(
        _("days to confirm a place"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Selected applicants confirm within this many days, or the place goes to the next."
        ),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a waiting-list offer"), default=48, validators=[MinValueValidator(1)]
    )
    eligibility = models.JSONField(
        _("eligibility and participant profile"), default=dict, blank=True
    )
    costs_covered = models.JSONField(_("costs covered"), default=dict, blank=True)
    fee = models.DecimalField(_("fee (EUR)"), max_digits=8, decimal_places=2, default=0)
    learning_outcomes = models.JSONField(_("expected learning outcomes"), default=dict, blank=True)
    call_year = models.PositiveSmallIntegerField(
        _("call year"),
        null=True,
        blank=True,
        help_text=_("Which year's travel-grant table applies; empty: the year the event starts."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Participants download their certificates only once the organisers release them.
    certificates_released_at = models.DateTimeField(
        _("certificates released"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="event_registration_closes_after_opens",
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="event_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(confirmation_days__gt=0) & Q(offer_hours__gt=0),
                name="event_deadlines_positive",
            ),
        ]
        indexes = [models.Index(fields=["status", "start"])]

    def __str__(self):
        return pick(self.title) or f"#{self.pk}"

    @property
    def title_text(self) -> str:
        return pick(self.title)

    @property
    def description_text(self) -> str:
        return pick(self.description)

    @property
    def accessibility_description_text(self) -> str:
        return pick(self.accessibility_description)

    @property
    def accessibility_limitations_text(self) -> str:
        return pick(self.accessibility_limitations)

    @property
    def eligibility_text(self) -> str:
        return pick(self.eligibility)

    @property
    def costs_covered_text(self) -> str:
        return pick(self.costs_covered)

    @property
    def learning_outcomes_text(self) -> str:
        return pick(self.learning_outcomes)

    @property
    def is_selection(self) -> bool:
        return self.registration_mode == self.RegistrationMode.SELECTION

    @property
    def grant_call_year(self) -> int:
        return self.call_year or self.start.year

    @property
    def registration_deadline(self):
        """When registration ends: the closing time set, else the start of the event."""
        return self.registration_closes or self.start
