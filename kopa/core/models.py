"""Shared base: the audit log and each user's remembered preferences."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisplayMode(models.TextChoices):
    DEFAULT = "default", _("Standard")
    LOW_VISION = "low-vision", _("Low vision")
    DYSLEXIA = "dyslexia", _("Dyslexia-friendly")


class UserPreference(models.Model):
    """What a person chose once and expects Kopa to remember: language and display mode."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    display_mode = models.CharField(
        _("display mode"), max_length=20, choices=DisplayMode.choices, default=DisplayMode.DEFAULT
    )

    def __str__(self):
        return f"{self.user} ({self.language or '-'}, {self.display_mode})"


class AuditEntry(models.Model):
    """Who changed what, when. Written by services; never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        MERGE = "merge", _("merged")
        IMPORT = "import", _("imported")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    # The agency whose private data the change is about (its tags, its staff notes): only readers of that
    # agency see the entry. An id, not a foreign key: core knows no app.
    private_to_agency_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class ScheduledRun(models.Model):
    """One run of a scheduled job for one moment of its schedule. The pair is unique, so when two
    schedulers see the same moment only the one that records it first runs the job."""

    class State(models.TextChoices):
        STARTED = "started", _("started")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    job = models.CharField(_("job"), max_length=200)
    due_at = models.DateTimeField(_("due at"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.STARTED)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-due_at", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "due_at"], name="one_run_per_job_and_moment")]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self):
        return f"{self.job} @ {self.due_at:%Y-%m-%d %H:%M} ({self.state})"


class PageCacheVersion(models.Model):
    """The version of one family of public data ("events", "directory", ...). Every change to the
    family raises it, and the cached anonymous pages of the family are keyed by it, so a change shows
    on the next request (`kopa.core.pagecache`). Kept in the database: every worker sees the same
    version whether or not the cache is shared."""

    family = models.CharField(_("family"), max_length=40, unique=True)
    version = models.PositiveBigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("page cache version")
        verbose_name_plural = _("page cache versions")

    def __str__(self):
        return f"{self.family} v{self.version}"
