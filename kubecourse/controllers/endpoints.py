"""Endpoints controller: for each Service with a selector, an Endpoints object of the same
name listing the selected pods' addresses, ready ones apart from not-ready ones.

Models kubernetes/kubernetes: pkg/controller/endpoint/endpoints_controller.go (syncService,
addEndpointSubset, podToEndpointAddressForService) and pkg/api/v1/endpoints/util.go
(RepackSubsets, LessEndpointAddress).

One sync:
1. The Service is gone: delete the Endpoints of that name (even manual ones), done.
2. No selector, or ExternalName: leave Endpoints alone; they are the user's (the
   `kubernetes` Service's endpoints are written by the API server itself).
3. For each selected pod with an IP (terminating pods only with publishNotReadyAddresses)
   and each Service port whose targetPort the pod resolves: one address with one port,
   under `addresses` if the pod is Ready (or not-ready ones are published), else under
   `notReadyAddresses`.
4. Repack: addresses offering the same ports share one subset; addresses sort by IP (as
   strings, so 10.244.1.10 before 10.244.1.9), then pod uid.
5. Write only if subsets or labels differ; the Endpoints has the Service's labels and no
   ownerReference.

Not modelled: the 1000-address truncation (over-capacity annotation), IPv6. Upstream orders
several subsets and the ports within a subset by a hash of Go's dump of them; we sort them
by port name, number and protocol, which is deterministic and usually the same single subset.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubecourse.api.models import Endpoints, ObjectMeta, Pod, Service
from kubecourse.api.models.core import EndpointAddress, EndpointPort, EndpointSubset, pod_spec
from kubecourse.api.server import DELETED, APIServer, WatchEvent
from kubecourse.clock import Clock
from kubecourse.controllers import base, endpointutil, podutil
from kubecourse.rand import Generator

Entry = tuple[EndpointAddress, bool, EndpointPort | None]  # (address, ready, port or None: no ports)


class EndpointsController(endpointutil.ServiceEndpointsController):
    watches = ("Service", "Pod", "Endpoints")
    name = "endpoint-controller"

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        super().__init__(api, clock, rng)
        self.trigger_times = endpointutil.TriggerTimeTracker()

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        yield from super().keys_for(event)
        if event.kind == "Endpoints" and event.type == DELETED:
            yield (event.obj.metadata.namespace or "", event.obj.metadata.name)  # put it back

    # Models endpoints_controller.go syncService
    def reconcile(self, key: base.Key) -> None:
        namespace, name = key
        svc = self.api.try_get("Service", name, namespace)
        current = self.api.try_get("Endpoints", name, namespace)
        if svc is None:
            self.trigger_times.forget(key)
            if current is not None:
                self.api.delete("Endpoints", name, namespace)
            return
        pods = self.selected_pods(svc)
        if pods is None:
            return
        trigger = self.trigger_times.compute(key, svc, pods)
        subsets = endpoint_subsets(svc, pods) or None
        labels = endpointutil.service_labels(svc)
        if current is not None and current.subsets == subsets and current.metadata.labels == labels:
            return
        if current is None:
            meta = ObjectMeta(name=name, namespace=namespace, labels=labels,
                              annotations=endpointutil.with_trigger_time(None, trigger))
            self.api.create(Endpoints(metadata=meta, subsets=subsets))
        else:
            meta = current.metadata.with_(labels=labels, annotations=endpointutil.with_trigger_time(
                current.metadata.annotations, trigger))
            self.api.update(current.with_(metadata=meta, subsets=subsets))


def endpoint_subsets(svc: Service, pods: list[Pod]) -> list[EndpointSubset]:
    """Steps 3 and 4 of a sync: the repacked subsets for these pods."""
    spec = endpointutil.service_spec(svc)
    publish = bool(spec.publish_not_ready_addresses)
    entries: list[Entry] = []
    for pod in pods:
        if not endpointutil.should_pod_be_in_endpoints(pod, publish):
            continue
        address = EndpointAddress(ip=endpointutil.pod_ip(pod),
                                  hostname=endpointutil.hostname_for(pod, svc),
                                  node_name=pod_spec(pod).node_name or None, target_ref=endpointutil.pod_reference(pod))
        ready = publish or podutil.is_pod_ready(pod)
        if not spec.ports:
            if endpointutil.is_headless(svc):
                entries.append((address, ready, None))  # a headless Service may have no ports
            continue
        for sp in spec.ports:
            number = podutil.find_port(pod, sp)
            if number is not None:
                entries.append((address, ready, EndpointPort(name=sp.name or None, port=number,
                                                             protocol=sp.protocol, app_protocol=sp.app_protocol)))
    return repack_subsets(entries)


def _address_key(a: EndpointAddress) -> tuple[str, str]:
    """LessEndpointAddress: by IP as a string, then by the target's uid."""
    return (a.ip, (a.target_ref.uid or "") if a.target_ref else "")


def _port_key(p: EndpointPort | None) -> tuple[str, int, str]:
    return ("", -1, "") if p is None else (p.name or "", p.port, p.protocol or "")


def repack_subsets(entries: list[Entry]) -> list[EndpointSubset]:
    """RepackSubsets: group addresses by the exact set of ports they offer. An address listed
    both ready and not ready for a port counts as ready."""
    by_port: dict[tuple, dict[tuple[str, str], tuple[EndpointAddress, bool]]] = {}
    ports: dict[tuple, EndpointPort | None] = {}
    for address, ready, port in entries:
        pk = _port_key(port)
        ports[pk] = port
        addresses = by_port.setdefault(pk, {})
        ak = _address_key(address)
        addresses[ak] = (address, ready or (ak in addresses and addresses[ak][1]))
    groups: dict[tuple, list[tuple]] = {}
    for pk, addresses in by_port.items():
        group = tuple(sorted((ak, ready) for ak, (_, ready) in addresses.items()))
        groups.setdefault(group, []).append(pk)
    subsets = []
    for pks in groups.values():
        addresses = by_port[pks[0]]
        ordered = [addresses[ak] for ak in sorted(addresses)]
        subset_ports = [ports[pk] for pk in sorted(pks) if ports[pk] is not None]
        subsets.append(EndpointSubset(
            addresses=[a for a, ready in ordered if ready] or None,
            not_ready_addresses=[a for a, ready in ordered if not ready] or None,
            ports=subset_ports or None))
    return sorted(subsets, key=lambda s: [_port_key(p) for p in s.ports or ()])
