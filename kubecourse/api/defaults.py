"""What the API server fills in on create and update, so that `-o yaml` shows what a real
server stores: defaulting (SetDefaults_*), mutating admission (kubecourse/api/admission.py,
pods only) and the registry strategies (PrepareForCreate/Update, allocation).

Models kubernetes/kubernetes: pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go,
pkg/registry/core/pod/strategy.go (PrepareForCreate: status Pending + QoS class),
pkg/registry/core/service/storage (ClusterIP, NodePort and IP-family allocation),
pkg/registry/core/namespace/strategy.go, pkg/apis/core/helper/qos/qos.go (GetPodQOS).

Each `prepare_<kind>(api, new, old)` returns the object as the server would store it.

What we learned from defaults.go (read for v1.32):
- imagePullPolicy comes from the tag the image reference parses to: no tag and no digest
  means `latest` (Always); a digest without a tag means no tag at all (IfNotPresent).
- SetDefaults_PodSpec fills every PodSpec, templates included (dnsPolicy, restartPolicy,
  securityContext {}, terminationGracePeriodSeconds 30, schedulerName). SetDefaults_Pod fills
  only real Pods: enableServiceLinks, requests copied from limits, hostPort = containerPort on
  the host network. So a Deployment's template has no enableServiceLinks; its pods do.
- Probes: timeoutSeconds 1, periodSeconds 10, successThreshold 1, failureThreshold 3 (not
  initialDelaySeconds); an httpGet action gets path `/` and scheme HTTP.
- Volumes: no source at all means emptyDir; secret/configMap/downwardAPI/projected sources
  get defaultMode 420 (0644); a projected token gets expirationSeconds 3600; a fieldRef gets
  apiVersion v1.
- A ReplicationController takes its selector, and its own labels, from the template's labels.
- Service: sessionAffinity None (ClientIP gets a 10800 s timeout), protocol TCP, targetPort =
  port, internalTrafficPolicy Cluster for ClusterIP/NodePort/LoadBalancer,
  externalTrafficPolicy Cluster for NodePort/LoadBalancer, allocateLoadBalancerNodePorts for
  LoadBalancer. ipFamilies/ipFamilyPolicy and clusterIP(s) come from the registry; a headless
  Service without a selector gets RequireDualStack.
- ConfigMap's only default (data = {}) is invisible on the wire.
"""

from __future__ import annotations

import base64
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kubecourse.api import admission
from kubecourse.api.models import apps, core, storage

if TYPE_CHECKING:
    from kubecourse.api.reader import Reader

DEFAULT_MODE = 420  # 0644: Secret/ConfigMap/DownwardAPI/Projected VolumeSourceDefaultMode
CLIENT_IP_TIMEOUT = 10800  # DefaultClientIPServiceAffinitySeconds
NODE_PORT_RANGE = (30000, 32767)


# --- containers and pod specs ---------------------------------------------------------------


def image_pull_policy(image: str | None) -> str:
    """`Always` when the reference's tag is `latest` (also implied by no tag and no digest)."""
    ref, _, digest = (image or "").partition("@")
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        return "Always" if last.rsplit(":", 1)[1] == "latest" else "IfNotPresent"
    return "IfNotPresent" if digest or not ref else "Always"


def default_http_get(h: core.HTTPGetAction | None) -> core.HTTPGetAction | None:
    return h.fill(path="/", scheme="HTTP") if h is not None else None


def default_probe(p: core.Probe | None) -> core.Probe | None:
    if p is None:
        return None
    return p.fill(timeout_seconds=1, period_seconds=10, success_threshold=1,
                  failure_threshold=3).with_(http_get=default_http_get(p.http_get))


def default_lifecycle(lc: core.Lifecycle | None) -> core.Lifecycle | None:
    if lc is None:
        return None
    return lc.with_(**{hook: h.with_(http_get=default_http_get(h.http_get))
                       for hook in ("post_start", "pre_stop") if (h := getattr(lc, hook)) is not None})


def default_field_ref(ref: core.ObjectFieldSelector | None) -> core.ObjectFieldSelector | None:
    return ref.fill(api_version="v1") if ref is not None else None


def default_env(env: list[core.EnvVar] | None) -> list[core.EnvVar] | None:
    if not env:
        return env
    out = []
    for e in env:
        vf = e.value_from
        out.append(e if vf is None or vf.field_ref is None
                   else e.with_(value_from=vf.with_(field_ref=default_field_ref(vf.field_ref))))
    return out


def default_container(c: core.Container) -> core.Container:
    ports = [p.fill(protocol="TCP") for p in c.ports] if c.ports else c.ports
    return c.fill(
        image_pull_policy=image_pull_policy(c.image),
        termination_message_path="/dev/termination-log",
        termination_message_policy="File",
        resources=core.ResourceRequirements(),
    ).with_(ports=ports, env=default_env(c.env), liveness_probe=default_probe(c.liveness_probe),
            readiness_probe=default_probe(c.readiness_probe), startup_probe=default_probe(c.startup_probe),
            lifecycle=default_lifecycle(c.lifecycle))


def _downward_items(items: list[core.DownwardAPIVolumeFile] | None) -> list[core.DownwardAPIVolumeFile] | None:
    return [i.with_(field_ref=default_field_ref(i.field_ref)) for i in items] if items else items


def default_projection(p: core.VolumeProjection) -> core.VolumeProjection:
    if p.service_account_token is not None:
        p = p.with_(service_account_token=p.service_account_token.fill(expiration_seconds=3600))
    if p.downward_api is not None:
        p = p.with_(downward_api=p.downward_api.with_(items=_downward_items(p.downward_api.items)))
    return p


def default_volume(v: core.Volume) -> core.Volume:
    """SetDefaults_Volume and the per-source defaultMode defaults."""
    sources = ("empty_dir", "config_map", "secret", "persistent_volume_claim", "host_path", "downward_api",
               "projected")
    if all(getattr(v, s) is None for s in sources) and not v.model_extra:
        return v.with_(empty_dir=core.EmptyDirVolumeSource())
    if v.config_map is not None:
        v = v.with_(config_map=v.config_map.fill(default_mode=DEFAULT_MODE))
    if v.secret is not None:
        v = v.with_(secret=v.secret.fill(default_mode=DEFAULT_MODE))
    if v.downward_api is not None:
        v = v.with_(downward_api=v.downward_api.fill(default_mode=DEFAULT_MODE).with_(
            items=_downward_items(v.downward_api.items)))
    if v.projected is not None:
        sources_ = [default_projection(p) for p in v.projected.sources] if v.projected.sources else None
        v = v.with_(projected=v.projected.fill(default_mode=DEFAULT_MODE).with_(sources=sources_))
    if v.host_path is not None:
        v = v.with_(host_path=v.host_path.fill(type=""))
    return v


def default_pod_spec(spec: core.PodSpec) -> core.PodSpec:
    """SetDefaults_PodSpec and everything nested in a PodSpec (templates included)."""
    return spec.fill(
        restart_policy="Always",
        termination_grace_period_seconds=30,
        dns_policy="ClusterFirst",
        security_context={},
        scheduler_name="default-scheduler",
    ).with_(
        containers=[default_container(c) for c in spec.containers],
        init_containers=[default_container(c) for c in spec.init_containers] if spec.init_containers else None,
        volumes=[default_volume(v) for v in spec.volumes] if spec.volumes else spec.volumes,
    )


def default_template(t: core.PodTemplateSpec | None) -> core.PodTemplateSpec:
    """A template is a struct, not a pointer, upstream: a missing one is an empty one."""
    if t is None:
        return core.PodTemplateSpec()
    return t.with_(spec=default_pod_spec(t.spec)) if t.spec is not None else t


def _requests_from_limits(c: core.Container) -> core.Container:
    r = c.resources
    if r is None or not r.limits:
        return c
    return c.with_(resources=r.with_(requests={**r.limits, **(r.requests or {})}))


def _host_ports(c: core.Container) -> core.Container:
    if not c.ports:
        return c
    return c.with_(ports=[p if p.host_port else p.with_(host_port=p.container_port) for p in c.ports])


def default_pod(pod: core.Pod) -> core.Pod:
    """SetDefaults_Pod on top of SetDefaults_PodSpec."""
    spec = default_pod_spec(core.pod_spec(pod))
    containers = [_requests_from_limits(c) for c in spec.containers]
    inits = [_requests_from_limits(c) for c in spec.init_containers] if spec.init_containers else None
    if spec.host_network:
        containers = [_host_ports(c) for c in containers]
        inits = [_host_ports(c) for c in inits] if inits else inits
    return pod.with_(spec=spec.fill(enable_service_links=True).with_(containers=containers, init_containers=inits))


# --- QoS class (pkg/apis/core/helper/qos/qos.go GetPodQOS) ------------------------------------

_SUFFIXES = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": Decimal(1),
             "k": Decimal(10) ** 3, "M": Decimal(10) ** 6, "G": Decimal(10) ** 9, "T": Decimal(10) ** 12,
             "P": Decimal(10) ** 15, "E": Decimal(10) ** 18, "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20,
             "Gi": Decimal(2) ** 30, "Ti": Decimal(2) ** 40, "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eE][+-]?[0-9]+|[a-zA-Z]*)$")


def quantity(value: Any) -> Decimal:
    """A resource.Quantity's value; malformed text counts as 0 (validation is not modelled)."""
    m = _QUANTITY.match(str(value).strip())
    if not m:
        return Decimal(0)
    number, suffix = m.groups()
    try:
        if suffix[:1] in ("e", "E"):
            return Decimal(number + suffix)
        return Decimal(number) * _SUFFIXES.get(suffix, Decimal(0))
    except ArithmeticError:
        return Decimal(0)


def qos_class(spec: core.PodSpec) -> str:
    """BestEffort: no cpu/memory request or limit anywhere. Guaranteed: every container limits
    cpu and memory, and requests equal limits. Burstable: everything else."""
    requests: dict[str, Decimal] = {}
    limits: dict[str, Decimal] = {}
    guaranteed = True
    for c in [*(spec.init_containers or ()), *spec.containers]:
        res = c.resources or core.ResourceRequirements()
        req = {k: quantity(v) for k, v in (res.requests or {}).items() if k in ("cpu", "memory")}
        lim = {k: quantity(v) for k, v in (res.limits or {}).items() if k in ("cpu", "memory")}
        req = {k: v for k, v in req.items() if v != 0}
        lim = {k: v for k, v in lim.items() if v != 0}
        for k, v in req.items():
            requests[k] = requests.get(k, Decimal(0)) + v
        for k, v in lim.items():
            limits[k] = limits.get(k, Decimal(0)) + v
        if set(lim) != {"cpu", "memory"}:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and requests == limits:
        return "Guaranteed"
    return "Burstable"


# --- prepare functions, one per kind ----------------------------------------------------------


def prepare_pod(api: Reader, pod: core.Pod, old: core.Pod | None) -> core.Pod:
    """Create: defaults, admission, then PrepareForCreate (status Pending with the QoS class).
    Update: the status is the subresource's; the spec is defaulted like any write."""
    if pod.spec is None:
        return pod
    pod = default_pod(pod)
    if old is not None:
        return pod
    pod = admission.admit_pod(api, pod)
    return pod.with_(status=core.PodStatus(phase="Pending", qos_class=qos_class(core.pod_spec(pod))))


def prepare_replica_set(api: Reader, rs: apps.ReplicaSet, old: apps.ReplicaSet | None) -> apps.ReplicaSet:
    spec = rs.spec or apps.ReplicaSetSpec()
    return rs.with_(spec=spec.fill(replicas=1).with_(template=default_template(spec.template)),
                    status=rs.status or apps.ReplicaSetStatus(replicas=0))


def prepare_replication_controller(api: Reader, rc: core.ReplicationController,
                                   old: core.ReplicationController | None) -> core.ReplicationController:
    spec = rc.spec or core.ReplicationControllerSpec()
    template = default_template(spec.template)
    labels = template.metadata.labels if template.metadata else None
    if labels:
        spec = spec.with_(selector=spec.selector or labels)
        if not rc.metadata.labels:
            rc = rc.with_(metadata=rc.metadata.with_(labels=labels))
    return rc.with_(spec=spec.fill(replicas=1).with_(template=template),
                    status=rc.status or core.ReplicationControllerStatus(replicas=0))


def prepare_deployment(api: Reader, d: apps.Deployment, old: apps.Deployment | None) -> apps.Deployment:
    spec = d.spec or apps.DeploymentSpec()
    strategy = (spec.strategy or apps.DeploymentStrategy()).fill(type="RollingUpdate")
    if strategy.type == "RollingUpdate":
        ru = strategy.rolling_update or apps.RollingUpdateDeployment()
        strategy = strategy.with_(rolling_update=ru.fill(max_unavailable="25%", max_surge="25%"))
    spec = spec.fill(replicas=1, revision_history_limit=10, progress_deadline_seconds=600)
    return d.with_(spec=spec.with_(strategy=strategy, template=default_template(spec.template)),
                   status=d.status or apps.DeploymentStatus())


def _service_ports(spec: core.ServiceSpec, old: core.ServiceSpec | None,
                   api: Reader) -> list[core.ServicePort] | None:
    """protocol TCP, targetPort = port; NodePort and LoadBalancer ports get a node port, kept
    from the old object on update (patchAllocatedValues), else allocated."""
    if not spec.ports:
        return spec.ports
    ports = [p.fill(protocol="TCP").with_(target_port=p.port if p.target_port in (None, 0, "") else p.target_port)
             for p in spec.ports]
    if spec.type not in ("NodePort", "LoadBalancer"):
        return ports
    kept = {(p.port, p.protocol): p.node_port for p in (old.ports or ()) if p.node_port} if old else {}
    out: list[core.ServicePort] = []
    for p in ports:
        node_port = p.node_port or kept.get((p.port, p.protocol)) or allocate_node_port(api, out)
        out.append(p.with_(node_port=node_port))
    return out


def allocate_node_port(api: Reader, pending: list[core.ServicePort]) -> int:
    """A free port in 30000-32767, random, preferring the part above the static band
    (pkg/registry/core/service/portallocator: offset min(max(16, size/32), 128) = 86)."""
    taken = {p.node_port for svc in api.list("Service") for p in (svc.spec.ports or ()) if p.node_port}
    taken |= {p.node_port for p in pending}
    low, high = NODE_PORT_RANGE
    size = high - low + 1
    offset = min(max(16, size // 32), 128)
    free_upper = [n for n in range(low + offset, high + 1) if n not in taken]
    pool = free_upper or [n for n in range(low, low + offset) if n not in taken]
    return pool[api.rng.randrange(len(pool))]


def allocate_service_ip(api: Reader) -> str:
    """A free ClusterIP from the service CIDR (pkg/registry/core/service/ipallocator)."""
    taken = {svc.spec.cluster_ip for svc in api.list("Service") if svc.spec and svc.spec.cluster_ip}
    return api.rng.service_ip(taken)


def prepare_service(api: Reader, svc: core.Service, old: core.Service | None) -> core.Service:
    spec = (svc.spec or core.ServiceSpec()).fill(type="ClusterIP", session_affinity="None")
    old_spec = old.spec if old is not None else None
    if spec.session_affinity == "ClientIP" and not (spec.model_extra or {}).get("sessionAffinityConfig"):
        spec = spec.model_copy(update={"sessionAffinityConfig": {"clientIP": {"timeoutSeconds": CLIENT_IP_TIMEOUT}}})
    spec = spec.with_(ports=_service_ports(spec, old_spec, api))
    if spec.type in ("NodePort", "LoadBalancer"):
        spec = spec.fill(external_traffic_policy="Cluster")
    if spec.type == "LoadBalancer":
        spec = spec.fill(allocate_load_balancer_node_ports=True)
    if spec.type != "ExternalName":
        spec = spec.fill(internal_traffic_policy="Cluster")
        if old_spec is not None and spec.cluster_ip != old_spec.cluster_ip and spec.cluster_ips == old_spec.cluster_ips:
            # normalizeClusterIPs (pkg/registry/core/service/storage/storage.go): a changed
            # clusterIP alone stands for the whole list, so validation sees what changed.
            spec = spec.with_(cluster_ips=[spec.cluster_ip] if spec.cluster_ip else None)
        if spec.cluster_ip is None:
            spec = spec.with_(cluster_ip=old_spec.cluster_ip if old_spec and old_spec.cluster_ip
                              else allocate_service_ip(api))
        dual = spec.cluster_ip == "None" and not spec.selector
        spec = spec.fill(cluster_ips=[spec.cluster_ip], ip_families=["IPv4"],
                         ip_family_policy="RequireDualStack" if dual else "SingleStack")
    return svc.with_(spec=spec, status=svc.status or core.ServiceStatus(load_balancer=core.LoadBalancerStatus()))


def prepare_endpoints(api: Reader, ep: core.Endpoints, old: core.Endpoints | None) -> core.Endpoints:
    if not ep.subsets:
        return ep
    return ep.with_(subsets=[s.with_(ports=[p.fill(protocol="TCP") for p in s.ports] if s.ports else s.ports)
                             for s in ep.subsets])


def prepare_secret(api: Reader, s: core.Secret, old: core.Secret | None) -> core.Secret:
    """stringData is write-only: folded into data, base64-encoded, winning over a data key of
    the same name (pkg/apis/core/v1/conversion.go)."""
    s = s.fill(type="Opaque")
    if not s.string_data:
        return s
    data = dict(s.data or {})
    for k, v in s.string_data.items():
        data[k] = base64.b64encode(v.encode()).decode()
    return s.with_(data=data, string_data=None)


def prepare_namespace(api: Reader, ns: core.Namespace, old: core.Namespace | None) -> core.Namespace:
    """The name label (SetDefaults_Namespace), phase Active, and the `kubernetes` finalizer the
    namespace controller removes once the namespace is empty. spec.finalizers only changes
    through finalize (APIServer.finalize_namespace), so an update keeps the old ones."""
    meta = ns.metadata
    if meta.name:
        ns = ns.with_(metadata=meta.with_(labels={**(meta.labels or {}), "kubernetes.io/metadata.name": meta.name}))
    if old is not None:
        return ns.with_(spec=old.spec)
    finalizers = list((ns.spec.finalizers if ns.spec else None) or ())
    if "kubernetes" not in finalizers:
        finalizers.append("kubernetes")
    return ns.with_(spec=(ns.spec or core.NamespaceSpec()).with_(finalizers=finalizers),
                    status=core.NamespaceStatus(phase="Active"))


def prepare_stateful_set(api: Reader, sts: apps.StatefulSet, old: apps.StatefulSet | None) -> apps.StatefulSet:
    """SetDefaults_StatefulSet (apps/v1): OrderedReady, RollingUpdate with partition 0, one
    replica, ten revisions, Retain/Retain claims; each claim template defaulted as a claim is
    (SetDefaults_PersistentVolumeClaim: Filesystem, phase Pending)."""
    spec = sts.spec or apps.StatefulSetSpec()
    strategy = (spec.update_strategy or apps.StatefulSetUpdateStrategy()).fill(type="RollingUpdate")
    if strategy.type == "RollingUpdate":
        strategy = strategy.with_(rolling_update=(strategy.rolling_update or apps.RollingUpdateStatefulSetStrategy()
                                                  ).fill(partition=0))
    policy = (spec.persistent_volume_claim_retention_policy
              or apps.StatefulSetPersistentVolumeClaimRetentionPolicy()).fill(when_deleted="Retain", when_scaled="Retain")
    templates = [t.with_(spec=(t.spec.fill(volume_mode="Filesystem") if t.spec else t.spec),
                         status=(t.status or storage.PersistentVolumeClaimStatus()).fill(phase="Pending"))
                 for t in spec.volume_claim_templates or ()] or None
    spec = spec.fill(replicas=1, pod_management_policy="OrderedReady", revision_history_limit=10)
    spec = spec.with_(update_strategy=strategy, persistent_volume_claim_retention_policy=policy,
                      template=default_template(spec.template), volume_claim_templates=templates)
    return sts.with_(spec=spec, status=sts.status or apps.StatefulSetStatus(replicas=0, available_replicas=0))


def prepare_daemon_set(api: Reader, ds: apps.DaemonSet, old: apps.DaemonSet | None) -> apps.DaemonSet:
    """SetDefaults_DaemonSet (apps/v1): RollingUpdate with maxUnavailable 1 and maxSurge 0,
    ten revisions."""
    spec = ds.spec or apps.DaemonSetSpec()
    strategy = (spec.update_strategy or apps.DaemonSetUpdateStrategy()).fill(type="RollingUpdate")
    if strategy.type == "RollingUpdate":
        strategy = strategy.with_(rolling_update=(strategy.rolling_update or apps.RollingUpdateDaemonSet()
                                                  ).fill(max_unavailable=1, max_surge=0))
    spec = spec.fill(revision_history_limit=10).with_(update_strategy=strategy,
                                                      template=default_template(spec.template))
    return ds.with_(spec=spec, status=ds.status or apps.DaemonSetStatus())
