"""What the HTTP layer needs from a cluster: its API, its virtual now, the one lock, a way to
let controllers react after a write, the nodes' kubelets (logs, exec, proxy), and a way to
let virtual time pass for a request that waits. A small seam, so the server never reaches
further into the Cluster.

`ClusterBackend` serves a Cluster over HTTP. `ContextBackend` answers the same routes
in-process for `kubectl get --raw`: a kubectl command already holds the cluster, and its
streams (a watch, a followed log) end at once, since nothing else can move time while a
notebook cell runs.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kubecourse.cluster import Cluster

WAIT_POLL_SECONDS = 0.05


class Backend:
    """The interface; see the two implementations below."""

    lock: Any  # threading.RLock: held around every read and write of the cluster
    stopping: threading.Event  # set when the server stops: open streams end
    wall: bool = False  # virtual time follows the wall clock (a ticker moves it, not requests)

    @property
    def api(self) -> Any: ...

    @property
    def now(self) -> datetime: ...

    def settle(self) -> None: ...

    def kubelet(self, node: str) -> Any:
        """A node's kubelet (kubecourse.node.kubelet.Kubelet), or None."""

    def pass_time(self, seconds: float) -> bool:
        """Let `seconds` of virtual time pass for a waiting request (an exec's `sleep`), with
        the lock held once by the caller; False when the server is stopping."""
        raise NotImplementedError


class ClusterBackend(Backend):
    def __init__(self, cluster: Cluster, *, wall: bool = False) -> None:
        self._cluster = cluster
        self.wall = wall
        self.stopping = threading.Event()

    @property
    def lock(self) -> threading.RLock:  # type: ignore[override]
        return self._cluster.lock

    @property
    def api(self) -> Any:
        return self._cluster.api

    @property
    def now(self) -> datetime:
        return self._cluster.now

    def settle(self) -> None:
        """Drain the controllers' queues, as Cluster.kubectl does after a command."""
        self._cluster.manager.settle()

    def kubelet(self, node: str) -> Any:
        return self._cluster.manager.controllers.get(f"kubelet/{node}")

    def pass_time(self, seconds: float) -> bool:
        """Frozen: the request moves the clock itself, as `%kubectl exec` does. Wall: the
        ticker moves it; wait (lock released) until virtual time has got there."""
        if not self.wall:
            self._cluster.advance(seconds)
            return not self.stopping.is_set()
        until = self._cluster.now + timedelta(seconds=seconds)
        self.lock.release()
        try:
            while not self.stopping.wait(WAIT_POLL_SECONDS):
                if self._cluster.now >= until:
                    return True
            return False
        finally:
            self.lock.acquire()


class ContextBackend(Backend):
    """The routes answered inside a kubectl command (kubecourse.kubectl.context.Context)."""

    def __init__(self, ctx: Any) -> None:
        self._ctx = ctx
        self.lock = threading.RLock()  # the command already runs under the cluster's lock
        self.stopping = threading.Event()
        self.stopping.set()

    @property
    def api(self) -> Any:
        return self._ctx.api

    @property
    def now(self) -> datetime:
        return self._ctx.now

    def settle(self) -> None:
        """The context's API settles after each write itself."""

    def kubelet(self, node: str) -> Any:
        return self._ctx.kubelet(node)

    def pass_time(self, seconds: float) -> bool:
        self._ctx.advance(seconds)
        return True

