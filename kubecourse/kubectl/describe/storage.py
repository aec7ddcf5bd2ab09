"""describe for PersistentVolumes, PersistentVolumeClaims and StorageClasses.

Models kubernetes/kubectl: pkg/describe/describe.go describePersistentVolume,
printVolumeNodeAffinity, printNodeSelectorTermsMultilineWithIndent, printLocalVolumeSource,
describePersistentVolumeClaim (with getPodsForPVC for `Used By`) and StorageClassDescriber.

What we learned from the source:
- Finalizers print as Go's `%v` of a string slice: `[kubernetes.io/pvc-protection]`.
- A claim's Capacity and Access Modes are empty until it names a volume; then they come
  from its status, as `get pvc` prints them.
- A StorageClass prints its annotations and parameters as one `k=v,k=v` line
  (labels.FormatLabels), the last-applied configuration included, newline and all.
"""

from __future__ import annotations

from kubecourse.api import columns, quantity
from kubecourse.api.models import PersistentVolume, PersistentVolumeClaim, Pod, StorageClass
from kubecourse.api.selectors import format_labels
from kubecourse.kubectl.describe import events
from kubecourse.kubectl.describe.pods import describe_host_path
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import (
    LEVEL_0,
    LEVEL_1,
    LEVEL_2,
    PrefixWriter,
    annotations_multiline,
    labels_multiline,
    since,
)


def _finalizers(finalizers: list[str] | None) -> str:
    return f"[{' '.join(finalizers or ())}]"


def _status(w: PrefixWriter, obj: PersistentVolume | PersistentVolumeClaim, view: View) -> None:
    deleted = obj.metadata.deletion_timestamp
    if deleted is not None:
        w.write(LEVEL_0, f"Status:\tTerminating (lasts {since(deleted, view.now)})\n")
    else:
        w.write(LEVEL_0, f"Status:\t{(obj.status.phase if obj.status else None) or ''}\n")


def _storage(resources: dict | None) -> str:
    value = (resources or {}).get("storage")
    return quantity.canonical(value) if value is not None else "0"


def describe_persistent_volume(pv: PersistentVolume, view: View) -> str:
    w = PrefixWriter()
    meta, spec = pv.metadata, pv.spec
    assert spec is not None
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"Finalizers:\t{_finalizers(meta.finalizers)}\n")
    w.write(LEVEL_0, f"StorageClass:\t{columns.storage_class_of(pv)}\n")
    _status(w, pv, view)
    w.write(LEVEL_0, f"Claim:\t{columns.pv_claim(pv, view.now)}\n")
    w.write(LEVEL_0, f"Reclaim Policy:\t{spec.persistent_volume_reclaim_policy or ''}\n")
    w.write(LEVEL_0, f"Access Modes:\t{columns.access_modes(spec.access_modes)}\n")
    if spec.volume_mode is not None:
        w.write(LEVEL_0, f"VolumeMode:\t{spec.volume_mode}\n")
    w.write(LEVEL_0, f"Capacity:\t{_storage(spec.capacity)}\n")
    _node_affinity(w, spec.node_affinity)
    w.write(LEVEL_0, f"Message:\t{(pv.status.message if pv.status else None) or ''}\n")
    w.write(LEVEL_0, "Source:\n")
    if spec.host_path is not None:
        describe_host_path(w, spec.host_path)
    elif spec.local is not None:
        w.write(LEVEL_2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
                         f"    Path:\t{spec.local.path}\n")
    events.section(w, view, pv)
    return w.text()


def _node_affinity(w: PrefixWriter, affinity: dict | None) -> None:
    """printVolumeNodeAffinity."""
    w.write(LEVEL_0, "Node Affinity:\t")
    required = (affinity or {}).get("required")
    if required is None:
        w.write_line("<none>")
        return
    w.write_line("")
    w.write(LEVEL_1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.write_line("<none>")
        return
    w.write_line("")
    for i, term in enumerate(terms):
        w.write(LEVEL_2, f"Term {i}:\t")
        reqs = term.get("matchExpressions") or []
        if not reqs:
            w.write_line("<none>")
        for j, req in enumerate(reqs):
            if j:
                w.write(LEVEL_2, "\t")
            text = f"{req['key']} {req['operator'].lower()}"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(LEVEL_0, f"{text}\n")


def describe_persistent_volume_claim(pvc: PersistentVolumeClaim, view: View) -> str:
    w = PrefixWriter()
    meta, spec = pvc.metadata, pvc.spec
    assert spec is not None
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    w.write(LEVEL_0, f"StorageClass:\t{columns.storage_class_of(pvc)}\n")
    _status(w, pvc, view)
    w.write(LEVEL_0, f"Volume:\t{spec.volume_name or ''}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"Finalizers:\t{_finalizers(meta.finalizers)}\n")
    capacity, modes = columns.pvc_capacity_and_modes(pvc)
    w.write(LEVEL_0, f"Capacity:\t{capacity}\n")
    w.write(LEVEL_0, f"Access Modes:\t{modes}\n")
    if spec.volume_mode is not None:
        w.write(LEVEL_0, f"VolumeMode:\t{spec.volume_mode}\n")
    users = [p.metadata.name for p in view.api.list(Pod, meta.namespace)
             if any(v.persistent_volume_claim is not None and v.persistent_volume_claim.claim_name == meta.name
                    for v in (p.spec.volumes if p.spec else None) or ())]
    w.write(LEVEL_0, "Used By:\t")
    if not users:
        w.write_line("<none>")
    for i, name in enumerate(users):
        if i:
            w.write(LEVEL_0, "\t")
        w.write(LEVEL_0, f"{name}\n")
    events.section(w, view, pvc)
    return w.text()


def describe_storage_class(sc: StorageClass, view: View) -> str:
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{sc.metadata.name}\n")
    w.write(LEVEL_0, f"IsDefaultClass:\t{'Yes' if columns.is_default_class(sc) else 'No'}\n")
    w.write(LEVEL_0, f"Annotations:\t{format_labels(sc.metadata.annotations)}\n")
    w.write(LEVEL_0, f"Provisioner:\t{sc.provisioner}\n")
    w.write(LEVEL_0, f"Parameters:\t{format_labels(sc.parameters)}\n")
    expansion = sc.allow_volume_expansion
    w.write(LEVEL_0, f"AllowVolumeExpansion:\t{'<unset>' if expansion is None else str(expansion)}\n")
    if not sc.mount_options:
        w.write(LEVEL_0, "MountOptions:\t<none>\n")
    else:
        w.write(LEVEL_0, "MountOptions:\n")
        for option in sc.mount_options:
            w.write(LEVEL_1, f"{option}\n")
    if sc.reclaim_policy is not None:
        w.write(LEVEL_0, f"ReclaimPolicy:\t{sc.reclaim_policy}\n")
    if sc.volume_binding_mode is not None:
        w.write(LEVEL_0, f"VolumeBindingMode:\t{sc.volume_binding_mode}\n")
    events.section(w, view, sc)
    return w.text()
