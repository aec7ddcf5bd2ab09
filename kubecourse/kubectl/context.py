"""What a kubectl command is handed: the API, the clock, and a way to wait in virtual time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from kubecourse.api.server import APIServer


@dataclass(frozen=True)
class Result:
    """What real kubectl would print and exit with."""

    stdout: str = ""
    stderr: str = ""
    returncode: int = 0

    def __str__(self) -> str:
        return self.stdout + self.stderr


class Context(Protocol):
    api: APIServer
    editor: Callable[[str], str] | None  # what `kubectl edit` runs on the object's text (Cluster.editor)

    @property
    def now(self) -> datetime: ...

    def wait(self, done: Callable[[], bool], timeout: float | None) -> bool:
        """Move virtual time event by event until done() holds or `timeout` virtual seconds
        pass (None: no bound but the cluster's own safety cap). Returns whether it holds."""
        ...

    def advance(self, seconds: float) -> None: ...

    def kubelet(self, node: str) -> Any:
        """The kubelet of a node (kubecourse.node.kubelet.Kubelet), or None."""
        ...


@dataclass
class Output:
    """Collects a command's stdout and stderr."""

    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    def print(self, text: str = "") -> None:
        self.out.append(text if text.endswith("\n") else text + "\n")

    def error(self, text: str) -> None:
        self.err.append(text if text.endswith("\n") else text + "\n")

    def result(self, code: int = 0) -> Result:
        return Result("".join(self.out), "".join(self.err), code)
