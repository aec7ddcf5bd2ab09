"""What the HTTP layer needs from a cluster: the cluster port (kubecourse/api/port.py), the
one lock, a way to let controllers react after a write, the nodes' kubelets (logs, exec,
proxy), and a way to let virtual time pass for a request that waits. A small seam, so the
server never reaches further into the Cluster.

`ClusterBackend` serves a Cluster over HTTP. `ContextBackend` answers the same routes
inside a kubectl command, for `kubectl get --raw`: the command already holds the cluster's
lock, and its streams (a watch, a followed log) end at once, since nothing else can move
time while a notebook cell runs.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any, Protocol

from kubecourse.api.port import Host, InProcess, Port
from kubecourse.controllers.base import Manager

__all__ = ["Backend", "ClusterBackend", "ContextBackend", "Hosted"]

WAIT_POLL_SECONDS = 0.05


class Backend(Port, Protocol):
    """The cluster port, plus what only the HTTP routes need."""

    lock: threading.RLock  # held around every read and write of the cluster
    stopping: threading.Event  # set when the server stops: open streams end
    wall: bool  # virtual time follows the wall clock (a ticker moves it, not requests)

    @property
    def compacted(self) -> int:
        """The history holds every change after this resourceVersion; a watch from before it is 410 Gone."""
        ...

    def settle(self) -> None:
        """Drain the controllers' queues after a write, as Cluster.kubectl does after a command."""
        ...

    def kubelet(self, node: str) -> Any:
        """A node's kubelet (kubecourse.node.kubelet.Kubelet), or None."""
        ...

    def pass_time(self, seconds: float) -> bool:
        """Let `seconds` of virtual time pass for a waiting request (an exec's `sleep`), with
        the lock held once by the caller; False when the server is stopping."""
        ...


class Hosted(Host, Protocol):
    """What the HTTP layer takes from the cluster it answers for (kubecourse.Cluster)."""

    lock: threading.RLock
    manager: Manager


class ClusterBackend(InProcess):
    """A Cluster served over HTTP. Writes do not settle one by one: a route settles once it
    has made all of its writes (a deletecollection deletes every match first)."""

    def __init__(self, cluster: Hosted, *, wall: bool = False) -> None:
        super().__init__(cluster)
        self._cluster = cluster
        self.wall = wall
        self.stopping = threading.Event()

    @property
    def lock(self) -> threading.RLock:  # type: ignore[override]
        return self._cluster.lock

    def settle(self) -> None:
        self._cluster.manager.settle()

    def kubelet(self, node: str) -> Any:
        return self._cluster.manager.controllers.get(f"kubelet/{node}")

    def pass_time(self, seconds: float) -> bool:
        """Frozen: the request moves the clock itself, as `%kubectl exec` does. Wall: the
        ticker moves it; wait (lock released) until virtual time has got there."""
        if not self.wall:
            self.advance(seconds)
            return not self.stopping.is_set()
        until = self.now + timedelta(seconds=seconds)
        self.lock.release()
        try:
            while not self.stopping.wait(WAIT_POLL_SECONDS):
                if self.now >= until:
                    return True
            return False
        finally:
            self.lock.acquire()


class ContextBackend(ClusterBackend):
    """The routes answered inside a kubectl command, which already holds the (re-entrant)
    cluster lock: streams end at once, and a waiting request moves the clock itself."""

    def __init__(self, cluster: Hosted) -> None:
        super().__init__(cluster)
        self.stopping.set()

    def pass_time(self, seconds: float) -> bool:
        self.advance(seconds)
        return True
