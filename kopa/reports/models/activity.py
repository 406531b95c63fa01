"""The activity report: the funder's form for one event, filled from the event's records.

An `ActivityReport` keeps only what people write (the activity or work package, the summary, the
partner, the link and the contact) and which funder's form it follows (`template`, with the form's
language); the figures (distinct people checked in, per day and per country) are read from the
check-ins whenever the report is shown. Finalising a report locks it and stores its figures with
their hash: when check-ins change later, the report is out of date and a new version can be made.

`ActivityPhoto` is a photo of the event (private data: people's faces), resized and without EXIF
metadata, with its alternative text and the uploader's confirmation that the people shown agreed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kopa.core.models import private_storage
from kopa.core.privacy import private


class ActivityReport(models.Model):
    class Template(models.TextChoices):
        INTERREG_2SOKROG = "2sokrog", _("2SoKrog (Interreg Slovenia–Croatia) activity report")
        ERASMUS = "erasmus", _("Erasmus+ activity summary")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    event = models.ForeignKey("events.Event", verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="activity_reports")
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE,
                               related_name="activity_reports")
    template = models.CharField(_("form"), max_length=20, choices=Template.choices)
    language = models.CharField(_("language of the report"), max_length=10)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    partner = models.CharField(_("partner"), max_length=250, blank=True)
    activity = models.CharField(_("activity or work package"), max_length=250, blank=True)
    summary = models.TextField(_("short summary"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    contact = models.CharField(_("contact person"), max_length=250, blank=True)
    figures = models.JSONField(_("figures when finalised"), default=dict, blank=True)
    figures_hash = models.CharField(_("hash of the figures"), max_length=64, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    library_resource = models.ForeignKey("library.Resource", verbose_name=_("in the library"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-event__start", "template", "-version"]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        constraints = [
            models.UniqueConstraint(fields=["event", "template", "version"], name="one_activity_report_version"),
            models.CheckConstraint(condition=models.Q(status="draft") | ~models.Q(figures_hash=""),
                                   name="final_activity_report_has_hash"),
        ]

    def __str__(self):
        return f"{self.get_template_display()} – {self.event} (v{self.version})"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


def photo_path(instance, filename: str) -> str:
    return f"reports/activity/{instance.report_id}/{filename}"


class ActivityPhoto(models.Model):
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="photos")
    image = private(models.ImageField(_("photo"), upload_to=photo_path, storage=private_storage,
                                      width_field="width", height_field="height"))
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = private(models.CharField(_("alternative text"), max_length=300))
    consent_confirmed = models.BooleanField(_("the people shown agreed"), default=False)
    included = models.BooleanField(_("in the report"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [models.CheckConstraint(condition=models.Q(consent_confirmed=True),
                                              name="activity_photo_consent_confirmed")]

    def __str__(self):
        return self.alt_text
