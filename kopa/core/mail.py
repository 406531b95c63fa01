"""An e-mail backend for development: it sends nothing and keeps the latest messages in memory,
for the staff outbox page (/staff/outbox/). Per process: each server process has its own outbox."""

import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

OUTBOX_SIZE = 200


@dataclass(frozen=True)
class OutboxMessage:
    sent_at: datetime
    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    subject: str
    body: str


_outbox: deque[OutboxMessage] = deque(maxlen=OUTBOX_SIZE)
_lock = threading.Lock()


class OutboxBackend(BaseEmailBackend):
    """Keeps the last OUTBOX_SIZE messages of this process instead of sending them."""

    def send_messages(self, email_messages) -> int:
        now = timezone.now()
        kept = [
            OutboxMessage(
                sent_at=now,
                to=tuple(message.to),
                cc=tuple(message.cc),
                bcc=tuple(message.bcc),
                subject=str(message.subject),
                body=str(message.body),
            )
            for message in email_messages
        ]
        with _lock:
            _outbox.extend(kept)
        return len(kept)


def outbox_messages() -> list[OutboxMessage]:
    """The messages kept, newest first."""
    with _lock:
        return list(reversed(_outbox))


def outbox_clear() -> None:
    with _lock:
        _outbox.clear()
