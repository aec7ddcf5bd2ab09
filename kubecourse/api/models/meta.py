"""meta/v1 structures shared by every kind (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go)."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import Field

from kubecourse.api.models.base import KubeModel, Time


class OwnerReference(KubeModel):
    api_version: str
    kind: str
    name: str
    uid: str
    controller: bool | None = None
    block_owner_deletion: bool | None = None


class ManagedFieldsEntry(KubeModel):
    manager: str | None = None
    operation: str | None = None
    api_version: str | None = None
    time: Time | None = None
    fields_type: str | None = None
    fields_v1: dict | None = Field(default=None, alias="fieldsV1")
    subresource: str | None = None


class ObjectMeta(KubeModel):
    name: str | None = None
    generate_name: str | None = None
    namespace: str | None = None
    uid: str | None = None
    resource_version: str | None = None
    generation: int | None = None
    creation_timestamp: Time | None = None
    deletion_timestamp: Time | None = None
    deletion_grace_period_seconds: int | None = None
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    owner_references: list[OwnerReference] | None = None
    finalizers: list[str] | None = None
    managed_fields: list[ManagedFieldsEntry] | None = None

    def controller_ref(self) -> OwnerReference | None:
        """The owner reference with controller: true (at most one exists)."""
        for ref in self.owner_references or ():
            if ref.controller:
                return ref
        return None


class Object(Protocol):
    """An object of any kind, as code that handles every kind sees it: its metadata
    (apimachinery's metav1.Object)."""

    @property
    def metadata(self) -> ObjectMeta: ...


class LabelSelectorRequirement(KubeModel):
    key: str
    operator: Literal["In", "NotIn", "Exists", "DoesNotExist"]
    values: list[str] | None = None


class LabelSelector(KubeModel):
    match_labels: dict[str, str] | None = None
    match_expressions: list[LabelSelectorRequirement] | None = None


class Condition(KubeModel):
    """The generic condition shape (type, status, reason, message, times)."""

    type: str
    status: str
    reason: str | None = None
    message: str | None = None
    last_transition_time: Time | None = None
    last_update_time: Time | None = None
    last_probe_time: Time | None = None
    last_heartbeat_time: Time | None = None
    observed_generation: int | None = None
