"""Duration flags (`--timeout=30s`) as pflag parses them with Go's time.ParseDuration.

A bad value is a flag error: `invalid argument "abc" for "--timeout" flag: time: invalid
duration "abc"`, followed by the usage line (pflag's DurationVar, src/time/format.go)."""

from __future__ import annotations

from kubecourse.golang import duration as goduration
from kubecourse.kubectl.grammar import UsageError


def parse_duration(text: str, flag: str = "timeout") -> float:
    """Seconds in a Go duration: `30s`, `1m30s`, `-1s`, `0`."""
    try:
        return goduration.parse(text)
    except goduration.DurationError as e:
        raise UsageError(f'invalid argument "{text}" for "--{flag}" flag: {e}') from None
