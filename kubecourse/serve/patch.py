"""The three PATCH formats kubectl and the Python client send, applied to an object's wire dict.

- JSON merge patch (RFC 7386, `application/merge-patch+json`): `kubectl label`, `annotate`,
  `scale`, `patch --type=merge`. Maps merge, null deletes, everything else replaces.
- JSON patch (RFC 6902, `application/json-patch+json`): `kubectl rollout undo`,
  `patch --type=json`.
- Strategic merge patch (`application/strategic-merge-patch+json`): client-side `apply`,
  `set image`, `rollout pause|restart`, `patch` by default, and the Python client's patch
  calls. Models kubernetes/kubernetes:
  staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (StrategicMergePatch):
  lists with a merge key (containers by name, container ports by containerPort, ...) merge
  item by item; `$setElementOrder/<list>` orders the result; `$patch: delete|replace`,
  `$retainKeys` and `$deleteFromPrimitiveList/<list>` are honoured; null deletes. The merge
  keys are the same table client-side apply uses (kubecourse/kubectl/apply.py), until the
  vendored OpenAPI's x-kubernetes-patch-merge-key replaces it.
"""

from __future__ import annotations

import copy
from typing import Any

from kubecourse.api.errors import StatusError, bad_request
from kubecourse.kubectl.apply import PatchMeta, Path, builtin_patch_meta

DIRECTIVE = "$patch"
SET_ORDER = "$setElementOrder/"
DELETE_PRIMITIVES = "$deleteFromPrimitiveList/"
RETAIN_KEYS = "$retainKeys"
# Map fields (`map[string]string` with omitempty in the Go types): a patch that leaves one empty
# (`kubectl label pod x app-` on its last label) leaves no `labels: {}` behind, since the
# server decodes the patched JSON into Go types and encodes them again. Struct fields such
# as `resources: {}` stay.
OMITTED_WHEN_EMPTY = frozenset({"labels", "annotations", "selector", "nodeSelector", "matchLabels", "data",
                                "binaryData", "stringData"})


# --- JSON merge patch -----------------------------------------------------------------------


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 MergePatch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
            continue
        result[key] = merge_patch(result.get(key), value)
        if result[key] == {} and key in OMITTED_WHEN_EMPTY:
            del result[key]
    return result


# --- JSON patch -----------------------------------------------------------------------------


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise bad_request(f'the server rejected our request due to an error in our request: invalid path "{path}"')
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _parent(doc: Any, tokens: list[str], path: str) -> Any:
    node = doc
    for tok in tokens[:-1]:
        if isinstance(node, list):
            node = node[int(tok)]
        elif isinstance(node, dict) and tok in node:
            node = node[tok]
        else:
            raise bad_request(f"the server rejected our request due to an error in our request: "
                              f'jsonpatch: "{path}": missing value')
    return node


def _get(doc: Any, path: str) -> Any:
    tokens = _pointer(path)
    if not tokens:
        return doc
    parent, last = _parent(doc, tokens, path), tokens[-1]
    try:
        return parent[int(last)] if isinstance(parent, list) else parent[last]
    except (KeyError, IndexError, ValueError):
        raise bad_request(f"the server rejected our request due to an error in our request: "
                          f'jsonpatch: "{path}": missing value') from None


def _remove(doc: Any, path: str) -> Any:
    value = _get(doc, path)
    tokens = _pointer(path)
    parent = _parent(doc, tokens, path)
    if isinstance(parent, list):
        del parent[int(tokens[-1])]
    else:
        del parent[tokens[-1]]
    return value


def _add(doc: Any, path: str, value: Any, *, replace: bool) -> Any:
    tokens = _pointer(path)
    if not tokens:
        return value
    if replace:
        _get(doc, path)  # replace needs the path to exist
    parent, last = _parent(doc, tokens, path), tokens[-1]
    if isinstance(parent, list):
        index = len(parent) if last == "-" else int(last)
        if replace:
            parent[index] = value
        else:
            parent.insert(index, value)
    else:
        parent[last] = value
    return doc


def json_patch(target: Any, operations: Any) -> Any:
    """RFC 6902: add, remove, replace, move, copy, test, applied in order to a copy."""
    if not isinstance(operations, list):
        raise bad_request("the server rejected our request due to an error in our request: "
                          "json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc = copy.deepcopy(target)
    for op in operations:
        kind, path = op.get("op"), op.get("path", "")
        if kind in ("add", "replace"):
            doc = _add(doc, path, copy.deepcopy(op.get("value")), replace=kind == "replace")
        elif kind == "remove":
            _remove(doc, path)
        elif kind == "move":
            doc = _add(doc, path, _remove(doc, op.get("from", "")), replace=False)
        elif kind == "copy":
            doc = _add(doc, path, copy.deepcopy(_get(doc, op.get("from", ""))), replace=False)
        elif kind == "test":
            if _get(doc, path) != op.get("value"):
                raise StatusError(422, "Invalid", f'the server rejected our request due to an error in our '
                                  f'request: testing value {path} failed')
        else:
            raise bad_request(f"the server rejected our request due to an error in our request: "
                              f'Unexpected kind: {kind}')
    return doc


# --- strategic merge patch ------------------------------------------------------------------


def strategic_merge(target: Any, patch: Any, meta: PatchMeta = builtin_patch_meta, path: Path = ()) -> Any:
    """StrategicMergePatch of one map."""
    if not isinstance(patch, dict):
        return patch
    if patch.get(DIRECTIVE) == "replace":
        return {k: v for k, v in patch.items() if k != DIRECTIVE}
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if key in (DIRECTIVE, RETAIN_KEYS) or key.startswith(SET_ORDER):
            continue
        if key.startswith(DELETE_PRIMITIVES):
            name = key[len(DELETE_PRIMITIVES):]
            result[name] = [v for v in result.get(name) or () if v not in value]
            continue
        if value is None or (isinstance(value, dict) and value.get(DIRECTIVE) == "delete"):
            result.pop(key, None)
            continue
        current = result.get(key)
        field = meta((*path, key))
        if isinstance(value, dict):
            result[key] = strategic_merge(current, value, meta, (*path, key))
            if result[key] == {} and key in OMITTED_WHEN_EMPTY:
                del result[key]
        elif isinstance(value, list) and field.merge_key:
            result[key] = _merge_list(current if isinstance(current, list) else [], value, field.merge_key,
                                      meta, (*path, key))
        else:
            result[key] = value
    for key, order in patch.items():
        if key.startswith(SET_ORDER) and isinstance(result.get(key[len(SET_ORDER):]), list):
            name = key[len(SET_ORDER):]
            result[name] = _ordered(result[name], order, meta((*path, name)).merge_key)
    retain = patch.get(RETAIN_KEYS)
    if isinstance(retain, list):
        result = {k: v for k, v in result.items() if k in retain}
    return result


def _merge_list(current: list, patch: list, key: str, meta: PatchMeta, path: Path) -> list:
    """Items with the merge key merge into the live item of the same key (or are appended);
    `{"$patch": "delete", key: k}` removes one; `{"$patch": "replace"}` replaces the list."""
    if any(isinstance(i, dict) and i.get(DIRECTIVE) == "replace" for i in patch):
        return [i for i in patch if not (isinstance(i, dict) and DIRECTIVE in i)]
    result = list(current)
    for item in patch:
        if not isinstance(item, dict) or key not in item:
            result.append(item)
            continue
        index = next((n for n, live in enumerate(result) if isinstance(live, dict) and live.get(key) == item[key]),
                     None)
        if item.get(DIRECTIVE) == "delete":
            if index is not None:
                del result[index]
        elif index is None:
            result.append(strategic_merge({}, item, meta, path))
        else:
            result[index] = strategic_merge(result[index], item, meta, path)
    return result


def _ordered(items: list, order: list, key: str | None) -> list:
    """$setElementOrder: the listed items in the listed order, then the others as they were."""
    if key is None:
        rank = {json_key(v): n for n, v in enumerate(order)}
        return sorted(items, key=lambda v: rank.get(json_key(v), len(rank)))
    rank = {o.get(key): n for n, o in enumerate(order) if isinstance(o, dict)}
    return sorted(items, key=lambda v: rank.get(v.get(key) if isinstance(v, dict) else None, len(rank)))


def json_key(value: Any) -> str:
    return repr(value)
