"""Go durations (`30s`, `1m30s`, `-1.5h`) as time.ParseDuration reads them.

Models go: src/time/format.go ParseDuration. kubectl's duration flags (pflag's DurationVar)
and the apiserver's duration parameters (a followed log's `timeout`) both parse with it, so
it sits here, below both, beside Go's value formatting (gofmt.py).
"""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


class DurationError(ValueError):
    """Go's error text: `time: invalid duration "abc"`, `time: missing unit in duration "5"`."""


def parse(text: str) -> float:
    """Seconds in a Go duration: `30s`, `1m30s`, `-1s`, `0`."""
    body = text[1:] if text[:1] in "+-" else text
    sign = -1.0 if text.startswith("-") else 1.0
    if body == "0":
        return 0.0
    pos, total = 0, 0.0
    for m in _PART.finditer(body):
        if m.start() != pos:
            break
        total += float(m[1]) * _UNITS[m[2]]
        pos = m.end()
    if not body or pos != len(body):
        reason = "missing unit in duration" if body.replace(".", "", 1).isdigit() else "invalid duration"
        raise DurationError(f'time: {reason} "{text}"')
    return sign * total
