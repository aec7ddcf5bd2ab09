"""The only places kubecourse reads real time or draws real randomness, each with its reason.

Everything in the simulation runs on the virtual clock (kubecourse/clock.py) and draws from
the cluster's seeded generator (kubecourse/rand.py). These exceptions serve the world
outside the simulation:
- wall-clock mode (`%cluster clock wall`, `Cluster.serve(clock="wall")`) measures how much
  real time passed between ticks;
- the served API (kubecourse/serve/) needs a bearer token nobody can guess (a seeded one
  would be the same for every learner) and a certificate valid now, in real time, because
  real kubectl checks its dates against the machine's clock;
- serving with the wall clock re-bases the cluster's dates to the real date
  (kubecourse/rebase.py), so that real clients compute sensible ages.
- a real cluster's port (kubecourse/remote.py) runs on real time: its `now`, and the time
  it records a change it has seen at.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime


def monotonic() -> float:
    """Real seconds, for wall-clock mode only."""
    return time.monotonic()


def utcnow() -> datetime:
    """The real date: the served certificate's validity period, the date a wall-clock
    server re-bases the cluster to, and a real cluster's now."""
    return datetime.now(UTC)


def token() -> str:
    """An unguessable bearer token for the served API."""
    return secrets.token_urlsafe(32)
