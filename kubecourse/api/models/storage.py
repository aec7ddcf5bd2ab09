"""Storage kinds: core/v1 PersistentVolume and PersistentVolumeClaim, storage.k8s.io/v1
StorageClass (staging/src/k8s.io/api/core/v1/types.go, staging/src/k8s.io/api/storage/v1/types.go).

Only the volume sources kind's clusters use are typed (hostPath, local); the others survive as
extras and are listed as untyped in tests/schema/test_schema_models.py.
"""

from __future__ import annotations

from kubecourse.api.models.base import KubeModel, Quantity, Time
from kubecourse.api.models.core import HostPathVolumeSource, ObjectReference
from kubecourse.api.models.meta import LabelSelector, ObjectMeta


class LocalVolumeSource(KubeModel):
    path: str
    fs_type: str | None = None

class PersistentVolumeSpec(KubeModel):
    capacity: dict[str, Quantity] | None = None
    host_path: HostPathVolumeSource | None = None
    local: LocalVolumeSource | None = None
    access_modes: list[str] | None = None
    claim_ref: ObjectReference | None = None
    persistent_volume_reclaim_policy: str | None = None
    storage_class_name: str | None = None
    mount_options: list[str] | None = None
    volume_mode: str | None = None
    node_affinity: dict | None = None  # VolumeNodeAffinity: {required: NodeSelector}
    volume_attributes_class_name: str | None = None

class PersistentVolumeStatus(KubeModel):
    phase: str | None = None
    message: str | None = None
    reason: str | None = None
    last_phase_transition_time: Time | None = None

class PersistentVolume(KubeModel):
    api_version: str = "v1"
    kind: str = "PersistentVolume"
    metadata: ObjectMeta = ObjectMeta()
    spec: PersistentVolumeSpec | None = None
    status: PersistentVolumeStatus | None = None

class VolumeResourceRequirements(KubeModel):
    limits: dict[str, Quantity] | None = None
    requests: dict[str, Quantity] | None = None

class PersistentVolumeClaimSpec(KubeModel):
    access_modes: list[str] | None = None
    selector: LabelSelector | None = None
    resources: VolumeResourceRequirements | None = None
    volume_name: str | None = None
    storage_class_name: str | None = None
    volume_mode: str | None = None
    volume_attributes_class_name: str | None = None

class PersistentVolumeClaimStatus(KubeModel):
    phase: str | None = None
    access_modes: list[str] | None = None
    capacity: dict[str, Quantity] | None = None

class PersistentVolumeClaim(KubeModel):
    api_version: str = "v1"
    kind: str = "PersistentVolumeClaim"
    metadata: ObjectMeta = ObjectMeta()
    spec: PersistentVolumeClaimSpec | None = None
    status: PersistentVolumeClaimStatus | None = None

class StorageClass(KubeModel):
    api_version: str = "storage.k8s.io/v1"
    kind: str = "StorageClass"
    metadata: ObjectMeta = ObjectMeta()
    provisioner: str
    parameters: dict[str, str] | None = None
    reclaim_policy: str | None = None
    mount_options: list[str] | None = None
    allow_volume_expansion: bool | None = None
    volume_binding_mode: str | None = None
    allowed_topologies: list[dict] | None = None

def claim_spec(claim: PersistentVolumeClaim) -> PersistentVolumeClaimSpec:
    """The spec of a stored claim: validation refuses one without."""
    if claim.spec is None:
        raise ValueError(f"claim {claim.metadata.name} has no spec")
    return claim.spec

def volume_spec(pv: PersistentVolume) -> PersistentVolumeSpec:
    """The spec of a stored volume: validation refuses one without."""
    if pv.spec is None:
        raise ValueError(f"volume {pv.metadata.name} has no spec")
    return pv.spec

__all__ = ["PersistentVolume", "PersistentVolumeClaim", "StorageClass"]
