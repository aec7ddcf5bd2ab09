"""Durations for `%cluster advance`: Go's syntax as kubectl's flags take it (`30s`, `2m`,
`1h30m`, kubecourse/kubectl/duration.py), or bare seconds (`90`)."""

from __future__ import annotations

from kubecourse.kubectl.duration import parse_duration as parse_go_duration
from kubecourse.kubectl.grammar import UsageError


def parse_duration(text: str) -> float:
    """Seconds in `text`; raises ValueError with a message fit for the user."""
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = parse_go_duration(text)
        except UsageError:
            raise ValueError(f'invalid duration "{text}" (use e.g. 30s, 2m, 1h30m)') from None
    if seconds < 0:
        raise ValueError(f'invalid duration "{text}": time only moves forward')
    return seconds
