"""The `pods/proxy` and `services/proxy` subresources: the API server as an HTTP proxy into
the cluster network (what `kubectl proxy` and `kubectl get --raw .../proxy/` reach, as the
book's StatefulSet chapter does with `/api/v1/namespaces/default/pods/kubia-0/proxy/`).

Models kubernetes/kubernetes: pkg/registry/core/pod/strategy.go ResourceLocation (`name`,
`name:port` or `scheme:name:port`; no port: the first declared container port, else the
bare pod IP; a pod without an IP: 400 `address not allowed`), pkg/registry/core/service/
storage ResourceLocation (a port number names the service port: `no service port 80 found
for service "kubia"`; a random ready address of the Endpoints subset with that port name,
else 503 `no endpoints available for service "kubia"`), and apimachinery's
pkg/util/proxy (transport.go: a failed dial is 503 `error trying to reach service: dial tcp
10.244.1.5:8080: connect: connection refused`; upgradeaware.go: the root of a proxied
resource without its trailing slash redirects to it). The request goes through the cluster
network (kubecourse.network) from the control-plane node, like the real API server's.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api.errors import StatusError
from kubecourse.api.models import Endpoints, Node, Pod, Service
from kubecourse.kubeletapi import bad_request
from kubecourse.network import Unreachable
from kubecourse.serve.backend import Backend

CONTROL_PLANE = "kind-control-plane"
SCHEMES = ("http", "https")


def service_unavailable(message: str) -> StatusError:
    return StatusError(503, "ServiceUnavailable", message)


def split_scheme_name_port(id_: str) -> tuple[str, str, str] | None:
    """utilnet.SplitSchemeNamePort: `name`, `name:port`, `scheme:name:port`."""
    parts = id_.split(":")
    if len(parts) == 1:
        scheme, name, port = "", parts[0], ""
    elif len(parts) == 2:
        scheme, name, port = "", parts[0], parts[1]
    elif len(parts) == 3:
        scheme, name, port = parts
        if scheme not in SCHEMES:
            return None
    else:
        return None
    return (scheme, name, port) if name else None


def pod_location(backend: Backend, namespace: str, id_: str) -> tuple[str, int]:
    """The pod IP and port a pod proxy request goes to."""
    split = split_scheme_name_port(id_)
    if split is None:
        raise bad_request(f'invalid pod request "{id_}"')
    _, name, port = split
    pod = backend.get(Pod, name, namespace)
    if not port:
        port = next((str(c.ports[0].container_port) for c in pod.spec.containers if c.ports), "")
    ip = pod.status.pod_ip if pod.status else None
    if not ip:
        raise bad_request("address not allowed")
    return ip, int(port) if port.isdigit() else 80


def service_location(backend: Backend, namespace: str, id_: str) -> tuple[str, int]:
    """A random ready endpoint of the service port named (or numbered) in the id."""
    split = split_scheme_name_port(id_)
    if split is None:
        raise bad_request(f'invalid service request "{id_}"')
    _, name, port_name = split
    if port_name.isdigit():
        svc = backend.get(Service, name, namespace)
        found = next((p for p in svc.spec.ports or () if p.port == int(port_name)), None)
        if found is None:
            raise service_unavailable(f'no service port {port_name} found for service "{name}"')
        port_name = found.name or ""
    endpoints = backend.try_get(Endpoints, name, namespace)
    if endpoints is None:
        raise StatusError(404, "NotFound", f'endpoints "{name}" not found', "endpoints", name)
    subsets = endpoints.subsets or []
    if not subsets:
        raise service_unavailable(f'no endpoints available for service "{name}"')
    rng = _network(backend).rng
    seed = rng.randrange(len(subsets))
    for i in range(len(subsets)):
        subset = subsets[(seed + i) % len(subsets)]
        if not subset.addresses:
            continue
        for p in subset.ports or ():
            if (p.name or "") == port_name:
                return subset.addresses[rng.randrange(len(subset.addresses))].ip, p.port
    raise service_unavailable(f'no endpoints available for service "{id_}"')


def _network(backend: Backend) -> Any:
    return backend.kubelet(CONTROL_PLANE).network


def _source(backend: Backend) -> str:
    node = backend.get(Node, CONTROL_PLANE)
    return next(a.address for a in node.status.addresses if a.type == "InternalIP")


def forward(backend: Backend, namespace: str, ip: str, port: int, method: str, path: str, query: str,
            headers: tuple[tuple[str, str], ...], body: str) -> Any:
    """The proxied request through the cluster network; returns userland.apps.Response."""
    target = path + (f"?{query}" if query else "")
    try:
        response, _ = _network(backend).request(source=_source(backend), namespace=namespace, host=ip, port=port,
                                                method=method, path=target, headers=headers, body=body)
    except Unreachable as e:
        reason = "connect: connection refused" if e.kind == "refused" else "i/o timeout"
        raise service_unavailable(f"error trying to reach service: dial tcp {ip}:{port}: {reason}") from None
    return response
