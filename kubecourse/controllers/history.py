"""ControllerRevisions: the template history of StatefulSets (and DaemonSets).

Models kubernetes/kubernetes: pkg/controller/history/controller_history.go
(ControllerRevisionHashLabel, HashControllerRevision, ControllerRevisionName) and
pkg/controller/statefulset/stateful_set_utils.go getPatch: a revision's data is the JSON of
`{"spec":{"template":...,"$patch":"replace"}}` as Go writes it (the typed template encoded,
decoded into maps, marshalled again: keys sorted, no spaces, a zero creationTimestamp as null
and a container's empty resources as {}), and its name is `<owner>-<hash>`, the hash being
FNV-1 (32 bits) of those bytes and the collision count in decimal, safe-encoded. Equal bytes
give the name a real cluster gives, and let kubectl's rollback compare revisions as upstream.
"""

from __future__ import annotations

import json
from typing import Any

from kubecourse.api.models.core import PodTemplateSpec
from kubecourse.controllers.deployment.util import safe_encode_string

HASH_LABEL = "controller.kubernetes.io/hash"


def fnv32(data: bytes) -> int:
    """FNV-1, 32 bits (Go's hash/fnv New32): multiply, then xor."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h * 0x01000193) & 0xFFFFFFFF) ^ byte
    return h


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def template_patch(template: PodTemplateSpec) -> dict[str, Any]:
    """getPatch: the template as Go encodes it, to replace the owner's whole template."""
    wire = template.to_wire()
    spec = dict(wire.get("spec") or {})
    for key in ("initContainers", "containers"):
        if key in spec:
            spec[key] = [{"resources": {}, **c} for c in spec[key]]
    wire = {**wire, "metadata": {"creationTimestamp": None, **(wire.get("metadata") or {})}, "spec": spec}
    return _sorted({"spec": {"template": {**wire, "$patch": "replace"}}})


def raw(data: dict[str, Any]) -> bytes:
    """The revision's data as stored (Data.Raw)."""
    return json.dumps(data, separators=(",", ":")).encode()


def hash_revision(data: dict[str, Any], collision_count: int | None) -> str:
    """HashControllerRevision."""
    payload = raw(data) + (str(collision_count).encode() if collision_count is not None else b"")
    return safe_encode_string(str(fnv32(payload)))


def revision_template(data: dict[str, Any] | None) -> PodTemplateSpec:
    """ApplyRevision: the template the revision's patch sets."""
    template = {k: v for k, v in ((data or {}).get("spec") or {}).get("template", {}).items() if k != "$patch"}
    meta = {k: v for k, v in (template.get("metadata") or {}).items() if v is not None}
    return PodTemplateSpec.model_validate({**template, "metadata": meta})
