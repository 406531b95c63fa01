"""Events, registrations, waiting-list offers and the registration state machine."""

import secrets
from datetime import timedelta

from django_countries.fields import CountryField

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kopa.core.errors import Conflict
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


class IllegalTransition(Conflict):
    code = "illegal_transition"
    default_message = _("A registration cannot change to this status from its current status.")


def new_checkin_code() -> str:
    """A hard-to-guess code for the participant's QR code and check-in."""
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    """One person's registration or application for one event."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        PRESELECTED = "preselected", _("Preselected")
        SELECTED = "selected", _("Selected")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Offered a place")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        REJECTED = "rejected", _("Not selected")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    country_of_residence = CountryField(_("country of residence"))
    organisation_name = models.CharField(_("organisation"), max_length=250, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation in the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    language = models.CharField(
        _("language for e-mails"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    sending_country = CountryField(
        _("sending country"),
        help_text=_("The country whose agency preselects this applicant."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    preselection_rank = models.PositiveIntegerField(
        _("preselection rank"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # The id is the arrival sequence: it is assigned while the event row is locked.
    created_at = models.DateTimeField(_("registered at"))
    decided_at = models.DateTimeField(
        _("status set at"), null=True, blank=True, help_text=_("When the current status was set.")
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    checkin_code = models.CharField(
        _("check-in code"), max_length=32, unique=True, default=new_checkin_code, editable=False
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status__in=["declined", "cancelled", "rejected"]),
                name="one_active_registration_per_event_email",
                violation_error_message=_(
                    "This e-mail address is already registered for this event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(preselection_rank__isnull=True) | Q(preselection_rank__gt=0),
                name="registration_rank_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "id"]),
            models.Index(fields=["event", "sending_country", "status"]),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} – {self.event}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def confirm_by(self):
        """The deadline by which a selected applicant must confirm, else None."""
        if self.status != self.Status.SELECTED or self.decided_at is None:
            return None
        return self.decided_at + timedelta(days=self.event.confirmation_days)


S = Registration.Status

# Which status a registration may move to from each status. Anything else raises IllegalTransition.
# - Open registration starts at confirmed (a place was free) or waitlisted.
# - Selection starts at applied; the sending agency preselects (and ranks) or rejects; the host
#   selects or rejects preselected applicants; a selected applicant confirms or declines (also
#   when the confirmation deadline passes).
# - A waiting-list offer that expires counts as declined: the person loses the turn and may
#   register again, joining the end of the list. Putting them back at the head of the list would
#   offer them the same place again at once.
# - Attended and no-show can be swapped to correct a check-in mistake.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.APPLIED: frozenset({S.PRESELECTED, S.REJECTED, S.CANCELLED}),
    S.PRESELECTED: frozenset({S.SELECTED, S.REJECTED, S.CANCELLED}),
    S.SELECTED: frozenset({S.CONFIRMED, S.DECLINED}),
    S.CONFIRMED: frozenset({S.CANCELLED, S.ATTENDED, S.NO_SHOW}),
    S.WAITLISTED: frozenset({S.OFFERED, S.CANCELLED}),
    S.OFFERED: frozenset({S.CONFIRMED, S.DECLINED}),
    S.ATTENDED: frozenset({S.NO_SHOW}),
    S.NO_SHOW: frozenset({S.ATTENDED}),
    S.DECLINED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REJECTED: frozenset(),
}
# The statuses a registration is created in.
INITIAL_STATUSES = frozenset({S.APPLIED, S.CONFIRMED, S.WAITLISTED})
# Statuses that hold one of the event's places (confirmed + selected + open offers; attendance is
# marked on confirmed participants, so it keeps the place too).
HELD_STATUSES = frozenset({S.CONFIRMED, S.SELECTED, S.OFFERED, S.ATTENDED, S.NO_SHOW})
# Statuses that end a registration; the same person may register again afterwards.
ENDED_STATUSES = frozenset({S.DECLINED, S.CANCELLED, S.REJECTED})


def check_transition(current: str, to: str) -> None:
    """Raise IllegalTransition unless the table allows `current` → `to`."""
    if to not in TRANSITIONS.get(current, frozenset()):
        raise IllegalTransition(
            _("A registration cannot change from “%(current)s” to “%(to)s”.")
            % {"current": S(current).label, "to": S(to).label}
        )


class WaitingListOffer(models.Model):
    """A freed place offered to the first person waiting; it lapses after the event's offer hours."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="offers")
    offered_at = models.DateTimeField(_("offered at"))
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["offered_at", "id"]
        verbose_name = _("waiting-list offer")
        verbose_name_plural = _("waiting-list offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("offered_at")), name="offer_expires_after_offered"
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(status="open"),
                name="one_open_offer_per_registration",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"{self.registration} ({self.status})"
