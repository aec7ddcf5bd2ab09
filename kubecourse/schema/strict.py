"""Strict decoding at the API boundary: unknown fields and wrong types, in the server's words.

Models kubernetes/kubernetes: staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json/json.go
(Decode with strict errors), staging/src/k8s.io/apimachinery/pkg/runtime/error.go
(strictDecodingError) and sigs.k8s.io/json (a fork of Go's encoding/json: UnmarshalTypeError,
unknown-field paths); the apiserver wraps the result as `<Kind> in version "<version>" cannot
be handled as a <Kind>: <error>` (BadRequest;
staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go transformDecodeError).

What the source says:
- A value of the wrong JSON type stops nothing but is reported alone: the first one wins over
  any unknown field. Go names it `json: cannot unmarshal <string|number|bool|array|object> into
  Go struct field <Struct>.<path> of type <Go type>`, where Struct is the innermost struct
  holding the field, path the JSON field names from the root without list indexes or map keys
  (`DeploymentSpec.spec.replicas`, `ContainerPort.spec.template.spec.containers.ports.containerPort`,
  `ObjectMeta.metadata.labels`), and a fractional number going into an integer says
  `number 1.5`.
- Otherwise every unknown field is listed, comma-separated, after `strict decoding error: `:
  `unknown field "spec.template.spec.containers[0].imagee"` (list items carry their index).
- Fields are visited in the order of the JSON kubectl sends, which has sorted keys (kubectl
  marshals the manifest as a map).
- Types with their own JSON decoding (IntOrString, Quantity, Time, RawExtension, FieldsV1)
  are not checked here.
- A []byte (format "byte": a Secret's data, a ConfigMap's binaryData) is base64 that Go
  decodes while it unmarshals: bad base64 is `illegal base64 data at input byte N`, and like
  a wrong type the first such error wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kubecourse.schema import load

# Types with a custom UnmarshalJSON: not checked field by field.
CUSTOM = frozenset({
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
})


@dataclass
class _Walk:
    type_errors: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def decode_error(group: str, version: str, kind: str, doc: dict[str, Any]) -> str | None:
    """What the server's strict decoder says about `doc`, or None when it decodes cleanly."""
    name = load.name_of(group, version, kind)
    if name is None:
        return None
    walk = _Walk()
    _visit(walk, doc, {"$ref": load.REF_PREFIX + name}, "", (), kind)
    if walk.type_errors:
        return walk.type_errors[0]
    if walk.unknown:
        return "strict decoding error: " + ", ".join(f'unknown field "{p}"' for p in walk.unknown)
    return None


def _visit(walk: _Walk, value: Any, node: load.Schema, path: str, go_path: tuple[str, ...], struct: str) -> None:
    if value is None or load.ref_name(node) in CUSTOM:
        return
    schema = load.resolve(node)
    expected = _json_type(schema)
    if expected == "struct":
        if not isinstance(value, dict):
            return _type_error(walk, value, node, go_path, struct)
        props = schema.get("properties") or {}
        inner = (load.ref_name(node) or "").rsplit(".", 1)[-1] or struct
        for key in sorted(value):
            sub = f"{path}.{key}" if path else key
            if key in props:
                _visit(walk, value[key], props[key], sub, (*go_path, key), inner)
            else:
                walk.unknown.append(sub)
    elif expected == "array":
        if not isinstance(value, list):
            return _type_error(walk, value, node, go_path, struct)
        for i, item in enumerate(value):
            _visit(walk, item, schema["items"], f"{path}[{i}]", go_path, struct)
    elif expected == "map":
        if not isinstance(value, dict):
            return _type_error(walk, value, node, go_path, struct)
        for key in sorted(value):
            _visit(walk, value[key], schema["additionalProperties"], f"{path}.{key}", go_path, struct)
    elif not _fits(value, expected) or not _in_range(value, schema):
        _type_error(walk, value, node, go_path, struct)
    elif schema.get("format") == "byte" and isinstance(value, str) and (at := base64_error(value.encode())) is not None:
        walk.type_errors.append(f"illegal base64 data at input byte {at}")
    return None


_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_NEWLINES = frozenset(b"\r\n")


def base64_error(src: bytes) -> int | None:
    """Where Go's base64.StdEncoding.Decode (how encoding/json fills a []byte) reports a
    CorruptInputError, or None when `src` decodes: encoding/base64/base64.go decodeQuantum,
    one 4-character quantum at a time, newlines skipped, `=` padding only at the end."""
    si = 0
    while si < len(src):
        j = 0
        while j < 4:
            if si == len(src):
                return None if j == 0 else si - j
            c = src[si]
            si += 1
            if c in _BASE64:
                j += 1
                continue
            if c in _NEWLINES:
                continue
            if c != ord("=") or j < 2:
                return si - 1
            if j == 2:  # "==" expected: the first is read
                while si < len(src) and src[si] in _NEWLINES:
                    si += 1
                if si == len(src):
                    return len(src)
                if src[si] != ord("="):
                    return si - 1
                si += 1
            while si < len(src) and src[si] in _NEWLINES:
                si += 1
            return si if si < len(src) else None
    return None


def _json_type(schema: load.Schema) -> str:
    if "properties" in schema:
        return "struct"
    if "items" in schema:
        return "array"
    if isinstance(schema.get("additionalProperties"), dict):
        return "map"
    return schema.get("type") or "any"


def _fits(value: Any, expected: str) -> bool:
    if expected == "string":
        return not isinstance(value, (bool, int, float, list, dict))
    if expected == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if expected == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == "boolean":
        return isinstance(value, bool)
    return True


def _in_range(value: Any, schema: load.Schema) -> bool:
    """An integer must fit its Go type: 2147483648 does not decode into an int32."""
    bits = {"int32": 31, "int64": 63}.get(schema.get("format") or "")
    if bits is None or not isinstance(value, (int, float)) or isinstance(value, bool):
        return True
    return -(2**bits) <= value < 2**bits


def _type_error(walk: _Walk, value: Any, node: load.Schema, go_path: tuple[str, ...], struct: str) -> None:
    where = f"Go struct field {struct}.{'.'.join(go_path)}" if go_path else "Go value"
    walk.type_errors.append(f"json: cannot unmarshal {_value_kind(value, node)} into {where} of type "
                            f"{go_type(node)}")


def _value_kind(value: Any, node: load.Schema) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return f"number {value}" if _json_type(load.resolve(node)) == "integer" else "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def go_type(node: load.Schema) -> str:
    """The Go type a schema node decodes into, as reflect.Type.String() spells it."""
    name = load.ref_name(node)
    schema = load.resolve(node)
    if name and (name in CUSTOM or "properties" in schema or schema.get("type") in (None, "object")):
        package, _, base = name.rpartition(".")
        return f"{package.rpartition('.')[2]}.{base}"
    if "items" in schema:
        return "[]" + go_type(schema["items"])
    if isinstance(schema.get("additionalProperties"), dict):
        return "map[string]" + go_type(schema["additionalProperties"])
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "integer":
        return fmt if fmt in ("int32", "int64") else "int"
    if kind == "number":
        return "float64"
    if kind == "boolean":
        return "bool"
    if fmt == "byte":
        return "[]uint8"
    return "string"
