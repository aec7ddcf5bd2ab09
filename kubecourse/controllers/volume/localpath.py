"""kind's dynamic provisioner: rancher.io/local-path, which makes each claim a directory on the
node its first pod was scheduled to.

Models rancher/local-path-provisioner (provisioner.go Provision and Delete, with kind's
config: /var/local-path-provisioner on every node) running inside
kubernetes-sigs/sig-storage-lib-external-provisioner's controller (controller.go
shouldProvision, provisionClaimOperation, shouldDelete, deleteVolumeOperation):
- a claim whose `volume.kubernetes.io/storage-provisioner` names us, not yet bound, and (its
  class waiting for a first consumer) with the scheduler's `volume.kubernetes.io/selected-node`,
  gets a volume `pvc-<claim uid>`: a hostPath `DirectoryOrCreate` at
  /var/local-path-provisioner/pvc-<uid>_<namespace>_<claim>, pinned to the node by required
  node affinity on kubernetes.io/hostname, pre-bound to the claim (the PV controller finishes
  the binding), with the class's reclaim policy; events `Provisioning` and
  `ProvisioningSucceeded` on the claim;
- a Released volume we provisioned whose policy is Delete is deleted (upstream after a helper
  pod removed the directory on the node; here the node's kubelet drops the directory when the
  volume is deleted, see kubecourse/node/kubelet.py).

The helper pods themselves are not modelled: provisioning is instant.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubecourse import events
from kubecourse.api.models import PersistentVolume, PersistentVolumeClaim
from kubecourse.api.models.core import HostPathVolumeSource, ObjectReference
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.api.models.storage import PersistentVolumeSpec
from kubecourse.api.server import DELETED, WatchEvent
from kubecourse.controllers import base
from kubecourse.controllers.volume import util

PROVISIONER = "rancher.io/local-path"
BASE_PATH = "/var/local-path-provisioner"
SELECTED_NODE = "local.path.provisioner/selected-node"
NAMESPACE = "local-path-storage"
VOLUME = "v"  # key namespace of volumes


class LocalPathProvisioner(base.Controller):
    watches = ("PersistentVolumeClaim", "PersistentVolume")
    name = "local-path-provisioner"
    for_kind = "PersistentVolumeClaim"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self._recorder: events.Recorder | None = None

    def recorder(self) -> events.Recorder:
        """The provisioner's identity as its events name it: `rancher.io/local-path_<its pod>_<uuid>`
        (controller.go NewProvisionController: the provisioner name, the host, a random uid)."""
        if self._recorder is None:
            pod = next(iter(self.api.iter_namespace("Pod", NAMESPACE)), None)
            host = pod.metadata.name if pod is not None else "local-path-provisioner"
            self._recorder = events.Recorder(self.api, f"{PROVISIONER}_{host}_{self.rng.uid()}")
        return self._recorder

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        if event.type == DELETED:
            return
        if event.kind == "PersistentVolumeClaim":
            yield (event.obj.metadata.namespace, event.obj.metadata.name)
        else:
            yield (VOLUME, event.obj.metadata.name)

    def reconcile(self, key: base.Key) -> base.Result | None:
        if key[0] == VOLUME:
            pv = self.api.try_get("PersistentVolume", key[1])
            if pv is not None and self.should_delete(pv):
                self.api.delete("PersistentVolume", pv.metadata.name)
            return None
        claim = self.api.try_get("PersistentVolumeClaim", key[1], key[0])
        if claim is not None and self.should_provision(claim):
            self.provision(claim)
        return None

    def should_provision(self, claim: PersistentVolumeClaim) -> bool:
        annotations = claim.metadata.annotations or {}
        if claim.metadata.deletion_timestamp is not None or (claim.spec and claim.spec.volume_name):
            return False
        if annotations.get(util.STORAGE_PROVISIONER, annotations.get(util.BETA_STORAGE_PROVISIONER)) != PROVISIONER:
            return False
        if self.api.try_get("PersistentVolume", f"pvc-{claim.metadata.uid}") is not None:
            return False
        sc = util.storage_class(self.api.list("StorageClass"), claim)
        return sc is not None and (not util.is_delayed_binding(sc) or util.SELECTED_NODE in annotations)

    def provision(self, claim: PersistentVolumeClaim) -> None:
        """provisionClaimOperation with local-path's Provision."""
        meta, spec = claim.metadata, claim.spec
        assert spec is not None
        recorder = self.recorder()
        recorder.event(claim, events.NORMAL, "Provisioning",
                       f'External provisioner is provisioning volume for claim "{util.claim_key(claim)}"')
        sc = util.storage_class(self.api.list("StorageClass"), claim)
        node = (meta.annotations or {})[util.SELECTED_NODE]
        name = f"pvc-{meta.uid}"
        pv = PersistentVolume(
            metadata=ObjectMeta(name=name, annotations={SELECTED_NODE: node, util.PROVISIONED_BY: PROVISIONER}),
            spec=PersistentVolumeSpec(
                access_modes=spec.access_modes,
                capacity={"storage": ((spec.resources.requests if spec.resources else None) or {})["storage"]},
                claim_ref=ObjectReference(api_version="v1", kind="PersistentVolumeClaim", name=meta.name,
                                          namespace=meta.namespace, resource_version=meta.resource_version,
                                          uid=meta.uid),
                host_path=HostPathVolumeSource(path=f"{BASE_PATH}/{name}_{meta.namespace}_{meta.name}",
                                               type="DirectoryOrCreate"),
                node_affinity={"required": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": util.HOSTNAME_LABEL, "operator": "In", "values": [node]}]}]}},
                persistent_volume_reclaim_policy=(sc.reclaim_policy if sc else None) or "Delete",
                storage_class_name=spec.storage_class_name,
                volume_mode=spec.volume_mode,
            ),
        )
        self.api.create(pv)
        recorder.event(claim, events.NORMAL, "ProvisioningSucceeded", f"Successfully provisioned volume {name}")

    def should_delete(self, pv: PersistentVolume) -> bool:
        """shouldDelete: a Released volume we made, with the Delete policy."""
        return ((pv.metadata.annotations or {}).get(util.PROVISIONED_BY) == PROVISIONER
                and pv.metadata.deletion_timestamp is None
                and (pv.status.phase if pv.status else None) == "Released"
                and pv.spec is not None and pv.spec.persistent_volume_reclaim_policy == "Delete")
