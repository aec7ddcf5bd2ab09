"""kubectl 1.32's protobuf request bodies, decoded into the JSON the same command sent in 1.31.

kubectl >= 1.32 builds its typed clients with PrefersProtobuf, so `create deployment`,
`create namespace`, `create configmap`, `create secret generic`, `create service ...` and
`create serviceaccount` POST `application/vnd.kubernetes.protobuf`, with no JSON fallback
(a 415 fails the command; staging/src/k8s.io/client-go/gentype/type.go PrefersProtobuf).
The envelope is 4 magic bytes
`k8s\\0` and a runtime.Unknown {1: typeMeta {1: apiVersion, 2: kind}, 2: raw}; `raw` is
the object's message.

Field numbers are those of k8s.io/api core/v1 and apps/v1 generated.proto and apimachinery
meta/v1, runtime and util/intstr generated.proto, for the messages these commands send and
only those (a field we do not know is skipped). Go writes non-pointer zero values ("" and 0)
explicitly; like JSON's omitempty we drop them, which cannot tell an explicit `0` in a
pointer field from "unset" (the .proto files do not say which Go fields are pointers).

The message table stays here rather than in the kinds table (kubecourse/api/kinds.py): it is
the wire format of messages, nested ones (PodSpec, ServicePort) as much as kinds, and a kind
is decoded only if kubectl sends it as protobuf, which is `create`'s typed clients' business.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

MAGIC = b"k8s\x00"


class Unsupported(ValueError):
    """A body we cannot decode."""


# message -> field number -> (JSON name, type). A type is a scalar ("string", "int", "bool",
# "bytes"), a message name, "time", "intstr", or "map:<value type>"; "[]" marks repeated.
_S, _I, _B = "string", "int", "bool"
SCHEMA: dict[str, dict[int, tuple[str, str]]] = {
    "TypeMeta": {1: ("apiVersion", _S), 2: ("kind", _S)},
    "ObjectMeta": {1: ("name", _S), 2: ("generateName", _S), 3: ("namespace", _S), 5: ("uid", _S),
                   6: ("resourceVersion", _S), 7: ("generation", _I), 8: ("creationTimestamp", "time"),
                   11: ("labels", "map:string"), 12: ("annotations", "map:string"),
                   13: ("ownerReferences", "[]OwnerReference"), 14: ("finalizers", "[]string")},
    "OwnerReference": {1: ("kind", _S), 3: ("name", _S), 4: ("uid", _S), 5: ("apiVersion", _S),
                       6: ("controller", _B), 7: ("blockOwnerDeletion", _B)},
    "LabelSelector": {1: ("matchLabels", "map:string"), 2: ("matchExpressions", "[]LabelSelectorRequirement")},
    "LabelSelectorRequirement": {1: ("key", _S), 2: ("operator", _S), 3: ("values", "[]string")},
    # apps/v1
    "Deployment": {1: ("metadata", "ObjectMeta"), 2: ("spec", "DeploymentSpec"), 3: ("status", "Empty")},
    "DeploymentSpec": {1: ("replicas", _I), 2: ("selector", "LabelSelector"), 3: ("template", "PodTemplateSpec"),
                       4: ("strategy", "DeploymentStrategy"), 5: ("minReadySeconds", _I),
                       6: ("revisionHistoryLimit", _I), 7: ("paused", _B), 9: ("progressDeadlineSeconds", _I)},
    "DeploymentStrategy": {1: ("type", _S)},
    # core/v1
    "PodTemplateSpec": {1: ("metadata", "ObjectMeta"), 2: ("spec", "PodSpec")},
    "PodSpec": {2: ("containers", "[]Container"), 3: ("restartPolicy", _S),
                4: ("terminationGracePeriodSeconds", _I), 6: ("dnsPolicy", _S), 7: ("nodeSelector", "map:string"),
                8: ("serviceAccountName", _S), 10: ("nodeName", _S), 20: ("initContainers", "[]Container")},
    "Container": {1: ("name", _S), 2: ("image", _S), 3: ("command", "[]string"), 4: ("args", "[]string"),
                  5: ("workingDir", _S), 6: ("ports", "[]ContainerPort"), 7: ("env", "[]EnvVar"),
                  8: ("resources", "Empty"), 14: ("imagePullPolicy", _S), 16: ("stdin", _B), 18: ("tty", _B)},
    "ContainerPort": {1: ("name", _S), 2: ("hostPort", _I), 3: ("containerPort", _I), 4: ("protocol", _S),
                      5: ("hostIP", _S)},
    "EnvVar": {1: ("name", _S), 2: ("value", _S)},
    "Namespace": {1: ("metadata", "ObjectMeta"), 2: ("spec", "NamespaceSpec"), 3: ("status", "Empty")},
    "NamespaceSpec": {1: ("finalizers", "[]string")},
    "ConfigMap": {1: ("metadata", "ObjectMeta"), 2: ("data", "map:string"), 3: ("binaryData", "map:bytes"),
                  4: ("immutable", _B)},
    "Secret": {1: ("metadata", "ObjectMeta"), 2: ("data", "map:bytes"), 3: ("type", _S),
               4: ("stringData", "map:string"), 5: ("immutable", _B)},
    "Service": {1: ("metadata", "ObjectMeta"), 2: ("spec", "ServiceSpec"), 3: ("status", "Empty")},
    "ServiceSpec": {1: ("ports", "[]ServicePort"), 2: ("selector", "map:string"), 3: ("clusterIP", _S),
                    4: ("type", _S), 5: ("externalIPs", "[]string"), 7: ("sessionAffinity", _S),
                    10: ("externalName", _S)},
    "ServicePort": {1: ("name", _S), 2: ("protocol", _S), 3: ("port", _I), 4: ("targetPort", "intstr"),
                    5: ("nodePort", _I)},
    "ServiceAccount": {1: ("metadata", "ObjectMeta"), 4: ("automountServiceAccountToken", _B)},
    "Empty": {},
}


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data):
            raise Unsupported("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def fields(data: bytes) -> list[tuple[int, int, Any]]:
    """The wire format: (field number, wire type, value: int or bytes) in order."""
    out, pos = [], 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise Unsupported(f"wire type {wire}")
        out.append((number, wire, value))
    return out


def _signed(n: int) -> int:
    return n - (1 << 64) if n >= 1 << 63 else n


def _time(data: bytes) -> str:
    """meta.v1.Time {seconds, nanos}; Go sends a zero time as an empty message: dropped ("")."""
    values = {n: v for n, _, v in fields(data)}
    if not values.get(1) and not values.get(2):
        return ""
    return datetime.fromtimestamp(_signed(values.get(1, 0)), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _intstr(data: bytes) -> int | str:
    values = {n: v for n, _, v in fields(data)}
    return values.get(3, b"").decode() if values.get(1) == 1 else _signed(values.get(2, 0))


def _scalar(type_: str, value: Any) -> Any:
    if type_ == "string":
        return value.decode()
    if type_ == "int":
        return _signed(value)
    if type_ == "bool":
        return bool(value)
    if type_ == "bytes":
        return base64.b64encode(value).decode()
    if type_ == "time":
        return _time(value)
    if type_ == "intstr":
        return _intstr(value)
    return message(type_, value)


def message(name: str, data: bytes) -> dict[str, Any]:
    """One message as its JSON object, zero values dropped."""
    schema = SCHEMA[name]
    out: dict[str, Any] = {}
    for number, _, value in fields(data):
        if number not in schema:
            continue
        key, type_ = schema[number]
        if type_.startswith("map:"):
            entry = {n: v for n, _, v in fields(value)}
            out.setdefault(key, {})[entry.get(1, b"").decode()] = _scalar(type_[4:], entry.get(2, b""))
        elif type_.startswith("[]"):
            out.setdefault(key, []).append(_scalar(type_[2:], value))
        else:
            decoded = _scalar(type_, value)
            if decoded not in ("", 0, False, {}):
                out[key] = decoded
    return out


def decode(body: bytes) -> dict[str, Any]:
    """A `k8s\\0` + runtime.Unknown body as the object's JSON."""
    if not body.startswith(MAGIC):
        raise Unsupported("no k8s protobuf envelope")
    unknown = {n: v for n, _, v in fields(body[len(MAGIC):])}  # runtime.Unknown
    type_meta = message("TypeMeta", unknown.get(1, b""))
    kind = type_meta.get("kind", "")
    if kind not in SCHEMA or SCHEMA[kind].get(1) != ("metadata", "ObjectMeta"):
        raise Unsupported(f"kind {kind!r}")
    raw = unknown.get(2, b"")
    return {"apiVersion": type_meta.get("apiVersion", ""), "kind": kind, **message(kind, raw)}
