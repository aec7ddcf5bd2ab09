"""describe for Services, Endpoints and EndpointSlices.

Models kubernetes/kubectl: pkg/describe/describe.go describeService, buildIngressString,
formatEndpointSlices, describeEndpoints, describeEndpointSliceV1.

What we learned from the source (1.31+):
- A Service's `Endpoints:` line is built from its EndpointSlices (label
  kubernetes.io/service-name=<svc>), per service port: for each slice port with the same
  name, each ready endpoint (ready unset counts as ready) gives `ip:port`; at most 3 are
  listed, then ` + N more...`; `<none>` when there are no slices at all, and an empty
  value when slices exist but no endpoint is ready.
- Port lines: `Port:\\t<name or <unset>>\\t80/TCP`, `TargetPort:\\t8080/TCP` (a named target
  port prints its name), `NodePort:` only when set. `Session Affinity`, then
  `External Traffic Policy` and `Internal Traffic Policy` when set.
- Endpoints: per subset `Addresses`, `NotReadyAddresses` (comma-joined IPs or `<none>`) and a
  `Name  Port  Protocol` table, then an empty line.
- EndpointSlice: `AddressType`, a ports table (or `Ports: <unset>`), and per endpoint
  `- Addresses:`, its Ready condition, Hostname, TargetRef, NodeName, Zone.
"""

from __future__ import annotations

from kubecourse.api import selectors
from kubecourse.api.models import Endpoints, EndpointSlice, Service
from kubecourse.kubectl.describe import events
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import (
    LEVEL_0,
    LEVEL_1,
    LEVEL_2,
    LEVEL_3,
    PrefixWriter,
    annotations_multiline,
    go_bool,
    labels_multiline,
)

SERVICE_NAME_LABEL = "kubernetes.io/service-name"
MAX_ENDPOINTS = 3


def describe_service(svc: Service, view: View) -> str:
    w = PrefixWriter()
    meta, spec = svc.metadata, svc.spec
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"Selector:\t{selectors.format_labels(spec.selector)}\n")
    w.write(LEVEL_0, f"Type:\t{spec.type}\n")
    if spec.ip_family_policy is not None:
        w.write(LEVEL_0, f"IP Family Policy:\t{spec.ip_family_policy}\n")
    w.write(LEVEL_0, f"IP Families:\t{','.join(spec.ip_families or ()) or '<none>'}\n")
    w.write(LEVEL_0, f"IP:\t{spec.cluster_ip or ''}\n")
    w.write(LEVEL_0, f"IPs:\t{','.join(spec.cluster_ips or ()) or '<none>'}\n")
    if spec.external_ips:
        w.write(LEVEL_0, f"External IPs:\t{','.join(spec.external_ips)}\n")
    if spec.load_balancer_ip:
        w.write(LEVEL_0, f"Desired LoadBalancer IP:\t{spec.load_balancer_ip}\n")
    if spec.external_name:
        w.write(LEVEL_0, f"External Name:\t{spec.external_name}\n")
    ingress = svc.status.load_balancer.ingress if svc.status and svc.status.load_balancer else None
    if ingress:
        w.write(LEVEL_0, f"LoadBalancer Ingress:\t{', '.join(i.ip or i.hostname or '' for i in ingress)}\n")
    slices = view.api.list(EndpointSlice, meta.namespace, label_selector=f"{SERVICE_NAME_LABEL}={meta.name}")
    for port in spec.ports or ():
        name = port.name or "<unset>"
        protocol = port.protocol or ""
        w.write(LEVEL_0, f"Port:\t{name}\t{port.port}/{protocol}\n")
        w.write(LEVEL_0, f"TargetPort:\t{port.target_port}/{protocol}\n")
        if port.node_port:
            w.write(LEVEL_0, f"NodePort:\t{name}\t{port.node_port}/{protocol}\n")
        w.write(LEVEL_0, f"Endpoints:\t{format_endpoint_slices(slices, port.name or '')}\n")
    w.write(LEVEL_0, f"Session Affinity:\t{spec.session_affinity or ''}\n")
    if spec.external_traffic_policy:
        w.write(LEVEL_0, f"External Traffic Policy:\t{spec.external_traffic_policy}\n")
    if spec.internal_traffic_policy is not None:
        w.write(LEVEL_0, f"Internal Traffic Policy:\t{spec.internal_traffic_policy}\n")
    events.section(w, view, svc)
    return w.text()


def format_endpoint_slices(slices: list[EndpointSlice], port_name: str) -> str:
    """`10.244.1.5:8080,10.244.2.3:8080`: the ready endpoints for the named port. As upstream,
    the `+ N more...` mark is set once a fourth endpoint is seen, ready or not."""
    if not slices:
        return "<none>"
    listed: list[str] = []
    more, count = False, 0
    for s in slices:
        if s.ports:
            candidates = [(ep, _host_port(ep.addresses[0], port.port)) for port in s.ports
                          if (port.name or "") == port_name for ep in s.endpoints or ()]
        else:  # a headless service without ports
            candidates = [(ep, ep.addresses[0]) for ep in s.endpoints or ()]
        for ep, text in candidates:
            if len(listed) == MAX_ENDPOINTS:
                more = True
            if ep.conditions is not None and ep.conditions.ready is False:
                continue
            if not more:
                listed.append(text)
            count += 1
    joined = ",".join(listed)
    return f"{joined} + {count - MAX_ENDPOINTS} more..." if more else joined


def _host_port(address: str, port: int | None) -> str:
    """net.JoinHostPort: brackets around an IPv6 address."""
    host = f"[{address}]" if ":" in address else address
    return f"{host}:{port or 0}"


def describe_endpoints(ep: Endpoints, view: View) -> str:
    w = PrefixWriter()
    meta = ep.metadata
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, "Subsets:\n")
    for subset in ep.subsets or ():
        ready = ",".join(a.ip for a in subset.addresses or ()) or "<none>"
        not_ready = ",".join(a.ip for a in subset.not_ready_addresses or ()) or "<none>"
        w.write(LEVEL_1, f"Addresses:\t{ready}\n")
        w.write(LEVEL_1, f"NotReadyAddresses:\t{not_ready}\n")
        if subset.ports:
            w.write(LEVEL_1, "Ports:\n")
            w.write(LEVEL_2, "Name\tPort\tProtocol\n")
            w.write(LEVEL_2, "----\t----\t--------\n")
            for port in subset.ports:
                w.write(LEVEL_2, f"{port.name or '<unset>'}\t{port.port}\t{port.protocol or ''}\n")
        w.write(LEVEL_0, "\n")
    events.section(w, view, ep)
    return w.text()


def describe_endpoint_slice(eps: EndpointSlice, view: View) -> str:
    w = PrefixWriter()
    meta = eps.metadata
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"AddressType:\t{eps.address_type}\n")
    if not eps.ports:
        w.write(LEVEL_0, "Ports: <unset>\n")
    else:
        w.write(LEVEL_0, "Ports:\n")
        w.write(LEVEL_1, "Name\tPort\tProtocol\n")
        w.write(LEVEL_1, "----\t----\t--------\n")
        for port in eps.ports:
            number = "<unset>" if port.port is None else str(port.port)
            w.write(LEVEL_1, f"{port.name or '<unset>'}\t{number}\t{port.protocol or ''}\n")
    if not eps.endpoints:
        w.write(LEVEL_0, "Endpoints: <none>\n")
    else:
        w.write(LEVEL_0, "Endpoints:\n")
        for ep in eps.endpoints:
            w.write(LEVEL_1, f"- Addresses:\t{', '.join(ep.addresses) or '<none>'}\n")
            w.write(LEVEL_2, "Conditions:\n")
            ready = ep.conditions.ready if ep.conditions else None
            w.write(LEVEL_3, f"Ready:\t{'<unset>' if ready is None else go_bool(ready)}\n")
            w.write(LEVEL_2, f"Hostname:\t{ep.hostname if ep.hostname is not None else '<unset>'}\n")
            if ep.target_ref is not None:
                w.write(LEVEL_2, f"TargetRef:\t{ep.target_ref.kind}/{ep.target_ref.name}\n")
            w.write(LEVEL_2, f"NodeName:\t{ep.node_name if ep.node_name is not None else '<unset>'}\n")
            w.write(LEVEL_2, f"Zone:\t{ep.zone if ep.zone is not None else '<unset>'}\n")
    events.section(w, view, eps)
    return w.text()
