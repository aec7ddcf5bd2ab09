"""Our pydantic models against the vendored schema: every field the schema defines for our kinds
is typed in kubecourse/api/models or listed below as untyped-but-kept, and no model invents a
field the schema does not have."""

from __future__ import annotations

import typing

from kubecourse.api import kinds
from kubecourse.api.models import KubeModel
from kubecourse.api.models.meta import Condition
from kubecourse.schema import load, strict

# Fields the simulation does not read: they pass strict validation and survive a round trip as
# pydantic extras (KubeModel allows extras), but nothing in kubecourse interprets them.
UNTYPED: dict[str, tuple[str, ...]] = {
    "core.v1.Container": ("resizePolicy", "volumeDevices"),
    "core.v1.ContainerStatus": ("allocatedResources", "allocatedResourcesStatus", "resources", "user"),
    "core.v1.Event": ("related", "series"),
    "core.v1.LifecycleHandler": ("sleep",),
    "core.v1.LoadBalancerIngress": ("ipMode", "ports"),
    "core.v1.NodeSpec": ("configSource", "externalID"),
    "core.v1.NodeStatus": ("config", "features", "phase", "runtimeHandlers", "volumesAttached", "volumesInUse"),
    "core.v1.PersistentVolumeClaimSpec": ("dataSource", "dataSourceRef"),
    "core.v1.PersistentVolumeClaimStatus": ("allocatedResourceStatuses", "allocatedResources", "conditions",
                                            "currentVolumeAttributesClassName", "modifyVolumeStatus"),
    "core.v1.PersistentVolumeSpec": ("awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "fc",
                                     "flexVolume", "flocker", "gcePersistentDisk", "glusterfs", "iscsi", "nfs",
                                     "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos",
                                     "vsphereVolume"),
    "core.v1.PodSpec": ("dnsConfig", "ephemeralContainers", "hostAliases", "hostIPC", "hostPID", "hostUsers", "os",
                        "overhead", "resourceClaims", "resources", "runtimeClassName", "schedulingGates",
                        "setHostnameAsFQDN", "shareProcessNamespace", "topologySpreadConstraints"),
    "core.v1.PodStatus": ("ephemeralContainerStatuses", "resize", "resourceClaimStatuses"),
    "core.v1.ResourceRequirements": ("claims",),
    "core.v1.ServiceSpec": ("healthCheckNodePort", "loadBalancerClass", "loadBalancerSourceRanges",
                            "sessionAffinityConfig", "trafficDistribution"),
    "core.v1.Volume": ("awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "ephemeral", "fc",
                       "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", "image", "iscsi", "nfs",
                       "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos",
                       "vsphereVolume"),
    "core.v1.VolumeMount": ("recursiveReadOnly",),
    "core.v1.VolumeProjection": ("clusterTrustBundle",),
    "discovery.v1.Endpoint": ("deprecatedTopology", "hints"),
    "meta.v1.ObjectMeta": ("selfLink",),
}
# meta.Condition is one model for every kind's condition type; each schema has a subset of it.
SHARED_SHAPES = {Condition}


def _short(name: str) -> str:
    return name.removeprefix("io.k8s.api.").removeprefix("io.k8s.apimachinery.pkg.apis.")


def _models_in(annotation: object) -> list[type[KubeModel]]:
    if typing.get_origin(annotation) is None:
        return [annotation] if isinstance(annotation, type) and issubclass(annotation, KubeModel) else []
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _component(node: load.Schema) -> tuple[str, load.Schema]:
    """The named type a field holds, through lists and maps."""
    while True:
        name = load.ref_name(node) or ""
        schema = load.schemas()[name] if name else node
        value = schema.get("additionalProperties")
        if "items" in schema:
            node = schema["items"]
        elif isinstance(value, dict) and "properties" not in schema:
            node = value
        else:
            return name, schema


def _compare(model: type[KubeModel], node: load.Schema, untyped: dict, invented: set, seen: set) -> None:
    name, schema = _component(node)
    props = schema.get("properties") or {}
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    for prop in sorted(props):
        if prop not in fields:
            untyped.setdefault(_short(name), set()).add(prop)
            continue
        for sub in _models_in(fields[prop].annotation):
            key = (sub, _component(props[prop])[0])
            if key not in seen:
                seen.add(key)
                _compare(sub, props[prop], untyped, invented, seen)
    if model not in SHARED_SHAPES:
        invented |= {f"{_short(name)}.{alias}" for alias in fields if alias not in props}


def _walk_all() -> tuple[dict[str, tuple[str, ...]], set[str]]:
    untyped: dict[str, set[str]] = {}
    invented: set[str] = set()
    for kind in kinds.KINDS:
        root = {"$ref": load.REF_PREFIX + load.name_of(kind.group, kind.gvk.version, kind.kind)}
        _compare(kind.model, root, untyped, invented, set())
    return {k: tuple(sorted(v)) for k, v in sorted(untyped.items())}, invented


def test_every_kind_has_a_schema():
    assert [k.kind for k in kinds.KINDS if load.name_of(k.group, k.gvk.version, k.kind) is None] == []


def test_every_schema_field_is_typed_or_listed_as_untyped():
    untyped, _ = _walk_all()
    assert untyped == UNTYPED


def test_no_model_invents_a_field():
    assert _walk_all()[1] == set()


def test_what_the_cluster_writes_decodes_strictly(cluster):
    """Objects the system itself wrote (defaults, status, controllers' children) are what the
    schema allows, so reading one back and sending it again is never refused."""
    cluster.kubectl("create deployment kubia --image=luksa/kubia --replicas=2")
    cluster.kubectl("expose deployment kubia --port=80 --target-port=8080")
    cluster.advance(30)
    objs = [obj for kind in kinds.KINDS for obj in cluster.api.list(kind.kind)]
    assert {"Pod", "ReplicaSet", "Deployment", "Service", "Endpoints", "Node"} <= {o.kind for o in objs}
    refused = [(o.kind, o.metadata.name, strict.decode_error(kinds.of(o).group, kinds.of(o).gvk.version, o.kind,
                                                           o.to_wire())) for o in objs]
    assert [r for r in refused if r[2]] == []
