"""Client-side apply: the last-applied-configuration annotation and the three-way merge.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/util/apply.go
(GetModifiedConfiguration, GetOriginalConfiguration), staging/src/k8s.io/kubectl/pkg/cmd/apply/patcher.go
(patchSimple: a three-way patch with overwrite, sent without a resourceVersion) and
staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (CreateThreeWayMergePatch: merge keys,
retainKeys).

What we learned from the source:
- The annotation holds the manifest as kubectl sent it (namespace filled in by the resource
  builder), with the annotation itself removed and `metadata.annotations` present even when
  empty (`"annotations":{}`), encoded by Go's JSON encoder: compact, keys sorted (an
  unstructured object is a map), HTML characters escaped, and a trailing newline.
- The patch is the union of two diffs: what the manifest changed against the live object
  (additions and changes only), and what the last-applied configuration had that the new
  manifest dropped (deletions only). So a field someone else set (status, `replicas` after
  `kubectl scale` when the manifest never set it) survives, and a field removed from the
  manifest is removed from the live object.
- An empty patch prints `unchanged`; anything else `configured`.

Lists are merged by their strategic-merge key where the schema declares one
(x-kubernetes-patch-merge-key: containers, env, ports, volumes...), replaced whole otherwise;
maps with `patchStrategy: retainKeys` keep only the keys the manifest names. Both come from
the kind's `merge.patch_meta` (kubecourse/schema/merge.py), read from the vendored OpenAPI.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kubecourse.schema import merge

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

PatchMeta = Callable[[merge.Path], merge.FieldPatchMeta]  # merge.patch_meta(kind): the schema's metadata


# --- the annotation --------------------------------------------------------------------------


def encode(doc: dict[str, Any]) -> str:
    """Go's json.Encoder output for an unstructured object: compact, sorted, HTML characters
    escaped, newline-terminated."""
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text + "\n"


def modified_configuration(doc: dict[str, Any], *, annotate: bool = True) -> dict[str, Any]:
    """The manifest carrying its own last-applied-configuration annotation (GetModifiedConfiguration);
    without `annotate` (kubectl diff), the manifest without one."""
    meta = doc.get("metadata") or {}
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != LAST_APPLIED}
    bare = {**doc, "metadata": {**meta, "annotations": annotations}}
    if not annotate:
        return bare
    return {**doc, "metadata": {**meta, "annotations": {**annotations, LAST_APPLIED: encode(bare)}}}


def original_configuration(live: dict[str, Any]) -> dict[str, Any] | None:
    """The last-applied configuration stored on a live object, or None (GetOriginalConfiguration)."""
    text = ((live.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)
    if not text:
        return None
    try:
        original = json.loads(text)
    except json.JSONDecodeError:
        return None
    return original if isinstance(original, dict) else None


# --- the three-way merge -------------------------------------------------------------------


def three_way_merge(
    original: dict[str, Any] | None,
    modified: dict[str, Any],
    current: dict[str, Any],
    meta: PatchMeta,
) -> dict[str, Any]:
    """The live object after the apply patch: `current` changed as `modified` asks, minus what
    `original` had and `modified` dropped. Equal to `current` exactly when the patch is `{}`."""
    return _merge_maps(original or {}, modified, current, (), meta)


def _merge_maps(original: dict, modified: dict, current: dict, path: merge.Path, meta: PatchMeta) -> dict:
    result = dict(current)
    for key in original:
        if key not in modified:
            result.pop(key, None)  # dropped from the manifest since the last apply
    for key, value in modified.items():
        if value is None:
            result.pop(key, None)  # an explicit null deletes
            continue
        result[key] = _merge_values(original.get(key), value, current.get(key), (*path, key), meta)
    return result


def _merge_values(original: Any, modified: Any, current: Any, path: merge.Path, meta: PatchMeta) -> Any:
    field = meta(path)
    if isinstance(modified, dict) and isinstance(current, dict):
        merged = _merge_maps(original if isinstance(original, dict) else {}, modified, current, path, meta)
        if field.retain_keys and merged != current:
            merged = {k: v for k, v in merged.items() if k in modified}
        return merged
    if isinstance(modified, list) and isinstance(current, list) and field.merge_key:
        return _merge_lists(original if isinstance(original, list) else [], modified, current, path,
                            field, meta)
    return modified


def _merge_lists(original: list, modified: list, current: list, path: merge.Path, field: merge.FieldPatchMeta,
                 meta: PatchMeta) -> list:
    """Items matched by the merge key: the manifest's items in its order, each merged into the
    live item of the same key; then live items nobody applied (added by others), unless the
    last apply had them and this manifest dropped them."""
    key = field.merge_key

    def keyed(items: list) -> dict[Any, dict]:
        return {item[key]: item for item in items if isinstance(item, dict) and key in item}

    before, live = keyed(original), keyed(current)
    wanted = keyed(modified)
    result = []
    for item in modified:
        k = item.get(key) if isinstance(item, dict) else None
        if k is None or k not in live:
            result.append(item)
            continue
        merged = _merge_maps(before.get(k, {}), item, live[k], path, meta)
        if field.retain_keys and merged != live[k]:
            merged = {f: v for f, v in merged.items() if f in item}
        result.append(merged)
    for item in current:
        k = item.get(key) if isinstance(item, dict) else None
        if k is not None and k not in wanted and k not in before:
            result.append(item)
    return result


def merge_patch(current: Any, merged: Any) -> Any:
    """The JSON merge patch that turns `current` into `merged` (shown in apply's error texts)."""
    if not (isinstance(current, dict) and isinstance(merged, dict)):
        return merged
    patch: dict[str, Any] = {k: None for k in current if k not in merged}
    for k, v in merged.items():
        if k not in current or current[k] != v:
            patch[k] = merge_patch(current.get(k), v)
    return patch
