"""Strategic merge: each field's patch metadata from the schema, and applying a strategic patch.

Models kubernetes/kubernetes: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
(StrategicMergePatch: mergeMap, mergeSlice, mergeSliceWithSpecialElements, normalizeElementOrder,
mergeSortedSlice) and meta.go (PatchMetaFromOpenAPI: x-kubernetes-patch-merge-key and
x-kubernetes-patch-strategy, read from the same OpenAPI schema the server publishes).

What the source says:
- A list merges only where the schema says `x-kubernetes-patch-strategy: merge`; its items
  are matched by `x-kubernetes-patch-merge-key` (containers, env and volumes by name, a
  container's ports by containerPort, a Service's ports by port). Any other list is replaced
  whole. A list of scalars with strategy merge (finalizers) becomes the union, deduplicated.
- Order after a merge: the patch's items in the patch's order (or in `$setElementOrder/<field>`
  when the patch sends it, as kubectl apply and set do), interleaved with the items only the
  server had, which keep their relative order (normalizeElementOrder). mergeSortedSlice takes
  a server item first only when both it and the next patch item were on the server and it
  came first there; so a new item (one the server never had) goes before the server's
  remaining items: `kubectl patch` adding a container to [a] gives [new, a].
- A `null` value deletes a map key. Directives: `$patch: replace|delete` on a map or a list
  item, `$retainKeys`, `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`.
- A patch item without its list's merge key is an error:
  `map: map[image:nginx] does not contain declared merge key: name`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kubecourse.golang import fmt as gofmt
from kubecourse.schema import load

Path = tuple[str, ...]  # field names from the object's root; list items and map values add nothing

PATCH = "$patch"
RETAIN_KEYS = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/"
SET_ELEMENT_ORDER = "$setElementOrder/"


class PatchError(ValueError):
    """A patch the server cannot apply; the message is the server's."""


@dataclass(frozen=True)
class FieldPatchMeta:
    merge_key: str | None = None  # list items are matched by this field ("name" for containers)
    retain_keys: bool = False  # `patchStrategy: retainKeys` (a union: Deployment.spec.strategy, volumes)
    merge: bool = False  # `patchStrategy: merge`: the list merges instead of being replaced
    list_type: str | None = None  # x-kubernetes-list-type: atomic, set or map (server-side apply)


REPLACE = FieldPatchMeta()


def _schema_of_kind(kind: str) -> load.Schema | None:
    for group, version in (("", "v1"), ("apps", "v1"), ("coordination.k8s.io", "v1"), ("discovery.k8s.io", "v1")):
        name = load.name_of(group, version, kind)
        if name is not None:
            return load.schemas()[name]
    return None  # a subresource's kind (autoscaling/v1 Scale) is not vendored: plain map merges


@functools.lru_cache(maxsize=4096)
def field_meta(kind: str, path: Path) -> FieldPatchMeta:
    """The patch metadata of the field at `path` in `kind` (REPLACE for an unknown field)."""
    schema = _schema_of_kind(kind)
    node = load.field(schema, path) if path and schema is not None else None
    if node is None:
        return REPLACE
    strategy = node.get("x-kubernetes-patch-strategy", "").split(",")
    return FieldPatchMeta(node.get("x-kubernetes-patch-merge-key"), "retainKeys" in strategy, "merge" in strategy,
                          node.get("x-kubernetes-list-type"))


def patch_meta(kind: str) -> Callable[[Path], FieldPatchMeta]:
    """A `path -> FieldPatchMeta` lookup for one kind (what client-side apply's merge takes)."""
    return functools.partial(field_meta, kind)


def merge_key(kind: str, path: str | Sequence[str]) -> str | None:
    """`merge_key("Deployment", "spec.template.spec.containers")` -> "name"."""
    parts = tuple(path.split(".")) if isinstance(path, str) else tuple(path)
    return field_meta(kind, parts).merge_key


def strategic_merge(original: dict[str, Any], patch: dict[str, Any], kind: str) -> dict[str, Any]:
    """`original` with a strategic merge patch applied (PATCH with
    application/strategic-merge-patch+json). Raises PatchError for a patch the server rejects."""
    return _merge_map(original, patch, (), patch_meta(kind))


def _merge_map(original: dict, patch: dict, path: Path, meta: Callable[[Path], FieldPatchMeta]) -> dict:
    directive = patch.get(PATCH)
    if directive == "replace":
        return {k: v for k, v in patch.items() if k != PATCH}
    if directive not in (None, "merge"):
        raise PatchError(f"Unknown patch type: {directive} in map: {gofmt.value(patch)}")
    result = dict(original)
    if RETAIN_KEYS in patch:
        keep = set(patch[RETAIN_KEYS] or ())
        result = {k: v for k, v in result.items() if k in keep}
    for key, value in patch.items():
        if key.startswith(DELETE_FROM_PRIMITIVE_LIST):
            name = key.removeprefix(DELETE_FROM_PRIMITIVE_LIST)
            if isinstance(result.get(name), list):
                result[name] = [v for v in result[name] if v not in value]
    for key, value in patch.items():
        if key in (PATCH, RETAIN_KEYS) or key.startswith((DELETE_FROM_PRIMITIVE_LIST, SET_ELEMENT_ORDER)):
            continue
        if value is None:
            result.pop(key, None)
            continue
        sub = (*path, key)
        current = result.get(key)
        if isinstance(value, dict) and value.get(PATCH) == "delete":
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(current, dict):
            result[key] = _merge_map(current, value, sub, meta)
        elif isinstance(value, dict):
            result[key] = _merge_map({}, value, sub, meta)
        elif isinstance(value, list) and isinstance(current, list) and meta(sub).merge:
            result[key] = _merge_list(current, value, sub, meta)
        elif isinstance(value, list) and meta(sub).merge:
            result[key] = _merge_list([], value, sub, meta)
        else:
            result[key] = value
    for key, order in patch.items():
        name = key.removeprefix(SET_ELEMENT_ORDER)
        if key.startswith(SET_ELEMENT_ORDER) and isinstance(order, list) and isinstance(result.get(name), list):
            field = meta((*path, name))
            result[name] = _set_element_order(result[name], order, original.get(name) or [], field.merge_key)
    return result


def _set_element_order(items: list, order: list, original: list, key: str | None) -> list:
    """mergePatchIntoOriginal: the listed items in the listed order, merged with the others by
    their places in the server's list."""
    def ident(item: Any) -> Any:
        return item.get(key) if key is not None and isinstance(item, dict) else item

    wanted = [ident(o) for o in order]
    return _order([i for i in items if ident(i) in wanted], [i for i in items if ident(i) not in wanted],
                  original, ident, wanted)


def _merge_list(original: list, patch: list, path: Path, meta: Callable[[Path], FieldPatchMeta]) -> list:
    key = meta(path).merge_key
    if not any(isinstance(v, dict) for v in (*original, *patch)):
        merged = list(dict.fromkeys((*original, *patch)))
        return _order([v for v in merged if v in patch], [v for v in merged if v not in patch], original,
                      lambda v: v, list(patch))
    if key is None:
        raise PatchError(f"cannot merge lists without merge key for {'.'.join(path)}")
    if any(isinstance(item, dict) and item.get(PATCH) == "replace" for item in patch):
        return [item for item in patch if not (isinstance(item, dict) and item.get(PATCH) == "replace")]
    result = list(original)
    for item in patch:
        if not isinstance(item, dict) or key not in item:
            raise PatchError(f"map: {gofmt.value(item)} does not contain declared merge key: {key}")
        at = next((i for i, o in enumerate(result) if isinstance(o, dict) and o.get(key) == item[key]), None)
        if item.get(PATCH) == "delete":
            result = [o for o in result if not (isinstance(o, dict) and o.get(key) == item[key])]
        elif at is None:
            result.append(_merge_map({}, item, path, meta))
        else:
            result[at] = _merge_map(result[at], item, path, meta)
    wanted = [item[key] for item in patch if item.get(PATCH) != "delete"]
    return _order([o for o in result if o.get(key) in wanted], [o for o in result if o.get(key) not in wanted],
                  original, lambda o: o.get(key) if isinstance(o, dict) else o, wanted)


def _order(from_patch: list, server_only: list, original: list, ident: Callable[[Any], Any],
           patch_order: list | None = None) -> list:
    """normalizeElementOrder + mergeSortedSlice: patch items in patch order, merged with the
    server-only items by their positions in the original list."""
    server_order = [ident(o) for o in original]
    if patch_order is not None:
        from_patch = sorted(from_patch, key=lambda o: patch_order.index(ident(o)))

    def index(item: Any) -> int:
        return server_order.index(ident(item)) if ident(item) in server_order else -1

    out: list = []
    i = j = 0
    while i < len(from_patch) or j < len(server_only):
        if j >= len(server_only):
            out.append(from_patch[i])
            i += 1
        elif i >= len(from_patch) or 0 <= index(server_only[j]) < index(from_patch[i]):
            out.append(server_only[j])
            j += 1
        else:
            out.append(from_patch[i])
            i += 1
    return out
