"""The ports an object offers, each with its protocol, for the Service `expose` creates.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/portsforobject.go
(portsForObject, getPorts, getServicePorts) and protocolsforobject.go /
multiprotocolsforobject.go (a port's protocols): the container ports of the pod spec, or a
Service's ports, in the object's order. Duplicates stay: expose groups them by number.
"""

from __future__ import annotations

from typing import Any

Ports = list[tuple[str, str]]  # (port, protocol)


def _container_ports(spec: Any) -> Ports:
    return [(str(p.container_port), p.protocol or "TCP")
            for c in (spec.containers if spec else ()) for p in c.ports or ()]


def pod_ports(pod: Any) -> Ports:
    return _container_ports(pod.spec)


def template_ports(obj: Any) -> Ports:
    return _container_ports(obj.spec.template.spec if obj.spec.template else None)


def service_ports(svc: Any) -> Ports:
    return [(str(p.port), p.protocol or "TCP") for p in svc.spec.ports or ()]
