"""Every controller the cluster runs, in the order the manager offers them events."""

from __future__ import annotations

from kubecourse.controllers import (
    deployment,
    endpoints,
    endpointslice,
    garbagecollector,
    namespace,
    nodelease,
    replicaset,
    resourcequota,
    scheduler,
    serviceaccount,
)
from kubecourse.controllers.base import Controller

CONTROLLERS: tuple[type[Controller], ...] = (
    replicaset.ReplicaSetController,
    replicaset.ReplicationControllerController,
    scheduler.Scheduler,
    endpoints.EndpointsController,
    endpointslice.EndpointSliceController,
    deployment.DeploymentController,
    garbagecollector.GarbageCollector,
    serviceaccount.ServiceAccountsController,
    serviceaccount.RootCACertPublisher,
    namespace.NamespaceController,
    nodelease.NodeLeaseController,
    resourcequota.ResourceQuotaController,
)
