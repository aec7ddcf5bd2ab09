"""Pydantic models of the kinds kubecourse simulates. Import them from here."""

from kubecourse.api.models.apps import ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet
from kubecourse.api.models.base import KubeModel
from kubecourse.api.models.coordination import Lease
from kubecourse.api.models.core import (
    ConfigMap,
    Endpoints,
    Event,
    Namespace,
    Node,
    Pod,
    ReplicationController,
    Secret,
    Service,
    ServiceAccount,
)
from kubecourse.api.models.discovery import EndpointSlice
from kubecourse.api.models.meta import LabelSelector, ObjectMeta, OwnerReference
from kubecourse.api.models.quota import LimitRange, ResourceQuota
from kubecourse.api.models.storage import PersistentVolume, PersistentVolumeClaim, StorageClass

__all__ = [
    "ConfigMap", "ControllerRevision", "DaemonSet", "Deployment", "EndpointSlice", "Endpoints", "Event", "KubeModel", "LabelSelector", "Lease",
    "LimitRange", "Namespace", "Node", "ObjectMeta", "OwnerReference", "PersistentVolume", "PersistentVolumeClaim", "Pod", "ReplicaSet", "ReplicationController",
    "ResourceQuota", "Secret", "Service", "ServiceAccount", "StatefulSet", "StorageClass",
]
