"""The youth-work Logbook: owners (a network or a municipality), their units in municipalities, the
units' activities, the entries youth workers record, and the aliases young people check in with.

No young person is named anywhere: an alias is kept only as an HMAC with the owner's secret, its PIN
with Django's password hasher, and with it only an age band and a gender.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core.privacy import private
from kopa.directory.models import Organisation


def new_secret() -> str:
    return secrets.token_hex(32)


class ActivityKind(models.TextChoices):
    OPEN = "open", _("Open youth work")
    GROUP = "group", _("Group activity")
    PROJECT = "project", _("Project")
    EVENT = "event", _("Event")


class AgeBand(models.TextChoices):
    UNDER_13 = "u13", _("Under 13")
    AGE_13_15 = "13-15", _("13 to 15")
    AGE_16_18 = "16-18", _("16 to 18")
    AGE_19_24 = "19-24", _("19 to 24")
    AGE_25_29 = "25-29", _("25 to 29")
    OVER_29 = "30+", _("30 or older")


class Gender(models.TextChoices):
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")
    NON_BINARY = "non_binary", _("Non-binary")
    UNSAID = "unsaid", _("Rather not say")


class Municipality(models.Model):
    """A municipality (a place) where units work; municipality viewers see its figures."""

    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=2)
    # Where its dot is drawn on the public overview's map (the town hall, roughly); optional.
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="logbook_one_municipality_name")]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Owner(models.Model):
    """Who runs a Logbook: a network such as Mreža MaMa, or a municipality (a directory organisation)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="logbook_owner",
                                        verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    # The network secret the aliases are hashed with; never shown, never exported.
    alias_secret = models.CharField(max_length=64, default=new_secret, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("logbook owner")
        verbose_name_plural = _("logbook owners")

    def __str__(self):
        return self.name


class SharedAim(models.Model):
    """An aim the owner's units measure their activities against ("young people take part in decisions")."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="aims")
    text = models.CharField(_("aim"), max_length=300)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text


class ReflectionQuestion(models.Model):
    """A question the owner asks after every activity of a kind."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("activity type"), max_length=10, choices=ActivityKind.choices)
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "pk"]

    def __str__(self):
        return self.text


class Unit(models.Model):
    """A youth centre, a street-work team or a project of the owner: a directory organisation or a
    named part of one, in a municipality."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="units")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units",
                                     verbose_name=_("municipality"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="logbook_units",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="logbook_one_unit_name")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class Activity(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("activity type"), max_length=10, choices=ActivityKind.choices,
                            default=ActivityKind.OPEN)
    aims = models.TextField(_("aims"), blank=True)
    shared_aims = models.ManyToManyField(SharedAim, blank=True, related_name="activities",
                                         verbose_name=_("shared aims"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.name


class Role(models.Model):
    """A person's role in a Logbook. Coordinators and national viewers act for the whole owner,
    mentors and youth workers for one unit, municipality viewers for one municipality."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MENTOR = "mentor", _("Mentor")
        YOUTH_WORKER = "youth_worker", _("Youth worker")
        MUNICIPALITY_VIEWER = "municipality", _("Municipality viewer")
        NATIONAL_VIEWER = "national", _("National viewer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="logbook_roles")
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="roles")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="roles")

    class Meta:
        constraints = [
            models.CheckConstraint(name="logbook_role_scope", condition=(
                Q(kind__in=["mentor", "youth_worker"], unit__isnull=False, municipality__isnull=True)
                | Q(kind="municipality", unit__isnull=True, municipality__isnull=False)
                | Q(kind__in=["coordinator", "national"], unit__isnull=True, municipality__isnull=True))),
            models.UniqueConstraint(fields=["user", "owner", "kind", "unit", "municipality"],
                                    name="logbook_one_role", nulls_distinct=False),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.unit or self.municipality or self.owner}"


class Entry(models.Model):
    """One session of an activity as a youth worker recorded it. `uuid` is made by the client, so a
    resent entry is recognised and stored once."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="entries")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="entries",
                                 verbose_name=_("activity"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="logbook_entries")
    date = models.DateField(_("date"), db_index=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(24)])
    visits = models.PositiveIntegerField(_("visits"), default=0)
    youth_led_hours = models.DecimalField(_("youth-led hours"), max_digits=4, decimal_places=1, default=0)
    youth_led_people = models.PositiveIntegerField(_("young people who led"), default=0)
    note = models.TextField(_("note"), blank=True)
    reflections = models.JSONField(_("reflections"), default=dict, blank=True)  # {question id: answer}
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["unit", "date"], name="logbook_entry_unit_date")]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self):
        return f"{self.activity} {self.date.isoformat()}"


class Alias(models.Model):
    """A young person, known to the owner's units only by an alias (kept as an HMAC) and a PIN."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="aliases")
    alias_hash = models.CharField(max_length=64)
    pin_hash = models.CharField(max_length=200)
    age_band = private(models.CharField(_("age"), max_length=6, choices=AgeBand.choices))
    gender = private(models.CharField(_("gender"), max_length=12, choices=Gender.choices))
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "alias_hash"], name="logbook_one_alias")]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self):
        return f"alias {self.pk}"


class Visit(models.Model):
    """A young person's check-in at a unit on a day (once a day per unit). The age band and gender
    are copied from the alias, so a deleted alias's visits are still counted, but no longer as a
    visitor."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="visits")
    alias = models.ForeignKey(Alias, on_delete=models.SET_NULL, null=True, related_name="visits")
    date = models.DateField()
    age_band = models.CharField(max_length=6, choices=AgeBand.choices)
    gender = models.CharField(max_length=12, choices=Gender.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alias", "unit", "date"], name="logbook_one_visit_a_day")]
        indexes = [models.Index(fields=["unit", "date"], name="logbook_visit_unit_date")]

    def __str__(self):
        return f"visit {self.unit_id} {self.date.isoformat()}"
