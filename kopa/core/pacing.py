"""Background work that gives way to people: a job that could take both cores from the web pages
pauses between its batches, so that it uses at most its share of the time.

A job runs its work inside ``paced(share)``; the work calls ``tick()`` after each batch (a few hundred
rows). After a batch that took *t* seconds, ``tick()`` waits ``t × (1 − share) / share``: with a share
of 0.5 the job works half the time and waits the other half, which also halves what it asks of the
database. Outside ``paced`` (a request, a test, a management command) ``tick()`` does nothing, so the
same code runs at full speed where a person waits for it.

The share is ``KOPA_BACKGROUND_SHARE`` (docs/operations.md); 1 turns the pauses off.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Pace:
    share: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    started: float = field(default=0.0)
    worked: float = 0.0
    waited: float = 0.0

    def __post_init__(self):
        if not 0 < self.share <= 1:
            raise ValueError("share must be above 0 and at most 1")
        self.started = self.clock()

    def pause_after(self, elapsed: float) -> float:
        """How long to wait after a batch that took `elapsed` seconds."""
        return max(0.0, elapsed) * (1 - self.share) / self.share

    def tick(self) -> None:
        now = self.clock()
        elapsed = now - self.started
        pause = self.pause_after(elapsed)
        self.worked += elapsed
        if pause:
            self.sleep(pause)
            self.waited += pause
        self.started = self.clock()


_current: ContextVar[Pace | None] = ContextVar("kopa_pace", default=None)


@contextmanager
def paced(share: float, **clock) -> Iterator[Pace]:
    """Run the block at `share` of the time: each ``tick()`` inside it waits in proportion to the work
    done since the previous one. Inside another paced block, the outer one's pace goes on."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    pace = Pace(share=share, **clock)
    token = _current.set(pace)
    try:
        yield pace
    finally:
        _current.reset(token)


def tick() -> None:
    """The end of a batch: wait, if a paced job is running, in proportion to the batch's time."""
    pace = _current.get()
    if pace is not None and pace.share < 1:
        pace.tick()


def batches(items: list, size: int = 500) -> Iterator[list]:
    """`items` in slices of `size`, ticking between two slices."""
    for start in range(0, len(items), size):
        if start:
            tick()
        yield items[start:start + size]
