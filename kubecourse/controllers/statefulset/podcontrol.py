"""The StatefulSet's writes of pods and claims, with the events they record.

Models kubernetes/kubernetes: pkg/controller/statefulset/stateful_pod_control.go
(CreateStatefulPod, UpdateStatefulPod, DeleteStatefulPod, createPersistentVolumeClaims,
createMissingPersistentVolumeClaims, recordPodEvent, recordClaimEvent, ClaimsMatchRetentionPolicy,
UpdatePodClaimForRetentionPolicy) and stateful_set_utils.go (isClaimOwnerUpToDate,
updateClaimOwnerRefForSetAndPod):
- a pod's claims are created before the pod (`create Claim data-kubia-0 Pod kubia-0 in
  StatefulSet kubia success`), an existing claim is reused as it is;
- persistentVolumeClaimRetentionPolicy: whenDeleted=Delete makes the set an owner of each
  claim (the garbage collector deletes them with the set), whenScaled=Delete makes a
  condemned pod (ordinal >= replicas) their owner, so they go with it; Retain owns nothing.
"""

from __future__ import annotations

from kubecourse import events
from kubecourse.api import errors
from kubecourse.api.models import Pod
from kubecourse.api.models.apps import StatefulSet
from kubecourse.api.models.meta import OwnerReference
from kubecourse.api.models.storage import PersistentVolumeClaim
from kubecourse.api.server import APIServer
from kubecourse.controllers.statefulset import utils


def _owner(obj: StatefulSet | Pod) -> OwnerReference:
    """updateClaimOwnerRefForSetAndPod: a controller reference to the set, a plain one to the pod."""
    return OwnerReference(api_version=obj.api_version, kind=obj.kind, name=obj.metadata.name or "",
                          uid=obj.metadata.uid or "", controller=True if obj.kind == "StatefulSet" else None,
                          block_owner_deletion=True)


class PodControl:
    def __init__(self, api: APIServer, recorder: events.Recorder) -> None:
        self.api = api
        self.recorder = recorder

    def create_pod(self, sts: StatefulSet, pod: Pod) -> None:
        """CreateStatefulPod."""
        self.create_claims(sts, pod)
        try:
            self.api.create(pod)
        except errors.StatusError as e:
            self.recorder.event(sts, events.WARNING, "FailedCreate",
                                f"create Pod {pod.metadata.name} in StatefulSet {sts.metadata.name} failed error: "
                                f"{e.message}")
            raise
        self.recorder.event(sts, events.NORMAL, "SuccessfulCreate",
                            f"create Pod {pod.metadata.name} in StatefulSet {sts.metadata.name} successful")

    def create_claims(self, sts: StatefulSet, pod: Pod) -> None:
        """createPersistentVolumeClaims: each missing claim, with the retention policy's owners."""
        for claim in utils.claims_for(sts, utils.ordinal(pod)).values():
            if self.api.try_get("PersistentVolumeClaim", claim.metadata.name or "", claim.metadata.namespace or "") is not None:
                continue
            claim = claim.with_(metadata=claim.metadata.with_(owner_references=self.claim_owners(sts, pod) or None))
            self.api.create(claim)
            self.recorder.event(sts, events.NORMAL, "SuccessfulCreate",
                                f"create Claim {claim.metadata.name} Pod {pod.metadata.name} in StatefulSet "
                                f"{sts.metadata.name} success")

    def claim_owners(self, sts: StatefulSet, pod: Pod) -> list[OwnerReference]:
        """The owners the retention policy gives a claim of this pod."""
        policy = utils.spec(sts).persistent_volume_claim_retention_policy
        owners = []
        if policy is not None and policy.when_deleted == "Delete":
            owners.append(_owner(sts))
        if (policy is not None and policy.when_scaled == "Delete" and pod.metadata.uid
                and utils.ordinal(pod) >= utils.start_ordinal(sts) + utils.replicas(sts)):
            owners.append(_owner(pod))
        return owners

    def update_claims_for_retention(self, sts: StatefulSet, pod: Pod) -> None:
        """UpdatePodClaimForRetentionPolicy: bring each existing claim's owners in line."""
        wanted = {(o.kind, o.uid) for o in self.claim_owners(sts, pod)}
        mine = {sts.metadata.uid, pod.metadata.uid}
        for template in utils.claims_for(sts, utils.ordinal(pod)).values():
            claim: PersistentVolumeClaim | None = self.api.try_get(
                "PersistentVolumeClaim", template.metadata.name or "", template.metadata.namespace or "")
            if claim is None:
                continue
            others = [o for o in claim.metadata.owner_references or () if o.uid not in mine]
            current = {(o.kind, o.uid) for o in claim.metadata.owner_references or () if o.uid in mine}
            if current == wanted:
                continue
            owners = others + self.claim_owners(sts, pod)
            self.api.update(claim.with_(metadata=claim.metadata.with_(owner_references=owners or None)))

    def update_pod(self, sts: StatefulSet, pod: Pod) -> None:
        """UpdateStatefulPod: missing claims created, the identity labels put back and the
        claims' owners matched to the retention policy. (Upstream also rewrites hostname,
        subdomain and volumes, which pod update validation refuses on a live pod: it then
        records FailedUpdate and retries; here those are left as they are.)"""
        if not utils.storage_matches(sts, pod):
            self.create_claims(sts, pod)
        if not utils.identity_matches(sts, pod):
            labels = utils.update_identity(sts, pod).metadata.labels
            if labels != pod.metadata.labels:
                self.api.update(pod.with_(metadata=pod.metadata.with_(labels=labels)))
        self.update_claims_for_retention(sts, pod)

    def delete_pod(self, sts: StatefulSet, pod: Pod) -> None:
        """DeleteStatefulPod."""
        self.api.delete("Pod", pod.metadata.name or "", pod.metadata.namespace or "")
        self.recorder.event(sts, events.NORMAL, "SuccessfulDelete",
                            f"delete Pod {pod.metadata.name} in StatefulSet {sts.metadata.name} successful")
