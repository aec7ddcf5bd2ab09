"""Printer columns, as the API server's table convertor defines them
(kubernetes/kubernetes: pkg/printers/internalversion/printers.go, read at its 1.32 revision).

A column's cell is a pure function of (object, now). The table of kinds names each kind's
columns; `kubectl get` (and the served Table output) print them.

Learned from the source:
- The server always renders a Table with every column, wide ones included
  (pkg/printers/storage TableConvertor passes Wide: true); kubectl drops priority-1 columns
  unless `-o wide`. So cells never depend on wide: a LoadBalancer's EXTERNAL-IP is not cut
  to 16 characters (that cut only happened in the retired client-side printers).
- Column order is the definition order, wide columns included: events print
  `LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME` with -o wide.
- The column with format "name" is the one kubectl prefixes with `<kind>.<group>/` when it
  prints several kinds (for events that is the wide NAME column).
- Empty-value conventions differ per kind and are kept as upstream has them: `<none>`,
  `<unset>`, `<unknown>`, `<pending>` or an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kubecourse.api import podstatus, quantity, selectors
from kubecourse.api.models import EndpointSlice, ResourceQuota, apps, core, storage
from kubecourse.api.models.meta import Object


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Any, datetime], str]
    wide: bool = False  # priority 1: only with -o wide
    type: str = "string"  # the Table column type served to real kubectl
    description: str = ""
    format: str = ""  # "name" marks the column kubectl prefixes with the kind


def human_duration(seconds: float) -> str:
    """duration.HumanDuration (staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go)."""
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    s = int(seconds)
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rem = s % 60
        return f"{minutes}m{rem}s" if rem else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rem = minutes % 60
        return f"{hours}h{rem}m" if rem else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if days < 8:
        rem = hours % 24
        return f"{days}d{rem}h" if rem else f"{days}d"
    if days < 365 * 2:
        return f"{days}d"
    years = days // 365
    if years < 8:
        rem = days % 365
        return f"{years}y{rem}d" if rem else f"{years}y"
    return f"{years}y"


def since(ts: datetime | None, now: datetime) -> str:
    """translateTimestampSince: `<unknown>` for a zero timestamp."""
    if ts is None:
        return "<unknown>"
    return human_duration((now - ts).total_seconds())


def age(obj: Object, now: datetime) -> str:
    return since(obj.metadata.creation_timestamp, now)


def name(obj: Object, _now: datetime) -> str:
    return obj.metadata.name or ""



NAME = Column("NAME", name, description="Name must be unique within a namespace.", format="name")
AGE = Column("AGE", age, description="CreationTimestamp is a timestamp representing the server time "
                                     "when this object was created.")

DEFAULT = (NAME, AGE)  # printObjectMeta: kinds without a printer of their own

_TEMPLATE_CONTAINERS = "Names of each container in the template."
_TEMPLATE_IMAGES = "Images referenced by each container in the template."


def _count(n: int | None) -> str:
    return str(n or 0)


def _containers(containers: Sequence[core.Container] | None) -> tuple[str, str]:
    """layoutContainerCells: names and images, each joined by commas."""
    containers = containers or ()
    return ",".join(c.name for c in containers), ",".join(c.image or "" for c in containers)


def _template_containers(obj: Any) -> Any:
    template = obj.spec.template if obj.spec else None
    return template.spec.containers if template and template.spec else ()


def _template_columns() -> tuple[Column, Column]:
    return (Column("CONTAINERS", lambda o, _n: _containers(_template_containers(o))[0], wide=True,
                   description=_TEMPLATE_CONTAINERS),
            Column("IMAGES", lambda o, _n: _containers(_template_containers(o))[1], wide=True,
                   description=_TEMPLATE_IMAGES))


def _with_more(items: list[str], limit: int = 3, *, empty: str) -> str:
    """The `a,b,c + N more...` rule of formatEndpoints and listWithMoreString."""
    shown = ",".join(items[:limit])
    if len(items) > limit:
        return f"{shown} + {len(items) - limit} more..."
    return shown or empty


# --- namespaces and nodes -------------------------------------------------------------------

NAMESPACE = (
    NAME,
    Column("STATUS", lambda ns, _n: (ns.status.phase if ns.status else None) or "",
           description="The status of the namespace"),
    AGE,
)


def node_status(node: core.Node, _now: datetime) -> str:
    """`Ready` / `NotReady` from the Ready condition (`Unknown` without one), then
    `,SchedulingDisabled` when cordoned."""
    ready = next((c for c in (node.status.conditions or ()) if c.type == "Ready"), None) if node.status else None
    words = ["Unknown" if ready is None else ("Ready" if ready.status == "True" else "NotReady")]
    if node.spec and node.spec.unschedulable:
        words.append("SchedulingDisabled")
    return ",".join(words)


def node_roles(node: core.Node, _now: datetime) -> str:
    """findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`."""
    roles = set()
    for key, value in (node.metadata.labels or {}).items():
        if key.startswith("node-role.kubernetes.io/") and key[len("node-role.kubernetes.io/"):]:
            roles.add(key[len("node-role.kubernetes.io/"):])
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return ",".join(sorted(roles)) or "<none>"


def _node_address(node: core.Node, type_: str) -> str:
    addresses = (node.status.addresses if node.status else None) or ()
    return next((a.address for a in addresses if a.type == type_), "<none>")


def _node_info(node: core.Node, field: str, missing: str) -> str:
    info = node.status.node_info if node.status else None
    return (getattr(info, field) if info else "") or missing


NODE = (
    NAME,
    Column("STATUS", node_status, description="The status of the node"),
    Column("ROLES", node_roles, description="The roles of the node"),
    AGE,
    Column("VERSION", lambda n, _now: _node_info(n, "kubelet_version", "")),
    Column("INTERNAL-IP", lambda n, _now: _node_address(n, "InternalIP"), wide=True),
    Column("EXTERNAL-IP", lambda n, _now: _node_address(n, "ExternalIP"), wide=True),
    Column("OS-IMAGE", lambda n, _now: _node_info(n, "os_image", "<unknown>"), wide=True),
    Column("KERNEL-VERSION", lambda n, _now: _node_info(n, "kernel_version", "<unknown>"), wide=True),
    Column("CONTAINER-RUNTIME", lambda n, _now: _node_info(n, "container_runtime_version", "<unknown>"), wide=True),
)


# --- pods -----------------------------------------------------------------------------------


def pod_restarts(pod: core.Pod, now: datetime) -> str:
    """`3`, or `3 (42s ago)` once a counted container has a last termination time."""
    s = podstatus.summarize(pod)
    if s.restarts and s.last_restart is not None:
        return f"{s.restarts} ({since(s.last_restart, now)} ago)"
    return str(s.restarts)


def pod_ip(pod: core.Pod, _now: datetime) -> str:
    """The first of status.podIPs (the server fills podIPs from podIP)."""
    status = pod.status
    ips = (status.pod_ips if status else None) or ()
    return (ips[0].ip if ips else (status.pod_ip if status else None)) or "<none>"


def readiness_gates(pod: core.Pod, _now: datetime) -> str:
    """`<none>`, or how many of spec.readinessGates have a True condition: `1/2`."""
    gates = (pod.spec.readiness_gates if pod.spec else None) or ()
    if not gates:
        return "<none>"
    conditions: dict[str | None, str] = {
        c.type: c.status for c in ((pod.status.conditions if pod.status else None) or ())}
    true = sum(1 for g in gates if conditions.get(g.get("conditionType")) == "True")
    return f"{true}/{len(gates)}"


POD = (
    NAME,
    Column("READY", lambda p, _n: f"{podstatus.summarize(p).ready}/{podstatus.summarize(p).total}",
           description="The aggregate readiness state of this pod for accepting traffic."),
    Column("STATUS", lambda p, _n: podstatus.summarize(p).status,
           description="The aggregate status of the containers in this pod."),
    Column("RESTARTS", pod_restarts, description="The number of times the containers in this pod have been "
                                                 "restarted and when the last container in this pod has restarted."),
    AGE,
    Column("IP", pod_ip, wide=True),
    Column("NODE", lambda p, _n: (p.spec.node_name if p.spec else None) or "<none>", wide=True),
    Column("NOMINATED NODE", lambda p, _n: (p.status.nominated_node_name if p.status else None) or "<none>",
           wide=True),
    Column("READINESS GATES", readiness_gates, wide=True),
)


# --- workloads ------------------------------------------------------------------------------


def _replicas(obj: Any) -> int:
    return (obj.spec.replicas if obj.spec else None) or 0


def _status_count(obj: Any, field: str) -> int:
    return (getattr(obj.status, field) if obj.status else None) or 0


def _replica_columns(selector: Callable[[Any, datetime], str]) -> tuple[Column, ...]:
    """ReplicationController and ReplicaSet print the same columns; only SELECTOR differs."""
    return (
        NAME,
        Column("DESIRED", lambda o, _n: str(_replicas(o)), type="integer"),
        Column("CURRENT", lambda o, _n: str(_status_count(o, "replicas")), type="integer"),
        Column("READY", lambda o, _n: str(_status_count(o, "ready_replicas")), type="integer"),
        AGE,
        *_template_columns(),
        Column("SELECTOR", selector, wide=True),
    )


REPLICATION_CONTROLLER = _replica_columns(
    lambda rc, _n: selectors.format_labels(rc.spec.selector if rc.spec else None))
REPLICA_SET = _replica_columns(
    lambda rs, _n: selectors.format_label_selector(rs.spec.selector if rs.spec else None))


def deployment_selector(d: apps.Deployment, _now: datetime) -> str:
    """selector.String(): unlike the ReplicaSet column, an empty selector prints nothing."""
    selector = selectors.from_label_selector(d.spec.selector if d.spec else None)
    return selectors.format_selector(selector) if selector else ""


DEPLOYMENT = (
    NAME,
    Column("READY", lambda d, _n: f"{_status_count(d, 'ready_replicas')}/{_replicas(d)}",
           description="Number of the pod with ready state"),
    Column("UP-TO-DATE", lambda d, _n: str(_status_count(d, "updated_replicas"))),
    Column("AVAILABLE", lambda d, _n: str(_status_count(d, "available_replicas"))),
    AGE,
    *_template_columns(),
    Column("SELECTOR", deployment_selector, wide=True),
)


STATEFUL_SET = (
    NAME,
    Column("READY", lambda s, _n: f"{_status_count(s, 'ready_replicas')}/{_replicas(s)}",
           description="Number of the pod with ready state"),
    AGE,
    *_template_columns(),
)


def _daemon_count(ds: apps.DaemonSet, field: str) -> str:
    return str((getattr(ds.status, field) if ds.status else None) or 0)


def daemon_node_selector(ds: apps.DaemonSet, _now: datetime) -> str:
    template = ds.spec.template if ds.spec else None
    return selectors.format_labels(template.spec.node_selector if template and template.spec else None)


DAEMON_SET = (
    NAME,
    Column("DESIRED", lambda d, _n: _daemon_count(d, "desired_number_scheduled"), type="integer"),
    Column("CURRENT", lambda d, _n: _daemon_count(d, "current_number_scheduled"), type="integer"),
    Column("READY", lambda d, _n: _daemon_count(d, "number_ready"), type="integer"),
    Column("UP-TO-DATE", lambda d, _n: _daemon_count(d, "updated_number_scheduled"), type="integer"),
    Column("AVAILABLE", lambda d, _n: _daemon_count(d, "number_available"), type="integer"),
    Column("NODE SELECTOR", daemon_node_selector),
    AGE,
    *_template_columns(),
    Column("SELECTOR", lambda d, _n: selectors.format_label_selector(d.spec.selector if d.spec else None), wide=True),
)


def controller_of(obj: Object, _now: datetime) -> str:
    """printControllerRevision: `<kind>.<group>/<name>` of the controller, `<none>` without one."""
    ref = obj.metadata.controller_ref()
    if ref is None:
        return "<none>"
    group = ref.api_version.split("/")[0] if "/" in ref.api_version else ""
    return f"{ref.kind.lower()}{'.' + group if group else ''}/{ref.name}"


CONTROLLER_REVISION = (
    NAME,
    Column("CONTROLLER", controller_of),
    Column("REVISION", lambda r, _n: str(r.revision), type="integer"),
    AGE,
)


# --- services and endpoints -----------------------------------------------------------------


def cluster_ip(svc: core.Service, _now: datetime) -> str:
    spec = svc.spec
    ips = (spec.cluster_ips if spec else None) or ([spec.cluster_ip] if spec and spec.cluster_ip else [])
    return ips[0] if ips else "<none>"


def external_ip(svc: core.Service, _now: datetime) -> str:
    """getServiceExternalIP: externalIPs for ClusterIP/NodePort, ingress IPs (or hostnames,
    sorted and de-duplicated) then externalIPs for LoadBalancer, `<pending>` until the
    load balancer reports one; the external name for ExternalName."""
    spec = svc.spec
    type_ = (spec.type if spec else None) or ""
    external = list((spec.external_ips if spec else None) or ())
    if type_ in ("ClusterIP", "NodePort"):
        return ",".join(external) or "<none>"
    if type_ == "LoadBalancer":
        lb = svc.status.load_balancer if svc.status else None
        ingress = sorted({address for i in ((lb.ingress if lb else None) or ()) if (address := i.ip or i.hostname)})
        return ",".join(ingress + external) or "<pending>"
    if type_ == "ExternalName":
        return (spec.external_name if spec else None) or ""
    return "<unknown>"


def service_ports(svc: core.Service, _now: datetime) -> str:
    """makePortString: `80/TCP`, `80:31234/TCP` with a nodePort; `<none>` without ports."""
    pieces = []
    for p in (svc.spec.ports if svc.spec else None) or ():
        protocol = p.protocol or ""
        pieces.append(f"{p.port}:{p.node_port}/{protocol}" if p.node_port else f"{p.port}/{protocol}")
    return ",".join(pieces) or "<none>"


SERVICE = (
    NAME,
    Column("TYPE", lambda s, _n: (s.spec.type if s.spec else None) or ""),
    Column("CLUSTER-IP", cluster_ip),
    Column("EXTERNAL-IP", external_ip),
    Column("PORT(S)", service_ports),
    AGE,
    Column("SELECTOR", lambda s, _n: selectors.format_labels(s.spec.selector if s.spec else None), wide=True),
)


def _host_port(ip: str, port: int) -> str:
    """net.JoinHostPort: IPv6 addresses get brackets."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def endpoints_cell(ep: core.Endpoints, _now: datetime) -> str:
    """formatEndpoints: every ready address with every port (`ip:port`), subset by subset;
    bare IPs for a subset without ports (headless); `<none>` without subsets, an empty cell
    when the subsets hold only not-ready addresses."""
    if not ep.subsets:
        return "<none>"
    items: list[str] = []
    for subset in ep.subsets:
        addresses = subset.addresses or ()
        if not subset.ports:
            items += [a.ip for a in addresses]
        for port in subset.ports or ():
            items += [_host_port(a.ip, port.port) for a in addresses]
    return _with_more(items, empty="")


ENDPOINTS = (NAME, Column("ENDPOINTS", endpoints_cell), AGE)


def slice_ports(es: EndpointSlice, _now: datetime) -> str:
    """formatDiscoveryPorts: the port number, else its name, else `*`."""
    items = [str(p.port) if p.port is not None else (p.name if p.name is not None else "*")
             for p in es.ports or ()]
    return _with_more(items, empty="<unset>")


def slice_endpoints(es: EndpointSlice, _now: datetime) -> str:
    """formatDiscoveryEndpoints: every address, ready or not."""
    return _with_more([a for e in es.endpoints or () for a in e.addresses], empty="<unset>")


ENDPOINT_SLICE = (
    NAME,
    Column("ADDRESSTYPE", lambda es, _n: es.address_type or ""),
    Column("PORTS", slice_ports),
    Column("ENDPOINTS", slice_endpoints),
    AGE,
)


# --- configuration --------------------------------------------------------------------------

CONFIG_MAP = (NAME, Column("DATA", lambda cm, _n: str(len(cm.data or {}) + len(cm.binary_data or {}))), AGE)
SECRET = (
    NAME,
    Column("TYPE", lambda s, _n: s.type or ""),
    Column("DATA", lambda s, _n: str(len(s.data or {}))),
    AGE,
)
SERVICE_ACCOUNT = (NAME, Column("SECRETS", lambda sa, _n: str(len(sa.secrets or ()))), AGE)


# --- events ---------------------------------------------------------------------------------


def _first_seen(ev: core.Event, now: datetime) -> str:
    return since(ev.first_timestamp or ev.event_time, now)


def _last_seen(ev: core.Event, now: datetime) -> str:
    """lastTimestamp, falling back to the first-seen time (events of the new API have none)."""
    return since(ev.last_timestamp, now) if ev.last_timestamp else _first_seen(ev, now)


def event_object(ev: core.Event, _now: datetime) -> str:
    io = ev.involved_object
    kind = (io.kind or "").lower()
    return f"{kind}/{io.name}" if io.name else kind


def event_source(ev: core.Event, _now: datetime) -> str:
    """formatEventSource: component (or reportingComponent), then `, host` when known."""
    component = (ev.source.component if ev.source else None) or ev.reporting_component or ""
    host = (ev.source.host if ev.source else None) or ev.reporting_instance or ""
    return f"{component}, {host}" if host else component


EVENT = (
    Column("LAST SEEN", _last_seen),
    Column("TYPE", lambda ev, _n: ev.type or ""),
    Column("REASON", lambda ev, _n: ev.reason or ""),
    Column("OBJECT", event_object),
    Column("SUBOBJECT", lambda ev, _n: ev.involved_object.field_path or "", wide=True),
    Column("SOURCE", event_source, wide=True),
    Column("MESSAGE", lambda ev, _n: (ev.message or "").strip()),
    Column("FIRST SEEN", _first_seen, wide=True),
    Column("COUNT", lambda ev, _n: str(ev.count or 1), wide=True),
    Column("NAME", name, wide=True, format="name"),
)


# --- leases, quotas and limit ranges --------------------------------------------------------

LEASE = (
    NAME,
    Column("HOLDER", lambda lease, _n: (lease.spec.holder_identity if lease.spec else None) or "",
           description="holderIdentity contains the identity of the holder of a current lease."),
    AGE,
)


def quota_columns(rq: ResourceQuota) -> tuple[str, str]:
    """printResourceQuota: `name: used/hard` for each resource of spec.hard, sorted by name and
    comma-joined; resources named `limits.*` go to the LIMIT cell, every other one to REQUEST.
    A resource nothing has counted yet is used `0`."""
    hard = (rq.spec.hard if rq.spec else None) or {}
    used = (rq.status.used if rq.status else None) or {}
    cells: dict[bool, list[str]] = {False: [], True: []}
    for resource in sorted(hard):
        text = f"{resource}: {quantity.canonical(used.get(resource, 0))}/{quantity.canonical(hard[resource])}"
        cells[resource.startswith("limits.")].append(text)
    return ", ".join(cells[False]), ", ".join(cells[True])


RESOURCE_QUOTA = (
    NAME,
    AGE,
    Column("REQUEST", lambda rq, _n: quota_columns(rq)[0],
           description="Request represents a minimum amount of cpu/memory that a container may consume."),
    Column("LIMIT", lambda rq, _n: quota_columns(rq)[1],
           description="Limits control the maximum amount of cpu/memory that a container may use independent of "
                       "contention on the node."),
)


def created_at(obj: Object, _now: datetime) -> str:
    """A `date` cell: the creation time in RFC 3339, UTC (printLimitRange)."""
    ts = obj.metadata.creation_timestamp
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ") if ts else "0001-01-01T00:00:00Z"


LIMIT_RANGE = (NAME, Column("CREATED AT", created_at, type="date", description=AGE.description))


# --- storage --------------------------------------------------------------------------------

_ACCESS_MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"),
                 ("ReadWriteOncePod", "RWOP"))
BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class"
DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"


def access_modes(modes: Sequence[str] | None) -> str:
    """pkg/apis/core/helper GetAccessModesAsString: the short forms in a fixed order."""
    return ",".join(short for mode, short in _ACCESS_MODES if mode in (modes or ()))


def storage_class_of(obj: storage.PersistentVolume | storage.PersistentVolumeClaim) -> str:
    """GetPersistentVolumeClass / GetPersistentVolumeClaimClass: the beta annotation wins."""
    beta = (obj.metadata.annotations or {}).get(BETA_STORAGE_CLASS)
    if beta is not None:
        return beta
    return (obj.spec.storage_class_name if obj.spec else None) or ""


def _phase(obj: storage.PersistentVolume | storage.PersistentVolumeClaim) -> str:
    if obj.metadata.deletion_timestamp is not None:
        return "Terminating"
    return (obj.status.phase if obj.status else None) or ""


def _storage(resources: dict | None) -> str:
    value = (resources or {}).get("storage")
    return quantity.canonical(value) if value is not None else "0"


def _attributes_class(obj: storage.PersistentVolume | storage.PersistentVolumeClaim) -> str:
    return (obj.spec.volume_attributes_class_name if obj.spec else None) or "<unset>"


def _volume_mode(obj: storage.PersistentVolume | storage.PersistentVolumeClaim) -> str:
    return (obj.spec.volume_mode if obj.spec else None) or "<unset>"


def pv_claim(pv: storage.PersistentVolume, _now: datetime) -> str:
    ref = pv.spec.claim_ref if pv.spec else None
    return f"{ref.namespace or ''}/{ref.name or ''}" if ref is not None else ""


PERSISTENT_VOLUME = (
    NAME,
    Column("CAPACITY", lambda pv, _n: _storage(pv.spec.capacity if pv.spec else None)),
    Column("ACCESS MODES", lambda pv, _n: access_modes(pv.spec.access_modes if pv.spec else None)),
    Column("RECLAIM POLICY", lambda pv, _n: (pv.spec.persistent_volume_reclaim_policy if pv.spec else None) or ""),
    Column("STATUS", lambda pv, _n: _phase(pv)),
    Column("CLAIM", pv_claim),
    Column("STORAGECLASS", lambda pv, _n: storage_class_of(pv), description="StorageClass of the pv"),
    Column("VOLUMEATTRIBUTESCLASS", lambda pv, _n: _attributes_class(pv),
           description="VolumeAttributesClass of the pv"),
    Column("REASON", lambda pv, _n: (pv.status.reason if pv.status else None) or ""),
    AGE,
    Column("VOLUMEMODE", lambda pv, _n: _volume_mode(pv), wide=True),
)


def pvc_capacity_and_modes(pvc: storage.PersistentVolumeClaim) -> tuple[str, str]:
    """printPersistentVolumeClaim: capacity and access modes from status, once bound to a volume."""
    if not (pvc.spec and pvc.spec.volume_name):
        return "", ""
    status = pvc.status
    return _storage(status.capacity if status else None), access_modes(status.access_modes if status else None)


PERSISTENT_VOLUME_CLAIM = (
    NAME,
    Column("STATUS", lambda pvc, _n: _phase(pvc)),
    Column("VOLUME", lambda pvc, _n: (pvc.spec.volume_name if pvc.spec else None) or ""),
    Column("CAPACITY", lambda pvc, _n: pvc_capacity_and_modes(pvc)[0]),
    Column("ACCESS MODES", lambda pvc, _n: pvc_capacity_and_modes(pvc)[1]),
    Column("STORAGECLASS", lambda pvc, _n: storage_class_of(pvc), description="StorageClass of the pvc"),
    Column("VOLUMEATTRIBUTESCLASS", lambda pvc, _n: _attributes_class(pvc),
           description="VolumeAttributesClass of the pvc"),
    AGE,
    Column("VOLUMEMODE", lambda pvc, _n: _volume_mode(pvc), wide=True),
)


def is_default_class(sc: storage.StorageClass) -> bool:
    """pkg/apis/storage/util IsDefaultAnnotation: the GA or the beta annotation is "true"."""
    annotations = sc.metadata.annotations or {}
    return annotations.get(DEFAULT_CLASS) == "true" or annotations.get(BETA_DEFAULT_CLASS) == "true"


STORAGE_CLASS = (
    Column("NAME", lambda sc, _n: f"{sc.metadata.name}{' (default)' if is_default_class(sc) else ''}",
           description=NAME.description, format="name"),
    Column("PROVISIONER", lambda sc, _n: sc.provisioner),
    Column("RECLAIMPOLICY", lambda sc, _n: sc.reclaim_policy or "Delete"),
    Column("VOLUMEBINDINGMODE", lambda sc, _n: sc.volume_binding_mode or "Immediate"),
    Column("ALLOWVOLUMEEXPANSION", lambda sc, _n: str(bool(sc.allow_volume_expansion)).lower()),
    AGE,
)
