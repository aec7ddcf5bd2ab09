"""How the API server admits PersistentVolumes, PersistentVolumeClaims and StorageClasses:
defaulting, the two storage admission plugins, the registry strategies and validation.

Models kubernetes/kubernetes:
- pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolume (reclaim policy Retain, volume
  mode Filesystem, phase Pending), SetDefaults_PersistentVolumeClaim (Filesystem, Pending),
  SetDefaults_HostPathVolumeSource (type ""), pkg/apis/storage/v1/defaults.go
  SetDefaults_StorageClass (reclaim policy Delete, binding mode Immediate);
- plugin/pkg/admission/storage/storageclass/setdefault (DefaultStorageClass: a claim without
  storageClassName gets the default class, the newest when several claim to be it);
- plugin/pkg/admission/storage/storageobjectinuseprotection (the kubernetes.io/pvc-protection
  and kubernetes.io/pv-protection finalizers on create);
- pkg/registry/core/persistentvolume/strategy.go and persistentvolumeclaim/strategy.go
  PrepareForCreate (a new object's status is only its phase; updates of the main resource keep
  the stored status);
- pkg/apis/core/validation/validation.go ValidatePersistentVolumeSpec and
  ValidatePersistentVolumeClaimSpec (access modes, capacity or request, one volume source).

Left out: the PersistentVolume's lastPhaseTransitionTime (the strategies read a clock the
plugins here do not hold), volume attributes classes, data sources, the claim's
immutability rules on update and the CSI, NFS and cloud volume sources' own checks.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api import columns, fields
from kubecourse.api.errors import Cause
from kubecourse.api.fields import not_supported, required
from kubecourse.api.models.storage import (
    PersistentVolume,
    PersistentVolumeClaim,
    PersistentVolumeClaimStatus,
    PersistentVolumeStatus,
    StorageClass,
)
from kubecourse.api.reader import Reader
from kubecourse.api.validation import validate_meta_only

PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"
ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
RECLAIM_POLICIES = ("Delete", "Recycle", "Retain")
VOLUME_MODES = ("Block", "Filesystem")


def _with_finalizer(obj: Any, finalizer: str) -> Any:
    present = obj.metadata.finalizers or []
    if finalizer in present:
        return obj
    return obj.with_(metadata=obj.metadata.with_(finalizers=[*present, finalizer]))


def default_class(api: Reader) -> StorageClass | None:
    """setdefault's GetDefaultClass: the newest class marked default (then by name)."""
    marked = [sc for sc in api.list("StorageClass") if columns.is_default_class(sc)]
    if not marked:
        return None
    return max(marked, key=lambda sc: (sc.metadata.creation_timestamp, sc.metadata.name))


def prepare_persistent_volume(api: Reader, pv: PersistentVolume, old: PersistentVolume | None) -> PersistentVolume:
    spec = pv.spec
    if spec is None:
        return pv
    if spec.host_path is not None:
        spec = spec.with_(host_path=spec.host_path.fill(type=""))
    pv = pv.with_(spec=spec.fill(persistent_volume_reclaim_policy="Retain", volume_mode="Filesystem"))
    if old is not None:
        return pv
    return _with_finalizer(pv, PV_PROTECTION).with_(status=PersistentVolumeStatus(phase="Pending"))


def prepare_persistent_volume_claim(api: Reader, pvc: PersistentVolumeClaim,
                                    old: PersistentVolumeClaim | None) -> PersistentVolumeClaim:
    spec = pvc.spec
    if spec is None:
        return pvc
    spec = spec.fill(volume_mode="Filesystem")
    pvc = pvc.with_(spec=spec)
    if old is not None:
        return pvc
    if spec.storage_class_name is None and columns.BETA_STORAGE_CLASS not in (pvc.metadata.annotations or {}):
        default = default_class(api)
        if default is not None:
            pvc = pvc.with_(spec=spec.with_(storage_class_name=default.metadata.name))
    return _with_finalizer(pvc, PVC_PROTECTION).with_(status=PersistentVolumeClaimStatus(phase="Pending"))


def prepare_storage_class(api: Reader, sc: StorageClass, old: StorageClass | None) -> StorageClass:
    return sc.fill(reclaim_policy="Delete", volume_binding_mode="Immediate")


def _access_modes(modes: list[str] | None, path: str, empty: str) -> list[Cause]:
    if not modes:
        return [required(path, empty)]
    return [not_supported(path, m, ACCESS_MODES) for m in modes if m not in ACCESS_MODES]


def validate_persistent_volume(pv: PersistentVolume, old: Any) -> list[Cause]:
    causes = validate_meta_only(pv, old)
    spec = pv.spec
    if spec is None:
        return [*causes, required("spec")]
    causes += _access_modes(spec.access_modes, "spec.accessModes", "must specify at least 1 access mode")
    if not spec.capacity:
        causes.append(required("spec.capacity"))
    elif "storage" not in spec.capacity:
        causes.append(not_supported("spec.capacity", next(iter(spec.capacity)), ("storage",)))
    if spec.persistent_volume_reclaim_policy not in RECLAIM_POLICIES:
        causes.append(not_supported("spec.persistentVolumeReclaimPolicy", spec.persistent_volume_reclaim_policy,
                                    RECLAIM_POLICIES))
    if spec.host_path is None and spec.local is None and not _other_sources(spec):
        causes.append(required("spec", "must specify a volume type"))
    if spec.volume_mode not in VOLUME_MODES:
        causes.append(not_supported("spec.volumeMode", spec.volume_mode, VOLUME_MODES))
    return causes


def _other_sources(spec: Any) -> bool:
    """A volume source we keep as an extra (nfs, csi, ...)."""
    return any(isinstance(v, dict) for v in (spec.__pydantic_extra__ or {}).values())


def validate_persistent_volume_claim(pvc: PersistentVolumeClaim, old: Any) -> list[Cause]:
    causes = validate_meta_only(pvc, old)
    spec = pvc.spec
    if spec is None:
        return [*causes, required("spec")]
    causes += _access_modes(spec.access_modes, "spec.accessModes", "at least 1 access mode is required")
    requests = (spec.resources.requests if spec.resources else None) or {}
    if "storage" not in requests:
        causes.append(required("spec.resources[storage]"))
    if spec.volume_mode not in VOLUME_MODES:
        causes.append(not_supported("spec.volumeMode", spec.volume_mode, VOLUME_MODES))
    return causes


def validate_storage_class(sc: StorageClass, old: Any) -> list[Cause]:
    causes = validate_meta_only(sc, old)
    if not sc.provisioner:
        causes.append(required("provisioner"))
    if sc.reclaim_policy not in ("Delete", "Retain"):
        causes.append(not_supported("reclaimPolicy", sc.reclaim_policy, ("Delete", "Retain")))
    if old is not None and (sc.provisioner != old.provisioner or sc.parameters != old.parameters
                            or sc.reclaim_policy != old.reclaim_policy
                            or sc.volume_binding_mode != old.volume_binding_mode):
        if sc.parameters != old.parameters:
            causes.append(fields.forbidden("parameters", "updates to parameters are forbidden."))
        if sc.provisioner != old.provisioner:
            causes.append(fields.forbidden("provisioner", "updates to provisioner are forbidden."))
        if sc.reclaim_policy != old.reclaim_policy:
            causes.append(fields.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."))
        if sc.volume_binding_mode != old.volume_binding_mode:
            causes.append(fields.invalid("volumeBindingMode", sc.volume_binding_mode, "field is immutable"))
    return causes

