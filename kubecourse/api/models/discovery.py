"""discovery.k8s.io/v1 EndpointSlice (staging/src/k8s.io/api/discovery/v1/types.go)."""

from __future__ import annotations

from kubecourse.api.models.base import KubeModel
from kubecourse.api.models.core import ObjectReference
from kubecourse.api.models.meta import ObjectMeta


class EndpointConditions(KubeModel):
    ready: bool | None = None
    serving: bool | None = None
    terminating: bool | None = None


class Endpoint(KubeModel):
    addresses: list[str]
    conditions: EndpointConditions | None = None
    hostname: str | None = None
    target_ref: ObjectReference | None = None
    node_name: str | None = None
    zone: str | None = None


class EndpointSlicePort(KubeModel):
    name: str | None = None
    protocol: str | None = None
    port: int | None = None
    app_protocol: str | None = None


class EndpointSlice(KubeModel):
    api_version: str = "discovery.k8s.io/v1"
    kind: str = "EndpointSlice"
    metadata: ObjectMeta = ObjectMeta()
    address_type: str
    endpoints: list[Endpoint] | None = None
    ports: list[EndpointSlicePort] | None = None
