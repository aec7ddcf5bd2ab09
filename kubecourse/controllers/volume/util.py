"""What the storage controllers and the scheduler's volume binding read of claims and volumes.

Models kubernetes/kubernetes: pkg/controller/volume/persistentvolume/util/util.go
(FindMatchingVolume, CheckAccessModes, IsVolumeBoundToClaim), the annotation names of
pv_controller.go, and component-helpers/storage/volume (GetPersistentVolumeClaimClass,
CheckNodeAffinity).
"""

from __future__ import annotations

from collections.abc import Iterable

from kubecourse.api import quantity
from kubecourse.api.columns import storage_class_of
from kubecourse.api.models import Node, Pod
from kubecourse.api.models.storage import PersistentVolume, PersistentVolumeClaim, StorageClass
from kubecourse.controllers.nodeaffinity import matches_node_selector_term

BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
PROVISIONED_BY = "pv.kubernetes.io/provisioned-by"
SELECTED_NODE = "volume.kubernetes.io/selected-node"
STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"
NO_PROVISIONER = "kubernetes.io/no-provisioner"
HOSTNAME_LABEL = "kubernetes.io/hostname"


def claim_key(claim: PersistentVolumeClaim) -> str:
    return f"{claim.metadata.namespace}/{claim.metadata.name}"


def claims_of(pod: Pod) -> list[str]:
    """The claim names the pod's volumes use, in volume order."""
    spec = pod.spec
    return [v.persistent_volume_claim.claim_name for v in (spec.volumes if spec else None) or ()
            if v.persistent_volume_claim is not None]


def storage_class(api_list: Iterable[StorageClass], claim: PersistentVolumeClaim) -> StorageClass | None:
    name = storage_class_of(claim)
    return next((sc for sc in api_list if sc.metadata.name == name), None) if name else None


def is_delayed_binding(sc: StorageClass | None) -> bool:
    """IsDelayBindingMode: the claim's class waits for its first consumer."""
    return sc is not None and sc.volume_binding_mode == WAIT_FOR_FIRST_CONSUMER


def is_bound_to(pv: PersistentVolume, claim: PersistentVolumeClaim) -> bool:
    """IsVolumeBoundToClaim: the volume's claimRef names the claim (and its uid, once set)."""
    ref = pv.spec.claim_ref if pv.spec else None
    if ref is None or ref.name != claim.metadata.name or ref.namespace != claim.metadata.namespace:
        return False
    return not ref.uid or ref.uid == claim.metadata.uid


def _request(claim: PersistentVolumeClaim) -> object:
    resources = claim.spec.resources if claim.spec else None
    return ((resources.requests if resources else None) or {}).get("storage", 0)


def matches(pv: PersistentVolume, claim: PersistentVolumeClaim) -> bool:
    """checkVolumeSatisfyClaim: class, volume mode, access modes and size."""
    spec, want = pv.spec, claim.spec
    if spec is None or want is None or pv.metadata.deletion_timestamp is not None:
        return False
    if storage_class_of(pv) != storage_class_of(claim) or (spec.volume_mode or "Filesystem") != (
            want.volume_mode or "Filesystem"):
        return False
    if not set(want.access_modes or ()) <= set(spec.access_modes or ()):
        return False
    capacity = (spec.capacity or {}).get("storage", 0)
    return quantity.value(capacity) >= quantity.value(_request(claim))  # type: ignore[arg-type]


def find_matching_volume(claim: PersistentVolumeClaim, volumes: Iterable[PersistentVolume], node: Node | None,
                         delay_binding: bool) -> PersistentVolume | None:
    """FindMatchingVolume: a volume pre-bound to the claim wins; else the smallest available one
    that satisfies it (for a delayed claim only once the scheduler names a node, and only one
    whose node affinity admits that node)."""
    best: PersistentVolume | None = None
    for pv in volumes:
        if not matches(pv, claim):
            continue
        if node is not None and not node_admits(pv, node):
            continue
        if is_bound_to(pv, claim):
            return pv
        if pv.spec is not None and pv.spec.claim_ref is not None:
            continue
        if (pv.status.phase if pv.status else None) != "Available":
            continue
        if node is None and delay_binding:
            continue  # the scheduler binds delayed claims on the node it picks
        size = quantity.value((pv.spec.capacity or {}).get("storage", 0))  # type: ignore[union-attr]
        if best is None or size < quantity.value((best.spec.capacity or {}).get("storage", 0)):  # type: ignore
            best = pv
    return best


def node_admits(pv: PersistentVolume, node: Node) -> bool:
    """CheckNodeAffinity: the volume's required node selector (any term) matches the node."""
    required = ((pv.spec.node_affinity if pv.spec else None) or {}).get("required")
    if not required:
        return True
    return any(matches_node_selector_term(term, node) for term in required.get("nodeSelectorTerms") or ())
