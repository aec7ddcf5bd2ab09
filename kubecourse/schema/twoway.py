"""The two-way strategic merge patch that turns one version of an object into another.

Models kubernetes/kubernetes: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
(CreateTwoWayMergePatch with DiffOptions{SetElementOrder: true}: diffMaps, handleSliceDiff,
diffListsOfMaps, diffListsOfScalars). `kubectl edit` sends it (and prints it with
--output-patch); the server applies it with kubecourse/schema/merge.py strategic_merge.

What the source says:
- A key the new version dropped is `null`; a changed scalar, a new key and a changed list
  without patch strategy `merge` carry the new value whole; maps recurse and appear only if
  something inside changed.
- A `merge` list of maps sends only its changed and new items, each with its merge key (a
  changed item carries only its changed fields), and `{"$patch":"delete","<key>":...}` for an
  item dropped. Whenever it sends anything, a parallel `$setElementOrder/<field>` lists every
  item's merge key in the new order: image `v1` -> `v2` in the only container is
  `{"$setElementOrder/containers":[{"name":"kubia"}],"containers":[{"image":"v2","name":"kubia"}]}`.
- A `merge` list of scalars (finalizers) sends its new values, `$deleteFromPrimitiveList/<field>`
  for the dropped ones, and `$setElementOrder/<field>` with the whole new list.
"""

from __future__ import annotations

from typing import Any

from kubecourse.schema import merge

PatchMeta = merge.FieldPatchMeta


def two_way_patch(original: dict[str, Any], modified: dict[str, Any], kind: str) -> dict[str, Any]:
    """The strategic patch from `original` to `modified` ({} when they are equal)."""
    return _diff_maps(original, modified, (), kind)


def _diff_maps(original: dict, modified: dict, path: merge.Path, kind: str) -> dict:
    patch: dict[str, Any] = {}
    for key, value in modified.items():
        old = original.get(key)
        if key not in original:
            patch[key] = value
        elif old == value:
            continue
        elif isinstance(old, dict) and isinstance(value, dict):
            sub = _diff_maps(old, value, (*path, key), kind)
            if sub:
                patch[key] = sub
        elif isinstance(old, list) and isinstance(value, list) and merge.field_meta(kind, (*path, key)).merge:
            patch.update(_diff_lists(key, old, value, (*path, key), kind))
        else:
            patch[key] = value
    for key in original:
        if key not in modified:
            patch[key] = None
    return patch


def _diff_lists(key: str, original: list, modified: list, path: merge.Path, kind: str) -> dict[str, Any]:
    """handleSliceDiff for a list with patch strategy merge: the entries it adds to the patch."""
    if not any(isinstance(v, dict) for v in (*original, *modified)):
        added = [v for v in modified if v not in original]
        dropped = [v for v in original if v not in modified]
        out: dict[str, Any] = {}
        if added:
            out[key] = added
        if dropped:
            out[f"{merge.DELETE_FROM_PRIMITIVE_LIST}{key}"] = dropped
        if added or dropped or original != modified:
            out[f"{merge.SET_ELEMENT_ORDER}{key}"] = list(modified)
        return out
    merge_key = merge.field_meta(kind, path).merge_key
    if merge_key is None:
        return {key: modified}
    before = {item.get(merge_key): item for item in original if isinstance(item, dict)}
    wanted = [item.get(merge_key) for item in modified if isinstance(item, dict)]
    items: list[Any] = []
    for item in modified:
        old = before.get(item.get(merge_key))
        if old is None:
            items.append(item)
        elif old != item:
            items.append({**_diff_maps(old, item, path, kind), merge_key: item[merge_key]})
    items += [{merge.PATCH: "delete", merge_key: k} for k in before if k not in wanted]
    order_changed = [k for k in before if k in wanted] != [k for k in wanted if k in before]
    if not items and not order_changed:
        return {}
    out = {f"{merge.SET_ELEMENT_ORDER}{key}": [{merge_key: k} for k in wanted]}
    if items:
        out[key] = items
    return out
