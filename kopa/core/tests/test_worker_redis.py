"""A real Redis and real workers: `manage.py kopa_worker` processes run queued e-mail, an import and
the scheduled jobs against a database of their own.

The workers are separate processes, so they cannot see the test's own database (in memory, inside a
transaction): this test gives them a SQLite file, prepares it with `manage.py migrate` and `manage.py
shell`, and reads the results straight from the file. redis-server listens on a free port in a
temporary folder. Without redis-server the test is skipped, unless KOPA_REQUIRE_REDIS=1 (as in CI).
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.conf import settings

pytestmark = pytest.mark.redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
DEADLINE = 300  # seconds for everything to happen; generous, so a slow machine does not fail


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(what, check, deadline, explain=lambda: ""):
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what}\n{explain()}")


@pytest.fixture
def redis_url(tmp_path):
    if not Path(REDIS_SERVER).exists():
        if os.environ.get("KOPA_REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is not installed; KOPA_REQUIRE_REDIS=1 makes this a failure.")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        _wait_for("redis-server", lambda: _answers(port), deadline)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answers(port) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def kopa_env(tmp_path, redis_url):
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTEST_VERSION", "PYTEST_XDIST_WORKER", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update({
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kopa.sqlite3'}",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "worker-test-" + "x" * 40,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "KOPA_SCHEDULER_INTERVAL": "1",
        "KOPA_TASK_RETRIES": "0",
    })
    return env


def _manage(env, *args, timeout=300):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SETUP = """
from kopa.agencies.models import Agency, AgencyMembership
from django.contrib.auth import get_user_model
agency = Agency.objects.create(name="Agency SI", slug="agency-si", kind="national_agency", country="SI")
user = get_user_model().objects.create_user(username="officer@example.org", email="officer@example.org")
AgencyMembership.objects.create(agency=agency, user=user, role="staff")
"""

QUEUE = """
from kopa.agencies.models import Agency
from django.contrib.auth import get_user_model
from kopa.core import tasks
from kopa.directory.imports.services import import_upload
tasks.enqueue("kopa.core.tasks:send_email", to=["someone@example.org"], subject="Queued hello", body="Hi")
import_upload(actor=get_user_model().objects.get(), agency=Agency.objects.get(), filename="orgs.csv",
              content=b"legal_name,country,city\\nMladinski center Zmaj,SI,Ljubljana\\n")
"""

CONFIRM = """
from django.contrib.auth import get_user_model
from kopa.directory.imports.services import import_confirm
from kopa.directory.models import ImportBatch
import_confirm(actor=get_user_model().objects.get(), batch=ImportBatch.objects.get(), mode="all_or_nothing")
"""


def _query(env, sql):
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=20) as db:
        return db.execute(sql).fetchall()


def test_workers_run_queued_email_an_import_and_each_scheduled_job_once(kopa_env, tmp_path):
    env = kopa_env
    deadline = time.monotonic() + DEADLINE
    _manage(env, "migrate", "--noinput")
    _manage(env, "shell", "-c", SETUP)
    _manage(env, "shell", "-c", QUEUE)  # queued in Redis: no worker runs yet
    assert _query(env, "SELECT status FROM directory_importbatch") == [("queued",)]
    assert not (tmp_path / "mail").exists()

    logs = [open(tmp_path / f"worker{n}.log", "w") for n in (1, 2)]  # noqa: SIM115
    workers = [subprocess.Popen([sys.executable, "manage.py", "kopa_worker"], cwd=settings.BASE_DIR,
                                env=env, stdout=log, stderr=subprocess.STDOUT) for log in logs]

    def explain():
        logs_read = "\n".join(f"--- worker{n}.log\n" + (tmp_path / f"worker{n}.log").read_text()[-4000:]
                              for n in (1, 2))
        return (f"imports: {_query(env, 'SELECT status, outcome FROM directory_importbatch')}\n"
                f"scheduled runs: {_query(env, 'SELECT job, state FROM core_scheduledrun')}\n{logs_read}")

    try:
        _wait_for("the e-mail", lambda: list((tmp_path / "mail").glob("*.log")), deadline, explain)
        mail = "".join(path.read_text() for path in (tmp_path / "mail").glob("*.log"))
        assert "Subject: Queued hello" in mail and "someone@example.org" in mail

        _wait_for("the import to be read", lambda: _query(
            env, "SELECT status FROM directory_importbatch") == [("previewed",)], deadline, explain)
        _manage(env, "shell", "-c", CONFIRM)
        _wait_for("the import to be written", lambda: _query(
            env, "SELECT status FROM directory_importbatch") == [("applied",)], deadline, explain)
        assert _query(env, "SELECT legal_name FROM directory_organisation") == [("Mladinski center Zmaj",)]

        jobs = {path for path, _cron in settings.KOPA_SCHEDULE}
        _wait_for("every scheduled job to run", lambda: {job for job, in _query(
            env, "SELECT job FROM core_scheduledrun WHERE state = 'done'")} == jobs, deadline, explain)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        for log in logs:
            log.close()
    # Two schedulers looked every second; the jobs ran only for the moments they recorded.
    assert not _query(env, "SELECT job FROM core_scheduledrun WHERE state != 'done'")
