"""The storage object in-use protection controllers: a deleted claim or volume stays
Terminating while it is used, held by the finalizer admission put on it.

Models kubernetes/kubernetes: pkg/controller/volume/pvcprotection/pvc_protection_controller.go
(processPVC, isBeingUsed: a pod of the claim's namespace that is not finished uses it) and
pkg/controller/volume/pvprotection/pv_protection_controller.go (processPV, isBeingUsed: the
volume is Bound).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubecourse.api.models import PersistentVolume, PersistentVolumeClaim
from kubecourse.api.server import WatchEvent
from kubecourse.api.storage import PV_PROTECTION, PVC_PROTECTION
from kubecourse.controllers import base
from kubecourse.controllers.volume import util


def _without(obj: PersistentVolume | PersistentVolumeClaim, finalizer: str) -> PersistentVolume | PersistentVolumeClaim:
    kept = [f for f in obj.metadata.finalizers or () if f != finalizer]
    return obj.with_(metadata=obj.metadata.with_(finalizers=kept or None))


class PVCProtectionController(base.Controller):
    watches = ("PersistentVolumeClaim", "Pod")
    name = "pvc-protection-controller"
    for_kind = "PersistentVolumeClaim"

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        """A claim's own writes; a pod's change or deletion wakes the claims it uses."""
        obj = event.obj
        if event.kind == "PersistentVolumeClaim":
            yield (obj.metadata.namespace, obj.metadata.name)
        else:
            for name in util.claims_of(obj):
                yield (obj.metadata.namespace, name)

    def reconcile(self, key: base.Key) -> base.Result | None:
        claim = self.api.try_get("PersistentVolumeClaim", key[1], key[0])
        if claim is None or claim.metadata.deletion_timestamp is None:
            return None
        if PVC_PROTECTION not in (claim.metadata.finalizers or ()) or self.is_being_used(claim):
            return None
        self.api.update(_without(claim, PVC_PROTECTION))
        return None

    def is_being_used(self, claim: PersistentVolumeClaim) -> bool:
        return any(claim.metadata.name in util.claims_of(pod)
                   and (pod.status.phase if pod.status else None) not in ("Succeeded", "Failed")
                   for pod in self.api.iter_namespace("Pod", claim.metadata.namespace or ""))


class PVProtectionController(base.Controller):
    name = "pv-protection-controller"
    for_kind = "PersistentVolume"

    def reconcile(self, key: base.Key) -> base.Result | None:
        pv = self.api.try_get("PersistentVolume", key[1])
        if pv is None or pv.metadata.deletion_timestamp is None or PV_PROTECTION not in (pv.metadata.finalizers or ()):
            return None
        if (pv.status.phase if pv.status else None) == "Bound":
            return None
        self.api.update(_without(pv, PV_PROTECTION))
        return None
