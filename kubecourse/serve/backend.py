"""What the HTTP layer needs from a cluster: its API, its virtual now, the one lock, and a way
to let controllers react after a write. A small seam, so the server never reaches further
into the Cluster."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING

from kubecourse.api.server import APIServer

if TYPE_CHECKING:
    from kubecourse.cluster import Cluster


class Backend:
    def __init__(self, cluster: Cluster) -> None:
        self._cluster = cluster
        self.stopping = threading.Event()  # set by stop(): open watches end

    @property
    def lock(self) -> threading.RLock:
        return self._cluster.lock

    @property
    def api(self) -> APIServer:
        return self._cluster.api

    @property
    def now(self) -> datetime:
        return self._cluster.now

    def settle(self) -> None:
        """Drain the controllers' queues, as Cluster.kubectl does after a command."""
        self._cluster.manager.settle()
