"""Go's time.Parse(time.RFC3339, s) for kubectl flags that take a time (`logs --since-time`),
with Go's error texts.

Models golang/go: src/time/format.go Parse (the layout "2006-01-02T15:04:05Z07:00" walked
element by element; fractional seconds are accepted after the seconds though the layout has
none) and kubernetes/kubectl pkg/util ParseRFC3339 (RFC3339Nano first, then RFC3339: both
fail alike). A value that does not fit the layout fails at the first element it does not
match: `parsing time "bad" as "2006-01-02T15:04:05Z07:00": cannot parse "bad" as "2006"`; a
field out of range: `parsing time "2025-13-01T00:00:00Z": month out of range`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

LAYOUT = "2006-01-02T15:04:05Z07:00"
# (layout element, value pattern); literals are their own pattern
ELEMENTS = (("2006", r"\d{4}"), ("-", "-"), ("01", r"\d{2}"), ("-", "-"), ("02", r"\d{2}"), ("T", "T"),
            ("15", r"\d{1,2}"), (":", ":"), ("04", r"\d{2}"), (":", ":"), ("05", r"\d{2}(?:[.,]\d+)?"),
            ("Z07:00", r"Z|[+-]\d{2}:\d{2}"))
RANGES = (("month", 1, 12), ("day", 1, 31), ("hour", 0, 23), ("minute", 0, 59), ("second", 0, 59))


class TimeParseError(ValueError):
    pass


def parse(value: str) -> datetime:
    rest, fields = value, []
    for element, pattern in ELEMENTS:
        match = re.match(pattern, rest)
        if match is None:
            raise TimeParseError(f'parsing time "{value}" as "{LAYOUT}": cannot parse "{rest}" as "{element}"')
        fields.append(match.group(0))
        rest = rest[match.end():]
    if rest:
        raise TimeParseError(f'parsing time "{value}": extra text: "{rest}"')
    year, month, day, hour, minute = (int(fields[i]) for i in (0, 2, 4, 6, 8))
    seconds = float(fields[10].replace(",", "."))
    for (name, low, high), number in zip(RANGES, (month, day, hour, minute, int(seconds)), strict=True):
        if not low <= number <= high:
            raise TimeParseError(f'parsing time "{value}": {name} out of range')
    zone = fields[11]
    offset = timedelta() if zone == "Z" else (1 if zone[0] == "+" else -1) * timedelta(
        hours=int(zone[1:3]), minutes=int(zone[4:6]))
    try:
        base = datetime(year, month, day, hour, minute, tzinfo=timezone(offset))
    except ValueError:
        raise TimeParseError(f'parsing time "{value}": day out of range') from None
    return (base + timedelta(seconds=seconds)).astimezone(UTC)
