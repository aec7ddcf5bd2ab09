"""Every controller the cluster runs, in the order the manager offers them events."""

from __future__ import annotations

from kubecourse.controllers import (
    endpoints,
    endpointslice,
    garbagecollector,
    namespace,
    nodelease,
    replication,
    resourcequota,
    scheduler,
    serviceaccount,
)
from kubecourse.controllers.base import Controller
from kubecourse.controllers.daemon.controller import DaemonSetController
from kubecourse.controllers.deployment.controller import DeploymentController
from kubecourse.controllers.replicaset.controller import ReplicaSetController
from kubecourse.controllers.statefulset.controller import StatefulSetController
from kubecourse.controllers.volume.localpath import LocalPathProvisioner
from kubecourse.controllers.volume.persistentvolume import PersistentVolumeController
from kubecourse.controllers.volume.protection import PVCProtectionController, PVProtectionController

CONTROLLERS: tuple[type[Controller], ...] = (
    ReplicaSetController,
    replication.ReplicationControllerController,
    scheduler.Scheduler,
    endpoints.EndpointsController,
    endpointslice.EndpointSliceController,
    DeploymentController,
    StatefulSetController,
    DaemonSetController,
    garbagecollector.GarbageCollector,
    serviceaccount.ServiceAccountsController,
    serviceaccount.RootCACertPublisher,
    namespace.NamespaceController,
    nodelease.NodeLeaseController,
    resourcequota.ResourceQuotaController,
    PersistentVolumeController,
    LocalPathProvisioner,
    PVCProtectionController,
    PVProtectionController,
)
