"""An API server with only the controllers a test names, without booting a cluster.

No bootstrap objects, nodes or kubelets: one namespace, `default`, and the named
controllers running on the manager, so a test drives each step and writes by hand what the
missing parts would write (a ReplicaSet's status, a pod's status).
"""

from __future__ import annotations

from typing import Any

from kubecourse.api.models import Namespace, ObjectMeta
from kubecourse.api.server import APIServer
from kubecourse.clock import Clock
from kubecourse.controllers.base import Controller, Manager
from kubecourse.rand import Generator

NAMESPACE = "default"


class ControlPlane:
    """A clock, a seeded generator, an API server and a manager running `controllers`."""

    def __init__(self, *controllers: type[Controller]) -> None:
        self.clock = Clock()
        self.rng = Generator(0)
        self.api = APIServer(self.clock, self.rng)
        self.manager = Manager(self.api, self.clock)
        for controller in controllers:
            self.manager.add(controller(self.api, self.clock, self.rng))
        self.api.create(Namespace(metadata=ObjectMeta(name=NAMESPACE)))

    def settle(self) -> None:
        """Let the controllers react to every write so far."""
        self.manager.settle()

    def advance(self, seconds: float) -> None:
        """Move virtual time on, running timers and the controllers as they fall due."""
        self.clock.advance(seconds, settle=self.manager.settle)

    def create(self, obj: Any) -> Any:
        """Create `obj` (a model or a manifest dict) and settle."""
        created = self.api.create(obj)
        self.settle()
        return created


def control_plane(*controllers: type[Controller]) -> ControlPlane:
    """An API server plus only `controllers`: `control_plane(DeploymentController)`."""
    return ControlPlane(*controllers)
