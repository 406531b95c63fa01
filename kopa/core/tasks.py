"""Kopa's one interface for background work.

Without REDIS_URL every task runs inline, inside the request (development, tests, small installs).
With REDIS_URL tasks go to an RQ queue and `manage.py kopa_worker` runs them, with retries.
"""

import importlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

logger = logging.getLogger(__name__)


def _queue():
    from redis import Redis
    from rq import Queue

    return Queue("kopa", connection=Redis.from_url(settings.REDIS_URL))


def run_task(path: str, kwargs: dict):
    """Entry point the worker calls: import `module:function` and run it."""
    module_name, func_name = path.split(":")
    return getattr(importlib.import_module(module_name), func_name)(**kwargs)


def enqueue(path: str, **kwargs) -> None:
    """Run `path` ("module:function") with `kwargs` after the current transaction commits."""

    def submit():
        if settings.REDIS_URL:
            from rq import Retry

            _queue().enqueue(
                run_task, path, kwargs, retry=Retry(max=settings.KOPA_TASK_RETRIES, interval=[10, 60, 300])
            )
        else:
            run_task(path, kwargs)

    transaction.on_commit(submit)


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
