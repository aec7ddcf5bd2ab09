"""Cluster DNS as CoreDNS's kubernetes plugin answers it, over the API's Services and Endpoints.

Models coredns/coredns: plugin/kubernetes (kubernetes.go Records, Services; the record
shapes of the Kubernetes DNS specification, kubernetes.io "DNS for Services and Pods") and
the pod's resolv.conf the kubelet writes for dnsPolicy ClusterFirst
(pkg/kubelet/network/dns/dns.go: `search <ns>.svc.cluster.local svc.cluster.local
cluster.local`, `options ndots:5`).

* `<svc>.<ns>.svc.cluster.local` is the ClusterIP; a headless Service answers one A record
  per ready endpoint address (not-ready ones too with publishNotReadyAddresses).
* `<hostname>.<svc>.<ns>.svc.cluster.local` is an endpoint with a hostname (StatefulSet pods
  behind their governing Service); SRV records of a headless Service name those, of a
  ClusterIP Service the Service itself.
* An endpoint without a hostname is named by its IP with dashes (`10-244-1-2.<svc>.<ns>.svc.
  cluster.local`, endpointHostname), so the targets of a headless Service's SRV records resolve.
* An ExternalName Service answers a CNAME to its externalName, followed by that name's
  addresses outside the cluster (kubecourse.network.outside; CoreDNS asks its upstream).
* `<a-b-c-d>.<ns>.pod.cluster.local` is a pod IP, whatever the namespace (`pods insecure`, as
  kind's Corefile configures it).
* A name with fewer than 5 dots is tried with each search domain first, then as given; a
  name outside cluster.local is asked of the outside world.

Reads only: the resolver is handed the API and never writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kubecourse.network import outside

DOMAIN = "cluster.local"
NAMESERVER = "10.96.0.10"
NDOTS = 5


def search_domains(namespace: str) -> list[str]:
    return [f"{namespace}.svc.{DOMAIN}", f"svc.{DOMAIN}", DOMAIN]


def resolv_conf(namespace: str) -> str:
    """/etc/resolv.conf of a ClusterFirst pod."""
    return f"search {' '.join(search_domains(namespace))}\nnameserver {NAMESERVER}\noptions ndots:{NDOTS}\n"


@dataclass(frozen=True)
class SRV:
    priority: int
    weight: int
    port: int
    target: str


def candidates(name: str, namespace: str) -> list[str]:
    """The names a stub resolver asks for, in order (search list before the name itself
    when it has fewer than ndots dots)."""
    name = name.rstrip(".")
    expanded = [f"{name}.{d}" for d in search_domains(namespace)]
    return [*expanded, name] if name.count(".") < NDOTS else [name, *expanded]


def _endpoint_addresses(api: Any, svc: Any) -> list[Any]:
    endpoints = api.try_get("Endpoints", svc.metadata.name, svc.metadata.namespace)
    found = []
    for subset in (endpoints.subsets if endpoints is not None else None) or ():
        found.extend(subset.addresses or ())
        if svc.spec.publish_not_ready_addresses:
            found.extend(subset.not_ready_addresses or ())
    return found


def _headless(svc: Any) -> bool:
    return svc.spec.cluster_ip in (None, "None")


def lookup_cname(api: Any, fqdn: str) -> str | None:
    """The CNAME of `<svc>.<ns>.svc.cluster.local` when the Service is an ExternalName."""
    parts = fqdn.rstrip(".").removesuffix(f".svc.{DOMAIN}").split(".")
    if len(parts) != 2 or not fqdn.rstrip(".").endswith(f".svc.{DOMAIN}"):
        return None
    svc = api.try_get("Service", parts[0], parts[1])
    if svc is None or svc.spec.type != "ExternalName" or not svc.spec.external_name:
        return None
    return svc.spec.external_name.rstrip(".")


def lookup_a(api: Any, fqdn: str) -> list[str] | None:
    """A records of one fully qualified name (an ExternalName's are its target's); None: NXDOMAIN."""
    fqdn = fqdn.rstrip(".")
    suffix = f".svc.{DOMAIN}"
    if fqdn.endswith(f".pod.{DOMAIN}"):
        parts = fqdn[: -len(f".pod.{DOMAIN}")].split(".")
        if len(parts) == 2 and re.fullmatch(r"\d+-\d+-\d+-\d+", parts[0]):
            return [parts[0].replace("-", ".")]
        return None
    if not fqdn.endswith(f".{DOMAIN}") and fqdn != DOMAIN:
        found = outside.address(fqdn)
        return [found] if found else None
    if not fqdn.endswith(suffix):
        return None
    parts = fqdn[: -len(suffix)].split(".")
    if len(parts) == 2:
        svc = api.try_get("Service", parts[0], parts[1])
        if svc is None:
            return None
        if svc.spec.type == "ExternalName":
            target = lookup_cname(api, fqdn)
            return (lookup_a(api, target) or []) if target else None
        if _headless(svc):
            return [a.ip for a in _endpoint_addresses(api, svc)]
        return [svc.spec.cluster_ip]
    if len(parts) == 3:
        svc = api.try_get("Service", parts[1], parts[2])
        if svc is None or not _headless(svc):
            return None
        ips = [a.ip for a in _endpoint_addresses(api, svc) if endpoint_hostname(a) == parts[0]]
        return ips or None
    return None


def resolve(api: Any, name: str, namespace: str) -> tuple[str, list[str]] | None:
    """(the name that answered, its addresses) after the search list, or None."""
    if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name):
        return name, [name]
    for candidate in candidates(name, namespace):
        found = lookup_a(api, candidate)
        if found:
            return candidate, found
    return None


def lookup_srv(api: Any, fqdn: str) -> list[SRV] | None:
    """SRV records of `<svc>.<ns>.svc.cluster.local` (every port) or
    `_<port>._<proto>.<svc>.<ns>.svc.cluster.local`."""
    labels = fqdn.rstrip(".").removesuffix(f".svc.{DOMAIN}").split(".")
    port_name = proto = None
    if len(labels) == 4 and labels[0].startswith("_") and labels[1].startswith("_"):
        port_name, proto = labels[0][1:], labels[1][1:].upper()
        labels = labels[2:]
    if len(labels) != 2:
        return None
    svc = api.try_get("Service", labels[0], labels[1])
    if svc is None:
        return None
    ports = [p for p in svc.spec.ports or () if port_name is None or (p.name == port_name and
                                                                    (p.protocol or "TCP") == proto)]
    if not _headless(svc):
        return [SRV(0, 100, p.port, f"{labels[0]}.{labels[1]}.svc.{DOMAIN}") for p in ports] or None
    addresses = _endpoint_addresses(api, svc)
    if not addresses:
        return None
    weight = 100 // len(addresses)
    records = []
    for address in addresses:
        host = endpoint_hostname(address)
        for p in ports:
            records.append(SRV(0, weight, p.port, f"{host}.{labels[0]}.{labels[1]}.svc.{DOMAIN}"))
    return records


def endpoint_hostname(address: Any) -> str:
    """endpointHostname: an endpoint's hostname, else its IP with dashes."""
    return address.hostname or address.ip.replace(".", "-")


def lookup_ptr(api: Any, ip: str) -> str | None:
    """The PTR record of an address (plugin/kubernetes reverse.go): a Service's ClusterIP is
    `<svc>.<ns>.svc.cluster.local`, an endpoint's address `<hostname or a-b-c-d>.<svc>.<ns>.
    svc.cluster.local`; any other address has none."""
    services = api.list("Service")
    for svc in services:
        if svc.spec.cluster_ip == ip:
            return f"{svc.metadata.name}.{svc.metadata.namespace}.svc.{DOMAIN}"
    for svc in services:
        for address in _endpoint_addresses(api, svc):
            if address.ip == ip:
                name = endpoint_hostname(address)
                return f"{name}.{svc.metadata.name}.{svc.metadata.namespace}.svc.{DOMAIN}"
    return None
