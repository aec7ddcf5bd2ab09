"""The three PATCH formats, applied to an object's wire dict: what the API server does with a
PATCH request, shared by the served API (kubecourse/serve/rest.py) and kubectl's own writes
(kubectl patch, which patches as the server would).

- JSON merge patch (RFC 7386, `application/merge-patch+json`): `kubectl label`, `annotate`,
  `scale`, `patch --type=merge`. Maps merge, null deletes, everything else replaces.
- JSON patch (RFC 6902, `application/json-patch+json`): `kubectl rollout undo`,
  `patch --type=json`.
- Strategic merge patch (`application/strategic-merge-patch+json`): client-side `apply`,
  `set image`, `rollout pause|restart`, `patch` by default. The merge itself, with the
  schema's merge keys, is kubecourse/schema/merge.py.

Models kubernetes/kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go
(jsonPatcher, smpPatcher, interpretStrategicMergePatchError). What the source says: a
strategic merge error the handler does not classify goes back as it is, which the server
sends as a 500 without a reason (`Error from server: map: ... does not contain declared merge
key: name`). The patched JSON is decoded into Go types and encoded again, so a map field the
patch left empty (`kubectl label pod x app-` on its last label) disappears (omitempty), while
struct fields such as `resources: {}` stay.
"""

from __future__ import annotations

import copy
from typing import Any

from kubecourse.api.errors import StatusError, bad_request
from kubecourse.schema import merge

OMITTED_WHEN_EMPTY = frozenset({"labels", "annotations", "selector", "nodeSelector", "matchLabels", "data",
                                "binaryData", "stringData"})


def strategic_merge(target: dict[str, Any], patch: Any, kind: str) -> dict[str, Any]:
    """StrategicMergePatch with the kind's schema, as the server applies it."""
    if not isinstance(patch, dict):
        raise bad_request("the server rejected our request due to an error in our request: json: cannot unmarshal "
                          "array into Go value of type map[string]interface {}")
    try:
        return _drop_emptied(merge.strategic_merge(target, patch, kind), patch)
    except merge.PatchError as e:
        raise StatusError(500, "", str(e)) from None


def _drop_emptied(result: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """The maps the patch touched and left empty, gone (the Go round trip's omitempty)."""
    out = dict(result)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _drop_emptied(out[key], value)
            if out[key] == {} and key in OMITTED_WHEN_EMPTY:
                del out[key]
    return out


# --- JSON merge patch -----------------------------------------------------------------------


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 MergePatch, as the server applies it."""
    merged = _merge_patch(target, patch)
    return _drop_emptied(merged, patch) if isinstance(merged, dict) and isinstance(patch, dict) else merged


def _merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = _merge_patch(result.get(key), value)
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
        if isinstance(node, list) and tok.isdigit() and int(tok) < len(node):
            node = node[int(tok)]
        elif isinstance(node, dict) and tok in node:
            node = node[tok]
        else:
            raise _missing(path)
    if not isinstance(node, (dict, list)):
        raise _missing(path)
    return node


def _missing(path: str) -> StatusError:
    return bad_request(f'the server rejected our request due to an error in our request: jsonpatch: "{path}": '
                       "missing value")


def _get(doc: Any, path: str) -> Any:
    tokens = _pointer(path)
    if not tokens:
        return doc
    parent, last = _parent(doc, tokens, path), tokens[-1]
    if isinstance(parent, list):
        if not (last.isdigit() and int(last) < len(parent)):
            raise _missing(path)
        return parent[int(last)]
    if last not in parent:
        raise _missing(path)
    return parent[last]


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
        if last != "-" and not (last.isdigit() and int(last) <= len(parent) - replace):
            raise _missing(path)
        index = len(parent) if last == "-" else int(last)
        if replace:
            parent[index] = value
        else:
            parent.insert(index, value)
    else:
        parent[last] = value
    return doc


def _from(op: dict[str, Any]) -> str:
    source = op.get("from", "")
    return source if isinstance(source, str) else "unknown"


def json_patch(target: Any, operations: Any) -> Any:
    """RFC 6902: add, remove, replace, move, copy, test, applied in order to a copy."""
    if not isinstance(operations, list):
        raise bad_request("the server rejected our request due to an error in our request: "
                          "json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc = copy.deepcopy(target)
    for op in operations:
        # an operation that is not an object, or whose op or path is not a string, is of
        # kind "unknown" (evanphx/json-patch Operation.Kind, Operation.Path)
        op = op if isinstance(op, dict) else {}
        kind = op.get("op") if isinstance(op.get("op"), str) else "unknown"
        path = op.get("path", "") if isinstance(op.get("path", ""), str) else "unknown"
        if kind in ("add", "replace"):
            doc = _add(doc, path, copy.deepcopy(op.get("value")), replace=kind == "replace")
        elif kind == "remove":
            _remove(doc, path)
        elif kind == "move":
            doc = _add(doc, path, _remove(doc, _from(op)), replace=False)
        elif kind == "copy":
            doc = _add(doc, path, copy.deepcopy(_get(doc, _from(op))), replace=False)
        elif kind == "test":
            if _get(doc, path) != op.get("value"):
                raise StatusError(422, "Invalid", f'the server rejected our request due to an error in our '
                                  f'request: testing value {path} failed')
        else:
            raise bad_request(f"the server rejected our request due to an error in our request: "
                              f'Unexpected kind: {kind}')
    return doc
