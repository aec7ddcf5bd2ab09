"""The world outside the cluster, as small as the book's exercises need.

Chapter 5 points Services outside: an ExternalName Service at `someapi.somecompany.com`, and a
selector-less Service whose manual Endpoints are 11.11.11.11 and 22.22.22.22 on port 80. Each
of these hosts answers HTTP on port 80 with a line naming itself, so a learner can tell which
one a request reached, switch an ExternalName to another domain and curl again. Any other
name outside cluster.local has no address (curl: `Could not resolve host`), any other
outside address never answers (a connection timeout), as from a kind node without internet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubecourse.userland.apps import Request, Response

# name -> address; documentation addresses (RFC 5737) for the names, the book's own for its Endpoints
NAMES: dict[str, str] = {
    "someapi.somecompany.com": "203.0.113.10",
    "api.somecompany.com": "203.0.113.11",
    "api.othercompany.com": "203.0.113.20",
    "www.example.com": "203.0.113.30",
}
ADDRESSES: tuple[str, ...] = (*NAMES.values(), "11.11.11.11", "22.22.22.22")
PORT = 80


def address(name: str) -> str | None:
    """The A record of an outside name, or None (NXDOMAIN)."""
    return NAMES.get(name.rstrip(".").lower())


@dataclass(frozen=True)
class Host:
    """A web server outside the cluster: it answers every path with a line naming itself."""

    ip: str

    @property
    def name(self) -> str:
        return next((n for n, ip in NAMES.items() if ip == self.ip), self.ip)

    def certificate(self, port: int) -> None:
        return None  # plain HTTP only

    def handle(self, request: Request, net: Any) -> Response:
        body = f"Hello from {self.name} ({self.ip}), outside the cluster; you asked for {request.host}{request.path}\n"
        return Response(200, body, (("Content-Type", "text/plain"), ("Content-Length", str(len(body)))))


def host_at(ip: str, port: int) -> Host | None:
    return Host(ip) if ip in ADDRESSES and port == PORT else None
