"""The scale subresource: the autoscaling/v1 Scale of a Deployment, ReplicaSet or
ReplicationController, and what its decoding refuses.

Models kubernetes/kubernetes: pkg/registry/apps/deployment/storage/storage.go (scaleFromDeployment,
and its ReplicaSet and ReplicationController twins) and, for a replica count past int32,
staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go (jsonPatcher.applyPatchToCurrentObject):
the merge-patched Scale no longer decodes, and the server answers Invalid with no kind or
name and one `patch` cause holding the patched JSON (map keys sorted, as Go marshals a map).
kubectl prints that as `The request is invalid: patch: Invalid value: "...": json: cannot
unmarshal number 2147483648 into Go struct field ScaleSpec.spec.replicas of type int32`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kubecourse.api import errors, fields, selectors
from kubecourse.api.errors import Cause

INT32 = range(-(2**31), 2**31)


def scale_selector(obj: Any) -> str:
    """Scale.status.selector: the label selector as a string (a Deployment's, a ReplicaSet's
    or an RC's map selector)."""
    sel = obj.spec.selector if obj.spec else None
    if isinstance(sel, Mapping) or sel is None:
        return ",".join(f"{k}={v}" for k, v in sorted((sel or {}).items()))
    return ",".join(str(r) for r in selectors.from_label_selector(sel) or ())


def scale_of(obj: Any) -> dict[str, Any]:
    """The autoscaling/v1 Scale of a Deployment, ReplicaSet or RC (registry scaleFromX)."""
    m = obj.metadata
    meta = {k: v for k, v in obj.to_wire()["metadata"].items()
            if k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")}
    return {"kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": meta or {"name": m.name},
            "spec": {"replicas": (obj.spec.replicas if obj.spec else None) or 0},
            "status": {"replicas": (obj.status.replicas if obj.status else None) or 0,
                       "selector": scale_selector(obj)}}


def check_replicas(obj: Any, replicas: int) -> None:
    """Refuse a replica count the Scale's int32 cannot hold, as the patch handler does."""
    if replicas in INT32:
        return
    patched = scale_of(obj)
    patched["spec"]["replicas"] = replicas
    text = json.dumps(patched, sort_keys=True, separators=(",", ":"))
    detail = (f"json: cannot unmarshal number {replicas} into Go struct field ScaleSpec.spec.replicas of type "
              "int32")
    raise errors.invalid("", "", [Cause("patch", f"Invalid value: {fields.go_quote(text)}: {detail}")])
