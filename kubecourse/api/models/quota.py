"""core/v1 ResourceQuota and LimitRange (staging/src/k8s.io/api/core/v1/types.go).

Objects a learner creates, reads and describes. Nothing enforces them yet: no quota
controller fills status and no admission plugin applies them, so status stays as written.
"""

from __future__ import annotations

from kubecourse.api.models.base import KubeModel, Quantity
from kubecourse.api.models.meta import ObjectMeta


class ScopedResourceSelectorRequirement(KubeModel):
    scope_name: str
    operator: str
    values: list[str] | None = None


class ScopeSelector(KubeModel):
    match_expressions: list[ScopedResourceSelectorRequirement] | None = None


class ResourceQuotaSpec(KubeModel):
    hard: dict[str, Quantity] | None = None
    scopes: list[str] | None = None
    scope_selector: ScopeSelector | None = None


class ResourceQuotaStatus(KubeModel):
    hard: dict[str, Quantity] | None = None
    used: dict[str, Quantity] | None = None


class ResourceQuota(KubeModel):
    api_version: str = "v1"
    kind: str = "ResourceQuota"
    metadata: ObjectMeta = ObjectMeta()
    spec: ResourceQuotaSpec | None = None
    status: ResourceQuotaStatus | None = None


class LimitRangeItem(KubeModel):
    type: str
    max: dict[str, Quantity] | None = None
    min: dict[str, Quantity] | None = None
    default: dict[str, Quantity] | None = None
    default_request: dict[str, Quantity] | None = None
    max_limit_request_ratio: dict[str, Quantity] | None = None


class LimitRangeSpec(KubeModel):
    limits: list[LimitRangeItem]


class LimitRange(KubeModel):
    api_version: str = "v1"
    kind: str = "LimitRange"
    metadata: ObjectMeta = ObjectMeta()
    spec: LimitRangeSpec | None = None
