"""kube-proxy for simulated traffic: a Service's ClusterIP and port to one ready endpoint.

Models kubernetes/kubernetes: pkg/proxy/iptables/proxier.go (writeServiceToEndpointRules:
one rule per endpoint with probability 1/n, 1/(n-1)...: a uniform choice among the ready
endpoints; with none ready, terminating-but-serving endpoints are used, else the packet is
REJECTed: `connection refused`). Facts: kubernetes-behavior.md §6.5. The choice is drawn
from the cluster's seeded generator. sessionAffinity is not modelled yet.
"""

from __future__ import annotations

from typing import Any


def service_at(api: Any, ip: str) -> Any | None:
    """The Service whose ClusterIP this is."""
    for svc in api.list("Service"):
        if svc.spec.cluster_ip == ip:
            return svc
    return None


def _target(svc: Any, port: int) -> Any | None:
    return next((p for p in svc.spec.ports or () if p.port == port), None)


def backends(api: Any, svc: Any, port: int) -> list[tuple[str, int]] | None:
    """The ready (pod IP, port) pairs behind a Service port; None when the Service does not
    have that port (nothing listens: the connection times out on a ClusterIP)."""
    service_port = _target(svc, port)
    if service_port is None:
        return None
    endpoints = api.try_get("Endpoints", svc.metadata.name, svc.metadata.namespace)
    found = []
    for subset in (endpoints.subsets if endpoints is not None else None) or ():
        match = next((p for p in subset.ports or () if p.name == service_port.name or len(subset.ports) == 1), None)
        if match is None:
            continue
        found.extend((a.ip, match.port) for a in subset.addresses or ())
    return found


def choose(rng: Any, choices: list[tuple[str, int]]) -> tuple[str, int]:
    """iptables mode: each endpoint equally likely."""
    return choices[rng.randrange(len(choices))] if len(choices) > 1 else choices[0]
