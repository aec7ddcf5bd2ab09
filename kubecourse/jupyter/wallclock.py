"""Wall-clock mode: virtual time follows real time, driven from the kernel's event loop.

The driver runs between cells, on the asyncio loop ipykernel already runs, never from a
thread racing notebook code (docs/architecture.md, Time and randomness). It is one of the
few places allowed to
read real time (see kubecourse/realtime.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from kubecourse import realtime
from kubecourse.cluster import Cluster

TICK_SECONDS = 0.5


class WallClockDriver:
    """Every TICK_SECONDS of real time, advance the cluster by the elapsed time x speed."""

    def __init__(self, monotonic: Callable[[], float] = realtime.monotonic) -> None:
        self._monotonic = monotonic
        self._handle: asyncio.TimerHandle | None = None
        self._last = 0.0
        self.speed = 1.0
        self._cluster: Callable[[], Cluster] | None = None

    @property
    def running(self) -> bool:
        return self._cluster is not None

    def start(self, cluster: Callable[[], Cluster], speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be greater than 0")
        self.stop()
        self._cluster, self.speed, self._last = cluster, speed, self._monotonic()
        self._schedule()

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle, self._cluster = None, None

    def tick(self) -> None:
        """Advance by the real time since the last tick; also callable directly in tests."""
        if self._cluster is None:
            return
        now = self._monotonic()
        self._cluster().advance(max(0.0, now - self._last) * self.speed)
        self._last = now

    def _tick_and_reschedule(self) -> None:
        self.tick()
        self._schedule()

    def _schedule(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:  # no running loop (a plain script): ticks only when called
            return
        self._handle = loop.call_later(TICK_SECONDS, self._tick_and_reschedule)
