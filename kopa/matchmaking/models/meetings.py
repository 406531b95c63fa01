"""Matchmaking events: the meeting format of an event (sessions cut into slots, tables), the
participants' matchmaking profiles, meeting requests and the meetings they become."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kopa.core.privacy import private
from kopa.directory.models import Organisation
from kopa.events.models import Event, Registration

SLOT_MINUTES_MIN = 15
SLOT_MINUTES_MAX = 30


class MatchmakingSetup(models.Model):
    """The meetings of one event: its rules and how far its agenda is published."""

    class Published(models.TextChoices):
        NONE = "none", _("Not published")
        PRELIMINARY = "preliminary", _("Preliminary agenda")
        FINAL = "final", _("Final agenda")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="matchmaking")
    auto_accept = models.BooleanField(_("accept meeting requests automatically"), default=False)
    participants_pick_slots = models.BooleanField(
        _("participants pick a free slot when they accept"), default=False)
    requests_open = models.BooleanField(_("meeting requests are open"), default=True)
    max_in_a_row = models.PositiveSmallIntegerField(
        _("most meetings in a row without a break"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)])
    published = models.CharField(_("agenda"), max_length=12, choices=Published.choices,
                                 default=Published.NONE)
    published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    # The last run of the scheduler.
    scheduled_at = models.DateTimeField(_("scheduled"), null=True, blank=True)
    scheduled_count = models.PositiveIntegerField(default=0)
    scheduled_bound = models.PositiveIntegerField(default=0)
    scheduled_status = models.CharField(max_length=12, blank=True)
    scheduled_moved = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(max_in_a_row__gte=1), name="mm_setup_in_a_row_positive"),
        ]

    def __str__(self):
        return f"matchmaking of {self.event_id}"


class MeetingSession(models.Model):
    """A time window of meetings, cut into slots of equal length."""

    setup = models.ForeignKey(MatchmakingSetup, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=120)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per meeting"), default=20,
        validators=[MinValueValidator(SLOT_MINUTES_MIN), MaxValueValidator(SLOT_MINUTES_MAX)])

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="mm_session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=SLOT_MINUTES_MIN, slot_minutes__lte=SLOT_MINUTES_MAX),
                name="mm_session_slot_length"),
        ]

    def __str__(self):
        return self.name


class Slot(models.Model):
    session = models.ForeignKey(MeetingSession, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="mm_slot_position_unique"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="mm_slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


class MeetingTable(models.Model):
    setup = models.ForeignKey(MatchmakingSetup, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("table number"), validators=[MinValueValidator(1)])
    step_free = models.BooleanField(_("step-free"), default=False)
    quiet = models.BooleanField(_("quiet"), default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["setup", "number"], name="mm_table_number_unique"),
        ]

    def __str__(self):
        return str(self.number)


class Profile(models.Model):
    """A confirmed participant's matchmaking profile, for the organisation they come for."""

    setup = models.ForeignKey(MatchmakingSetup, on_delete=models.CASCADE, related_name="profiles")
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE,
                                        related_name="matchmaking_profile")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="matchmaking_profiles")
    offers = models.TextField(_("what we offer"), blank=True)
    seeks = models.TextField(_("what we look for"), blank=True)
    ideas = models.TextField(_("project ideas we bring"), blank=True)
    # What table the person needs, taken from their declared access needs; never shown as a reason.
    needs_step_free = private(models.BooleanField(_("needs a step-free table"), default=False))
    needs_quiet = private(models.BooleanField(_("needs a quiet table"), default=False))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"profile {self.pk}"


class Attendance(models.Model):
    """A session a participant attends, and the most meetings they want there (empty: no cap)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(MeetingSession, on_delete=models.CASCADE, related_name="attendances")
    cap = models.PositiveSmallIntegerField(_("most meetings"), null=True, blank=True,
                                           validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "session"], name="mm_attendance_unique"),
        ]

    def __str__(self):
        return f"attendance {self.pk}"


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    setup = models.ForeignKey(MatchmakingSetup, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="received_requests")
    reason = private(models.TextField(_("why you would like to meet")))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="mm_request_not_self"),
            models.UniqueConstraint(fields=["sender", "recipient"],
                                    condition=Q(status__in=["requested", "accepted"]),
                                    name="mm_request_one_open_per_pair"),
        ]

    def __str__(self):
        return f"meeting request {self.pk}"


class Meeting(models.Model):
    class Outcome(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")

    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="meetings")
    table = models.ForeignKey(MeetingTable, on_delete=models.CASCADE, related_name="meetings")
    pinned = models.BooleanField(_("pinned"), default=False)
    # Where the meeting stood when an agenda was last published (rescheduling keeps it if it can).
    announced_slot = models.ForeignKey(Slot, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    announced_table = models.ForeignKey(MeetingTable, on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices,
                               default=Outcome.PLANNED)

    class Meta:
        ordering = ["slot__start", "table__number"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="mm_meeting_slot_table_unique"),
        ]

    def __str__(self):
        return f"meeting {self.pk}"
