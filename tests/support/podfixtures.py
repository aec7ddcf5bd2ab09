"""Helpers for the workload, scheduler and endpoints tests: objects from short dicts, and pod
status set through the API as a kubelet would, so the tests do not depend on the kubelet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kubecourse.api.models import Node, ObjectMeta, Pod, ReplicaSet, ReplicationController, Service
from kubecourse.api.models.core import NodeSpec
from kubecourse.api.models.meta import Condition

CONTAINER = {"name": "kubia", "image": "luksa/kubia", "ports": [{"name": "http", "containerPort": 8080}]}
QUIET_NODE = "quiet-node"
QUIET = {"kubernetes.io/hostname": QUIET_NODE}  # a nodeSelector for the node no kubelet runs


def quiet_node(cluster: Any) -> Node:
    """A Node object with no kubelet behind it: pods bound there keep the status the test
    writes, and a graceful delete leaves them terminating until the test says otherwise."""
    return cluster.api.create(Node(metadata=ObjectMeta(name=QUIET_NODE, labels=QUIET), spec=NodeSpec()))


def replica_set(name: str = "kubia", replicas: int = 3, *, labels: dict | None = None, kind: type = ReplicaSet,
                min_ready_seconds: int | None = None, node_selector: dict | None = None) -> Any:
    labels = labels or {"app": name}
    selector = labels if kind is ReplicationController else {"matchLabels": labels}
    spec: dict = {"containers": [CONTAINER]}
    if node_selector:
        spec["nodeSelector"] = node_selector
    body = {"metadata": {"name": name}, "spec": {"replicas": replicas, "selector": selector,
                                                 "minReadySeconds": min_ready_seconds,
                                                 "template": {"metadata": {"labels": labels}, "spec": spec}}}
    return kind.model_validate(body)


def pod(name: str, labels: dict | None = None, **spec: Any) -> Pod:
    return Pod.model_validate({"metadata": {"name": name, "labels": labels or {}},
                               "spec": {"containers": [CONTAINER], **spec}})


def service(name: str = "kubia", selector: dict | None = None, ports: list | None = None, *,
            labels: dict | None = None, **spec: Any) -> Service:
    body: dict = {"ports": ports or [{"port": 80, "targetPort": "http"}], **spec}
    if selector is not None:
        body["selector"] = selector
    return Service.model_validate({"metadata": {"name": name, "labels": labels}, "spec": body})


def set_status(api: Any, p: Pod, *, phase: str = "Running", ready: bool | None = None, since: datetime | None = None,
               ip: str | None = None, restarts: int | None = None) -> Pod:
    """Write the pod's status as its kubelet would: phase, IP, Ready condition, restarts."""
    p = api.get("Pod", p.metadata.name, p.metadata.namespace)
    conditions = [c for c in p.status.conditions or () if c.type != "Ready"]
    if ready is not None:
        conditions.append(Condition(type="Ready", status=str(ready), last_transition_time=since or api.clock.now))
    status = p.status.with_(phase=phase, conditions=conditions or None, pod_ip=ip or p.status.pod_ip)
    if restarts is not None:
        status = status.with_(container_statuses=[{"name": "kubia", "restartCount": restarts}])
    return api.update_status(p.with_(status=status))


def pods_of(api: Any, owner: Any, namespace: str = "default") -> list[Pod]:
    """Active pods controlled by `owner`, by name."""
    uid = api.get(owner.kind, owner.metadata.name, namespace).metadata.uid
    return [p for p in api.list("Pod", namespace) if (r := p.metadata.controller_ref()) is not None
            and r.uid == uid and p.metadata.deletion_timestamp is None]
