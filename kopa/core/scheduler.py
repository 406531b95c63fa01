"""Kopa's built-in scheduler: runs the jobs of `settings.KOPA_SCHEDULE` when they are due.

The schedule is one table in the settings: ("module:function", cron expression), the cron
expression read in `TIME_ZONE`. `manage.py kopa_worker` looks at it every
`KOPA_SCHEDULER_INTERVAL` seconds (and `manage.py runserver` does too, in development without
Redis). A job is due when the latest moment of its schedule has not run yet; a job never seen before
runs at once, and after a pause (a stopped worker) a job runs once for the latest moment it missed,
not once per missed moment.

Two schedulers may look at once (several workers, or a worker beside a development server): each
moment is claimed by inserting a `ScheduledRun` row, unique per job and moment, so only the scheduler
that inserts it runs the job. With Redis the claimed run is queued for any worker; without Redis it
runs in the scheduler's own thread. Every job is itself safe to run twice.

The queue worker forks a child process for each task while the scheduler thread may be in the
middle of a database call; a child forked at that moment can inherit a lock the thread held and wait
on it forever. `pause_for_forks()` makes every fork wait until the thread's look is finished.
"""

import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from croniter import croniter

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connections, transaction
from django.utils import timezone

from kopa.core import tasks
from kopa.core.models import ScheduledRun

logger = logging.getLogger(__name__)

# A run that waits longer than this in the queue is dropped: the next moment will do its work.
QUEUED_RUN_TTL = 3600

# Held while the scheduler thread looks at the schedule; see pause_for_forks().
_looking = threading.Lock()


@dataclass(frozen=True)
class Job:
    path: str
    cron: str

    def latest_moment(self, now: datetime) -> datetime:
        """The latest moment of the schedule at or before `now`, in UTC."""
        local = timezone.localtime(now)
        moments = croniter(self.cron, local)
        if croniter.match(self.cron, local.replace(second=0, microsecond=0)):
            moment = local.replace(second=0, microsecond=0)
        else:
            moment = moments.get_prev(datetime)
        return moment.astimezone(UTC)


def schedule() -> list[Job]:
    """The jobs of `settings.KOPA_SCHEDULE`."""
    return [Job(path, cron) for path, cron in settings.KOPA_SCHEDULE]


def claim(job: Job, moment: datetime) -> ScheduledRun | None:
    """Record that `job` runs for `moment`; None when another scheduler already did."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=job.path, due_at=moment)
    except IntegrityError:
        return None


def run_scheduled(*, run_id: int) -> str:
    """Task: run one claimed scheduled job and note how it ended."""
    run = ScheduledRun.objects.get(pk=run_id)
    try:
        result = tasks.run_task(run.job, {})
    except Exception:
        ScheduledRun.objects.filter(pk=run_id).update(
            state=ScheduledRun.State.FAILED, finished_at=timezone.now())
        logger.exception("scheduled job %s failed", run.job)
        raise
    ScheduledRun.objects.filter(pk=run_id).update(
        state=ScheduledRun.State.DONE, finished_at=timezone.now(), result=str(result)[:200])
    logger.info("scheduled job %s done: %s", run.job, result)
    return str(result)


def tick(*, now: datetime | None = None) -> list[ScheduledRun]:
    """Claim every job that is due and run it (queue it, with Redis). Returns the runs claimed."""
    now = now or timezone.now()
    done = set(ScheduledRun.objects.filter(
        due_at__gte=now - timedelta(days=2)).values_list("job", "due_at"))
    claimed = []
    for job in schedule():
        moment = job.latest_moment(now)
        if (job.path, moment) in done:
            continue
        run = claim(job, moment)
        if run is None:
            continue
        claimed.append(run)
        if settings.REDIS_URL:
            tasks.enqueue_now("kopa.core.scheduler:run_scheduled", run_id=run.pk,
                              task_retries=0, task_ttl=QUEUED_RUN_TTL)
        else:
            try:
                run_scheduled(run_id=run.pk)
            except Exception:  # noted on the run and logged; the other jobs still run
                pass
    return claimed


def run_forever(stop: threading.Event, *, interval: int | None = None) -> None:
    """Look at the schedule until `stop` is set. An error is logged and the next look comes anyway."""
    interval = interval or settings.KOPA_SCHEDULER_INTERVAL
    while not stop.is_set():
        with _looking:
            try:
                close_old_connections()
                tick()
            except Exception:
                logger.exception("the scheduler could not look at the schedule")
            finally:
                close_old_connections()
        stop.wait(interval)


def _before_fork() -> None:
    _looking.acquire()
    connections.close_all()  # the forking thread's own connections are not shared with the child


def pause_for_forks() -> None:
    """Make every fork of this process wait until the scheduler thread is between two looks.

    For a process that runs the scheduler thread and forks (the queue worker forks for each task):
    the child never starts with a lock the thread held half-way through a database call.
    """
    os.register_at_fork(before=_before_fork, after_in_parent=_looking.release,
                        after_in_child=_looking.release)


def start_thread(*, interval: int | None = None) -> threading.Event:
    """Run the scheduler in a daemon thread of this process; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(stop,), kwargs={"interval": interval},
                              name="kopa-scheduler", daemon=True)
    thread.start()
    return stop
