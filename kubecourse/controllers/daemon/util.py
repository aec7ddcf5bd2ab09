"""What the DaemonSet controller computes of a set, a node and its pods.

Models kubernetes/kubernetes: pkg/controller/daemon/util/daemonset_util.go
(AddOrUpdateDaemonPodTolerations, ReplaceDaemonSetPodNodeNameNodeAffinity, GetTargetNodeName,
IsPodUpdated) and daemon_controller.go (NewPod, nodeShouldRunDaemonPod, predicates):
- a daemon pod is the template with the node's name pinned by required node affinity
  (`matchFields metadata.name In [node]`, so the default scheduler places it) and tolerations
  for the node's troubles (not-ready and unreachable NoExecute; disk, memory and pid pressure
  and unschedulable NoSchedule; network-unavailable too for host-network pods);
- a node should run the pod when the template's node selector and affinity match it and
  every NoSchedule or NoExecute taint is tolerated; an untolerated NoExecute taint also
  evicts a running one.
"""

from __future__ import annotations

from kubecourse.api.models import Node, Pod
from kubecourse.api.models.apps import DaemonSet
from kubecourse.api.models.core import PodSpec, Toleration
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.controllers import history
from kubecourse.controllers.base import owner_ref
from kubecourse.controllers.scheduler import matches_node_affinity, untolerated_taint

REVISION_LABEL = "controller-revision-hash"
GENERATION_LABEL = "pod-template-generation"
_NODE_TROUBLES = (("not-ready", "NoExecute"), ("unreachable", "NoExecute"), ("disk-pressure", "NoSchedule"),
                  ("memory-pressure", "NoSchedule"), ("pid-pressure", "NoSchedule"), ("unschedulable", "NoSchedule"))


def template_spec(ds: DaemonSet) -> PodSpec:
    template = ds.spec.template if ds.spec else None
    if template is None or template.spec is None:
        raise ValueError(f"daemonset {ds.metadata.name} has no pod template")
    return template.spec


def daemon_tolerations(spec: PodSpec) -> list[Toleration]:
    """AddOrUpdateDaemonPodTolerations: the template's, then each missing trouble toleration."""
    troubles = list(_NODE_TROUBLES) + ([("network-unavailable", "NoSchedule")] if spec.host_network else [])
    tolerations = list(spec.tolerations or ())
    for key, effect in troubles:
        full = f"node.kubernetes.io/{key}"
        if not any(t.key == full and t.effect == effect for t in tolerations):
            tolerations.append(Toleration(key=full, operator="Exists", effect=effect))
    return tolerations


def pinned_affinity(spec: PodSpec, node: str) -> dict:
    """ReplaceDaemonSetPodNodeNameNodeAffinity: the node's name replaces any required terms."""
    affinity = dict(spec.affinity or {})
    node_affinity = dict(affinity.get("nodeAffinity") or {})
    node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]}
    return {**affinity, "nodeAffinity": node_affinity}


def new_pod(ds: DaemonSet, node: str, hash_: str) -> Pod:
    """NewPod with GetPodFromTemplate: generateName `<set>-`, the revision hash and template
    generation labels, pinned to the node."""
    spec = template_spec(ds)
    template = ds.spec.template  # type: ignore[union-attr]
    meta = template.metadata or ObjectMeta()  # type: ignore[union-attr]
    labels = {**(meta.labels or {}), REVISION_LABEL: hash_, GENERATION_LABEL: str(ds.metadata.generation or 1)}
    return Pod(metadata=ObjectMeta(generate_name=f"{ds.metadata.name}-", namespace=ds.metadata.namespace,
                                   labels=labels, annotations=dict(meta.annotations) if meta.annotations else None,
                                   owner_references=[owner_ref(ds)]),
               spec=spec.with_(affinity=pinned_affinity(spec, node), tolerations=daemon_tolerations(spec)))


def should_run(ds: DaemonSet, node: Node) -> tuple[bool, bool]:
    """nodeShouldRunDaemonPod: (should run, should continue running)."""
    pod = Pod(metadata=ObjectMeta(name="probe"), spec=template_spec(ds).with_(
        tolerations=daemon_tolerations(template_spec(ds))))
    if not matches_node_affinity(pod, node):
        return False, False
    taints = (node.spec.taints if node.spec else None) or []
    if untolerated_taint(pod, [t for t in taints if t.effect == "NoExecute"]) is not None:
        return False, False
    return untolerated_taint(pod, taints) is None, True


def target_node(pod: Pod) -> str:
    """GetTargetNodeName: spec.nodeName, else the node the affinity pins it to."""
    if pod.spec is not None and pod.spec.node_name:
        return pod.spec.node_name
    terms = (((pod.spec.affinity if pod.spec else None) or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution", {}).get("nodeSelectorTerms") or []
    for term in terms:
        for f in term.get("matchFields") or ():
            if f.get("key") == "metadata.name" and f.get("values"):
                return f["values"][0]
    return ""


def revision_hash(ds: DaemonSet) -> str:
    """The hash of the set's current template (its ControllerRevision's)."""
    return history.hash_revision(history.template_patch(ds.spec.template),  # type: ignore[union-attr, arg-type]
                                 (ds.status.collision_count if ds.status else None) or 0)


def is_updated(pod: Pod, hash_: str) -> bool:
    """IsPodUpdated (by the revision hash label)."""
    return (pod.metadata.labels or {}).get(REVISION_LABEL) == hash_
