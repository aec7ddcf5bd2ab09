"""The cluster's only source of time: nothing else reads the wall clock or sets a timer.

Time is virtual. The clock starts at a fixed epoch and moves only when `advance()` (or a
waiting kubectl command) moves it. A timer is data: when it is due, what to call and why.
Its callable is a method marked `@savefile.callback`, never a closure, so a clock with
pending timers saves as data (`Cluster.save`) and resumes to the same bytes.

Models the event queue of SimPy (`src/simpy/core.py`): entries are (due, sequence, timer),
so timers due at the same instant run in the order they were set.
"""

from __future__ import annotations

import contextlib
import heapq
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


F = TypeVar("F", bound=Callable[..., Any])
CALLBACK = "clock_callback"  # the attribute `callback` sets on a method


def callback(method: F) -> F:
    """Mark a method that a timer (or an API watcher) may hold as its callback. A saved cluster
    names such methods, and kubecourse/savefile.py restores a bound method only when it is
    marked: a save file cannot make the cluster call anything else."""
    setattr(method, CALLBACK, True)
    return method


@dataclass(eq=False)
class Timer:
    """Something due at a virtual instant."""

    due: datetime
    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    why: str = ""  # shown by `%cluster status`: "pull nginx:1.27 for default/web-0"
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True  # the heap entry stays; the clock skips it


@dataclass
class Clock:
    now: datetime = EPOCH
    _queue: list[tuple[datetime, int, Timer]] = field(default_factory=list)
    _seq: int = 0  # equal due times run in the order they were set

    def call_later(self, seconds: float, fn: Callable[..., Any], *args: Any, why: str = "") -> Timer:
        return self.call_at(self.now + timedelta(seconds=max(0.0, seconds)), fn, *args, why=why)

    def call_at(self, due: datetime, fn: Callable[..., Any], *args: Any, why: str = "") -> Timer:
        timer = Timer(max(due, self.now), fn, args, why)
        self._seq += 1
        heapq.heappush(self._queue, (timer.due, self._seq, timer))
        return timer

    def peek(self) -> datetime | None:
        """When the next live timer is due, or None when nothing is pending."""
        while self._queue and self._queue[0][2].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0][0] if self._queue else None

    def pending(self) -> list[Timer]:
        """Live timers in the order they will run."""
        return [t for _, _, t in sorted(self._queue, key=lambda e: (e[0], e[1])) if not t.cancelled]

    def step(self) -> bool:
        """Run the next live timer, moving `now` to its due time. False when none is pending."""
        if self.peek() is None:
            return False
        due, _, timer = heapq.heappop(self._queue)
        self.now = due
        timer.fn(*timer.args)
        return True

    def advance(self, seconds: float, *, settle: Callable[[], None]) -> None:
        """Run every timer due within `seconds`, in order, then stop at now + seconds.

        settle() drains the controllers' work queues after the timers of each instant, so they
        react at that instant, as a real control plane would, and once for all that happened
        in it (ten kubelets reporting on the same second wake a ReplicaSet once)."""
        if seconds < 0:
            raise ValueError(f"advance() needs seconds >= 0, got {seconds}")
        until = self.now + timedelta(seconds=seconds)
        self.run_until(until, settle=settle)
        self.now = until  # not reached when interrupted: the clock stays at the last instant run

    def run_until(
        self,
        until: datetime,
        *,
        settle: Callable[[], None],
        done: Callable[[], bool] | None = None,
    ) -> bool:
        """Run timers due up to `until` until `done()` holds. Returns whether it holds.

        Used by waiting commands: they stop at the instant their condition becomes true, so
        `kubectl wait` or `rollout status` leave the clock where a real one would be.

        An interrupt (Ctrl-C, Jupyter's stop button) is held until the instant being run is
        complete, its timers and the controllers' reaction to them, then raised as
        KeyboardInterrupt: the cluster stays at that instant, every write whole, and the next
        advance goes on from there."""
        with interrupts_between_instants() as deliver:
            settle()
            while True:
                if done is not None and done():
                    return True
                deliver()
                due = self.peek()
                if due is None or due > until:
                    return done is not None and done()
                while self.peek() == due:  # every timer of this instant, then the controllers once
                    self.step()
                settle()


@contextlib.contextmanager
def interrupts_between_instants() -> Iterator[Callable[[], None]]:
    """Hold SIGINT while virtual time runs; yields the function that hands a held one to the
    handler it was meant for (Python's own raises KeyboardInterrupt), called between instants.

    Python raises KeyboardInterrupt between any two bytecodes, which could leave a write
    half-stored; so while this is open, SIGINT is only recorded. Only the main thread
    receives signals (signal.signal works nowhere else): in any other thread, or when SIGINT
    is ignored or not handled from Python, nothing is held."""
    previous = signal.getsignal(signal.SIGINT)
    received: list[int] = []

    def deliver() -> None:
        if received and callable(previous):
            received.clear()
            previous(signal.SIGINT, None)

    if threading.current_thread() is not threading.main_thread() or not callable(previous):
        yield lambda: None
        return
    signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield deliver
    finally:
        signal.signal(signal.SIGINT, previous)
    deliver()  # one that came during the last instant of a run that ended anyway
