"""What the API server fills in on create and update: defaulting (pkg/apis/*/v1/defaults.go),
mutating admission and the registry strategies (pkg/registry/...). Facts and sources:
kubernetes-behavior.md §3.1 (Deployment), §6.1 (Service), §7 (Secret), §9 (Pod).

Each `prepare_<kind>(api, new, old)` returns the object as the server would store it.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from kubecourse.api.models import apps, core

if TYPE_CHECKING:
    from kubecourse.api.server import APIServer


def image_pull_policy(image: str | None) -> str:
    """`Always` for `:latest` or no tag, else `IfNotPresent` (pkg/apis/core/v1/defaults.go)."""
    ref = (image or "").split("@")[0]
    tag = ref.rsplit(":", 1)[1] if ":" in ref.rsplit("/", 1)[-1] else ""
    return "Always" if tag in ("", "latest") else "IfNotPresent"


def default_container(c: core.Container) -> core.Container:
    ports = [p.fill(protocol="TCP") for p in c.ports] if c.ports else None
    return c.fill(
        image_pull_policy=image_pull_policy(c.image),
        termination_message_path="/dev/termination-log",
        termination_message_policy="File",
        resources=core.ResourceRequirements(),
    ).with_(ports=ports)


def default_pod_spec(spec: core.PodSpec) -> core.PodSpec:
    return spec.fill(
        restart_policy="Always",
        termination_grace_period_seconds=30,
        dns_policy="ClusterFirst",
        security_context={},
        scheduler_name="default-scheduler",
    ).with_(
        containers=[default_container(c) for c in spec.containers],
        init_containers=[default_container(c) for c in spec.init_containers] if spec.init_containers else None,
    )


def default_template(t: core.PodTemplateSpec | None) -> core.PodTemplateSpec | None:
    if t is None or t.spec is None:
        return t
    meta = t.metadata or core.ObjectMeta()
    return t.with_(metadata=meta.fill(creation_timestamp=None), spec=default_pod_spec(t.spec))


def prepare_pod(api: APIServer, pod: core.Pod, old: core.Pod | None) -> core.Pod:
    if old is not None or pod.spec is None:
        return pod
    spec = default_pod_spec(pod.spec)
    spec = spec.fill(enable_service_links=True, priority=0, preemption_policy="PreemptLowerPriority")
    return pod.with_(spec=spec, status=core.PodStatus(phase="Pending", qos_class="BestEffort"))


def prepare_replica_set(api: APIServer, rs: apps.ReplicaSet, old: Any) -> apps.ReplicaSet:
    spec = rs.spec or apps.ReplicaSetSpec()
    return rs.with_(spec=spec.fill(replicas=1).with_(template=default_template(spec.template)),
                    status=rs.status or apps.ReplicaSetStatus(replicas=0))


def prepare_replication_controller(api: APIServer, rc: core.ReplicationController, old: Any) -> Any:
    spec = rc.spec or core.ReplicationControllerSpec()
    template = default_template(spec.template)
    selector = spec.selector or (template.metadata.labels if template and template.metadata else None)
    return rc.with_(spec=spec.fill(replicas=1, selector=selector).with_(template=template),
                    status=rc.status or core.ReplicationControllerStatus(replicas=0))


def prepare_deployment(api: APIServer, d: apps.Deployment, old: Any) -> apps.Deployment:
    spec = d.spec or apps.DeploymentSpec()
    strategy = spec.strategy or apps.DeploymentStrategy()
    strategy = strategy.fill(type="RollingUpdate")
    if strategy.type == "RollingUpdate":
        ru = strategy.rolling_update or apps.RollingUpdateDeployment()
        strategy = strategy.with_(rolling_update=ru.fill(max_unavailable="25%", max_surge="25%"))
    spec = spec.fill(replicas=1, revision_history_limit=10, progress_deadline_seconds=600)
    return d.with_(spec=spec.with_(strategy=strategy, template=default_template(spec.template)),
                   status=d.status or apps.DeploymentStatus())


def prepare_service(api: APIServer, svc: core.Service, old: core.Service | None) -> core.Service:
    spec = svc.spec or core.ServiceSpec()
    ports = [p.fill(protocol="TCP", target_port=p.port) for p in spec.ports] if spec.ports else None
    spec = spec.fill(type="ClusterIP", session_affinity="None").with_(ports=ports)
    if spec.type != "ExternalName":
        spec = spec.fill(internal_traffic_policy="Cluster", ip_families=["IPv4"], ip_family_policy="SingleStack")
        if spec.cluster_ip is None:
            spec = spec.with_(cluster_ip=old.spec.cluster_ip if old and old.spec else api.allocate_service_ip())
        spec = spec.fill(cluster_ips=[spec.cluster_ip])
    return svc.with_(spec=spec, status=svc.status or core.ServiceStatus(load_balancer=core.LoadBalancerStatus()))


def prepare_secret(api: APIServer, s: core.Secret, old: Any) -> core.Secret:
    """stringData is write-only: folded into data, base64-encoded (pkg/apis/core/v1/conversion.go)."""
    s = s.fill(type="Opaque")
    if not s.string_data:
        return s
    data = dict(s.data or {})
    for k, v in s.string_data.items():
        data[k] = base64.b64encode(v.encode()).decode()
    return s.with_(data=data, string_data=None)


def prepare_namespace(api: APIServer, ns: core.Namespace, old: Any) -> core.Namespace:
    return ns.with_(
        metadata=ns.metadata.with_(labels={**(ns.metadata.labels or {}),
                                           "kubernetes.io/metadata.name": ns.metadata.name}),
        spec=ns.spec or core.NamespaceSpec(finalizers=["kubernetes"]),
        status=ns.status or core.NamespaceStatus(phase="Active"),
    )
