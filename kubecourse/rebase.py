"""Re-basing a cluster's epoch: every instant it holds moves by one constant.

docs/architecture.md (Time and randomness): a cluster served with the wall clock (or
following it) is re-based to the
real date, so real clients compute sensible ages from its timestamps. Two readings were
possible. Moving only the clock forward to now would leave every stored time at 2025 (a pod
created a minute ago would be a year old to kubectl) and would have to either fire a year
of timers or skip them. Shifting every instant by the same whole number of seconds keeps
the cluster exactly as it was relative to itself: ages, pending timers (a pull due in 3 s is
still due in 3 s), watch history, container logs, the seeded generator untouched. So the
simulation goes on to the same events in the same order; only the dates printed change.

`Cluster.rebase` shifts its own state with `shift`, which walks that whole state with an
in-memory pickle round trip (so nothing is missed and frozen models are rebuilt, never
mutated; no file is read), replacing each datetime by itself plus the shift. Strings that
spell a date (an annotation such as kubectl's restartedAt, a line a container printed) are
text, and keep the date they were written with. A frozen server is never re-based: its
dates stay the deterministic ones.
"""

from __future__ import annotations

import io
import pickle
from datetime import datetime, timedelta
from typing import Any


class _Shifter(pickle.Pickler):
    def __init__(self, file: io.BytesIO, seconds: int) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.seconds = seconds

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is datetime:
            s = obj + timedelta(seconds=self.seconds)
            return datetime, (s.year, s.month, s.day, s.hour, s.minute, s.second, s.microsecond, s.tzinfo)
        return NotImplemented


def shift(state: Any, seconds: int) -> Any:
    """A copy of `state` with every datetime in it `seconds` later."""
    buffer = io.BytesIO()
    _Shifter(buffer, seconds).dump(state)
    return pickle.loads(buffer.getvalue())
