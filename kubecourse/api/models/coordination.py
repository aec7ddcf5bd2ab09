"""coordination.k8s.io/v1 Lease (staging/src/k8s.io/api/coordination/v1/types.go).

Each node's kubelet holds a Lease named after the node in kube-node-lease and renews it as
its heartbeat (kubecourse/controllers/nodelease.py keeps ours); learners can create their own.
"""

from __future__ import annotations

from kubecourse.api.models.base import KubeModel, MicroTime
from kubecourse.api.models.meta import ObjectMeta


class LeaseSpec(KubeModel):
    acquire_time: MicroTime | None = None
    holder_identity: str | None = None
    lease_duration_seconds: int | None = None
    lease_transitions: int | None = None
    preferred_holder: str | None = None
    renew_time: MicroTime | None = None
    strategy: str | None = None


class Lease(KubeModel):
    api_version: str = "coordination.k8s.io/v1"
    kind: str = "Lease"
    metadata: ObjectMeta = ObjectMeta()
    spec: LeaseSpec | None = None
