"""A paced background job waits between its batches in proportion to the work done; outside a paced
job nothing waits. A clock and a sleep of the test's own stand in for time, so no test waits."""

import pytest

from kopa.core import pacing


class Clock:
    """Time that moves only when the test (or the recorded sleep) moves it."""

    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_each_tick_waits_in_proportion_to_the_work_since_the_previous_one():
    clock = Clock()
    with pacing.paced(0.25, clock=clock, sleep=clock.sleep) as pace:
        clock.now += 1.0  # a batch of one second
        pacing.tick()
        clock.now += 0.2
        pacing.tick()
    # with a quarter of the time for work, each second of work is followed by three of waiting
    assert clock.slept == [3.0, 0.6]
    assert pace.worked == pytest.approx(1.2) and pace.waited == pytest.approx(3.6)


def test_a_share_of_one_never_waits_and_nothing_waits_outside_a_paced_job():
    clock = Clock()
    with pacing.paced(1, clock=clock, sleep=clock.sleep):
        clock.now += 5
        pacing.tick()
    assert clock.slept == []
    pacing.tick()  # no paced job: returns at once, with nothing to record


def test_batches_slice_the_items_and_tick_between_slices_only():
    clock = Clock()
    seen = []
    with pacing.paced(0.5, clock=clock, sleep=clock.sleep):
        for part in pacing.batches(list(range(7)), size=3):
            seen.append(part)
            clock.now += 1
    assert seen == [[0, 1, 2], [3, 4, 5], [6]]
    assert clock.slept == [1.0, 1.0]  # two pauses between three slices, none after the last


@pytest.mark.parametrize("share", [0, -0.5, 1.5])
def test_a_share_outside_zero_to_one_is_refused(share):
    with pytest.raises(ValueError):
        pacing.Pace(share=share)


def test_a_paced_block_inside_another_keeps_the_outer_pace():
    clock = Clock()
    with pacing.paced(0.5, clock=clock, sleep=clock.sleep) as outer:
        with pacing.paced(1) as inner:
            clock.now += 2
            pacing.tick()
    assert inner is outer and clock.slept == [2.0]
