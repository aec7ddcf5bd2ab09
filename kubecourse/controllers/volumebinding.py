"""The scheduler's VolumeBinding plugin: a pod's claims decide where it may run, and a claim
waiting for its first consumer is bound on the node the pod is scheduled to.

Models kubernetes/kubernetes: pkg/scheduler/framework/plugins/volumebinding/volume_binding.go
(PreFilter, Filter, PreBind) and binder.go (GetPodVolumeClaims, FindPodVolumes,
checkBoundClaims, findMatchingVolumes, checkVolumeProvisions, AssumePodVolumes,
BindPodVolumes, checkBindings):
- PreFilter: a missing claim, one being deleted, or an unbound claim of an Immediate class
  makes the pod unschedulable on every node with that one message;
- Filter: a bound claim's volume must admit the node (`volume node affinity conflict`); an
  unbound delayed claim needs an available volume the node may use, or a class with a
  provisioner (`didn't find available persistent volumes to bind`);
- PreBind: a matching static volume is pre-bound to the claim (its claimRef), a claim to
  provision gets `volume.kubernetes.io/selected-node`; the pod is bound once every claim is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kubecourse.api.models import Node, PersistentVolume, PersistentVolumeClaim, Pod
from kubecourse.api.models.core import ObjectReference
from kubecourse.api.reader import Reader
from kubecourse.api.server import APIServer
from kubecourse.controllers.volume import util

VOLUME_NODE_AFFINITY_CONFLICT = "node(s) had volume node affinity conflict"
VOLUME_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"
UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"


@dataclass
class PodVolumes:
    """What PreFilter learned of a pod's claims."""

    message: str = ""  # PreFilter's rejection, for every node
    bound: list[PersistentVolume] = field(default_factory=list)
    delayed: list[PersistentVolumeClaim] = field(default_factory=list)  # unbound, WaitForFirstConsumer


def is_bound(claim: PersistentVolumeClaim) -> bool:
    return bool(claim.spec and claim.spec.volume_name) and (
        claim.metadata.annotations or {}).get(util.BIND_COMPLETED) == "yes"


def pre_filter(api: Reader, pod: Pod) -> PodVolumes:
    """GetPodVolumeClaims and PreFilter."""
    found = PodVolumes()
    classes = api.list("StorageClass")
    for name in util.claims_of(pod):
        claim = api.try_get("PersistentVolumeClaim", name, pod.metadata.namespace or "")
        if claim is None:
            return PodVolumes(message=f'persistentvolumeclaim "{name}" not found')
        if claim.metadata.deletion_timestamp is not None:
            return PodVolumes(message=f'persistentvolumeclaim "{name}" is being deleted')
        if is_bound(claim):
            pv = api.try_get("PersistentVolume", claim.spec.volume_name)
            if pv is not None:
                found.bound.append(pv)
        elif util.is_delayed_binding(util.storage_class(classes, claim)):
            found.delayed.append(claim)
        else:
            return PodVolumes(message=UNBOUND_IMMEDIATE)
    return found


def filter_reason(api: Reader, volumes: PodVolumes, node: Node) -> str | None:
    """Filter: FindPodVolumes for one node."""
    if any(not util.node_admits(pv, node) for pv in volumes.bound):
        return VOLUME_NODE_AFFINITY_CONFLICT
    if volumes.delayed:
        pvs, classes = api.list("PersistentVolume"), api.list("StorageClass")
        for claim in volumes.delayed:
            if util.find_matching_volume(claim, pvs, node, True) is not None:
                continue
            sc = util.storage_class(classes, claim)
            if sc is None or sc.provisioner == util.NO_PROVISIONER:
                return VOLUME_BIND_CONFLICT
    return None


def bind_pod_volumes(api: APIServer, volumes: PodVolumes, node: Node) -> None:
    """PreBind (AssumePodVolumes then BindPodVolumes): pre-bind a matching static volume, else
    ask for one on the node."""
    pvs = api.list("PersistentVolume")
    for claim in volumes.delayed:
        pv = util.find_matching_volume(claim, pvs, node, True)
        if pv is not None and pv.spec is not None:
            ref = ObjectReference(kind="PersistentVolumeClaim", namespace=claim.metadata.namespace,
                                  name=claim.metadata.name, uid=claim.metadata.uid, api_version="v1",
                                  resource_version=claim.metadata.resource_version)
            api.update(pv.with_(spec=pv.spec.with_(claim_ref=ref)))
            continue
        annotations = claim.metadata.annotations or {}
        if annotations.get(util.SELECTED_NODE) != node.metadata.name:
            api.update(claim.with_(metadata=claim.metadata.with_(
                annotations={**annotations, util.SELECTED_NODE: node.metadata.name})))


def all_bound(api: Reader, pod: Pod) -> bool:
    """checkBindings: every claim of the pod is bound."""
    for name in util.claims_of(pod):
        claim = api.try_get("PersistentVolumeClaim", name, pod.metadata.namespace or "")
        if claim is None or not is_bound(claim):
            return False
    return True
