"""What the Endpoints and EndpointSlice controllers share: which Services a pod write wakes,
which pods are endpoints, and when the change that caused a sync happened.

Models kubernetes/kubernetes: staging/src/k8s.io/endpointslice/util/controller_utils.go
(ShouldPodBeInEndpoints, ShouldSetHostname, GetServicesToUpdateOnPodChange) and
staging/src/k8s.io/endpointslice/trigger_time_tracker.go (ComputeEndpointLastChangeTriggerTime).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from kubecourse.api import selectors
from kubecourse.api.models import Pod, Service
from kubecourse.api.models.core import ObjectReference, ServiceSpec, pod_spec
from kubecourse.api.server import WatchEvent
from kubecourse.controllers import base, podutil

HEADLESS = "service.kubernetes.io/headless"
TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"


class ServiceEndpointsController(base.Controller):
    """A controller keyed by Service that also follows the pods its selector picks."""

    for_kind = "Service"

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        """The Service itself; and for a pod, every Service in its namespace whose selector
        matched its labels before or after the write. The cost is proportional to the
        Services of that namespace, not to the cluster."""
        yield from super().keys_for(event)
        if event.kind != "Pod":
            return
        ns = event.obj.metadata.namespace or ""
        labels = [p.metadata.labels for p in (event.old, event.obj) if p is not None]
        for svc in self.api.iter_namespace("Service", ns):
            selector = svc.spec.selector
            if selector and any(selectors.matches(selectors.from_map(selector), lb) for lb in labels):
                yield (ns, svc.metadata.name)

    def selected_pods(self, svc: Service) -> list[Pod] | None:
        """The pods the Service selects, or None when this controller leaves it alone:
        ExternalName Services and Services without a selector (manual endpoints)."""
        spec = service_spec(svc)
        if spec.type == "ExternalName" or not spec.selector:
            return None
        return self.api.list("Pod", svc.metadata.namespace or "", label_selector=selectors.from_map(spec.selector))


def service_spec(svc: Service) -> ServiceSpec:
    """svc.Spec, which the API server defaults on every Service it stores."""
    if svc.spec is None:
        raise ValueError(f"service {svc.metadata.name} has no spec")
    return svc.spec


def should_pod_be_in_endpoints(pod: Pod, include_terminating: bool) -> bool:
    """Not finished, has an IP, and not terminating unless those are wanted."""
    status = pod.status
    if status is None or status.phase in ("Succeeded", "Failed") or not (status.pod_ip or status.pod_ips):
        return False
    return include_terminating or pod.metadata.deletion_timestamp is None


def pod_ip(pod: Pod) -> str:
    """The pod's (first) IP, of a pod should_pod_be_in_endpoints accepted: it has one."""
    status = pod.status
    ip = (status.pod_ip or (status.pod_ips[0].ip if status.pod_ips else None)) if status else None
    if ip is None:
        raise ValueError(f"pod {pod.metadata.name} has no IP")
    return ip


def hostname_for(pod: Pod, svc: Service) -> str | None:
    """The pod's hostname when its subdomain names this Service (ShouldSetHostname)."""
    spec = pod_spec(pod)
    if spec.hostname and spec.subdomain == svc.metadata.name and pod.metadata.namespace == svc.metadata.namespace:
        return spec.hostname
    return None


def pod_reference(pod: Pod) -> ObjectReference:
    return ObjectReference(kind="Pod", namespace=pod.metadata.namespace, name=pod.metadata.name, uid=pod.metadata.uid)


def is_headless(svc: Service) -> bool:
    return service_spec(svc).cluster_ip == "None"


def service_labels(svc: Service, extra: dict[str, str] | None = None) -> dict[str, str] | None:
    """The Service's labels, `extra`, and the headless label for a headless Service."""
    labels = {**(svc.metadata.labels or {}), **(extra or {})}
    if is_headless(svc):
        labels[HEADLESS] = ""
    return labels or None


def with_trigger_time(annotations: dict[str, str] | None, when: datetime | None) -> dict[str, str] | None:
    """Annotations with last-change-trigger-time set to `when` (RFC 3339 with nanoseconds,
    trailing zeros dropped, as Go's RFC3339Nano), or removed when nothing triggered."""
    out = dict(annotations or {})
    if when is None:
        out.pop(TRIGGER_TIME, None)
    else:
        frac = f"{when.microsecond:06d}".rstrip("0")
        out[TRIGGER_TIME] = when.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"
    return out or None


class TriggerTimeTracker:
    """When did the change that this sync reacts to happen? The earliest of: a pod's Ready
    condition flipping since the last sync, and the Service's creation if it is new to us.
    Kept per Service between syncs (TriggerTimeTracker.ComputeEndpointLastChangeTriggerTime)."""

    def __init__(self) -> None:
        self._states: dict[base.Key, tuple[datetime | None, dict[str, datetime]]] = {}

    def compute(self, key: base.Key, svc: Service, pods: list[Pod]) -> datetime | None:
        last_service, last_pods = self._states.get(key, (None, {}))
        changed: list[datetime] = []
        pod_times: dict[str, datetime] = {}
        for pod in pods:
            ready = podutil.get_condition(pod, podutil.READY)
            when = ready.last_transition_time if ready is not None else None
            if when is None:
                continue
            pod_times[pod.metadata.name or ""] = when
            previous = last_pods.get(pod.metadata.name or "")
            if previous is None or when > previous:
                changed.append(when)
        created = svc.metadata.creation_timestamp
        if created is not None and (last_service is None or created > last_service):
            changed.append(created)
        self._states[key] = (created, pod_times)
        return min(changed) if changed else None

    def forget(self, key: base.Key) -> None:
        self._states.pop(key, None)

