"""A container's environment, as the kubelet computes it when it creates the container.

Models kubernetes/kubernetes: pkg/kubelet/kubelet_pods.go makeEnvironmentVariables and
getServiceEnvVarMap, pkg/kubelet/envvars/envvars.go FromServices,
pkg/kubelet/container/helpers.go ExpandContainerCommandAndArgs and
third_party/forked/golang/expansion/expand.go (Expand, MappingFuncFor: `$(VAR)`).

* Service links (enableServiceLinks, default true): every Service of the pod's namespace
  that exists when the container is created, and `kubernetes` from default, gives
  `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, `<NAME>_PORT`, `<NAME>_PORT_<port>_<PROTO>`
  and its `_PROTO`, `_PORT`, `_ADDR`; named ports add `<NAME>_SERVICE_PORT_<PORTNAME>`.
* envFrom sources in order (later ones win), then env in order (`$(VAR)` expands from what
  is defined before it); a missing ConfigMap, Secret or key that is not optional fails the
  start with CreateContainerConfigError and the kubelet's message.
* command and args expand `$(VAR)` from the container's final environment (the image's own
  ENV is the runtime's, not the kubelet's, so it does not count).
* fieldRef reads the pod (metadata.name, namespace, uid, labels['x'], spec.nodeName,
  spec.serviceAccountName, status.podIP, status.hostIP).

The values are resolved once, at creation: a running container never sees updates.
Reads only: the API is handed in and never written.
"""

from __future__ import annotations

import base64
import re
from typing import Any


class ConfigError(Exception):
    """CreateContainerConfigError: the message the kubelet records (`configmap "x" not found`)."""


def _service_vars(svc: Any) -> list[tuple[str, str]]:
    ip = svc.spec.cluster_ip
    ports = svc.spec.ports or ()
    if ip in (None, "None", "") or not ports:
        return []
    name = svc.metadata.name.upper().replace("-", "_")
    first = ports[0]
    found = [(f"{name}_SERVICE_HOST", ip), (f"{name}_SERVICE_PORT", str(first.port))]
    for p in ports:
        if p.name:
            found.append((f"{name}_SERVICE_PORT_{p.name.upper().replace('-', '_')}", str(p.port)))
    found.append((f"{name}_PORT", f"{(first.protocol or 'TCP').lower()}://{ip}:{first.port}"))
    for p in ports:
        proto = (p.protocol or "TCP")
        prefix = f"{name}_PORT_{p.port}_{proto}"
        found += [(prefix, f"{proto.lower()}://{ip}:{p.port}"), (f"{prefix}_PROTO", proto.lower()),
                  (f"{prefix}_PORT", str(p.port)), (f"{prefix}_ADDR", ip)]
    return found


def service_links(api: Any, pod: Any) -> list[tuple[str, str]]:
    services = {}
    if pod.spec.enable_service_links is not False:
        services = {s.metadata.name: s for s in api.list("Service", pod.metadata.namespace)}
    kubernetes = api.try_get("Service", "kubernetes", "default")
    if kubernetes is not None:
        services.setdefault("kubernetes", kubernetes)
    found = []
    for name in sorted(services):
        found.extend(_service_vars(services[name]))
    return found


def field_value(pod: Any, path: str) -> str:
    meta, spec, status = pod.metadata, pod.spec, pod.status
    match = re.fullmatch(r"metadata\.(labels|annotations)\['(.+)'\]", path)
    if match:
        return ((meta.labels if match.group(1) == "labels" else meta.annotations) or {}).get(match.group(2), "")
    values = {"metadata.name": meta.name, "metadata.namespace": meta.namespace, "metadata.uid": meta.uid,
              "spec.nodeName": spec.node_name, "spec.serviceAccountName": spec.service_account_name,
              "status.podIP": status.pod_ip if status else None, "status.hostIP": status.host_ip if status else None,
              "status.podIPs": status.pod_ip if status else None}
    return values.get(path) or ""


def _source(api: Any, kind: str, name: str, namespace: str, optional: bool) -> dict[str, str] | None:
    obj = api.try_get(kind, name, namespace)
    if obj is None:
        if optional:
            return None
        raise ConfigError(f'{kind.lower()} "{name}" not found')
    if kind == "Secret":
        return {k: base64.b64decode(v).decode(errors="replace") for k, v in (obj.data or {}).items()}
    return dict(obj.data or {})


def _key(api: Any, kind: str, ref: Any, namespace: str) -> str | None:
    data = _source(api, kind, ref.name or "", namespace, bool(ref.optional))
    if data is None:
        return None
    if ref.key not in data:
        if ref.optional:
            return None
        raise ConfigError(f"couldn't find key {ref.key} in {kind} {namespace}/{ref.name}")
    return data[ref.key]


def expand(value: str, defined: dict[str, str]) -> str:
    """expansion.Expand with MappingFuncFor: `$(NAME)` (everything up to the first `)`) becomes
    the defined value; an unknown name, an unclosed `$(` and a lone `$` stay as written; `$$`
    is one literal `$`, so `$$(VAR)` reads `$(VAR)`."""
    out: list[str] = []
    checkpoint, cursor = 0, 0
    while cursor < len(value):
        if value[cursor] == "$" and cursor + 1 < len(value):
            out.append(value[checkpoint:cursor])
            rest = value[cursor + 1:]
            close = rest.find(")") if rest[0] == "(" else -1
            if rest[0] == "$":
                out.append("$")
            elif close > 0:
                name = rest[1:close]
                out.append(defined.get(name, f"$({name})"))
                cursor += close
            else:
                out.append("$" + rest[0])
            cursor += 1
            checkpoint = cursor + 1
        cursor += 1
    return "".join(out) + value[checkpoint:]


def command_and_args(container: Any, env: dict[str, str]) -> tuple[list[str] | None, list[str] | None]:
    """ExpandContainerCommandAndArgs: `$(VAR)` in command and args from the container's environment."""
    return ([expand(word, env) for word in container.command] if container.command else None,
            [expand(word, env) for word in container.args] if container.args else None)


def build(api: Any, pod: Any, container: Any) -> tuple[dict[str, str], list[tuple[str, str, list[str]]]]:
    """The kubelet's environment for the container: its variables in order, and the envFrom
    keys skipped as invalid names ([(kind, name, keys)] for the InvalidEnvironmentVariableNames
    event). Raises ConfigError."""
    namespace = pod.metadata.namespace
    result: dict[str, str] = {}
    skipped = []
    for source in container.env_from or ():
        ref, kind = (source.config_map_ref, "ConfigMap") if source.config_map_ref else (source.secret_ref, "Secret")
        data = _source(api, kind, ref.name or "", namespace, bool(ref.optional))
        bad = []
        for key, value in (data or {}).items():
            name = (source.prefix or "") + key
            if not re.fullmatch(r"[-._a-zA-Z][-._a-zA-Z0-9]*", name):  # validation.IsEnvVarName
                bad.append(key)
                continue
            result[name] = value
        if bad:
            skipped.append((kind, f"{namespace}/{ref.name}", sorted(bad)))
    links = dict(service_links(api, pod))
    for var in container.env or ():
        if var.value_from is None:
            result[var.name] = expand(var.value or "", {**links, **result})
            continue
        source = var.value_from
        if source.field_ref is not None:
            value: str | None = field_value(pod, source.field_ref.field_path)
        elif source.config_map_key_ref is not None:
            value = _key(api, "ConfigMap", source.config_map_key_ref, namespace)
        elif source.secret_key_ref is not None:
            value = _key(api, "Secret", source.secret_key_ref, namespace)
        else:
            value = ""
        if value is not None:
            result[var.name] = value
    for name, value in links.items():
        result.setdefault(name, value)
    return result, skipped
