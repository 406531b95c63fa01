"""Registrations, waiting-list offers and the registration state machine (the transition table)."""

import secrets
from datetime import timedelta

from django_countries.fields import CountryField

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kopa.core.errors import Conflict
from kopa.core.privacy import private
from kopa.events.models.event import Event


class IllegalTransition(Conflict):
    code = "illegal_transition"
    default_message = _("A registration cannot change to this status from its current status.")


def new_checkin_code() -> str:
    """A hard-to-guess code for the participant's QR code and check-in."""
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    """One person's registration or application for one event."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("E-mail address not yet confirmed")
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
    # The person's own details are private: pseudonymised a longer retention period after the
    # event (kopa/events/privacy.py), so the counts, country, status and grants stay.
    first_name = private(models.CharField(_("first name"), max_length=100))
    last_name = private(models.CharField(_("last name"), max_length=100))
    email = private(models.EmailField(_("e-mail")))
    country_of_residence = CountryField(_("country of residence"))
    # Only an organisation the person proposed because it is not in the directory; the one chosen
    # from the directory is `organisation`.
    organisation_name = private(models.CharField(_("organisation"), max_length=250, blank=True))
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation in the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    role = private(models.CharField(_("role"), max_length=120, blank=True))
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
    # Emptied when the event's private data is purged: nobody checks in any more.
    checkin_code = private(models.CharField(
        _("check-in code"), max_length=32, unique=True, null=True, default=new_checkin_code,
        editable=False,
    ))

    class Meta:
        ordering = ["id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                # An e-mail address emptied by the purge is no one's.
                condition=~Q(status__in=["declined", "cancelled", "rejected"]) & ~Q(email=""),
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
        """The person's name; once the purge has removed it, "Participant <number>"."""
        name = f"{self.first_name} {self.last_name}".strip()
        return name or gettext("Participant %(number)s") % {"number": self.pk}

    @property
    def organisation_label(self) -> str:
        """The organisation in the directory, else the name the person proposed (may be empty)."""
        if self.organisation_id:
            return self.organisation.legal_name
        return self.organisation_name

    @property
    def is_participant(self) -> bool:
        """Whether the person has accepted a held place (see PARTICIPANT_STATUSES)."""
        return self.status in PARTICIPANT_STATUSES

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
# - A registration made without an account that owns its e-mail address starts unconfirmed: it
#   holds no place and is not shown to organisers until the address is confirmed by the link sent
#   to it; then it gets the status it would have got at once (confirmed, waitlisted or applied).
#   Unconfirmed registrations lapse (they are deleted) after `UNCONFIRMED_HOURS`.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNCONFIRMED: frozenset({S.APPLIED, S.CONFIRMED, S.WAITLISTED}),
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
INITIAL_STATUSES = frozenset({S.UNCONFIRMED, S.APPLIED, S.CONFIRMED, S.WAITLISTED})
# How long an unconfirmed registration waits for its e-mail address to be confirmed.
UNCONFIRMED_HOURS = 24
# Statuses that hold one of the event's places (confirmed + selected + open offers; attendance is
# marked on confirmed participants, so it keeps the place too).
HELD_STATUSES = frozenset({S.CONFIRMED, S.SELECTED, S.OFFERED, S.ATTENDED, S.NO_SHOW})
# Statuses of a participant: the place is held and accepted (registered, or selected and
# confirmed, or a waiting-list offer accepted). An open offer or an unconfirmed selection holds the
# place but is not yet a participant: no badge, no line on the sign-in sheet, no room, no private
# data asked. No-shows stay, so a check-in marked wrongly can be corrected at the desk.
PARTICIPANT_STATUSES = frozenset({S.CONFIRMED, S.ATTENDED, S.NO_SHOW})
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
