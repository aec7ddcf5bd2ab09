"""ServiceMap's picture: a Service, the pods its selector matches or nearly matches, and the
Endpoints and EndpointSlices built from them, with the reason when there are none.

Which pods are endpoints is the endpoints controllers' rule (kubernetes/kubernetes:
staging/src/k8s.io/endpointslice/util/controller_utils.go ShouldPodBeInEndpoints: not
finished, has an IP, not terminating; ready or not decides addresses vs notReadyAddresses),
and the DNS names are CoreDNS's (kubecourse/network/dns.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kubecourse.api.models import Endpoints, EndpointSlice, Pod, Service
from kubecourse.api.models.core import ServiceSpec
from kubecourse.controllers import endpointutil
from kubecourse.controllers.endpointslice import SERVICE_NAME
from kubecourse.network import dns
from kubecourse.widgets import picture, pods
from kubecourse.widgets.reader import Reader

PODS_SHOWN = 12  # more matching pods than this are shown as counts


@dataclass(frozen=True)
class PodMatch:
    pod: pods.PodState
    differs: tuple[str, ...]  # selector terms the pod's labels miss: "app=kubia (has app=other)"

    @property
    def matches(self) -> bool:
        return not self.differs


@dataclass(frozen=True)
class Address:
    ip: str
    target: str  # the pod it names, or "" for a hand-made address
    ready: bool
    terminating: bool = False


@dataclass(frozen=True)
class ServiceState:
    namespace: str
    name: str
    exists: bool
    type: str = "ClusterIP"
    cluster_ip: str = ""
    external_ips: tuple[str, ...] = ()
    ports: tuple[str, ...] = ()  # "80->8080/TCP", "80->8080/TCP nodePort 30123"
    selector: tuple[tuple[str, str], ...] | None = None  # None: no selector, Endpoints made by hand
    external_name: str = ""
    publish_not_ready: bool = False
    pods: tuple[PodMatch, ...] = ()
    endpoints: tuple[Address, ...] | None = None  # None: no Endpoints object
    slices: tuple[tuple[str, tuple[Address, ...]], ...] = ()

    @property
    def headless(self) -> bool:
        return self.cluster_ip == "None"

    @property
    def dns_name(self) -> str:
        return f"{self.name}.{self.namespace}.svc.{dns.DOMAIN}"

    def dns_answers(self) -> str:
        """What a lookup of the Service's name answers with."""
        if self.type == "ExternalName":
            return f"CNAME {self.external_name}"
        if not self.headless:
            return f"A {self.cluster_ip} (the ClusterIP; kube-proxy picks an endpoint)"
        ips = [a.ip for a in self.endpoints or () if a.ready or self.publish_not_ready]
        return "A " + ", ".join(ips) if ips else "no A records (no ready endpoint)"

    def why_no_endpoints(self) -> str:
        """Why no address would receive traffic, or "" when some would."""
        if self.type == "ExternalName":
            return "ExternalName: no endpoints, DNS answers with a CNAME"
        if any(a.ready for a in self.endpoints or ()):
            return ""
        if self.selector is None:
            return "no endpoints: the Service has no selector and no Endpoints were made by hand"
        matching = [m for m in self.pods if m.matches]
        selector = ",".join(f"{k}={v}" for k, v in self.selector)
        if not matching:
            near = " (nearly: " + "; ".join(f"{m.pod.name} has {', '.join(m.differs)}" for m in self.pods) + ")"
            return f"no endpoints: no pod has the labels {selector}" + (near if self.pods else "")
        live = [m for m in matching if not m.pod.terminating]
        if not live:
            return f"no endpoints: the {len(matching)} matching pod(s) are terminating"
        return f"no ready endpoints: {len(live)} pod(s) match but none is ready"


def _ports(spec: ServiceSpec) -> tuple[str, ...]:
    out = []
    for p in spec.ports or ():
        text = f"{p.port}->{p.target_port if p.target_port is not None else p.port}/{p.protocol or 'TCP'}"
        if p.name:
            text = f"{p.name}: {text}"
        if p.node_port:
            text += f" nodePort {p.node_port}"
        out.append(text)
    return tuple(out)


def _differences(selector: tuple[tuple[str, str], ...], labels: dict[str, str]) -> tuple[str, ...] | None:
    """The selector's terms the labels miss; None when the pod is not even a near miss (it
    carries none of the selector's keys, or more than one term differs)."""
    differs = tuple(f"{k}={v} (has {k}={labels[k]})" if k in labels else f"{k}={v} (label missing)"
                    for k, v in selector if labels.get(k) != v)
    if len(differs) > 1 or not any(k in labels for k, _ in selector):
        return None
    return differs


def _endpoint_addresses(ep: Endpoints, terminating: set[str]) -> tuple[Address, ...]:
    out = []
    for subset in ep.subsets or ():
        for ready, addresses in ((True, subset.addresses), (False, subset.not_ready_addresses)):
            for a in addresses or ():
                target = a.target_ref.name if a.target_ref else ""
                out.append(Address(a.ip, target or "", ready, target in terminating))
    return tuple(out)


def _slice_addresses(s: EndpointSlice) -> tuple[Address, ...]:
    out: list[Address] = []
    for e in s.endpoints or ():
        c = e.conditions
        target = e.target_ref.name if e.target_ref else ""
        out.extend(Address(ip, target or "", bool(c and c.ready), bool(c and c.terminating)) for ip in e.addresses)
    return tuple(out)


def service_state(reader: Reader, namespace: str, name: str,
                  pod_state: pods.PodStateOf = pods.pod_state) -> ServiceState:
    svc = reader.try_get(Service, name, namespace)
    if svc is None:
        return ServiceState(namespace, name, exists=False)
    spec = endpointutil.service_spec(svc)
    selector = tuple(sorted(spec.selector.items())) if spec.selector else None
    matches: list[PodMatch] = []
    if selector and spec.type != "ExternalName":
        for pod in reader.list(Pod, namespace):
            if (differs := _differences(selector, pod.metadata.labels or {})) is not None:
                matches.append(PodMatch(pod_state(pod), differs))
    terminating = {m.pod.name for m in matches if m.pod.terminating}
    ep = reader.try_get(Endpoints, name, namespace)
    slices = tuple((s.metadata.name or "", _slice_addresses(s)) for s in reader.list(EndpointSlice, namespace)
                   if (s.metadata.labels or {}).get(SERVICE_NAME) == name)
    return ServiceState(
        namespace, name, exists=True, type=spec.type or "ClusterIP", cluster_ip=spec.cluster_ip or "",
        external_ips=tuple(spec.external_ips or ()), ports=_ports(spec),
        selector=selector, external_name=spec.external_name or "",
        publish_not_ready=bool(spec.publish_not_ready_addresses),
        pods=tuple(sorted(matches, key=lambda m: not m.matches)),  # listed by name: matches first, then by name
        endpoints=_endpoint_addresses(ep, terminating) if ep is not None else None, slices=slices)


def _service_label(s: ServiceState) -> str:
    lines = [f"service/{s.name}", f"type {s.type}"]
    if s.type == "ExternalName":
        lines.append(f"CNAME -> {s.external_name}")
    else:
        lines.append("clusterIP None (headless)" if s.headless else f"clusterIP {s.cluster_ip}")
    if s.external_ips:
        lines.append("externalIPs " + ", ".join(s.external_ips))
    lines += [f"port {p}" for p in s.ports]
    if s.type != "ExternalName":
        lines.append("selector " + (",".join(f"{k}={v}" for k, v in s.selector) if s.selector
                                    else "none (Endpoints made by hand)"))
    lines += [f"DNS {s.dns_name}", f"  answers {s.dns_answers()}"]
    return "\n".join(lines)


def _state(a: Address) -> str:
    return "terminating" if a.terminating else "ready" if a.ready else "not ready"


def _counts(addresses: tuple[Address, ...]) -> str:
    return ", ".join(f"{n} {state}" for state, n in sorted(Counter(_state(a) for a in addresses).items()))


def _address_lines(addresses: tuple[Address, ...]) -> str:
    """One line per address; past PODS_SHOWN, the rest as counts by state."""
    lines = [f"{a.ip} {a.target or '(no pod)'} · {_state(a)}" for a in addresses[:PODS_SHOWN]]
    if len(addresses) > PODS_SHOWN:
        lines.append(f"... and {len(addresses) - PODS_SHOWN} more: {_counts(addresses[PODS_SHOWN:])}")
    return "\n".join(lines) if lines else "(no addresses)"


def _draw_slices(pic: picture.Picture, s: ServiceState) -> None:
    """A node per EndpointSlice with its addresses; when they are too many to read (a slice
    holds up to 100), one node with a line of counts per slice."""
    if sum(len(addresses) for _, addresses in s.slices) <= PODS_SHOWN:
        for name, addresses in s.slices:
            pic.link("svc", pic.add(picture.Node(f"slice/{name}", f"endpointslice/{name}\n{_address_lines(addresses)}",
                                                 shape="folder", style="filled")), "slice")
        return
    lines = [f"{name}: {len(addresses)} endpoints ({_counts(addresses)})" for name, addresses in s.slices]
    pic.link("svc", pic.add(picture.Node("slices", f"{len(s.slices)} endpointslices\n" + "\n".join(lines),
                                         shape="folder", style="filled")), "slices")


def service_picture(s: ServiceState) -> picture.Picture:
    title = f"ServiceMap svc/{s.name} (namespace {s.namespace})"
    if not s.exists:
        return picture.Picture.missing(title, f'service "{s.name}"', s.namespace)
    pic = picture.Picture(title)
    svc = pic.add(picture.Node("svc", _service_label(s), style="filled,bold"))
    if s.type == "ExternalName":
        pic.link(svc, pic.add(picture.Node("cname", f"{s.external_name}\n(outside the cluster)", shape="ellipse",
                                           style="filled,dashed")), "CNAME")
    why = s.why_no_endpoints()
    if why:
        pic.link(svc, pic.add(picture.Node("why", why, fill=picture.ATTENTION, shape="note", style="filled")),
                 style="dotted")
    if s.endpoints is not None:
        ep = pic.add(picture.Node("endpoints", f"endpoints/{s.name}\n{_address_lines(s.endpoints)}",
                                  shape="folder", style="filled"))
        pic.link(svc, ep, "endpoints")
        _draw_slices(pic, s)
    _draw_pods(pic, s)
    pic.legend = [("matches, in endpoints (solid edge)", picture.READY, "filled"),
                  ("nearly matches: not selected (dotted edge)", picture.DIMMED, "dashed"), *pods.LEGEND]
    return pic


def _draw_pods(pic: picture.Picture, s: ServiceState) -> None:
    in_endpoints = {a.target: a for a in s.endpoints or () if a.target}
    target = "endpoints" if pic.has_node("endpoints") else "svc"
    matching = [m for m in s.pods if m.matches]
    if len(matching) > PODS_SHOWN:
        group = pic.add(picture.Node("pods/matching", pods.counts_label([m.pod for m in matching]), shape="box3d",
                                     fill=picture.READY, style="filled"))
        pic.link(target, group, "selects")
    for m in s.pods:
        if m.matches and len(matching) > PODS_SHOWN:
            continue
        node = pods.pod_node(m.pod)
        if not m.matches:
            node = picture.Node(node.id, node.label + "\nnot selected: " + "; ".join(m.differs), fill=picture.DIMMED,
                                style="filled,dashed")
            pic.link("svc", pic.add(node), "near miss", style="dotted")
            continue
        address = in_endpoints.get(m.pod.name)
        if address is None:
            pic.link("svc", pic.add(node), "selected, not an endpoint", style="dashed")
        else:
            pic.link(target, pic.add(node), "address" if address.ready else "notReadyAddress",
                     style="solid" if address.ready else "dashed")
