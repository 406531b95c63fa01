"""The built-in scheduler: each moment of a job's schedule runs once, whoever looks."""

import os
import subprocess
import sys
import threading
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from kopa.core import scheduler
from kopa.core.models import ScheduledRun

CALLS = []
LJUBLJANA = ZoneInfo("Europe/Ljubljana")


def count_call():
    CALLS.append("count")
    return len(CALLS)


def fail():
    raise RuntimeError("this job fails")


@pytest.fixture
def jobs(settings):
    CALLS.clear()
    settings.TIME_ZONE = "Europe/Ljubljana"
    settings.REDIS_URL = ""
    settings.KOPA_SCHEDULE = [
        ("kopa.core.tests.test_scheduler:count_call", "*/10 * * * *"),
        ("kopa.core.tests.test_scheduler:fail", "0 7 * * *"),
    ]
    yield
    CALLS.clear()


def at(hour, minute, day=3):
    return datetime(2026, 12, day, hour, minute, tzinfo=LJUBLJANA)


def test_latest_moment_is_read_in_the_time_zone(settings):
    settings.TIME_ZONE = "Europe/Ljubljana"
    daily = scheduler.Job("x:y", "0 7 * * *")
    assert daily.latest_moment(at(6, 59)) == at(7, 0, day=2)
    assert daily.latest_moment(at(7, 0)) == at(7, 0)
    assert daily.latest_moment(at(18, 30)) == at(7, 0)


@pytest.mark.django_db
def test_each_moment_runs_once_however_often_the_scheduler_looks(jobs):
    first = scheduler.tick(now=at(10, 3))
    assert {run.job for run in first} == {"kopa.core.tests.test_scheduler:count_call",
                                          "kopa.core.tests.test_scheduler:fail"}
    assert scheduler.tick(now=at(10, 5)) == []
    assert CALLS == ["count"]
    later = scheduler.tick(now=at(10, 11))
    assert [run.job for run in later] == ["kopa.core.tests.test_scheduler:count_call"]
    assert CALLS == ["count", "count"]
    assert ScheduledRun.objects.filter(job__endswith="count_call", state="done").count() == 2


@pytest.mark.django_db
def test_a_failing_job_is_noted_and_the_others_still_run(jobs):
    scheduler.tick(now=at(10, 3))
    failed = ScheduledRun.objects.get(job__endswith=":fail")
    assert failed.state == ScheduledRun.State.FAILED and failed.due_at == at(7, 0)
    assert ScheduledRun.objects.get(job__endswith="count_call").state == ScheduledRun.State.DONE


@pytest.mark.django_db
def test_a_moment_another_scheduler_claimed_is_not_run_again(jobs):
    job = scheduler.Job("kopa.core.tests.test_scheduler:count_call", "*/10 * * * *")
    assert scheduler.claim(job, at(10, 0)) is not None
    assert scheduler.claim(job, at(10, 0)) is None
    runs = scheduler.tick(now=at(10, 3))
    assert [run.job for run in runs] == ["kopa.core.tests.test_scheduler:fail"]
    assert CALLS == []


@pytest.mark.django_db
def test_after_a_pause_a_job_runs_once_for_the_latest_moment_it_missed(jobs):
    scheduler.tick(now=at(10, 3))
    scheduler.tick(now=at(13, 47))
    assert CALLS == ["count", "count"]
    assert ScheduledRun.objects.filter(job__endswith="count_call").latest("due_at").due_at == at(13, 40)


@pytest.mark.django_db
def test_worker_once_runs_the_due_jobs_without_redis(jobs):
    out = StringIO()
    call_command("kopa_worker", "--once", stdout=out)
    assert "2 scheduled job(s) due" in out.getvalue()
    assert CALLS == ["count"]


@pytest.mark.django_db
def test_the_worker_gives_way_to_web_requests(jobs, settings, monkeypatch):
    """The long-running worker lowers its own CPU priority by KOPA_WORKER_NICE (a large import then
    does not slow the web workers' pages); `--once`, run from cron or by hand, leaves it alone."""
    niced = []
    stopped = threading.Event()
    stopped.set()
    monkeypatch.setattr(os, "nice", niced.append)
    monkeypatch.setattr(scheduler, "start_thread", lambda: stopped)
    monkeypatch.setattr("signal.signal", lambda *args: None)
    settings.KOPA_WORKER_NICE = 7
    call_command("kopa_worker", stdout=StringIO())
    assert niced == [7]
    niced.clear()
    call_command("kopa_worker", "--once", stdout=StringIO())
    settings.KOPA_WORKER_NICE = 0
    call_command("kopa_worker", stdout=StringIO())
    assert niced == []


def test_the_schedule_names_jobs_that_exist(settings):
    for path, cron in settings.KOPA_SCHEDULE:
        assert callable(import_string(path.replace(":", ".")))
        scheduler.Job(path, cron).latest_moment(at(12, 0))


FORK_WHILE_LOOKING = """
import os, threading, time
import django
django.setup()
from kopa.core import scheduler
scheduler.pause_for_forks()
read_end, write_end = os.pipe()
holding = threading.Event()
def look():
    with scheduler._looking:  # the scheduler thread half-way through a look
        holding.set()
        time.sleep(0.5)
        os.write(write_end, b"look finished;")
thread = threading.Thread(target=look)
thread.start()
holding.wait()
pid = os.fork()
if pid == 0:
    os.write(write_end, b"child started;")
    os._exit(0)
os.waitpid(pid, 0)
thread.join()
os.close(write_end)
print(os.read(read_end, 100).decode())
"""


def test_the_worker_forks_only_between_two_looks_of_the_scheduler():
    """A task's child process never starts while the scheduler thread holds a database call's locks."""
    done = subprocess.run([sys.executable, "-c", FORK_WHILE_LOOKING], cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "kopa.settings"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "look finished;child started;"
