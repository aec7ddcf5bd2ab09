"""What the StatefulSet controller computes of a set and its pods.

Models kubernetes/kubernetes: pkg/controller/statefulset/stateful_set_utils.go (getParentName
and getOrdinal, getPodName, getPersistentVolumeClaimName, identityMatches, storageMatches,
getPersistentVolumeClaims, updateStorage, initIdentity and updateIdentity, isRunningAndReady,
isRunningAndAvailable, isHealthy, newStatefulSetPod, newVersionedStatefulSetPod, getPatch,
newRevision, ApplyRevision, getPodRevision, getStatefulSetMaxUnavailable) and
kubecourse/controllers/history.py for the revisions' data and names.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from kubecourse.api.models import Pod
from kubecourse.api.models.apps import ControllerRevision, StatefulSet
from kubecourse.api.models.core import PersistentVolumeClaimVolumeSource, PodTemplateSpec, Volume, pod_spec
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.api.models.storage import PersistentVolumeClaim
from kubecourse.controllers import history, podutil
from kubecourse.controllers.base import owner_ref

POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
REVISION_LABEL = "controller-revision-hash"
_ORDINAL = re.compile(r"^(.*)-([0-9]+)$")


def spec(sts: StatefulSet) -> Any:
    if sts.spec is None:
        raise ValueError(f"statefulset {sts.metadata.name} has no spec")
    return sts.spec


def replicas(sts: StatefulSet) -> int:
    return spec(sts).replicas or 0


def start_ordinal(sts: StatefulSet) -> int:
    ordinals = spec(sts).ordinals
    return (ordinals.start if ordinals is not None else None) or 0


def parent_and_ordinal(pod: Pod) -> tuple[str, int]:
    """getParentNameAndOrdinal: `web-3` -> ("web", 3); -1 for a name without an ordinal."""
    m = _ORDINAL.match(pod.metadata.name or "")
    return (m.group(1), int(m.group(2))) if m else ("", -1)


def ordinal(pod: Pod) -> int:
    return parent_and_ordinal(pod)[1]


def pod_name(sts: StatefulSet, i: int) -> str:
    return f"{sts.metadata.name}-{i}"


def claim_name(sts: StatefulSet, template: PersistentVolumeClaim, i: int) -> str:
    """getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`."""
    return f"{template.metadata.name}-{sts.metadata.name}-{i}"


def is_member_of(sts: StatefulSet, pod: Pod) -> bool:
    return parent_and_ordinal(pod)[0] == sts.metadata.name


def identity_matches(sts: StatefulSet, pod: Pod) -> bool:
    """identityMatches: name, namespace, the pod-name label, hostname and subdomain."""
    parent, i = parent_and_ordinal(pod)
    labels = pod.metadata.labels or {}
    return (i >= 0 and parent == sts.metadata.name and pod.metadata.namespace == sts.metadata.namespace
            and labels.get(POD_NAME_LABEL) == pod.metadata.name and pod_spec(pod).hostname == pod.metadata.name
            and pod_spec(pod).subdomain == (spec(sts).service_name or None))


def claims_for(sts: StatefulSet, i: int) -> dict[str, PersistentVolumeClaim]:
    """getPersistentVolumeClaims: the claims of ordinal i, by template name, labelled with the
    set's matchLabels over the template's labels."""
    match = (spec(sts).selector.match_labels if spec(sts).selector else None) or {}
    claims = {}
    for template in spec(sts).volume_claim_templates or ():
        meta = template.metadata
        claims[meta.name] = PersistentVolumeClaim(
            metadata=ObjectMeta(name=claim_name(sts, template, i), namespace=sts.metadata.namespace,
                                labels={**(meta.labels or {}), **match}, annotations=meta.annotations),
            spec=template.spec)
    return claims


def storage_matches(sts: StatefulSet, pod: Pod) -> bool:
    """storageMatches: each template's volume names its claim."""
    i = ordinal(pod)
    volumes = {v.name: v for v in pod_spec(pod).volumes or ()}
    for name, claim in claims_for(sts, i).items():
        v = volumes.get(name)
        if v is None or v.persistent_volume_claim is None or v.persistent_volume_claim.claim_name != claim.metadata.name:
            return False
    return True


def update_storage(sts: StatefulSet, pod: Pod) -> Pod:
    """updateStorage: the templates' volumes first (replacing any of the same name), then the rest."""
    claims = claims_for(sts, ordinal(pod))
    new = [Volume(name=name, persistent_volume_claim=PersistentVolumeClaimVolumeSource(claim_name=c.metadata.name))
           for name, c in claims.items()]
    kept = [v for v in pod_spec(pod).volumes or () if v.name not in claims]
    return pod.with_(spec=pod_spec(pod).with_(volumes=new + kept or None))


def update_identity(sts: StatefulSet, pod: Pod) -> Pod:
    """updateIdentity: the pod-name and pod-index labels, hostname and subdomain."""
    i = ordinal(pod)
    labels = {**(pod.metadata.labels or {}), POD_NAME_LABEL: pod.metadata.name, POD_INDEX_LABEL: str(i)}
    return pod.with_(metadata=pod.metadata.with_(labels=labels),
                     spec=pod_spec(pod).with_(hostname=pod.metadata.name, subdomain=spec(sts).service_name or None))


def new_pod(sts: StatefulSet, revision: ControllerRevision, i: int) -> Pod:
    """newVersionedStatefulSetPod: GetPodFromTemplate (generateName `<set>-`, the set as
    controller), the name `<set>-<i>`, the revision's template and hash label, identity and
    storage."""
    template = apply_revision(sts, revision)
    meta = template.metadata or ObjectMeta()
    labels = {**(meta.labels or {}), REVISION_LABEL: revision.metadata.name}
    pod = Pod(metadata=ObjectMeta(name=pod_name(sts, i), generate_name=f"{sts.metadata.name}-",
                                  namespace=sts.metadata.namespace, labels=labels,
                                  annotations=dict(meta.annotations) if meta.annotations else None,
                                  owner_references=[owner_ref(sts)]),
              spec=template.spec)
    return update_storage(sts, update_identity(sts, pod))


def is_created(pod: Pod | None) -> bool:
    return pod is not None and pod.status is not None and bool(pod.status.phase)


def is_terminating(pod: Pod) -> bool:
    return pod.metadata.deletion_timestamp is not None


def is_failed(pod: Pod) -> bool:
    return (pod.status.phase if pod.status else None) == "Failed"


def is_succeeded(pod: Pod) -> bool:
    return (pod.status.phase if pod.status else None) == "Succeeded"


def is_running_and_ready(pod: Pod) -> bool:
    return (pod.status.phase if pod.status else None) == "Running" and podutil.is_pod_ready(pod)


def is_running_and_available(pod: Pod, min_ready_seconds: int, now: datetime) -> bool:
    return is_running_and_ready(pod) and podutil.is_pod_available(pod, min_ready_seconds, now)


def is_healthy(pod: Pod) -> bool:
    return is_running_and_ready(pod) and not is_terminating(pod)


def pod_revision(pod: Pod) -> str:
    return (pod.metadata.labels or {}).get(REVISION_LABEL, "")


# --- revisions ---------------------------------------------------------------------------------


def new_revision(sts: StatefulSet, revision: int, collision_count: int | None) -> ControllerRevision:
    """newRevision / NewControllerRevision: `<set>-<hash>`, the set's template labels and the
    hash label, the set's annotations (its change-cause among them), the set as controller."""
    data = history.template_patch(spec(sts).template)
    hash_ = history.hash_revision(data, collision_count)
    labels = dict((spec(sts).template.metadata.labels if spec(sts).template.metadata else None) or {})
    return ControllerRevision(metadata=ObjectMeta(name=f"{sts.metadata.name}-{hash_}", namespace=sts.metadata.namespace,
                                                  labels={**labels, history.HASH_LABEL: hash_},
                                                  annotations=dict(sts.metadata.annotations or {}) or None,
                                                  owner_references=[owner_ref(sts)]),
                              data=data, revision=revision)


def apply_revision(sts: StatefulSet, revision: ControllerRevision) -> PodTemplateSpec:
    """ApplyRevision: the revision's template (its patch replaces the set's)."""
    return history.revision_template(revision.data)


def equal_revision(a: ControllerRevision, b: ControllerRevision) -> bool:
    return a.data == b.data
