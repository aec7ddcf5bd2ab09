"""The cluster network, first cut: pod IPs reach their containers, Service IPs go through
kube-proxy's choice among ready endpoints, names through cluster DNS.

It sits above kubecourse.userland (it hands a request to a container's server) and below
the shell (whose `curl`, `wget` and `nslookup` call it) and the kubelets (which attach their
runtimes, `attach`; the network only reads them and imports no node code). It reads the
API's Services and Endpoints and never writes; names and addresses outside the cluster are
the few of kubecourse.network.outside. NodePorts answer on every node's address and session
affinity holds (proxy.py); EndpointSlices are not read yet.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from kubecourse.network import dns, outside, proxy
from kubecourse.userland.apps import Request, Response


class Unreachable(Exception):
    """A request that got no answer: `resolve` (no such host), `refused`, `timeout`; over TLS,
    `plaintext` (the port speaks no TLS) or `untrusted` (the certificate is not verified)."""

    def __init__(self, kind: str, host: str, ip: str = "", port: int = 0, certificate: Any = None) -> None:
        super().__init__(kind)
        self.kind, self.host, self.ip, self.port = kind, host, ip, port
        self.certificate = certificate


@dataclass
class Network:
    api: Any
    rng: Any
    runtimes: dict[str, Any] = field(default_factory=dict)  # node name -> kubecourse.node.runtime.Runtime
    affinity: proxy.Affinity = field(default_factory=proxy.Affinity)

    def attach(self, runtime: Any) -> None:
        self.runtimes[runtime.node] = runtime

    # --- names ------------------------------------------------------------------------------

    def resolve(self, name: str, namespace: str) -> tuple[str, list[str]] | None:
        return dns.resolve(self.api, name, namespace)

    def srv(self, name: str, source: str) -> list[str] | None:
        records = dns.lookup_srv(self.api, name)
        return [r.target for r in records] if records else (None if records is None else [])

    # --- connections ------------------------------------------------------------------------

    def instance_at(self, ip: str, port: int) -> Any | None:
        """The container whose server listens on ip:port."""
        for runtime in self.runtimes.values():
            for sandbox in runtime.pods.values():
                if sandbox.ip != ip:
                    continue
                for record in sandbox.containers.values():
                    instance = getattr(record, "instance", None)
                    if record.running is not None and instance is not None and port in instance.listening():
                        return instance
        return None

    def connect(self, host: str, ip: str, port: int, source: str) -> tuple[Any, str, int]:
        """The container a connection from `source` to ip:port reaches (through kube-proxy
        for a ClusterIP, or for a nodePort on any node's address)."""
        svc = proxy.service_at(self.api, ip)
        if svc is None and any(r.host_ip == ip for r in self.runtimes.values()):
            svc, port = proxy.node_port_service(self.api, port) or (None, port)
        if svc is not None:
            choices = proxy.backends(self.api, svc, port)
            if choices is None:
                raise Unreachable("timeout", host, ip, port)
            if not choices:
                raise Unreachable("refused", host, ip, port)
            ip, port = self.affinity.choose(self.rng, svc, port, source, choices, self.api.clock.now)
        instance = self.instance_at(ip, port) or outside.host_at(ip, port)
        if instance is None:
            raise Unreachable("refused" if self.known(ip) else "timeout", host, ip, port)
        return instance, ip, port

    def known(self, ip: str) -> bool:
        return any(s.ip == ip for r in self.runtimes.values() for s in r.pods.values()) or any(
            r.host_ip == ip for r in self.runtimes.values())

    def request(self, *, source: str, namespace: str, host: str, port: int, method: str = "GET", path: str = "/",
                headers: tuple[tuple[str, str], ...] = (), body: str = "", tls: bool = False,
                insecure: bool = False) -> tuple[Response, str]:
        """An HTTP request from `source` (an IP) in `namespace`; returns the response and the
        address it was sent to. Over TLS the handshake comes first: a port without a
        certificate, or one the client does not trust (unless `insecure`), fails before the
        request is sent. Raises Unreachable."""
        if host in ("localhost", "127.0.0.1"):
            ip = source  # the pod's own network namespace
        else:
            resolved = self.resolve(host, namespace)
            if resolved is None:
                raise Unreachable("resolve", host)
            ip = resolved[1][0]
        instance, _, target = self.connect(host, ip, port, source)
        certificate = instance.certificate(target) if tls else None
        if tls and certificate is None:
            raise Unreachable("plaintext", host, ip, port)
        if tls and not insecure:  # no simulated server holds a certificate from a public CA
            raise Unreachable("untrusted", host, ip, port, certificate)
        host_header = host if port == (443 if tls else 80) else f"{host}:{port}"
        request = Request(method, path, source, host_header, headers, body, port=target, tls=tls)
        response = instance.handle(request, self)
        return (dataclasses.replace(response, certificate=certificate) if tls else response), ip

    def get(self, source: str, host: str, port: int, path: str) -> Response | str:
        """node's http.get for an app (kubia-pet-peers asking a peer): the error text on failure."""
        try:
            response, _ = self.request(source=source, namespace="default", host=host, port=port, path=path)
        except Unreachable as e:
            if e.kind == "resolve":
                return f"getaddrinfo ENOTFOUND {host}"
            return f"connect ECONNREFUSED {e.ip}:{port}"
        return response
