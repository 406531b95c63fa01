"""The tenancy every permission hangs on: agencies operating Kopa and the people who work for them."""

from django_countries.fields import CountryField

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick


class Agency(models.Model):
    """A national agency or a youth network operating on Kopa, with its own staff and private data."""

    class Kind(models.TextChoices):
        NATIONAL_AGENCY = "national_agency", _("National agency")
        NETWORK = "network", _("Youth network")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    languages = models.JSONField(
        _("working languages"), default=list, blank=True,
        help_text=_("The languages the agency works in, as language codes, e.g. sl, en."),
    )
    logo = models.ImageField(_("logo"), upload_to="agencies/", blank=True)

    class Meta:
        db_table = "programmes_agency"  # the table predates this app; kept so moving the model moved no data
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.short_name or self.name

    @property
    def description_text(self) -> str:
        return pick(self.description)


class AgencyMembership(models.Model):
    """A user working for an agency, as admin, staff or observer (who reads but changes nothing)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Agency admin")
        STAFF = "staff", _("Agency staff")
        OBSERVER = "observer", _("Agency observer")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        db_table = "programmes_agencymembership"
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="one_membership_per_agency_user")
        ]
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")

    def __str__(self):
        return f"{self.user} @ {self.agency} ({self.role})"
