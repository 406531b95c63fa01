"""Project ideas: what organisations start together (at a matchmaking event or after a partner
request), followed through preparation and submission to the agency's decision. An approved idea
links to the funded project it became (programmes.Project)."""

from django_countries.fields import CountryField

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.matchmaking.models.requests import ACTIONS, ROUND_PATTERN, round_label


class ProjectIdea(models.Model):
    """A project idea of a coordinator organisation and its partners. Its status moves along
    `kopa.matchmaking.rules.IDEA_TRANSITIONS`; every move is audited."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PREPARATION = "preparation", _("In preparation")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    action = models.CharField(_("action"), max_length=20, choices=ACTIONS)
    round = models.CharField(_("target round"), max_length=7, validators=[RegexValidator(ROUND_PATTERN)])
    coordinator = models.ForeignKey(
        "directory.Organisation", verbose_name=_("coordinator"), on_delete=models.PROTECT,
        related_name="coordinated_ideas",
    )
    event = models.ForeignKey(
        "events.Event", verbose_name=_("event it came from"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    partner_request = models.ForeignKey(
        "matchmaking.PartnerRequest", verbose_name=_("partner request it came from"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ideas",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDEA)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reference = models.CharField(_("application reference"), max_length=100, blank=True)
    project = models.ForeignKey(
        "programmes.Project", verbose_name=_("funded project"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        constraints = [
            models.CheckConstraint(condition=Q(round__regex=ROUND_PATTERN), name="project_idea_round_format"),
            models.CheckConstraint(
                condition=Q(status__in=["idea", "preparation", "withdrawn"]) | Q(submitted_on__isnull=False),
                name="project_idea_submitted_has_date"),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected"]) | Q(decided_on__isnull=False),
                name="project_idea_decided_has_date"),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return self.title

    @property
    def round_text(self) -> str:
        return round_label(self.round)

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.REJECTED)


class IdeaPartner(models.Model):
    """An organisation in an idea, the coordinator included, with the country it takes part from,
    its role and whether it agrees that the idea is shown publicly."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        PARTNER = "partner", _("partner")
        HOST = "host", _("host")
        SEND = "send", _("sending organisation")

    idea = models.ForeignKey(ProjectIdea, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="idea_partnerships",
    )
    country = CountryField(_("country"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PARTNER)
    publish_consent = models.BooleanField(_("agrees to show the idea publicly"), default=False)

    class Meta:
        ordering = ["idea", "-role", "organisation__legal_name", "id"]
        verbose_name = _("partner in a project idea")
        verbose_name_plural = _("partners in project ideas")
        constraints = [
            models.UniqueConstraint(fields=["idea", "organisation"], name="one_idea_partner_per_organisation"),
            models.UniqueConstraint(fields=["idea"], condition=Q(role="coordinator"),
                                    name="one_coordinator_per_idea"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.country.code}, {self.role})"
