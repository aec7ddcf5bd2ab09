"""What a kubectl command is handed: the cluster port, a way to wait in virtual time, the
nodes' kubelets, and the served routes for `get --raw`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kubecourse.api.port import Port
from kubecourse.rand import Generator


@dataclass(frozen=True)
class Result:
    """What real kubectl would print and exit with."""

    stdout: str = ""
    stderr: str = ""
    returncode: int = 0

    def __str__(self) -> str:
        return self.stdout + self.stderr


@dataclass(frozen=True)
class RawResponse:
    """An answer to a GET of a server path, as `kubectl get --raw` receives it."""

    code: int
    content_type: str
    location: str  # where a redirect points, else ""
    body: bytes


class Context(Port, Protocol):
    """The cluster port (kubecourse/api/port.py), plus what only a kubectl command needs."""

    editor: Callable[[str], str] | None  # what `kubectl edit` runs on the object's text (Cluster.editor)
    field_manager: str | None  # who the command's creates and updates are by (--field-manager)
    rng: Generator  # the cluster's seeded generator: the names kubectl itself makes up

    def wait(self, done: Callable[[], bool], timeout: float | None) -> bool:
        """Move virtual time event by event until done() holds or `timeout` virtual seconds
        pass (None: no bound but the cluster's own safety cap). Returns whether it holds."""
        ...

    def kubelet(self, node: str) -> Any:
        """The kubelet of a node (kubecourse.node.kubelet.Kubelet), or None: `exec` and `logs`
        reach containers through it, as the API server proxies them to the pod's node."""
        ...

    def get_raw(self, url: str) -> RawResponse:
        """One GET of a server path (`/api/v1/namespaces?limit=1`), answered by the routes the
        served HTTP API answers with; a stream (a watch, a followed log) ends at once."""
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
