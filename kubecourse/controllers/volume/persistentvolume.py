"""The PersistentVolume controller: bind claims to volumes, ask provisioners for new ones,
release and reclaim volumes whose claim is gone.

Models kubernetes/kubernetes: pkg/controller/volume/persistentvolume/pv_controller.go
(syncClaim, syncUnboundClaim, syncBoundClaim, syncVolume, bind, reclaimVolume,
provisionClaimOperationExternal, emitEventForUnboundDelayBindingClaim) and
pv_controller_base.go (the 15-second resync that repeats a waiting claim's event).

As a learner sees it:
- A claim of a WaitForFirstConsumer class stays Pending with `WaitForFirstConsumer` (or
  `WaitForPodScheduled` while a pod using it waits for a node) every resync until the
  scheduler writes `volume.kubernetes.io/selected-node` on it.
- Then, with no fitting volume, the claim is handed to its class's external provisioner
  (`volume.kubernetes.io/storage-provisioner`, event `ExternalProvisioning`); the provisioner
  creates a volume pre-bound to the claim, which this controller binds both ways.
- A volume whose claim is deleted turns Released; Retain keeps it (and its data), Delete lets
  the provisioner that made it delete it; a statically created hostPath volume with Delete
  can only be deleted under /tmp (the hostPath deleter's rule), else it Fails.

Left out: Recycle, volume modes other than Filesystem, the beta storage-class annotation on
new objects, metrics, and the in-tree provisioners (kind has none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kubecourse import events
from kubecourse.api.models import PersistentVolume, PersistentVolumeClaim
from kubecourse.api.models.core import ObjectReference
from kubecourse.api.models.storage import PersistentVolumeClaimStatus, PersistentVolumeStatus
from kubecourse.api.server import DELETED, WatchEvent
from kubecourse.controllers import base
from kubecourse.controllers.volume import util

RESYNC = 15.0  # pv_controller_base.go: the controller's resync period
TMP_PATH = re.compile(r"^/tmp/.+")  # pkg/volume/hostpath: the only paths its deleter deletes
CLAIM, VOLUME = "c", "v"  # key namespaces for the two queues upstream keeps


class PersistentVolumeController(base.Controller):
    watches = ("PersistentVolumeClaim", "PersistentVolume", "Pod")
    name = "persistentvolume-controller"
    for_kind = "PersistentVolumeClaim"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.recorder = events.Recorder(self.api, self.name)

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        """Claims are keyed (namespace, name), volumes (VOLUME, name): a volume's change also
        wakes the claim it names, and a claim's deletion the volume bound to it."""
        obj = event.obj
        if event.kind == "PersistentVolumeClaim":
            yield (obj.metadata.namespace, obj.metadata.name)
            if event.type == DELETED and obj.spec and obj.spec.volume_name:
                yield (VOLUME, obj.spec.volume_name)
        elif event.kind == "PersistentVolume":
            yield (VOLUME, obj.metadata.name)
            ref = obj.spec.claim_ref if obj.spec else None
            if ref is not None and event.type != DELETED:
                yield (ref.namespace or "", ref.name or "")
        elif event.kind == "Pod" and event.type != DELETED and obj.spec and not obj.spec.node_name:
            for name in util.claims_of(obj):  # findNonScheduledPodsByPVC reads pods
                yield (obj.metadata.namespace, name)

    def reconcile(self, key: base.Key) -> base.Result | None:
        if key[0] == VOLUME:
            pv = self.api.try_get("PersistentVolume", key[1])
            if pv is not None:
                self.sync_volume(pv)
            return None
        claim = self.api.try_get("PersistentVolumeClaim", key[1], key[0])
        if claim is None or claim.metadata.deletion_timestamp is not None:
            return None
        if (claim.metadata.annotations or {}).get(util.BIND_COMPLETED) != "yes":
            return self.sync_unbound_claim(claim)
        self.sync_bound_claim(claim)
        return None

    # --- claims ---------------------------------------------------------------------------

    def sync_unbound_claim(self, claim: PersistentVolumeClaim) -> base.Result | None:
        """syncUnboundClaim."""
        spec = claim.spec
        assert spec is not None
        if spec.volume_name:
            pv = self.api.try_get("PersistentVolume", spec.volume_name)
            if pv is None or (pv.spec.claim_ref is not None and not util.is_bound_to(pv, claim)):
                self._claim_phase(claim, "Pending")
                return None
            self.bind(pv, claim)
            return None
        sc = util.storage_class(self.api.list("StorageClass"), claim)
        selected = (claim.metadata.annotations or {}).get(util.SELECTED_NODE)
        delayed = util.is_delayed_binding(sc) and not selected
        node = self.api.try_get("Node", selected) if selected else None
        pv = util.find_matching_volume(claim, self.api.list("PersistentVolume"), node, delayed)
        if pv is not None:
            self.bind(pv, claim)
            return None
        if delayed:
            self.emit_event_for_unbound_delay_binding_claim(claim)
            return base.Result(requeue_after=RESYNC)
        class_name = (spec.storage_class_name or "")
        if sc is not None and sc.provisioner != util.NO_PROVISIONER:
            self.provision_external(claim, sc.provisioner)
        elif class_name and sc is None:
            self.recorder.event(claim, events.WARNING, "ProvisioningFailed",
                                f'storageclass.storage.k8s.io "{class_name}" not found')
        elif not class_name:
            self.recorder.event(claim, events.NORMAL, "FailedBinding",
                                "no persistent volumes available for this claim and no storage class is set")
        return base.Result(requeue_after=RESYNC)

    def emit_event_for_unbound_delay_binding_claim(self, claim: PersistentVolumeClaim) -> None:
        waiting = sorted(p.metadata.name for p in self.api.iter_namespace("Pod", claim.metadata.namespace or "")
                         if not p.spec.node_name and claim.metadata.name in util.claims_of(p))
        if not waiting:
            reason, message = "WaitForFirstConsumer", "waiting for first consumer to be created before binding"
        elif len(waiting) == 1:
            reason, message = "WaitForPodScheduled", f"waiting for pod {waiting[0]} to be scheduled"
        else:
            reason, message = "WaitForPodScheduled", f"waiting for pods {','.join(waiting)} to be scheduled"
        self.recorder.event(claim, events.NORMAL, reason, message)

    def provision_external(self, claim: PersistentVolumeClaim, provisioner: str) -> None:
        """provisionClaimOperationExternal: name the provisioner on the claim and wait for it."""
        annotations = claim.metadata.annotations or {}
        if annotations.get(util.STORAGE_PROVISIONER) != provisioner:
            annotations = {**annotations, util.BETA_STORAGE_PROVISIONER: provisioner,
                           util.STORAGE_PROVISIONER: provisioner}
            self.api.update(claim.with_(metadata=claim.metadata.with_(annotations=annotations)))
        self.recorder.event(claim, events.NORMAL, "ExternalProvisioning",
                            f"Waiting for a volume to be created either by the external provisioner '{provisioner}' "
                            "or manually by the system administrator. If volume creation is delayed, please verify "
                            "that the provisioner is running and correctly registered.")

    def sync_bound_claim(self, claim: PersistentVolumeClaim) -> None:
        """syncBoundClaim: a bound claim whose volume is gone is Lost."""
        name = claim.spec.volume_name if claim.spec else None
        pv = self.api.try_get("PersistentVolume", name) if name else None
        if pv is None or not util.is_bound_to(pv, claim):
            if (claim.status.phase if claim.status else None) != "Lost":
                self._claim_phase(claim, "Lost")
                self.recorder.event(claim, events.WARNING, "ClaimLost",
                                    "Bound claim has lost its PersistentVolume. Data on the volume is lost!")
            return
        self.bind(pv, claim)

    def bind(self, pv: PersistentVolume, claim: PersistentVolumeClaim) -> None:
        """bind: the volume's claimRef and phase, then the claim's volumeName, annotations and
        status (access modes and capacity from the volume). Each write only if needed."""
        spec = pv.spec
        assert spec is not None
        if not util.is_bound_to(pv, claim) or not spec.claim_ref.uid:  # type: ignore[union-attr]
            ref = ObjectReference(kind="PersistentVolumeClaim", namespace=claim.metadata.namespace,
                                  name=claim.metadata.name, uid=claim.metadata.uid, api_version="v1",
                                  resource_version=claim.metadata.resource_version)
            annotations = pv.metadata.annotations or {}
            if spec.claim_ref is None:
                annotations = {**annotations, util.BOUND_BY_CONTROLLER: "yes"}
            pv = self.api.update(pv.with_(metadata=pv.metadata.with_(annotations=annotations or None),
                                          spec=spec.with_(claim_ref=ref)))
        self._volume_phase(pv, "Bound")
        annotations = claim.metadata.annotations or {}
        wanted = {**annotations, util.BIND_COMPLETED: "yes"}
        if not (claim.spec.volume_name):  # type: ignore[union-attr]
            wanted[util.BOUND_BY_CONTROLLER] = "yes"
        if claim.spec.volume_name != pv.metadata.name or wanted != annotations:  # type: ignore[union-attr]
            claim = self.api.update(claim.with_(metadata=claim.metadata.with_(annotations=wanted),
                                                spec=claim.spec.with_(volume_name=pv.metadata.name)))  # type: ignore
        status = PersistentVolumeClaimStatus(phase="Bound", access_modes=pv.spec.access_modes,  # type: ignore
                                             capacity=pv.spec.capacity)  # type: ignore[union-attr]
        if claim.status != status:
            self.api.update_status(claim.with_(status=status))

    # --- volumes --------------------------------------------------------------------------

    def sync_volume(self, pv: PersistentVolume) -> None:
        """syncVolume."""
        ref = pv.spec.claim_ref if pv.spec else None
        if ref is None:
            self._volume_phase(pv, "Available")
            return
        if not ref.uid:
            self._volume_phase(pv, "Available")  # pre-bound: the claim's sync binds it
            return
        claim = self.api.try_get("PersistentVolumeClaim", ref.name or "", ref.namespace or "")
        if claim is not None and claim.metadata.uid == ref.uid:
            if claim.spec and claim.spec.volume_name == pv.metadata.name:
                self._volume_phase(pv, "Bound")
            elif claim.spec and claim.spec.volume_name:  # the claim went to another volume
                if (pv.metadata.annotations or {}).get(util.BOUND_BY_CONTROLLER) == "yes":
                    self.api.update(pv.with_(spec=pv.spec.with_(claim_ref=None)))  # type: ignore[union-attr]
                else:
                    self._volume_phase(pv, "Released")
            return
        phase = pv.status.phase if pv.status else None
        if phase not in ("Released", "Failed"):
            pv = self._volume_phase(pv, "Released")
            self.reclaim_volume(pv)

    def reclaim_volume(self, pv: PersistentVolume) -> None:
        """reclaimVolume: Retain keeps the volume; Delete of a provisioned one is its
        provisioner's; the in-tree hostPath deleter only removes paths under /tmp."""
        spec = pv.spec
        assert spec is not None
        if spec.persistent_volume_reclaim_policy != "Delete":
            return
        if (pv.metadata.annotations or {}).get(util.PROVISIONED_BY):
            return  # the external provisioner deletes it
        path = spec.host_path.path if spec.host_path is not None else None
        if path is not None and TMP_PATH.match(path):
            self.api.delete("PersistentVolume", pv.metadata.name or "")
            return
        message = (f"host_path deleter only supports /tmp/.+ but received provided {path}" if path is not None
                   else "error getting deleter volume plugin for volume "
                        f'"{pv.metadata.name}": no deletable volume plugin matched')
        self._volume_phase(pv, "Failed", message)
        self.recorder.event(pv, events.WARNING, "VolumeFailedDelete", message)

    # --- status writes ----------------------------------------------------------------------

    def _claim_phase(self, claim: PersistentVolumeClaim, phase: str) -> PersistentVolumeClaim:
        status = claim.status or PersistentVolumeClaimStatus()
        if status.phase == phase:
            return claim
        return self.api.update_status(claim.with_(status=status.with_(phase=phase)))

    def _volume_phase(self, pv: PersistentVolume, phase: str, message: str | None = None) -> PersistentVolume:
        status = pv.status or PersistentVolumeStatus()
        if status.phase == phase and status.message == message:
            return pv
        return self.api.update_status(pv.with_(status=PersistentVolumeStatus(
            phase=phase, message=message, last_phase_transition_time=self.clock.now)))
