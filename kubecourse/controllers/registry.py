"""Every controller the cluster runs, in the order the manager offers them events."""

from __future__ import annotations

from kubecourse.controllers import endpoints, endpointslice, replicaset, scheduler
from kubecourse.controllers.base import Controller

CONTROLLERS: tuple[type[Controller], ...] = (
    replicaset.ReplicaSetController,
    replicaset.ReplicationControllerController,
    scheduler.Scheduler,
    endpoints.EndpointsController,
    endpointslice.EndpointSliceController,
)
