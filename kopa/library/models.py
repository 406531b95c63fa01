"""The library: guidelines, compendiums, reports, toolkits and videos, each in several languages.

A `Resource` holds what is said about the work once (its kind, target groups, themes, where it came
from, its authors, date, licence, who may see it and whether it is published) and its title and
summary per language; each `ResourceVersion` is the resource in one language: a PDF or DOCX file, or a
link to a video. Files live in the private storage and are handed out by Kopa's own view, which
checks who asks (published and public: everyone; otherwise the owning agency's staff).

`SearchDocument` is what search reads: one row per resource and language, the title, summary and the
file's extracted text folded to lower-case letters without accents (`kopa.library.rules.fold`), with
the PostgreSQL text-search configuration of its language. On SQLite, an FTS5 table (`library_fts`,
created by migration 0002) holds the same text under the same row ids; the services keep both in step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import language_name, pick
from kopa.core.models import private_storage


class Resource(models.Model):
    class Kind(models.TextChoices):
        GUIDELINES = "guidelines", _("Guidelines")
        COMPENDIUM = "compendium", _("Compendium")
        REPORT = "report", _("Report")
        TOOLKIT = "toolkit", _("Toolkit")
        VIDEO = "video", _("Video")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("Agency staff only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
        CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
        CC_BY_NC_SA = "cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"
        RESERVED = "all-rights-reserved", _("All rights reserved")

    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE,
                               related_name="library_resources")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    target_groups = models.ManyToManyField("directory.TargetGroup", verbose_name=_("target groups"),
                                           blank=True, related_name="library_resources")
    themes = models.ManyToManyField("directory.Theme", verbose_name=_("themes"), blank=True,
                                    related_name="library_resources")
    authors = models.ManyToManyField("directory.Organisation", verbose_name=_("authors"), blank=True,
                                     related_name="library_resources")
    strand = models.ForeignKey("programmes.Strand", verbose_name=_("strand"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="library_resources")
    cycle = models.ForeignKey("programmes.Cycle", verbose_name=_("cycle"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="library_resources")
    event = models.ForeignKey("events.Event", verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="library_resources")
    working_group = models.ForeignKey("programmes.WorkingGroup", verbose_name=_("working group"),
                                      null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="library_resources")
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)
    visibility = models.CharField(_("who may see it"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="library_published_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "visibility", "-published_at"])]

    def __str__(self):
        return pick(self.title) or f"#{self.pk}"

    @property
    def summary_text(self) -> str:
        return pick(self.summary)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.visibility == self.Visibility.PUBLIC


def version_file_path(instance, filename: str) -> str:
    return f"library/{instance.resource_id}/{instance.language}/{filename}"


class ResourceVersion(models.Model):
    """The resource in one language: an uploaded PDF or DOCX, or a link to a video."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")
        VIDEO = "video", _("Video link")

    class TextStatus(models.TextChoices):
        NONE = "none", _("No file")
        PENDING = "pending", _("Being read")
        DONE = "done", _("Read")
        FAILED = "failed", _("Could not be read")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=version_file_path, storage=private_storage, blank=True,
                            max_length=300)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    video_url = models.URLField(_("video address"), blank=True, max_length=500)
    tagged_pdf = models.BooleanField(_("tagged PDF"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    text = models.TextField(_("text of the file"), blank=True)
    text_status = models.CharField(_("text"), max_length=10, choices=TextStatus.choices,
                                   default=TextStatus.NONE)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        ordering = ["resource", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="library_one_version_per_language"),
            models.CheckConstraint(condition=~Q(format="video") | ~Q(video_url=""),
                                   name="library_video_has_address"),
        ]

    def __str__(self):
        return f"{self.resource} ({self.language})"

    @property
    def language_label(self) -> str:
        return language_name(self.language)


class SearchDocument(models.Model):
    """What search reads for one resource in one language (kept by `kopa.library.services`)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="search_documents")
    language = models.CharField(max_length=10)
    config = models.CharField(max_length=20, default="simple")  # PostgreSQL text-search configuration
    text = models.TextField(blank=True)  # folded: lower case, no accents

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="library_one_document_per_language"),
        ]

    def __str__(self):
        return f"{self.resource_id} ({self.language})"
