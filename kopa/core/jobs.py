"""Background jobs people start and watch: merges, PDF documents, reports.

A request only starts a job (`job_start`) and sends the person to its progress page
(/<lang>/jobs/<public_id>/, `kopa.core.views_jobs`); the task queue runs it (`run_job`: in a worker
with Redis, inline after the request's commit without), and the page shows the progress, a Cancel
button while it waits or runs, the download when it is done and the error in plain words when it
failed. The result is a file kept in private storage (never under a public address) until the job
expires (`KOPA_JOB_RESULT_DAYS`), or a link to a page (the organisation a merge kept).

Core knows no app. Each kind of job is a `JobKind` defined in its app (in the app's `jobs.py`), and a
job stores the kind's dotted path ("kopa.events.jobs:SIGN_IN_SHEET"), as the scheduler's table
stores its jobs' paths; a path is only ever written by code, never taken from a request. The kind
runs the work and answers, each time someone looks, whether that person may still see the object the
job is about (the owning app's gate): the person who started it, or — when the job names an agency —
that agency's staff the gate lets in. Anyone else, or someone who has lost access, gets a 404.
"""

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kopa.core import privacy, tasks
from kopa.core.errors import Conflict, KopaError, NotFound, PermissionDenied
from kopa.core.models import Job
from kopa.core.spreadsheets import XLSX_CONTENT_TYPE, csv_lines, xlsx_file

logger = logging.getLogger(__name__)

RETENTION_RULE = "job results"
# A job still waiting or running this long after its time limit was lost (a worker stopped).
LOST_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Result:
    """What a job produced: a file (`content`, `filename`, `content_type`), or a page to go to
    (`link`: {"name": url name, "args": [...], "label": text}); `message` says what was done."""

    content: bytes | IO[bytes] | None = None
    filename: str = ""
    content_type: str = "application/octet-stream"
    link: dict = field(default_factory=dict)
    message: str = ""


def pdf_result(content: bytes, filename: str, **extra) -> Result:
    return Result(content=content, filename=filename, content_type="application/pdf", **extra)


def csv_result(rows: Iterable[list], filename: str) -> Result:
    """A CSV file of `rows`, written as every export is (`kopa.core.spreadsheets`)."""
    return Result(content="".join(csv_lines(rows)).encode("utf-8"), filename=filename,
                  content_type="text/csv; charset=utf-8")


def xlsx_result(rows: Iterable[list], filename: str, *, title: str) -> Result:
    return Result(content=xlsx_file(rows, title=title), filename=filename,
                  content_type=XLSX_CONTENT_TYPE)


class Progress:
    """Handed to a running job: `step(done, total)` saves how far it is and raises `Cancelled` when
    the person cancelled it meanwhile."""

    def __init__(self, job: Job):
        self.job = job

    def step(self, done: int, total: int | None = None) -> None:
        changes = {"progress_done": done}
        if total is not None:
            changes["progress_total"] = total
        if not Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING).update(**changes):
            raise Cancelled()


class Cancelled(Exception):
    """The job was cancelled while it ran."""


@dataclass(frozen=True)
class JobKind:
    """One kind of job. `run(job=, progress=)` does the work as `job.requested_by` and returns a
    `Result` (raising a `KopaError` whose message the person reads when it cannot); `may_see(user,
    parameters)` is the owning app's gate: whether `user` may (still) see what the job is about.
    `title(parameters)` names the job on its page."""

    title: Promise | str
    run: Callable
    may_see: Callable
    timeout: int | None = None


def kind_at(path: str) -> JobKind:
    module_name, name = path.split(":")
    kind = getattr(importlib.import_module(module_name), name)
    if not isinstance(kind, JobKind):
        raise TypeError(f"{path} is not a JobKind")
    return kind


def job_start(*, actor, kind: str, parameters: dict, agency_id: int | None = None) -> Job:
    """Record a job of `kind` (a JobKind's dotted path) for `actor` and queue it; it runs after the
    current transaction commits. Raises NotFound when the kind's gate refuses the actor."""
    job_kind = kind_at(kind)
    if not job_kind.may_see(actor, parameters):
        raise NotFound()
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, requested_by=actor, agency_id=agency_id, parameters=parameters,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            expires_at=timezone.now() + timedelta(days=settings.KOPA_JOB_RESULT_DAYS),
        )
        tasks.enqueue("kopa.core.jobs:run_job", job_id=job.pk,
                      task_timeout=job_kind.timeout or settings.KOPA_JOB_TIMEOUT, task_retries=0)
    return job


def may_see(user, job: Job) -> bool:
    """Whether `user` may see `job` now: the person who started it, or (for a job of an agency)
    anyone the gate of the job's object lets in; the gate is asked every time."""
    if not getattr(user, "is_authenticated", False):
        return False
    if job.requested_by_id != user.pk and job.agency_id is None:
        return False
    try:
        return bool(kind_at(job.kind).may_see(user, job.parameters))
    except NotFound:
        return False


def job_for(*, user, public_id) -> Job:
    """The job with this public id, if `user` may see it; NotFound otherwise (also once expired)."""
    job = Job.objects.filter(public_id=public_id, expires_at__gt=timezone.now()).first()
    if job is None or not may_see(user, job):
        raise NotFound()
    return job


def own_jobs(user) -> list[Job]:
    """The jobs `user` started that have not expired and that they may still see, newest first (the
    API's list). A person's jobs within KOPA_JOB_RESULT_DAYS are few, so the gate is asked of each."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = Job.objects.filter(requested_by=user, expires_at__gt=timezone.now())
    return [job for job in found.order_by("-created_at", "-id") if may_see(user, job)]


def is_lost(job: Job, *, now=None) -> bool:
    """Whether a job that still says it waits or runs can no longer finish (its worker stopped)."""
    if not job.in_progress:
        return False
    limit = timedelta(seconds=kind_at(job.kind).timeout or settings.KOPA_JOB_TIMEOUT) + LOST_AFTER
    return (job.started_at or job.created_at) < (now or timezone.now()) - limit


def job_title(job: Job) -> str:
    title = kind_at(job.kind).title
    return str(title(job.parameters) if callable(title) else title)


def job_cancel(*, actor, job: Job) -> Job:
    """Cancel a job that waits or runs; only the person who started it may. Raises NotFound,
    Conflict (it already finished)."""
    if job.requested_by_id != actor.pk:
        raise NotFound()
    updated = Job.objects.filter(pk=job.pk, status__in=Job.IN_PROGRESS).update(
        status=Job.Status.CANCELLED, finished_at=timezone.now())
    if not updated:
        raise Conflict(_("This job has already finished."))
    job.refresh_from_db()
    return job


def _fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, message=message, finished_at=timezone.now())


def run_job(*, job_id: int) -> str:
    """Task: run one queued job and keep its result. A cancelled job is left alone; an error is
    kept as a message for the person, never raised to the queue."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=now):
        return f"job {job_id}: nothing to do"
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            result = kind_at(job.kind).run(job=job, progress=Progress(job))
        except Cancelled:
            return f"job {job_id}: cancelled"
        except (NotFound, PermissionDenied):
            _fail(job_id, _("What this job is about no longer exists, or you may no longer see it."))
            return f"job {job_id}: refused"
        except KopaError as exc:
            _fail(job_id, str(exc.message))
            return f"job {job_id}: refused"
        except Exception as exc:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            _fail(job_id, _("The job took too long and was stopped. Try again with fewer data.")
                  if tasks.timed_out(exc) else
                  _("Something went wrong while preparing this. Try again; if it fails again, tell "
                    "the people who run Kopa."))
            return f"job {job_id}: failed"
        return _keep(job, result)


def _keep(job: Job, result: Result) -> str:
    """Store the result and mark the job done, unless it was cancelled meanwhile."""
    stored = ""
    if result.content is not None:
        name = f"{get_random_string(16)}-{result.filename or 'result'}"
        content = (ContentFile(result.content) if isinstance(result.content, bytes)
                   else File(result.content))
        try:
            stored = job.result.storage.save(job.result.field.generate_filename(job, name), content)
        finally:
            content.close()
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, result=stored, filename=result.filename,
        content_type=result.content_type, result_link=result.link, message=result.message,
        finished_at=timezone.now(),
        progress_done=max(job.progress_total, 1), progress_total=max(job.progress_total, 1))
    if not updated:
        if stored:
            job.result.storage.delete(stored)
        return f"job {job.pk}: cancelled"
    return f"job {job.pk}: done"


def jobs_due_for_purge(now):
    """The ids of the jobs whose results have expired (the owners of the "job results" rule: each
    job is its own owner)."""
    return Job.objects.filter(expires_at__lte=now).values_list("pk", flat=True)



def delete_result_file(sender, instance: Job, **kwargs) -> None:
    """Receiver: a deleted job's file goes from storage once the deletion has committed (a person
    deleted with their jobs leaves no file behind)."""
    if instance.result:
        storage, name = instance.result.storage, instance.result.name
        transaction.on_commit(lambda: storage.delete(name))


def register_retention() -> None:
    """Declare the "job results" retention rule: a job and its file go when it expires."""
    privacy.rule(RETENTION_RULE, description="Background jobs and their results (PDF documents, "
                 "exports, merges), deleted with their files KOPA_JOB_RESULT_DAYS after they started.",
                 due=jobs_due_for_purge)
    privacy.declare(Job, rule=RETENTION_RULE, owner="pk")
    privacy.subject_exempt(Job, fields=("requested_by",), why="a download the person started, deleted "
                           "with its result after KOPA_JOB_RESULT_DAYS and with the account")
