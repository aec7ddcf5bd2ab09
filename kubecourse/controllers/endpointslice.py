"""EndpointSlice controller: the selected pods of each Service with a selector, as
discovery.k8s.io/v1 EndpointSlices named `<service>-<5 random chars>`.

Models kubernetes/kubernetes: pkg/controller/endpointslice/endpointslice_controller.go
(syncService) and staging/src/k8s.io/endpointslice/reconciler.go (reconcileByAddressType,
reconcileByPortMapping, finalize), utils.go (podToEndpoint, newEndpointSlice,
getEndpointPorts).

Unlike Endpoints, slices keep terminating pods (ready=false, serving as the pod's
readiness, terminating=true) until the pods are gone, and each slice is owned by its
Service (a controller ownerReference), so the garbage collector removes them with it.

One sync, for each distinct set of resolved ports (usually one):
1. Existing slices with those ports keep the endpoints still wanted (updated in place when
   their conditions or labels changed); slices left empty are deleted.
2. New endpoints fill slices that are being updated anyway, then any slice with room
   (at most 100 endpoints each), and only then new slices.
3. Slices whose ports no longer exist are deleted; a create paired with a delete becomes an
   update of the old slice, so names stay stable when ports change.
4. A Service that selects nothing keeps one empty placeholder slice.
"""

from __future__ import annotations

from datetime import datetime

from kubecourse.api.models import EndpointSlice, ObjectMeta, Pod, Service
from kubecourse.api.models.core import pod_spec
from kubecourse.api.models.discovery import Endpoint, EndpointConditions, EndpointSlicePort
from kubecourse.api.server import APIServer
from kubecourse.clock import Clock
from kubecourse.controllers import base, endpointutil, podutil
from kubecourse.rand import Generator

MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER_NAME = "endpointslice-controller.k8s.io"
SERVICE_NAME = "kubernetes.io/service-name"
MAX_ENDPOINTS_PER_SLICE = 100
ZONE = "topology.kubernetes.io/zone"

Ports = tuple[EndpointSlicePort, ...]


class EndpointSliceController(endpointutil.ServiceEndpointsController):
    watches = ("Service", "Pod", "EndpointSlice")
    name = "endpointslice-controller"
    owns = ("EndpointSlice",)

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        super().__init__(api, clock, rng)
        self.trigger_times = endpointutil.TriggerTimeTracker()

    # Models endpointslice_controller.go syncService
    def reconcile(self, key: base.Key) -> None:
        namespace, name = key
        svc = self.api.try_get("Service", name, namespace)
        if svc is None:
            self.trigger_times.forget(key)
            return  # its slices go with it: the garbage collector follows their ownerReference
        pods = self.selected_pods(svc)
        if pods is None:
            return
        trigger = self.trigger_times.compute(key, svc, pods)
        desired: dict[Ports, list[Endpoint]] = {}
        for pod in pods:
            node = self.api.try_get("Node", pod_spec(pod).node_name or "")
            if not endpointutil.should_pod_be_in_endpoints(pod, True) or node is None:
                continue
            endpoint = pod_to_endpoint(pod, svc, (node.metadata.labels or {}).get(ZONE))
            desired.setdefault(endpoint_ports(svc, pod), []).append(endpoint)
        existing = [s for s in self.api.iter_namespace("EndpointSlice", namespace)
                    if (s.metadata.labels or {}).get(SERVICE_NAME) == name
                    and (s.metadata.labels or {}).get(MANAGED_BY) == CONTROLLER_NAME]
        to_create, to_update, to_delete = reconcile_slices(svc, existing, desired, trigger)
        for s in to_delete:
            self.api.delete("EndpointSlice", s.metadata.name or "", namespace)
        for s in to_update:
            self.api.update(s)
        for s in to_create:
            self.api.create(s)


def endpoint_ports(svc: Service, pod: Pod) -> Ports:
    """The Service's ports as this pod resolves them; ports it cannot resolve are left out
    (getEndpointPorts). An unnamed port keeps its empty name, as upstream writes it."""
    out = []
    for sp in endpointutil.service_spec(svc).ports or ():
        number = podutil.find_port(pod, sp)
        if number is not None:
            out.append(EndpointSlicePort(name=sp.name or "", port=number, protocol=sp.protocol,
                                         app_protocol=sp.app_protocol))
    return tuple(out)


def pod_to_endpoint(pod: Pod, svc: Service, zone: str | None) -> Endpoint:
    """podToEndpoint: serving is the pod's readiness; ready also needs it not terminating,
    unless the Service publishes not-ready addresses."""
    serving = podutil.is_pod_ready(pod)
    terminating = pod.metadata.deletion_timestamp is not None
    ready = bool(endpointutil.service_spec(svc).publish_not_ready_addresses) or (serving and not terminating)
    return Endpoint(addresses=[endpointutil.pod_ip(pod)],
                    conditions=EndpointConditions(ready=ready, serving=serving, terminating=terminating),
                    hostname=endpointutil.hostname_for(pod, svc), target_ref=endpointutil.pod_reference(pod),
                    node_name=pod_spec(pod).node_name or None, zone=zone)


def _endpoint_key(e: Endpoint) -> tuple:
    return (tuple(e.addresses), e.target_ref.uid if e.target_ref else "")


def new_slice(svc: Service, ports: Ports, endpoints: list[Endpoint] | None) -> EndpointSlice:
    """newEndpointSlice: generateName `<service>-`, owned by the Service."""
    return EndpointSlice(
        metadata=ObjectMeta(generate_name=f"{svc.metadata.name}-", namespace=svc.metadata.namespace,
                            labels=slice_labels(svc), owner_references=[base.owner_ref(svc)]),
        address_type="IPv4", endpoints=endpoints or None, ports=list(ports) or None)


def slice_labels(svc: Service) -> dict[str, str] | None:
    return endpointutil.service_labels(svc, {SERVICE_NAME: svc.metadata.name or "", MANAGED_BY: CONTROLLER_NAME})


def reconcile_slices(
    svc: Service, existing: list[EndpointSlice], desired: dict[Ports, list[Endpoint]], trigger: datetime | None,
) -> tuple[list[EndpointSlice], list[EndpointSlice], list[EndpointSlice]]:
    """(slices to create, to update, to delete): steps 1-4 of the module docstring."""
    to_create: list[EndpointSlice] = []
    to_update: list[EndpointSlice] = []
    to_delete: list[EndpointSlice] = []
    labels = slice_labels(svc)
    for s in existing:
        if tuple(s.ports or ()) not in desired:
            to_delete.append(s)
    for ports, endpoints in desired.items():
        wanted = {_endpoint_key(e): e for e in endpoints}
        unchanged: list[EndpointSlice] = []
        updated: list[EndpointSlice] = []
        for s in existing:
            if tuple(s.ports or ()) != ports:
                continue
            kept = [wanted.pop(k) for e in s.endpoints or () if (k := _endpoint_key(e)) in wanted]
            if not kept:
                to_delete.append(s)
            elif kept != list(s.endpoints or ()) or s.metadata.labels != labels:
                updated.append(s.with_(endpoints=kept))
            else:
                unchanged.append(s)
        pending = {s.metadata.name: s for s in updated}
        fresh = list(wanted.values())
        for s in [*updated, *unchanged]:
            current = pending.get(s.metadata.name, s)
            room = MAX_ENDPOINTS_PER_SLICE - len(current.endpoints or ())
            if fresh and room > 0:
                pending[s.metadata.name] = current.with_(endpoints=[*(current.endpoints or ()), *fresh[:room]])
                fresh = fresh[room:]
        to_update += pending.values()
        while fresh:
            to_create.append(new_slice(svc, ports, fresh[:MAX_ENDPOINTS_PER_SLICE]))
            fresh = fresh[MAX_ENDPOINTS_PER_SLICE:]
    if len(to_delete) == len(existing) and not to_create:
        placeholder = new_slice(svc, (), None)
        if len(to_delete) == 1 and _same_placeholder(to_delete[0], placeholder):
            to_delete = []
        else:
            to_create.append(placeholder)
    return _finalize(to_create, to_update, to_delete, labels, trigger)


def _same_placeholder(s: EndpointSlice, placeholder: EndpointSlice) -> bool:
    return not s.endpoints and not s.ports and s.metadata.labels == placeholder.metadata.labels


def _finalize(to_create: list[EndpointSlice], to_update: list[EndpointSlice], to_delete: list[EndpointSlice],
              labels: dict[str, str] | None, trigger: datetime | None) -> tuple[list, list, list]:
    """Turn create+delete pairs into updates of the old slice; stamp labels and the trigger
    time on everything written."""
    updates = list(to_update)
    creates = []
    deletes = list(to_delete)
    for new in to_create:
        if deletes:
            old = deletes.pop(0)
            updates.append(old.with_(endpoints=new.endpoints, ports=new.ports))
        else:
            creates.append(new)

    def stamp(s: EndpointSlice) -> EndpointSlice:
        meta = s.metadata.with_(labels=labels, annotations=endpointutil.with_trigger_time(s.metadata.annotations,
                                                                                          trigger))
        return s.with_(metadata=meta)

    return [stamp(s) for s in creates], [stamp(s) for s in updates], deletes
