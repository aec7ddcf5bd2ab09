"""The ReplicationController controller: the ReplicaSet controller's algorithm for core/v1
ReplicationControllers.

Models kubernetes/kubernetes: pkg/controller/replication/replication_controller.go, which
wraps the ReplicaSet controller and converts objects; so do we: one algorithm, two kinds.
An RC selects pods with a plain map, lives in core/v1 and reports as
`replication-controller`.
"""

from __future__ import annotations

from kubecourse.api import selectors
from kubecourse.api.models import ReplicationController
from kubecourse.api.models.apps import ReplicaSet
from kubecourse.api.models.core import ReplicationControllerSpec
from kubecourse.controllers.replicaset.controller import ReplicaSetController


class ReplicationControllerController(ReplicaSetController):
    watches = ("ReplicationController", "Pod")
    name = "replication-controller"
    for_kind = "ReplicationController"

    def selector(self, rc: ReplicaSet | ReplicationController) -> selectors.Selector:
        """replication_controller.go NewReplicationManager's conversion: the RC's map selector."""
        spec = rc.spec
        return selectors.from_map(spec.selector if isinstance(spec, ReplicationControllerSpec) else None)
