"""kube-proxy for simulated traffic: a Service's ClusterIP and port, or a node's address and a
nodePort, to one ready endpoint.

Models kubernetes/kubernetes: pkg/proxy/iptables/proxier.go (writeServiceToEndpointRules:
one rule per endpoint with probability 1/n, 1/(n-1)...: a uniform choice among the ready
endpoints; with none ready, terminating-but-serving endpoints are used, else the packet is
REJECTed: `connection refused`). The choice is drawn
from the cluster's seeded generator.

sessionAffinity ClientIP: each endpoint's rule remembers the client addresses it served
(`-m recent --name KUBE-SEP-... --set`), and a rule ahead of the random choice sends a
client seen within timeoutSeconds (`--rcheck --seconds 10800 --reap`) to that endpoint again.
Every packet refreshes the entry, so the timeout counts from the client's last request; an
endpoint no longer ready has no rule, and the client is chosen for afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kubecourse.api.defaults import CLIENT_IP_TIMEOUT


def service_at(api: Any, ip: str) -> Any | None:
    """The Service whose ClusterIP this is."""
    for svc in api.list("Service"):
        if svc.spec.cluster_ip == ip:
            return svc
    return None


def node_port_service(api: Any, port: int) -> tuple[Any, int] | None:
    """The Service and its port behind a nodePort: kube-proxy's KUBE-NODEPORTS rules match
    the port on every address of every node (writeServiceToEndpointRules, nodePorts)."""
    for svc in api.list("Service"):
        if svc.spec.type in ("NodePort", "LoadBalancer"):
            for p in svc.spec.ports or ():
                if p.node_port == port and (p.protocol or "TCP") == "TCP":
                    return svc, p.port
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


def affinity_timeout(svc: Any) -> float | None:
    """ClientIP affinity's timeoutSeconds, or None when the Service has no affinity."""
    if svc.spec.session_affinity != "ClientIP":
        return None
    config = (svc.spec.model_extra or {}).get("sessionAffinityConfig") or {}
    return float((config.get("clientIP") or {}).get("timeoutSeconds") or CLIENT_IP_TIMEOUT)


@dataclass
class Affinity:
    """The `recent` tables of kube-proxy's endpoint rules: (Service IP, port, client IP) to
    the endpoint last chosen for that client and when it was last used."""

    seen: dict[tuple[str, int, str], tuple[tuple[str, int], datetime]] = field(default_factory=dict)

    def choose(self, rng: Any, svc: Any, port: int, client: str, choices: list[tuple[str, int]],
               now: datetime) -> tuple[str, int]:
        timeout = affinity_timeout(svc)
        if timeout is None:
            return choose(rng, choices)
        key = (svc.spec.cluster_ip, port, client)
        last = self.seen.get(key)
        if last is not None and last[0] in choices and (now - last[1]).total_seconds() <= timeout:
            chosen = last[0]
        else:
            chosen = choose(rng, choices)
        self.seen[key] = (chosen, now)
        return chosen
