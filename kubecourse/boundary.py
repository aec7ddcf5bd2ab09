"""The boundary for the unknown: a bug in kubecourse shows as one marked line, not a traceback.

`kubectl()` never raises for a user mistake, and the mistakes we know of give kubectl's own
texts. Whatever bug remains, a command, an advance or a magic that meets an unexpected
exception prints

    kubecourse: internal error in <where>: <exception>; please report it with the command

and leaves the cluster consistent: every API write is atomic (kubecourse/api/server.py), so a
failed write changed nothing; the writes before it stand, as a real kubectl's earlier requests
would; the API lock is released and the controllers' queued work still runs.

Every line printed is also kept in `HITS` with its traceback, so the test suite can assert
that it never meets one (tests/conftest.py).
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# (line, traceback) of every internal error met in this process
HITS: list[tuple[str, str]] = []


def report(where: str, error: BaseException) -> str:
    """The marked line for `error` met in `where`; recorded in HITS."""
    line = (f"kubecourse: internal error in {where}: {type(error).__name__}: {error}; "
            "please report it with the command")
    HITS.append((line, "".join(traceback.format_exception(error))))
    return line


def guard(where: str) -> Callable[[F], F]:
    """A magic that prints the marked line on stderr instead of raising."""
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as e:  # the boundary: any bug becomes one line
                print(report(where, e), file=sys.stderr)
                return None
        return guarded  # type: ignore[return-value]
    return wrap
