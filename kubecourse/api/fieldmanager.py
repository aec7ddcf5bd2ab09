"""Field managers: who owns which field (metadata.managedFields), and server-side apply.

Models kubernetes/kubernetes: staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal
(structuredmerge.go Update/Apply, managedfieldsupdater.go, stripmeta.go, lastappliedmanager.go,
lastappliedupdater.go, conflict.go NewConflictError/printManager, managedfields.go
BuildManagerIdentifier and sortEncodedManagedFields) and sigs.k8s.io/structured-merge-diff
(typed/tofieldset.go, typed/compare.go, typed/merge.go, merge/update.go Updater, fieldpath
serialize.go and path.go).

What we learned from the source:
- A field set is a set of paths: `f:<field>`, `k:{"name":"kubia"}` for an item of a list of
  type map (keys from x-kubernetes-list-map-keys), `v:"x"` for an item of a set. FieldsV1
  writes it as nested objects, `.` marking a path that is itself in the set and has children.
- An Update (create, PUT, PATCH) makes its manager own what it added or changed, compared
  with the object before (a create compares with Go's zero object, whose non-pointer structs
  exist: so a Deployment's `f:strategy` has no `.` and `f:rollingUpdate` has one). Every other
  manager loses those fields (an update never conflicts), and everyone loses what it removed.
  The entry's time moves only when it took something.
- An Apply owns exactly the fields of its configuration (ToFieldSet: leaves, list items, map
  entries). The configuration is merged into the live object; fields this manager applied
  last time, dropped now and owned by nobody else, are removed. A field that changes value and
  is owned by another manager is a conflict, unless forced: the others then lose it.
- Conflicts are a 409 whose message names the manager: `Apply failed with 1 conflict:
  conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas` (an Update
  manager is named with its apiVersion; an Apply manager by its name alone).
- For the manager `kubectl` only: conflicts on fields whose live value still equals the
  last-applied-configuration annotation are forgiven (upgrading from client-side apply), and
  an existing annotation is rewritten to the applied configuration.
- apiVersion, kind and metadata's name, namespace, uid, resourceVersion, generation,
  creationTimestamp and managedFields are never owned; status is not owned through the main
  resource. Entries sort by operation (Apply before Update), time, manager.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kubecourse.api import errors, kinds
from kubecourse.golang import fmt as gofmt
from kubecourse.schema import load

Path = tuple[str, ...]
FieldSet = set[Path]
Ident = tuple[str, str, str, str]  # manager, operation, apiVersion ("" for Apply), subresource

APPLY, UPDATE = "Apply", "Update"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
UPGRADING_MANAGER = "kubectl"
_MISSING = object()
# Map keys the apiserver defaults before keying an applied item (1.32 defaults list-map keys
# with a default: `ports: [{containerPort: 8080}]` is the item {"containerPort":8080,"protocol":"TCP"}).
_KEY_DEFAULTS = {"protocol": "TCP"}
_STRIPPED_META = ("name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                  "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds")

def zero_object(kind: str) -> dict[str, Any]:
    """Go's zero object of a kind as the apiserver's converter writes it (a create is compared
    against this); its spec is the kinds table's `zero_spec`."""
    zero: dict[str, Any] = {"metadata": {"creationTimestamp": None}}
    spec = kinds.by_kind(kind).zero_spec if kinds.is_kind(kind) else None
    if spec is not None:
        zero["spec"] = spec
    return zero


# --- walking a value with its schema ---------------------------------------------------------


def _schema(api_version: str, kind: str) -> load.Schema:
    group, _, version = api_version.rpartition("/")
    name = load.name_of(group, version, kind)
    return {"$ref": load.REF_PREFIX + name} if name else {}


def _atomic(node: load.Schema) -> bool:
    schema = load.resolve(node)
    return "atomic" in (node.get("x-kubernetes-map-type"), schema.get("x-kubernetes-map-type"),
                        node.get("x-kubernetes-list-type"), schema.get("x-kubernetes-list-type"))


def _child(node: load.Schema, key: str) -> tuple[load.Schema, bool]:
    """The schema of a map's entry and whether it is a declared struct field."""
    schema = load.resolve(node)
    props = schema.get("properties") or {}
    if key in props:
        return props[key], True
    extra = schema.get("additionalProperties")
    return (extra if isinstance(extra, dict) else {}), False


def _item_element(node: load.Schema, item: Any, index: int) -> str:
    """The path element of a list item: `k:{...}` for a list of type map, `v:...` for a set."""
    schema = load.resolve(node)
    keys = node.get("x-kubernetes-list-map-keys") or schema.get("x-kubernetes-list-map-keys")
    if keys and isinstance(item, dict):
        values = {k: item.get(k, _KEY_DEFAULTS.get(k)) for k in sorted(keys)}
        return "k:" + json.dumps({k: v for k, v in values.items() if v is not None}, separators=(",", ":"))
    if (node.get("x-kubernetes-list-type") or schema.get("x-kubernetes-list-type")) == "set":
        return "v:" + json.dumps(item, separators=(",", ":"))
    return f"i:{index}"


def _items(node: load.Schema) -> load.Schema:
    return load.resolve(node).get("items") or {}


def _is_struct_or_map(node: load.Schema) -> bool:
    schema = load.resolve(node)
    return "properties" in schema or isinstance(schema.get("additionalProperties"), dict)


def to_field_set(value: dict[str, Any], api_version: str, kind: str) -> FieldSet:
    """typed.ToFieldSet of an applied configuration, stripped as the apiserver strips it."""
    out: FieldSet = set()
    _to_set(value, _schema(api_version, kind), (), out)
    return _owned(out)


def _to_set(value: Any, node: load.Schema, path: Path, out: FieldSet) -> None:
    if isinstance(value, dict) and not _atomic(node) and _is_struct_or_map(node):
        for key, sub in value.items():
            child, declared = _child(node, key)
            p = (*path, f"f:{key}")
            _to_set(sub, child, p, out)
            if sub is None or (isinstance(sub, dict) and not sub) or not declared:
                out.add(p)
    elif isinstance(value, list) and not _atomic(node) and "items" in load.resolve(node):
        for i, item in enumerate(value):
            p = (*path, _item_element(node, item, i))
            _to_set(item, _items(node), p, out)
            out.add(p)
    elif value is not None and path:
        out.add(path)


def compare(lhs: Any, rhs: Any, api_version: str, kind: str) -> tuple[FieldSet, FieldSet]:
    """typed.Compare: (added or modified, removed) from `lhs` to `rhs`, both stripped."""
    changed: FieldSet = set()
    removed: FieldSet = set()
    _compare(lhs, rhs, _schema(api_version, kind), (), changed, removed)
    return _owned(changed), _owned(removed)


def _compare(lhs: Any, rhs: Any, node: load.Schema, path: Path, changed: FieldSet, removed: FieldSet) -> None:
    if lhs is _MISSING and rhs is _MISSING:
        return
    dicts = isinstance(lhs, dict) or isinstance(rhs, dict)
    lists = isinstance(lhs, list) or isinstance(rhs, list)
    empty = not lhs and not rhs and lhs is not _MISSING and rhs is not _MISSING
    if _atomic(node) or empty or not (dicts or lists) or not (_is_struct_or_map(node) or lists):
        if lhs is _MISSING:
            changed.add(path)
        elif rhs is _MISSING:
            removed.add(path)
        elif lhs != rhs:
            changed.add(path)
        return
    if lhs is _MISSING and path:
        changed.add(path)
    elif rhs is _MISSING and path:
        removed.add(path)
    if dicts:
        left = lhs if isinstance(lhs, dict) else {}
        right = rhs if isinstance(rhs, dict) else {}
        for key in [*left, *(k for k in right if k not in left)]:
            _compare(left.get(key, _MISSING), right.get(key, _MISSING), _child(node, key)[0], (*path, f"f:{key}"),
                     changed, removed)
        return
    left_items = {_item_element(node, v, i): v for i, v in enumerate(lhs if isinstance(lhs, list) else [])}
    right_items = {_item_element(node, v, i): v for i, v in enumerate(rhs if isinstance(rhs, list) else [])}
    for element in [*left_items, *(e for e in right_items if e not in left_items)]:
        _compare(left_items.get(element, _MISSING), right_items.get(element, _MISSING), _items(node),
                 (*path, element), changed, removed)


def _owned(paths: FieldSet) -> FieldSet:
    """stripmeta.go plus the status reset of the main resource: what nobody owns."""
    return {p for p in paths if p and p[0] not in ("f:apiVersion", "f:kind", "f:status")
            and p != ("f:metadata",) and not (p[0] == "f:metadata" and p[1][2:] in _STRIPPED_META)}


# --- FieldsV1 ------------------------------------------------------------------------------


def encode(paths: Iterable[Path]) -> dict[str, Any]:
    """A field set as FieldsV1."""
    members = set(paths)
    root: dict[str, Any] = {}
    for path in sorted(members):
        node = root
        for i, element in enumerate(path):
            node = node.setdefault(element, {})
            if path[: i + 1] in members and i + 1 < len(path):
                node["."] = {}
    return root


def decode(fields: dict[str, Any], prefix: Path = ()) -> FieldSet:
    out: FieldSet = set()
    for element, sub in fields.items():
        if element == ".":
            out.add(prefix)
            continue
        path = (*prefix, element)
        if not sub:
            out.add(path)
        else:
            out |= decode(sub, path)
    return out


def path_string(path: Path) -> str:
    """fieldpath.Path.String(): `.spec.template.spec.containers[name="kubia"].image`."""
    text = ""
    for element in path:
        tag, value = element[:1], element[2:]
        if tag == "f":
            text += f".{value}"
        elif tag == "k":
            text += "[" + ",".join(f"{k}={json.dumps(v, separators=(',', ':'))}"
                                   for k, v in json.loads(value).items()) + "]"
        elif tag == "v":
            text += f"[={value}]"
        else:
            text += f"[{value}]"
    return text


# --- the managers of one object --------------------------------------------------------------

Managers = dict[Ident, tuple[FieldSet, str | None]]  # identity -> (fields, time)


def managers_of(entries: list[dict[str, Any]] | None) -> Managers:
    out: Managers = {}
    for e in entries or ():
        ident = (e.get("manager", ""), e.get("operation", ""), "" if e.get("operation") == APPLY
                 else e.get("apiVersion", ""), e.get("subresource", ""))
        out[ident] = (decode(e.get("fieldsV1") or {}), e.get("time"))
    return out


def entries_of(managers: Managers, api_version: str) -> list[dict[str, Any]]:
    """The managedFields list, sorted as sortEncodedManagedFields sorts it."""
    out = []
    for (manager, operation, version, subresource), (fields, time) in managers.items():
        if not fields:
            continue
        entry: dict[str, Any] = {"apiVersion": version or api_version, "fieldsType": "FieldsV1",
                                 "fieldsV1": encode(fields), "manager": manager, "operation": operation}
        if subresource:
            entry["subresource"] = subresource
        if time is not None:
            entry["time"] = time
        out.append(entry)
    return sorted(out, key=lambda e: (e["operation"], e.get("time") or "", e["manager"], e["apiVersion"],
                                      e.get("subresource", "")))


def record_update(old: dict[str, Any] | None, new: dict[str, Any], manager: str, time: str, *,
                  subresource: str = "") -> list[dict[str, Any]]:
    """The managedFields of `new` after an Update by `manager` (old None: a create)."""
    api_version, kind = new["apiVersion"], new["kind"]
    managers = managers_of((old or {}).get("metadata", {}).get("managedFields"))
    changed, removed = compare(old if old is not None else zero_object(kind), new, api_version, kind)
    managers = {ident: (fields - removed - changed, t) for ident, (fields, t) in managers.items()}
    if changed:
        me = (manager, UPDATE, api_version, subresource)
        managers[me] = (managers.get(me, (set(), None))[0] | changed, time)
    return entries_of(managers, api_version)


class Conflicts(Exception):
    """An apply that would change fields other managers own."""

    def __init__(self, conflicts: list[tuple[Ident, Path]]) -> None:
        super().__init__(conflicts)
        self.conflicts = conflicts


def apply(live: dict[str, Any] | None, config: dict[str, Any], manager: str, time: str, *,
          force: bool) -> dict[str, Any]:
    """The object after `manager` applies `config` (its managedFields included); raises
    Conflicts, or the 409 StatusError the apiserver answers, when it may not."""
    api_version, kind = config["apiVersion"], config["kind"]
    try:
        return _apply(live, config, manager, time, force)
    except Conflicts as e:
        allowed = _allowed_by_last_applied(live, api_version, kind) if manager == UPGRADING_MANAGER else set()
        left = [(ident, path) for ident, path in e.conflicts if path not in allowed]
        if left:
            raise conflict_error(left, kind, (live or config)["metadata"]["name"]) from None
    return _apply(live, config, manager, time, True)


def _apply(live: dict[str, Any] | None, config: dict[str, Any], manager: str, time: str,
           force: bool) -> dict[str, Any]:
    api_version, kind = config["apiVersion"], config["kind"]
    base = live if live is not None else {}
    managers = managers_of(base.get("metadata", {}).get("managedFields"))
    me: Ident = (manager, APPLY, "", "")
    applied = to_field_set(config, api_version, kind)
    node = _schema(api_version, kind)
    merged = _merge(base, {k: v for k, v in config.items() if k != "status"}, node)
    previous = managers.get(me, (set(), None))[0]
    others = set().union(*(f for ident, (f, _) in managers.items() if ident != me)) if managers else set()
    for path in sorted(previous - applied - others, key=len, reverse=True):
        merged = _remove(merged, path)
    changed, removed = compare(live if live is not None else zero_object(kind), merged, api_version, kind)
    conflicts = sorted(((ident, path) for ident, (fields, _) in managers.items() if ident != me
                        for path in fields & changed), key=lambda c: (c[0], c[1]))
    if conflicts and not force:
        raise Conflicts(conflicts)
    managers = {ident: (fields - removed - (changed if ident != me else set()), t)
                for ident, (fields, t) in managers.items()}
    unchanged = live is not None and _without_managed(merged) == _without_managed(live)
    managers[me] = (applied, managers.get(me, (set(), None))[1] if unchanged and me in managers else time)
    if manager == UPGRADING_MANAGER and LAST_APPLIED in (base.get("metadata", {}).get("annotations") or {}):
        merged = _with_last_applied(merged, config)
    meta = {**merged.get("metadata", {}), "managedFields": entries_of(managers, api_version)}
    return {**merged, "metadata": meta}


def _without_managed(obj: dict[str, Any]) -> dict[str, Any]:
    return {**obj, "metadata": {k: v for k, v in obj.get("metadata", {}).items() if k != "managedFields"}}


def _merge(live: Any, config: Any, node: load.Schema) -> Any:
    """typed.Merge: the configuration's values win; maps and keyed lists merge item by item."""
    if isinstance(live, dict) and isinstance(config, dict) and not _atomic(node) and _is_struct_or_map(node):
        out = dict(live)
        for key, value in config.items():
            out[key] = _merge(live.get(key, _MISSING), value, _child(node, key)[0])
            if out[key] is None:
                del out[key]
        return out
    if isinstance(live, list) and isinstance(config, list) and not _atomic(node) and "items" in load.resolve(node):
        items = {_item_element(node, v, i): v for i, v in enumerate(config)}
        out_list = []
        for i, item in enumerate(live):
            element = _item_element(node, item, i)
            out_list.append(_merge(item, items.pop(element), _items(node)) if element in items else item)
        return out_list + list(items.values())
    return config


def _remove(obj: Any, path: Path) -> Any:
    """The object without the field at `path` (pruning a field the applier dropped)."""
    if not path:
        return obj
    head, rest = path[0], path[1:]
    if isinstance(obj, dict) and head.startswith("f:") and head[2:] in obj:
        key = head[2:]
        if not rest:
            return {k: v for k, v in obj.items() if k != key}
        return {**obj, key: _remove(obj[key], rest)}
    if isinstance(obj, list) and head[:2] in ("k:", "v:"):
        wanted = json.loads(head[2:])
        out = []
        for item in obj:
            match = item == wanted if head.startswith("v:") else (
                isinstance(item, dict) and all(item.get(k) == v for k, v in wanted.items()))
            if not match:
                out.append(item)
            elif rest:
                out.append(_remove(item, rest))
        return out
    return obj


def _allowed_by_last_applied(live: dict[str, Any] | None, api_version: str, kind: str) -> FieldSet:
    """lastAppliedManager: fields of the last-applied configuration whose live value still
    equals it may be taken over by `kubectl` without a conflict."""
    text = ((live or {}).get("metadata", {}).get("annotations") or {}).get(LAST_APPLIED)
    if not text:
        return set()
    try:
        last = json.loads(text)
    except json.JSONDecodeError:
        return set()
    changed, _ = compare(last, live, api_version, kind)
    return to_field_set(last, api_version, kind) - changed


def _with_last_applied(obj: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """lastAppliedUpdater: the annotation becomes the applied configuration (without itself),
    as the apiserver's JSON encoder writes it."""
    meta = config.get("metadata") or {}
    if "annotations" in meta:
        meta = {**meta, "annotations": {k: v for k, v in meta["annotations"].items() if k != LAST_APPLIED}}
    annotations = {**obj["metadata"].get("annotations", {}), LAST_APPLIED: gofmt.marshal({**config, "metadata": meta}) + "\n"}
    return {**obj, "metadata": {**obj["metadata"], "annotations": annotations}}


def conflict_error(conflicts: list[tuple[Ident, Path]], kind: str, name: str) -> errors.StatusError:
    """conflict.go NewConflictError: the 409 the apiserver answers."""
    causes = [errors.Cause(path_string(path), f"conflict with {manager_name(ident)}", "FieldManagerConflict")
              for ident, path in conflicts]
    if len(conflicts) == 1:
        ident, path = conflicts[0]
        message = f"Apply failed with 1 conflict: conflict with {manager_name(ident)}: {path_string(path)}"
    else:
        lines: list[str] = []
        for ident in sorted({ident for ident, _ in conflicts}, key=_identifier):
            lines.append(f"conflicts with {manager_name(ident)}:")
            lines += [f"- {path_string(path)}" for i, path in conflicts if i == ident]
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    return errors.StatusError(409, "Conflict", message, kind, name, causes=causes)


def manager_name(ident: Ident) -> str:
    """printManager: `"kubectl-edit" using apps/v1`, `"kubectl" with subresource "scale" using
    apps/v1`, `"kubectl"` for an applier (identifiers carry no time)."""
    manager, operation, api_version, subresource = ident
    text = json.dumps(manager)
    if subresource:
        text += f" with subresource {json.dumps(subresource)}"
    return f"{text} using {api_version}" if operation == UPDATE else text


def _identifier(ident: Ident) -> str:
    """BuildManagerIdentifier's JSON, fields in ManagedFieldsEntry's order (what the conflict
    message sorts managers by)."""
    manager, operation, api_version, subresource = ident
    fields = {"manager": manager, "operation": operation}
    if api_version:
        fields["apiVersion"] = api_version
    if subresource:
        fields["subresource"] = subresource
    return json.dumps(fields, separators=(",", ":"))
