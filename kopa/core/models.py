"""Shared base: the audit log, each user's remembered preferences, the scheduler's runs and the
background jobs whose progress people watch."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopa.core.privacy import private


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


def private_storage():
    """Where job results are kept: outside MEDIA_ROOT, so no web server ever serves them; they are
    downloaded only through a view that checks who asks."""
    return storages["private"]


def job_result_to(job, filename: str) -> str:
    return f"jobs/{job.public_id.hex}/{filename}"


class Job(models.Model):
    """A piece of work a person started and watches: a merge, a PDF, a report. The request only
    starts it (`kopa.core.jobs.job_start`); the worker runs it (inline after the commit without
    Redis); the person watches it at /jobs/<public_id>/ and downloads its result there until it
    expires. Core knows no app: `kind` is the dotted path of the `JobKind` that runs it and says who
    may see it, and the agency is an id."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)

    # What URLs show: random, so nobody finds another person's job by counting.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE,
        related_name="+",
    )
    # The agency whose data the job reads (its staff who may see the object see the job too); an
    # id, not a foreign key: core knows no app. None: only the person who started it.
    agency_id = models.PositiveIntegerField(null=True, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    # The language the person used when starting it: documents and messages are written in it.
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # What the person reads: the error in plain words when it failed, or what was done.
    message = models.TextField(blank=True)
    result = private(models.FileField(
        _("result"), storage=private_storage, upload_to=job_result_to, blank=True, max_length=300))
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # A result that is a page rather than a file: {"name": url name, "args": [...], "label": text}.
    result_link = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the job and its result are deleted (the "job results" retention rule).
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.kind} {self.public_id} ({self.status})"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class PageCacheVersion(models.Model):
    """The version of one family of public data ("events", "directory", ...). Every change to the
    family raises it, and the cached anonymous pages of the family are keyed by it, so a change shows
    on the next request (`kopa.core.pagecache`). Kept in the database: every worker sees the same
    version whether or not the cache is shared."""

    family = models.CharField(_("family"), max_length=40, unique=True)
    version = models.PositiveBigIntegerField(_("version"), default=1)
    # When the family last changed: the Last-Modified of its public feeds, PDFs and API lists.
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("page cache version")
        verbose_name_plural = _("page cache versions")

    def __str__(self):
        return f"{self.family} v{self.version}"
