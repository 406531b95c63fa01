"""Outreach campaigns, every contact with an organisation (interactions), response links and follow-up tasks.

The funnel is computed from interactions (see funnel/selectors.py). Each interaction carries, as a
column the database computes itself, the funnel stage it counts for. `FunnelReach` keeps, per campaign
and organisation, the first day of each stage: kept exact in the same transaction as every interaction
written, so the dashboards count it instead of every interaction.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kopa.core.i18n import pick


class Stage(models.TextChoices):
    """The funnel's stages, in order."""

    # A context of their own: "Applied" and "Approved" mean other things elsewhere in Kopa, and the
    # stages read as one series ("Prijavili so se", not "Prijava oddana").
    INVITED = "invited", pgettext_lazy("funnel stage", "Invited")
    RESPONDED = "responded", pgettext_lazy("funnel stage", "Responded")
    ATTENDED = "attended", pgettext_lazy("funnel stage", "Attended an event")
    COACHED = "coached", pgettext_lazy("funnel stage", "Coached")
    APPLIED = "applied", pgettext_lazy("funnel stage", "Applied")
    APPROVED = "approved", pgettext_lazy("funnel stage", "Approved")


STAGE_ORDER = [stage.value for stage in Stage]


def all_stages() -> list[str]:
    return list(STAGE_ORDER)


class Campaign(models.Model):
    """An agency's outreach to a target list of organisations, inside a cycle and strand or on its own."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="campaigns"
    )
    name = models.JSONField(_("name"), default=dict)
    goal = models.JSONField(_("goal"), default=dict, blank=True)
    cycle = models.ForeignKey(
        "programmes.Cycle",
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    strand = models.ForeignKey(
        "programmes.Strand",
        verbose_name=_("strand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("owners"), blank=True, related_name="owned_campaigns"
    )
    stages = models.JSONField(
        _("stages measured"),
        default=all_stages,
        help_text=_("The funnel stages this campaign reports, in order."),
    )
    invitation_subject = models.JSONField(_("invitation subject"), default=dict, blank=True)
    invitation_body = models.JSONField(_("invitation text"), default=dict, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("response links valid for (days)"), default=30, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="campaign_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(response_days__gte=1), name="campaign_response_days_positive"),
        ]

    def __str__(self):
        return pick(self.name) or f"#{self.pk}"

    @property
    def name_text(self) -> str:
        return pick(self.name)

    @property
    def goal_text(self) -> str:
        return pick(self.goal)

    @property
    def stage_list(self) -> list[str]:
        """The stages measured, in funnel order, whatever order they were stored in."""
        chosen = set(self.stages or STAGE_ORDER)
        return [stage for stage in STAGE_ORDER if stage in chosen]


class CampaignTarget(models.Model):
    """An organisation on a campaign's target list."""

    class Source(models.TextChoices):
        FILTER = "filter", _("Directory filter")
        IMPORT = "import", _("Imported list")
        MANUAL = "manual", _("Added by hand")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="campaign_targets"
    )
    source = models.CharField(_("added from"), max_length=10, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "organisation__legal_name", "id"]
        verbose_name = _("target organisation")
        verbose_name_plural = _("target list")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="one_target_per_campaign_organisation")
        ]

    def __str__(self):
        return f"{self.campaign}: {self.organisation}"


class Interaction(models.Model):
    """One contact with an organisation within a campaign. The funnel is computed from these."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        RESPONSE = "response", _("Response")
        # Stored as "meeting"; named apart from MeetingType.MEETING (one of its two types) and from the
        # meetings between organisations that matchmaking arranges.
        INFO_MEETING = "meeting", _("Meeting or information session")
        ATTENDANCE = "attendance", _("Event attendance")
        COACHING = "coaching", _("Coaching / individual support")
        APPLICATION = "application", _("Application submitted")
        DECISION = "decision", _("Decision")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail from Kopa")
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    class Answer(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        NOT_NOW = "not_now", _("Not now")
        NO = "no", _("No")

    class MeetingType(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        INFO_SESSION = "info_session", _("Information session")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Recorded by staff")
        RESPONSE_LINK = "response_link", _("Answered through the response link")
        CHECK_IN = "check_in", _("Event check-in")
        API = "api", _("API")
        IMPORT = "import", _("Import")
        PROJECT_IDEA = "project_idea", _("From a project idea")

    # No single-column indexes: the composite indexes below lead with these columns.
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=14, choices=Source.choices, default=Source.MANUAL)
    notes = models.TextField(_("notes"), blank=True)
    # Invitation
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    # Response
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True)
    # Meeting or information session
    meeting_type = models.CharField(_("type of meeting"), max_length=14, choices=MeetingType.choices, blank=True)
    # Event attendance (created by check-in)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Coaching / individual support
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coaching_sessions",
    )
    coach_name = models.CharField(
        _("external coach"), max_length=200, blank=True, help_text=_("When the coach has no account.")
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    private_notes = models.TextField(
        _("private notes"), blank=True, help_text=_("Seen only by the coach and the campaign's owners.")
    )
    # Application submitted
    action_type = models.CharField(_("action type"), max_length=40, blank=True, help_text=_("e.g. KA210-YOU"))
    round = models.CharField(_("round"), max_length=60, blank=True, help_text=_("e.g. 2019 round 1"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # Decision
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)

    stage = models.GeneratedField(
        expression=Case(
            When(kind="invitation", then=Value("invited")),
            When(kind="response", then=Value("responded")),
            When(kind="attendance", then=Value("attended")),
            When(kind="coaching", then=Value("coached")),
            When(kind="application", then=Value("applied")),
            When(kind="decision", outcome="approved", then=Value("approved")),
            default=Value(""),
        ),
        output_field=models.CharField(max_length=12),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="response") | ~Q(answer=""), name="response_has_answer"
            ),
            models.CheckConstraint(
                condition=~Q(kind="decision") | ~Q(outcome=""), name="decision_has_outcome"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="interaction_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
                name="coaching_duration_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "stage", "organisation", "occurred_on"], name="interaction_funnel"),
            models.Index(fields=["campaign", "occurred_on"], name="interaction_campaign_date"),
            models.Index(fields=["organisation", "occurred_on"], name="interaction_organisation_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.organisation_id} – {self.occurred_on}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Where it was loaded from: a save that moves it (an organisation merge) refreshes both funnel rows.
        instance.loaded_key = (instance.__dict__.get("campaign_id"), instance.__dict__.get("organisation_id"))
        return instance


class FunnelReach(models.Model):
    """The first day an organisation reached each stage of a campaign: one row per (campaign,
    organisation) with at least one interaction counting for a stage.

    Derived from interactions and nothing else, in the same transaction as the interaction is saved or
    deleted (`kopa.outreach.funnel.services.funnel_reach_refresh`, run by the Interaction model's
    post_save and post_delete signals); `manage.py rebuild_funnel` rebuilds it after bulk writes.
    Each date is the minimum `occurred_on` of the organisation's interactions of that stage, whatever
    stages the campaign measures: which stages count is decided when the funnel is read.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    invited_on = models.DateField(null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    attended_on = models.DateField(null=True, blank=True)
    coached_on = models.DateField(null=True, blank=True)
    applied_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("funnel reach")
        verbose_name_plural = _("funnel reach")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="one_reach_per_campaign_organisation")
        ]
        indexes = [models.Index(fields=["organisation"], name="reach_organisation")]

    def __str__(self):
        return f"{self.campaign_id} – {self.organisation_id}"


class FunnelVersion(models.Model):
    """A token that changes whenever a campaign's first days (FunnelReach) change: part of the key
    under which the funnel's figures per campaign are cached (kopa.outreach.funnel.reach).

    Set in the same transaction as FunnelReach (`funnel_reach_refresh`, `funnel_reach_rebuild`), to
    a new random value each time, so a cached figure is never read under a key its data has left.
    Without a foreign-key constraint: deleting a campaign deletes its interactions first, whose
    signals set its token again; the row goes once the campaign has (a post_delete receiver)."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("funnel version")
        verbose_name_plural = _("funnel versions")

    def __str__(self):
        return f"{self.campaign_id}: {self.version}"


def reach_field(stage: str) -> str:
    """The FunnelReach column holding the first day of `stage`."""
    return f"{stage}_on"


class ResponseLink(models.Model):
    """The personal link in an e-mailed invitation: answered once, without an account, until it expires.

    Only a hash of the token is stored; the token itself exists in the e-mail alone.
    """

    invitation = models.OneToOneField(Interaction, on_delete=models.CASCADE, related_name="response_link")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=10)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    response = models.OneToOneField(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="answered_link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("response link")
        verbose_name_plural = _("response links")

    def __str__(self):
        return f"link for interaction {self.invitation_id}"


class FollowUpTask(models.Model):
    """Something a staff member has to do about an organisation by a date (e.g. call after a drop-off)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="follow_up_tasks")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_up_tasks",
    )
    title = models.CharField(_("task"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.CASCADE,
        related_name="follow_up_tasks",
    )
    due_on = models.DateField(_("due"))
    drop_off = models.CharField(
        _("drop-off"), max_length=30, blank=True, help_text=_("The drop-off list it came from, e.g. responded:attended.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"], name="task_assignee_due")]

    def __str__(self):
        return self.title
