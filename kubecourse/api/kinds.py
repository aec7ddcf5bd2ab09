"""The table of kinds the server serves: one entry per kind, and what the server and kubectl's
resource lookup need to know about it.

An entry drives: the names `kubectl get WORD` resolves (plural, singular, short names, the
group-qualified forms) and api-resources; HTTP discovery (kubecourse/serve/discovery.py:
scope, categories, verbs and subresources) and the routes kubecourse/serve/rest.py answers
(a subresource the entry marks served; the rest are listed and refused); the model a
manifest is read into; printer columns; how the API server prepares, validates and deletes
the kind (defaulting and admission, the registry strategy's grace period, finalizers and
Terminating state, whether status and scale are subresources, whether generation is tracked);
the field selectors it offers; and Go's zero spec, which a create's managed fields are
computed against (kubecourse/api/fieldmanager.py).

It does not drive what kubectl does with a kind, which upstream keeps in kubectl itself:
`set`, `expose`, `logs`, `exec` and `rollout` read kubecourse/kubectl/polymorphichelpers
(one row per kind), `describe` its describers (kubecourse/kubectl/describe). Nor the
protobuf bodies kubectl 1.32 sends (kubecourse/serve/protobuf.py holds the message schemas
of the kinds its typed `create` commands post), nor the controllers that reconcile a kind.
Adding a kind is an entry here plus its model, a row in polymorphichelpers if kubectl has
helpers for it, and its describer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from kubecourse.api import columns, defaults, storage, validation
from kubecourse.api.errors import Cause
from kubecourse.api.models import (
    ConfigMap,
    ControllerRevision,
    DaemonSet,
    Deployment,
    Endpoints,
    EndpointSlice,
    Event,
    KubeModel,
    Lease,
    LimitRange,
    Namespace,
    Node,
    PersistentVolume,
    PersistentVolumeClaim,
    Pod,
    ReplicaSet,
    ReplicationController,
    ResourceQuota,
    Secret,
    Service,
    ServiceAccount,
    StatefulSet,
    StorageClass,
)
from kubecourse.api.models.core import NamespaceStatus, pod_spec
from kubecourse.api.models.meta import Object

if TYPE_CHECKING:
    from kubecourse.api.reader import Reader


# What every kind we serve supports (discovery's verbs; `kubectl api-resources -o wide`).
VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
GET_PATCH_UPDATE = ("get", "patch", "update")
CONNECT_GET = ("create", "get")  # a connecter answering GET and POST (exec, attach, portforward)
PROXY_VERBS = ("create", "delete", "get", "patch", "update")  # proxy's GET POST PUT PATCH DELETE


@dataclass(frozen=True)
class Subresource:
    """A subresource as 1.32's discovery lists it (`pods/log`), and whether kubecourse answers
    it: kubecourse/serve/rest.py handles status and scale for every kind, and log, exec and
    proxy by name (pkg/registry/core/pod/rest, pkg/registry/core/service/proxy.go); one not
    served is listed and refused with a 400 that says so."""

    name: str
    kind: str = ""  # the kind discovery names; "": the resource's own kind
    verbs: tuple[str, ...] = GET_PATCH_UPDATE
    group_version: tuple[str, str] | None = None  # a kind from another group (Scale, Eviction)
    served: bool = True


STATUS = Subresource("status")
SCALE = Subresource("scale", "Scale", group_version=("autoscaling", "v1"))


class GVK(NamedTuple):
    group: str  # "" for the core group
    version: str
    kind: str


def metadata_fields(obj: Object) -> dict[str, str]:
    """The field selectors every kind supports."""
    return {"metadata.name": obj.metadata.name or "", "metadata.namespace": obj.metadata.namespace or ""}


Prepare = Callable[["Reader", Any, Any], Any]  # (what it may read, new, old or None) -> prepared object
Validate = Callable[[Any, Any], list[Cause]]  # (new, old or None) -> causes


def _keep(_api: Reader, obj: Any, _old: Any) -> Any:
    return obj


def _no_spec_finalizers(_obj: Any) -> Sequence[str]:
    return ()


def _unchanged(obj: Any) -> Any:
    return obj


def _delete_at_once(_obj: Any, _requested: int | None) -> int:
    return 0


def _pod_grace_period(pod: Pod, requested: int | None) -> int:
    """pkg/registry/core/pod/strategy.go CheckGracefulDelete: only a pod bound to a node and not
    yet finished waits for its kubelet; the request's grace period, else the pod's own (30 s)."""
    spec, status = pod_spec(pod), pod.status
    if not spec.node_name or (status and status.phase in ("Succeeded", "Failed")):
        return 0
    if requested is not None:
        return max(0, requested)
    return spec.termination_grace_period_seconds if spec.termination_grace_period_seconds is not None else 30


def _namespace_spec_finalizers(ns: Namespace) -> Sequence[str]:
    return (ns.spec.finalizers if ns.spec else None) or ()


def _namespace_terminating(ns: Namespace) -> Namespace:
    """pkg/registry/core/namespace/storage Delete: a deleted namespace is Terminating at once."""
    return ns.with_(status=(ns.status or NamespaceStatus()).with_(phase="Terminating"))


@dataclass(frozen=True)
class Kind:
    gvk: GVK
    plural: str
    model: type[KubeModel]
    short_names: tuple[str, ...] = ()
    namespaced: bool = True
    columns: tuple[columns.Column, ...] = columns.DEFAULT
    categories: tuple[str, ...] = ()  # "all": what `kubectl get all` lists
    tracks_generation: bool = False  # metadata.generation bumps on spec changes
    # status: updates of the main resource keep it; scale: kubectl scale; and the others.
    subresources: tuple[Subresource, ...] = ()
    prepare: Prepare = _keep  # defaulting, mutating admission, registry strategy
    validate: Validate = validation.validate_meta_only
    # Registry delete strategy: what, beyond metadata.finalizers, keeps a deleted object (a
    # Namespace's spec.finalizers), and how the object looks while it waits (Terminating).
    spec_finalizers: Callable[[Any], Sequence[str]] = _no_spec_finalizers
    on_delete: Callable[[Any], Any] = _unchanged
    grace_period: Callable[[Any, int | None], int] = _delete_at_once  # (object, requested) -> seconds
    field_values: Callable[[Any], Mapping[str, str]] = metadata_fields
    # Go's zero spec as the apiserver's converter writes it (non-pointer structs and fields
    # without omitempty are present), which a create's managed fields are compared with;
    # None: compared without a spec.
    zero_spec: Mapping[str, Any] | None = field(default=None, hash=False)

    def __repr__(self) -> str:
        return f"Kind({self.api_version}/{self.gvk.kind})"

    def __reduce__(self) -> tuple[Any, ...]:
        """An entry pickles as a reference into the table (its cells are lambdas), so a saved
        cluster that holds a Kind loads back to the same entry."""
        return (by_kind, (self.kind,))

    @property
    def kind(self) -> str:
        return self.gvk.kind

    def subresource(self, name: str) -> Subresource | None:
        return next((sub for sub in self.subresources if sub.name == name), None)

    @property
    def has_status(self) -> bool:
        return self.subresource("status") is not None

    @property
    def has_scale(self) -> bool:
        return self.subresource("scale") is not None

    @property
    def group(self) -> str:
        return self.gvk.group

    @property
    def api_version(self) -> str:
        return f"{self.gvk.group}/{self.gvk.version}" if self.gvk.group else self.gvk.version

    @property
    def singular(self) -> str:
        return self.gvk.kind.lower()

    @property
    def resource(self) -> str:
        """The plural with its group, as the server names it in messages: `deployments.apps`."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def type_name(self) -> str:
        """How kubectl names the kind in `-o name` and multi-kind tables: `deployment.apps`."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    def names(self) -> set[str]:
        """The words `kubectl get WORD` accepts for this kind (client-go
        restmapper/shortcut.go, apimachinery runtime/schema ParseResourceArg)."""
        base = {self.plural, self.singular}
        qualified = {f"{w}.{self.group}" for w in base} | {
            f"{w}.{self.gvk.version}.{self.group}" for w in base
        }
        return base | (qualified if self.group else set()) | set(self.short_names)


def _pod_fields(pod: Pod) -> dict[str, str]:
    spec, status = pod.spec, pod.status
    return {
        **metadata_fields(pod),
        "spec.nodeName": (spec.node_name if spec else None) or "",
        "spec.restartPolicy": (spec.restart_policy if spec else None) or "",
        "spec.schedulerName": (spec.scheduler_name if spec else None) or "",
        "spec.serviceAccountName": (spec.service_account_name if spec else None) or "",
        "spec.hostNetwork": str(bool(spec and spec.host_network)).lower(),
        "status.phase": (status.phase if status else None) or "",
        "status.podIP": (status.pod_ip if status else None) or "",
        "status.nominatedNodeName": (status.nominated_node_name if status else None) or "",
    }


def _event_fields(ev: Event) -> dict[str, str]:
    io = ev.involved_object
    return {
        **metadata_fields(ev),
        "involvedObject.kind": io.kind or "",
        "involvedObject.namespace": io.namespace or "",
        "involvedObject.name": io.name or "",
        "involvedObject.uid": io.uid or "",
        "involvedObject.apiVersion": io.api_version or "",
        "involvedObject.resourceVersion": io.resource_version or "",
        "involvedObject.fieldPath": io.field_path or "",
        "reason": ev.reason or "",
        "reportingComponent": ev.reporting_component or "",
        "source": (ev.source.component if ev.source else None) or "",
        "type": ev.type or "",
    }


# A pod template's zero value, inside a workload's zero spec.
_ZERO_TEMPLATE = {"metadata": {"creationTimestamp": None}, "spec": {"containers": None}}

KINDS: tuple[Kind, ...] = (
    Kind(
        GVK("", "v1", "Namespace"),
        "namespaces",
        Namespace,
        ("ns",),
        columns=columns.NAMESPACE,
        namespaced=False,
        subresources=(STATUS, Subresource("finalize", verbs=("update",), served=False)),
        prepare=defaults.prepare_namespace,
        validate=validation.validate_namespace,
        spec_finalizers=_namespace_spec_finalizers,
        on_delete=_namespace_terminating,
    ),
    Kind(GVK("", "v1", "Node"), "nodes", Node, ("no",), columns=columns.NODE, namespaced=False,
         subresources=(STATUS, Subresource("proxy", "NodeProxyOptions", PROXY_VERBS, served=False))),
    Kind(
        GVK("", "v1", "Pod"),
        "pods",
        Pod,
        ("po",),
        columns=columns.POD,
        categories=("all",),
        subresources=(
            STATUS,
            Subresource("log", "Pod", ("get",)),
            Subresource("exec", "PodExecOptions", CONNECT_GET),
            Subresource("proxy", "PodProxyOptions", PROXY_VERBS),
            Subresource("attach", "PodAttachOptions", CONNECT_GET, served=False),
            Subresource("portforward", "PodPortForwardOptions", CONNECT_GET, served=False),
            Subresource("binding", "Binding", ("create",), served=False),  # the scheduler binds in-process
            Subresource("eviction", "Eviction", ("create",), ("policy", "v1"), served=False),
            Subresource("ephemeralcontainers", "Pod", served=False),
        ),
        prepare=defaults.prepare_pod,
        validate=validation.validate_pod,
        grace_period=_pod_grace_period,
        field_values=_pod_fields,
        zero_spec={"containers": None},
    ),
    Kind(
        GVK("", "v1", "ReplicationController"),
        "replicationcontrollers",
        ReplicationController,
        ("rc",),
        columns=columns.REPLICATION_CONTROLLER,
        categories=("all",),
        tracks_generation=True,
        subresources=(STATUS, SCALE),
        prepare=defaults.prepare_replication_controller,
        validate=validation.validate_replication_controller,
    ),
    Kind(
        GVK("apps", "v1", "ReplicaSet"),
        "replicasets",
        ReplicaSet,
        ("rs",),
        columns=columns.REPLICA_SET,
        categories=("all",),
        tracks_generation=True,
        subresources=(STATUS, SCALE),
        prepare=defaults.prepare_replica_set,
        validate=validation.validate_replica_set,
        zero_spec={"selector": None, "template": _ZERO_TEMPLATE},
    ),
    Kind(
        GVK("apps", "v1", "Deployment"),
        "deployments",
        Deployment,
        ("deploy",),
        columns=columns.DEPLOYMENT,
        categories=("all",),
        tracks_generation=True,
        subresources=(STATUS, SCALE),
        prepare=defaults.prepare_deployment,
        validate=validation.validate_deployment,
        zero_spec={"selector": None, "template": _ZERO_TEMPLATE, "strategy": {}},
    ),
    Kind(
        GVK("apps", "v1", "StatefulSet"),
        "statefulsets",
        StatefulSet,
        ("sts",),
        columns=columns.STATEFUL_SET,
        categories=("all",),
        tracks_generation=True,
        subresources=(STATUS, SCALE),
        prepare=defaults.prepare_stateful_set,
        validate=validation.validate_stateful_set,
        zero_spec={"selector": None, "template": _ZERO_TEMPLATE, "serviceName": "", "updateStrategy": {}},
    ),
    Kind(
        GVK("apps", "v1", "DaemonSet"),
        "daemonsets",
        DaemonSet,
        ("ds",),
        columns=columns.DAEMON_SET,
        categories=("all",),
        tracks_generation=True,
        subresources=(STATUS,),
        prepare=defaults.prepare_daemon_set,
        validate=validation.validate_daemon_set,
        zero_spec={"selector": None, "template": _ZERO_TEMPLATE, "updateStrategy": {}},
    ),
    Kind(GVK("apps", "v1", "ControllerRevision"), "controllerrevisions", ControllerRevision,
         columns=columns.CONTROLLER_REVISION),
    Kind(
        GVK("", "v1", "Service"),
        "services",
        Service,
        ("svc",),
        columns=columns.SERVICE,
        categories=("all",),
        subresources=(STATUS, Subresource("proxy", "ServiceProxyOptions", PROXY_VERBS)),
        prepare=defaults.prepare_service,
        validate=validation.validate_service,
        zero_spec={},
    ),
    Kind(GVK("", "v1", "Endpoints"), "endpoints", Endpoints, ("ep",), columns=columns.ENDPOINTS,
         prepare=defaults.prepare_endpoints),
    # kube-apiserver lists storage.k8s.io before coordination.k8s.io and discovery.k8s.io
    Kind(GVK("storage.k8s.io", "v1", "StorageClass"), "storageclasses", StorageClass, ("sc",), namespaced=False,
         columns=columns.STORAGE_CLASS, prepare=storage.prepare_storage_class, validate=storage.validate_storage_class),
    Kind(GVK("coordination.k8s.io", "v1", "Lease"), "leases", Lease, columns=columns.LEASE),
    Kind(
        GVK("discovery.k8s.io", "v1", "EndpointSlice"),
        "endpointslices",
        EndpointSlice,
        columns=columns.ENDPOINT_SLICE,
    ),
    Kind(GVK("", "v1", "ConfigMap"), "configmaps", ConfigMap, ("cm",), columns=columns.CONFIG_MAP,
         validate=validation.validate_config_map),
    Kind(GVK("", "v1", "Secret"), "secrets", Secret, columns=columns.SECRET, prepare=defaults.prepare_secret,
         validate=validation.validate_secret),
    Kind(
        GVK("", "v1", "ServiceAccount"),
        "serviceaccounts",
        ServiceAccount,
        ("sa",),
        columns=columns.SERVICE_ACCOUNT,
        subresources=(Subresource("token", "TokenRequest", ("create",), ("authentication.k8s.io", "v1"), served=False),),
        validate=validation.validate_service_account,
    ),
    Kind(GVK("", "v1", "Event"), "events", Event, ("ev",), columns=columns.EVENT, field_values=_event_fields),
    Kind(GVK("", "v1", "ResourceQuota"), "resourcequotas", ResourceQuota, ("quota",), columns=columns.RESOURCE_QUOTA,
         subresources=(STATUS,)),
    Kind(GVK("", "v1", "LimitRange"), "limitranges", LimitRange, ("limits",), columns=columns.LIMIT_RANGE),
    Kind(GVK("", "v1", "PersistentVolume"), "persistentvolumes", PersistentVolume, ("pv",), namespaced=False,
         columns=columns.PERSISTENT_VOLUME, subresources=(STATUS,), prepare=storage.prepare_persistent_volume,
         validate=storage.validate_persistent_volume, zero_spec={}),
    Kind(GVK("", "v1", "PersistentVolumeClaim"), "persistentvolumeclaims", PersistentVolumeClaim, ("pvc",),
         columns=columns.PERSISTENT_VOLUME_CLAIM, subresources=(STATUS,),
         prepare=storage.prepare_persistent_volume_claim, validate=storage.validate_persistent_volume_claim,
         zero_spec={"resources": {}}),
)

_BY_NAME: dict[str, Kind] = {word: kind for kind in KINDS for word in kind.names()}
_BY_KIND: dict[str, Kind] = {kind.kind: kind for kind in KINDS}
_BY_GVK: dict[tuple[str, str], Kind] = {(kind.api_version, kind.kind): kind for kind in KINDS}


_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(kind.group for kind in KINDS))


def discovery_order(kind: Kind) -> tuple[int, str]:
    """Where discovery lists a kind: groups as the server lists them (the core group first,
    then in the table's order), resources sorted by name within a group."""
    return _GROUPS.index(kind.group), kind.plural


def resolve(word: str) -> Kind | None:
    """'rs', 'replicaset', 'replicasets.apps', 'replicasets.v1.apps' -> the ReplicaSet entry."""
    return _BY_NAME.get(word.lower())


def is_kind(kind: str) -> bool:
    """Whether we serve a kind of that name (an ownerReference may name any kind)."""
    return kind in _BY_KIND


def by_kind(kind: str) -> Kind:
    """The entry for a Kind name ('Pod'); kind names are unique across our groups."""
    return _BY_KIND[kind]


def by_api_version(api_version: str, kind: str) -> Kind | None:
    """The entry a manifest's apiVersion and kind map to, or None (no matches for kind)."""
    return _BY_GVK.get((api_version, kind))


def of(obj: KubeModel) -> Kind:
    return _BY_KIND[obj.kind]  # type: ignore[attr-defined]
