"""Kopa's one interface for background work.

Without REDIS_URL every task runs inline, inside the request (development, tests, small installs).
With REDIS_URL tasks go to an RQ queue and `manage.py kopa_worker` runs them, with retries.
"""

import importlib
import logging

from redis import Redis
from rq import Queue, Retry
from rq.timeouts import JobTimeoutException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

logger = logging.getLogger(__name__)

QUEUE_NAME = "kopa"


def connection() -> Redis:
    return Redis.from_url(settings.REDIS_URL)


def queue() -> Queue:
    return Queue(QUEUE_NAME, connection=connection())


def run_task(path: str, kwargs: dict):
    """Entry point the worker calls: import `module:function` and run it."""
    module_name, func_name = path.split(":")
    return getattr(importlib.import_module(module_name), func_name)(**kwargs)


def timed_out(exc: BaseException) -> bool:
    """Whether `exc` is the worker stopping a task that ran past its time limit."""
    return isinstance(exc, JobTimeoutException)


def enqueue_now(path: str, *, task_timeout: int | None = None, task_retries: int | None = None,
                task_ttl: int | None = None, **kwargs) -> None:
    """Run `path` ("module:function") with `kwargs` now: queue it with Redis, else run it here.

    `task_timeout`: seconds the worker lets it run (RQ's default otherwise); `task_retries`: how
    often a failure is retried (default KOPA_TASK_RETRIES); `task_ttl`: seconds it may wait in the
    queue before it is dropped."""
    if not settings.REDIS_URL:
        run_task(path, kwargs)
        return
    retries = settings.KOPA_TASK_RETRIES if task_retries is None else task_retries
    options = {"job_timeout": task_timeout, "ttl": task_ttl}
    queue().enqueue(
        run_task, path, kwargs,
        retry=Retry(max=retries, interval=[10, 60, 300]) if retries else None,
        **{name: value for name, value in options.items() if value is not None},
    )


def enqueue(path: str, *, task_timeout: int | None = None, task_retries: int | None = None,
            **kwargs) -> None:
    """Run `path` ("module:function") with `kwargs` after the current transaction commits (options
    as `enqueue_now`)."""
    transaction.on_commit(lambda: enqueue_now(
        path, task_timeout=task_timeout, task_retries=task_retries, **kwargs))


def send_email(
    *, to: list[str], subject: str, body: str, html: str = "", attachments: list | None = None
) -> int:
    """Task: send one e-mail; `attachments` are [filename, text, mimetype]. Never logs the body."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    sent = message.send()
    logger.info("e-mail sent to %d recipient(s)", len(to))
    return sent
