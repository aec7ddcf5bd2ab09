"""The virtual clock: timers as data, in order, settled after each one."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest

from kubecourse.clock import EPOCH, Clock


class Log:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def record(self, *args) -> None:
        self.calls.append(args)


def test_timers_run_in_due_order_then_in_the_order_they_were_set():
    clock, log = Clock(), Log()
    clock.call_later(5, log.record, "b")
    clock.call_later(1, log.record, "a")
    clock.call_later(5, log.record, "c")
    settles: list = []
    clock.advance(10, settle=lambda: settles.append(clock.now))
    assert log.calls == [("a",), ("b",), ("c",)]
    assert clock.now == EPOCH + timedelta(seconds=10)
    # settle runs once before the first timer and once after the timers of each instant
    assert [(t - EPOCH).total_seconds() for t in settles] == [0, 1, 5]


def test_timers_beyond_the_horizon_wait():
    clock, log = Clock(), Log()
    clock.call_later(30, log.record, "later")
    clock.advance(29.5, settle=lambda: None)
    assert log.calls == []
    clock.advance(0.5, settle=lambda: None)
    assert log.calls == [("later",)]


def test_cancelled_timers_are_skipped_and_not_pending():
    clock, log = Clock(), Log()
    t = clock.call_later(1, log.record, "x")
    t.cancel()
    assert clock.peek() is None and clock.pending() == []
    clock.advance(5, settle=lambda: None)
    assert log.calls == []


def test_run_until_stops_at_the_instant_the_condition_holds():
    clock, log = Clock(), Log()
    for s in (2, 4, 6):
        clock.call_later(s, log.record, s)
    held = clock.run_until(EPOCH + timedelta(seconds=60), settle=lambda: None, done=lambda: len(log.calls) == 2)
    assert held and clock.now == EPOCH + timedelta(seconds=4)


def test_run_until_reports_a_condition_that_never_holds():
    clock = Clock()
    assert not clock.run_until(EPOCH + timedelta(seconds=60), settle=lambda: None, done=lambda: False)


def test_negative_advance_is_refused():
    with pytest.raises(ValueError, match="seconds >= 0"):
        Clock().advance(-1, settle=lambda: None)


def test_a_clock_with_pending_timers_pickles_and_resumes():
    clock, log = Clock(), Log()
    clock.call_later(3, log.record, "resumed")
    copy = pickle.loads(pickle.dumps((clock, log)))
    copy[0].advance(3, settle=lambda: None)
    assert copy[1].calls == [("resumed",)]
