"""What a shell process is made of and talks through: its streams, scope, session and outcome.

A leaf module: the run loop (machine.py), the programs it runs (builtins.py, coreutils.py,
system.py, clients.py) and the code that starts processes (the kubelet for a container's
main process and its exec probes, the kubelet's exec handler for `kubectl exec`) all speak
these types, and none of them has to import another to do so.

Models POSIX.1-2017 XCU 2.12 (shell execution environment: a scope's variables, positional
parameters and `$?`) and 2.8.2 (exit status).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

FOREVER = float("inf")


class ExitShell(Exception):
    """`exit`: ends the innermost script (the process ends with the outermost)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class TimeUp(Exception):
    """The session's time bound ran out in the middle of a statement."""


@dataclass
class Outcome:
    """Why the run loop stopped: it waits `sleep` seconds (FOREVER: a server runs until it is
    killed), or it ended with `exit` code."""

    sleep: float = 0.0
    exit: int | None = None


class Session(Protocol):
    """Where a run happens: the container it runs in and what it may reach."""

    host: Any  # kubecourse.node.container.Instance
    net: Any  # kubecourse.network.Network, or None

    def write(self, fd: int, text: str) -> None:
        """Output of a statement at the top: kubectl's stdout/stderr, or the container log."""

    def sleep(self, seconds: float) -> bool:
        """Let `seconds` of virtual time pass inside a statement; False when the session's
        time is up (kubectl exec's bound), which ends the run."""

    def deferred(self) -> float:
        """Time slept inside the last statement that did not pass while it ran (a background
        process's); the run loop waits it out after the statement. Reading it clears it."""


@dataclass
class IO:
    """The streams of one command: stdin text, and where its output goes."""

    stdin: str = ""
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    session: Session | None = None  # direct: output goes straight to the session

    def write(self, fd: int, text: str) -> None:
        if self.session is not None:
            self.session.write(fd, text)
        else:
            (self.out if fd == 1 else self.err).append(text)


@dataclass
class Scope:
    """One shell process: its variables and positional parameters."""

    vars: dict[str, str]
    args: list[str]
    name: str = "sh"
    status: int = 0
    shell: bool = True  # a shell runs it (builtins work); False for a bare exec'd command
