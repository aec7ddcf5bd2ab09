"""The only places kubecourse reads real time, each with its reason.

Everything in the simulation runs on the virtual clock (kubecourse/clock.py). These
exceptions serve the world outside the simulation:
- wall-clock mode (`%cluster clock wall`) measures how much real time passed between ticks.
"""

from __future__ import annotations

import time


def monotonic() -> float:
    """Real seconds, for wall-clock mode only."""
    return time.monotonic()
