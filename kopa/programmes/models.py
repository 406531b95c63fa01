"""Agencies operating Kopa, their partnerships, strands, cycles, working groups and funded projects."""

from django_countries.fields import CountryField

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kopa.agencies.models import Agency
from kopa.core.i18n import pick


class Partnership(models.Model):
    """A long-term partnership of agencies, e.g. the Strategic Partnership on Social Inclusion."""

    name = models.JSONField(_("name"), default=dict)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    coordinator = models.ForeignKey(
        Agency,
        verbose_name=_("coordinating agency"),
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gt=F("start")),
                name="partnership_ends_after_start",
            )
        ]

    def __str__(self):
        return pick(self.name) or self.slug

    @property
    def description_text(self) -> str:
        return pick(self.description)


class PartnershipMember(models.Model):
    """A member of a partnership: an agency on Kopa, or just a named agency of a country."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    country = CountryField(_("country"))
    region = models.CharField(
        _("region or community"), max_length=80, blank=True, help_text=_("e.g. Wallonia")
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnership_seats"
    )
    agency_name = models.CharField(_("agency name"), max_length=200, blank=True)

    class Meta:
        ordering = ["country", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "country", "region"], name="one_member_per_country_region"
            )
        ]
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")

    def __str__(self):
        label = self.country.name + (f" – {self.region}" if self.region else "")
        return f"{label}: {self.agency or self.agency_name}"


class Strand(models.Model):
    """A sub-group of a partnership focused on target groups."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="strands")
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    target_groups = models.ManyToManyField(
        "directory.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="strands"
    )

    class Meta:
        ordering = ["partnership", "id"]
        verbose_name = _("strand")
        verbose_name_plural = _("strands")

    def __str__(self):
        return pick(self.name)

    @property
    def description_text(self) -> str:
        return pick(self.description)


class Cycle(models.Model):
    """A period inside a partnership (e.g. 2018–2020)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["partnership", "start"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="cycle_ends_after_start"),
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_cycle_name"),
        ]

    def __str__(self):
        return f"{self.partnership} – {self.name}"


class WorkingGroup(models.Model):
    """A working group of an agency or network, with members and a theme."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="working_groups")
    name = models.JSONField(_("name"), default=dict)
    theme = models.JSONField(_("theme"), default=dict, blank=True)
    members = models.ManyToManyField(
        "directory.Person", verbose_name=_("members"), blank=True, related_name="working_groups"
    )

    class Meta:
        ordering = ["agency", "id"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return pick(self.name)

    @property
    def theme_text(self) -> str:
        return pick(self.theme)


class Project(models.Model):
    """A funded project: programme and action, lead, partners with countries, dates, status."""

    class Programme(models.TextChoices):
        ERASMUS_PLUS = "erasmus_plus", _("Erasmus+")
        ESC = "esc", _("European Solidarity Corps")
        INTERREG = "interreg", _("Interreg")
        REC = "rec", _("Rights, Equality and Citizenship")
        NATIONAL = "national", _("National funding")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Not approved")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.JSONField(_("title"), default=dict)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    action = models.CharField(_("action"), max_length=40, blank=True, help_text=_("e.g. KA220-YOU"))
    lead = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gt=F("start")),
                name="project_ends_after_start",
            )
        ]

    def __str__(self):
        return self.acronym or pick(self.title)

    @property
    def title_text(self) -> str:
        return pick(self.title)

    @property
    def description_text(self) -> str:
        return pick(self.description)


class ProjectPartner(models.Model):
    """A partner organisation in a project, with the country it takes part from."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="project_partnerships"
    )
    country = CountryField(_("country"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="one_partnership_per_project_organisation"
            )
        ]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")

    def __str__(self):
        return f"{self.organisation} ({self.country.code})"
