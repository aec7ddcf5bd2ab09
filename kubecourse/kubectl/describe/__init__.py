"""`kubectl describe`: one describer per kind, and the table that picks it.

A describer is a pure function of an object and a View (the API to read related objects
from, the time, the settings) that returns the text real kubectl v1.32 prints. The kinds
share their layout machinery (writer.py: Go's tabwriter and describe's prefix writer) and
the Events section (events.py). Source:
kubernetes/kubectl pkg/describe/describe.go (DescriberFor, describerMap).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubecourse.kubectl.describe import cluster, config, generic, limits, pods, services, storage, workloads
from kubecourse.kubectl.describe.view import View

Describer = Callable[[Any, View], str]

# Kinds named as kubecourse/api/kinds.py names them. Event, Lease and ControllerRevision have no
# describer upstream: kubectl falls back to the generic one, as does any kind added to kinds.py
# before it gets its own entry here.
DESCRIBERS: dict[str, Describer] = {
    "Pod": pods.describe_pod,
    "Deployment": workloads.describe_deployment,
    "ReplicaSet": workloads.describe_replica_set,
    "ReplicationController": workloads.describe_replication_controller,
    "StatefulSet": workloads.describe_stateful_set,
    "DaemonSet": workloads.describe_daemon_set,
    "Service": services.describe_service,
    "Endpoints": services.describe_endpoints,
    "EndpointSlice": services.describe_endpoint_slice,
    "ConfigMap": config.describe_config_map,
    "Secret": config.describe_secret,
    "ServiceAccount": config.describe_service_account,
    "Node": cluster.describe_node,
    "Namespace": cluster.describe_namespace,
    "ResourceQuota": limits.describe_resource_quota,
    "LimitRange": limits.describe_limit_range,
    "PersistentVolume": storage.describe_persistent_volume,
    "PersistentVolumeClaim": storage.describe_persistent_volume_claim,
    "StorageClass": storage.describe_storage_class,
    "Event": generic.describe_generic,
    "Lease": generic.describe_generic,
    "ControllerRevision": generic.describe_generic,
}


def describe(obj: Any, view: View) -> str:
    return DESCRIBERS.get(obj.kind, generic.describe_generic)(obj, view)


__all__ = ["DESCRIBERS", "View", "describe"]
