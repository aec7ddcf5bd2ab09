"""A pod spec as the API server holds it inside: Kubernetes' internal core types as Go values.

`pod updates may not change fields ...` prints `cmp.Diff(oldPod.Spec, mungedPodSpec)` of the
internal `core.PodSpec`, not of the v1 wire form, so its field names, their order and count
are those of kubernetes/kubernetes: pkg/apis/core/types.go (1.32): host namespaces live in
`SecurityContext`, `serviceAccount` is gone, embedded structs (`VolumeSource`, `ProbeHandler`,
`LocalObjectReference`) are fields of their own, and a ServiceAccountToken's expiry is a
plain int64. Types the table does not list take their fields from the wire object, in its
order (their identical-field counts may then differ from a real server's).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kubecourse.api import quantity
from kubecourse.api.gocmp import Map, Ptr, Slice, Struct

# Go type -> its fields as "GoName:wireName:type"; type: s string, i int, b bool, *s *i *b
# pointers to them, []s, m map[string]string, q core.ResourceList, *q *resource.Quantity,
# io intstr.IntOrString, T / *T / []T a struct type, ^T an embedded struct (same wire object).
TYPES: dict[str, str] = {
    "core.PodSpec": (
        "Volumes:volumes:[]core.Volume InitContainers:initContainers:[]core.Container "
        "Containers:containers:[]core.Container EphemeralContainers:ephemeralContainers:[]core.EphemeralContainer "
        "RestartPolicy:restartPolicy:s TerminationGracePeriodSeconds:terminationGracePeriodSeconds:*i "
        "ActiveDeadlineSeconds:activeDeadlineSeconds:*i DNSPolicy:dnsPolicy:s NodeSelector:nodeSelector:m "
        "ServiceAccountName:serviceAccountName:s AutomountServiceAccountToken:automountServiceAccountToken:*b "
        "NodeName:nodeName:s SecurityContext:securityContext:*core.PodSecurityContext "
        "ImagePullSecrets:imagePullSecrets:[]core.LocalObjectReference Hostname:hostname:s Subdomain:subdomain:s "
        "SetHostnameAsFQDN:setHostnameAsFQDN:*b Affinity:affinity:*core.Affinity SchedulerName:schedulerName:s "
        "Tolerations:tolerations:[]core.Toleration HostAliases:hostAliases:[]core.HostAlias "
        "PriorityClassName:priorityClassName:s Priority:priority:*i PreemptionPolicy:preemptionPolicy:*s "
        "DNSConfig:dnsConfig:*core.PodDNSConfig ReadinessGates:readinessGates:[]core.PodReadinessGate "
        "RuntimeClassName:runtimeClassName:*s Overhead:overhead:q EnableServiceLinks:enableServiceLinks:*b "
        "TopologySpreadConstraints:topologySpreadConstraints:[]core.TopologySpreadConstraint "
        "OS:os:*core.PodOS SchedulingGates:schedulingGates:[]core.PodSchedulingGate "
        "ResourceClaims:resourceClaims:[]core.PodResourceClaim Resources:resources:*core.ResourceRequirements"),
    "core.Container": (
        "Name:name:s Image:image:s Command:command:[]s Args:args:[]s WorkingDir:workingDir:s "
        "Ports:ports:[]core.ContainerPort EnvFrom:envFrom:[]core.EnvFromSource Env:env:[]core.EnvVar "
        "Resources:resources:core.ResourceRequirements ResizePolicy:resizePolicy:[]core.ContainerResizePolicy "
        "RestartPolicy:restartPolicy:*s VolumeMounts:volumeMounts:[]core.VolumeMount "
        "VolumeDevices:volumeDevices:[]core.VolumeDevice LivenessProbe:livenessProbe:*core.Probe "
        "ReadinessProbe:readinessProbe:*core.Probe StartupProbe:startupProbe:*core.Probe "
        "Lifecycle:lifecycle:*core.Lifecycle TerminationMessagePath:terminationMessagePath:s "
        "TerminationMessagePolicy:terminationMessagePolicy:s ImagePullPolicy:imagePullPolicy:s "
        "SecurityContext:securityContext:*core.SecurityContext Stdin:stdin:b StdinOnce:stdinOnce:b TTY:tty:b"),
    "core.PodSecurityContext": (
        "HostNetwork:hostNetwork:b HostPID:hostPID:b HostIPC:hostIPC:b "
        "ShareProcessNamespace:shareProcessNamespace:*b HostUsers:hostUsers:*b "
        "SELinuxOptions:seLinuxOptions:*core.SELinuxOptions WindowsOptions:windowsOptions:*core.WindowsSecurityContextOptions "
        "RunAsUser:runAsUser:*i RunAsGroup:runAsGroup:*i RunAsNonRoot:runAsNonRoot:*b "
        "SupplementalGroups:supplementalGroups:[]i SupplementalGroupsPolicy:supplementalGroupsPolicy:*s "
        "FSGroup:fsGroup:*i FSGroupChangePolicy:fsGroupChangePolicy:*s Sysctls:sysctls:[]core.Sysctl "
        "SeccompProfile:seccompProfile:*core.SeccompProfile AppArmorProfile:appArmorProfile:*core.AppArmorProfile "
        "SELinuxChangePolicy:seLinuxChangePolicy:*s"),
    "core.Volume": "Name:name:s VolumeSource::^core.VolumeSource",
    "core.VolumeSource": (
        "HostPath:hostPath:*core.HostPathVolumeSource EmptyDir:emptyDir:*core.EmptyDirVolumeSource "
        "GCEPersistentDisk:gcePersistentDisk:*core.GCEPersistentDiskVolumeSource "
        "AWSElasticBlockStore:awsElasticBlockStore:*core.AWSElasticBlockStoreVolumeSource "
        "GitRepo:gitRepo:*core.GitRepoVolumeSource Secret:secret:*core.SecretVolumeSource "
        "NFS:nfs:*core.NFSVolumeSource ISCSI:iscsi:*core.ISCSIVolumeSource "
        "Glusterfs:glusterfs:*core.GlusterfsVolumeSource "
        "PersistentVolumeClaim:persistentVolumeClaim:*core.PersistentVolumeClaimVolumeSource "
        "RBD:rbd:*core.RBDVolumeSource Quobyte:quobyte:*core.QuobyteVolumeSource "
        "FlexVolume:flexVolume:*core.FlexVolumeSource Cinder:cinder:*core.CinderVolumeSource "
        "CephFS:cephfs:*core.CephFSVolumeSource Flocker:flocker:*core.FlockerVolumeSource "
        "DownwardAPI:downwardAPI:*core.DownwardAPIVolumeSource FC:fc:*core.FCVolumeSource "
        "AzureFile:azureFile:*core.AzureFileVolumeSource ConfigMap:configMap:*core.ConfigMapVolumeSource "
        "VsphereVolume:vsphereVolume:*core.VsphereVirtualDiskVolumeSource AzureDisk:azureDisk:*core.AzureDiskVolumeSource "
        "PhotonPersistentDisk:photonPersistentDisk:*core.PhotonPersistentDiskVolumeSource "
        "Projected:projected:*core.ProjectedVolumeSource PortworxVolume:portworxVolume:*core.PortworxVolumeSource "
        "ScaleIO:scaleIO:*core.ScaleIOVolumeSource StorageOS:storageos:*core.StorageOSVolumeSource "
        "CSI:csi:*core.CSIVolumeSource Ephemeral:ephemeral:*core.EphemeralVolumeSource "
        "Image:image:*core.ImageVolumeSource"),
    "core.HostPathVolumeSource": "Path:path:s Type:type:*s",
    "core.EmptyDirVolumeSource": "Medium:medium:s SizeLimit:sizeLimit:*q",
    "core.SecretVolumeSource": "SecretName:secretName:s Items:items:[]core.KeyToPath DefaultMode:defaultMode:*i "
                               "Optional:optional:*b",
    "core.ConfigMapVolumeSource": "LocalObjectReference::^core.LocalObjectReference Items:items:[]core.KeyToPath "
                                  "DefaultMode:defaultMode:*i Optional:optional:*b",
    "core.PersistentVolumeClaimVolumeSource": "ClaimName:claimName:s ReadOnly:readOnly:b",
    "core.ProjectedVolumeSource": "Sources:sources:[]core.VolumeProjection DefaultMode:defaultMode:*i",
    "core.VolumeProjection": (
        "Secret:secret:*core.SecretProjection DownwardAPI:downwardAPI:*core.DownwardAPIProjection "
        "ConfigMap:configMap:*core.ConfigMapProjection "
        "ServiceAccountToken:serviceAccountToken:*core.ServiceAccountTokenProjection "
        "ClusterTrustBundle:clusterTrustBundle:*core.ClusterTrustBundleProjection"),
    "core.ServiceAccountTokenProjection": "Audience:audience:s ExpirationSeconds:expirationSeconds:i Path:path:s",
    "core.ConfigMapProjection": "LocalObjectReference::^core.LocalObjectReference Items:items:[]core.KeyToPath "
                                "Optional:optional:*b",
    "core.SecretProjection": "LocalObjectReference::^core.LocalObjectReference Items:items:[]core.KeyToPath "
                             "Optional:optional:*b",
    "core.DownwardAPIProjection": "Items:items:[]core.DownwardAPIVolumeFile",
    "core.DownwardAPIVolumeSource": "Items:items:[]core.DownwardAPIVolumeFile DefaultMode:defaultMode:*i",
    "core.DownwardAPIVolumeFile": "Path:path:s FieldRef:fieldRef:*core.ObjectFieldSelector "
                                  "ResourceFieldRef:resourceFieldRef:*core.ResourceFieldSelector Mode:mode:*i",
    "core.ObjectFieldSelector": "APIVersion:apiVersion:s FieldPath:fieldPath:s",
    "core.KeyToPath": "Key:key:s Path:path:s Mode:mode:*i",
    "core.LocalObjectReference": "Name:name:s",
    "core.ContainerPort": "Name:name:s HostPort:hostPort:i ContainerPort:containerPort:i Protocol:protocol:s "
                          "HostIP:hostIP:s",
    "core.EnvVar": "Name:name:s Value:value:s ValueFrom:valueFrom:*core.EnvVarSource",
    "core.EnvVarSource": (
        "FieldRef:fieldRef:*core.ObjectFieldSelector ResourceFieldRef:resourceFieldRef:*core.ResourceFieldSelector "
        "ConfigMapKeyRef:configMapKeyRef:*core.ConfigMapKeySelector SecretKeyRef:secretKeyRef:*core.SecretKeySelector"),
    "core.ConfigMapKeySelector": "LocalObjectReference::^core.LocalObjectReference Key:key:s Optional:optional:*b",
    "core.SecretKeySelector": "LocalObjectReference::^core.LocalObjectReference Key:key:s Optional:optional:*b",
    "core.EnvFromSource": "Prefix:prefix:s ConfigMapRef:configMapRef:*core.ConfigMapEnvSource "
                          "SecretRef:secretRef:*core.SecretEnvSource",
    "core.ConfigMapEnvSource": "LocalObjectReference::^core.LocalObjectReference Optional:optional:*b",
    "core.SecretEnvSource": "LocalObjectReference::^core.LocalObjectReference Optional:optional:*b",
    "core.ResourceRequirements": "Limits:limits:q Requests:requests:q Claims:claims:[]core.ResourceClaim",
    "core.VolumeMount": "Name:name:s ReadOnly:readOnly:b RecursiveReadOnly:recursiveReadOnly:*s "
                        "MountPath:mountPath:s SubPath:subPath:s MountPropagation:mountPropagation:*s "
                        "SubPathExpr:subPathExpr:s",
    "core.Probe": "ProbeHandler::^core.ProbeHandler InitialDelaySeconds:initialDelaySeconds:i "
                  "TimeoutSeconds:timeoutSeconds:i PeriodSeconds:periodSeconds:i SuccessThreshold:successThreshold:i "
                  "FailureThreshold:failureThreshold:i TerminationGracePeriodSeconds:terminationGracePeriodSeconds:*i",
    "core.ProbeHandler": "Exec:exec:*core.ExecAction HTTPGet:httpGet:*core.HTTPGetAction "
                         "TCPSocket:tcpSocket:*core.TCPSocketAction GRPC:grpc:*core.GRPCAction",
    "core.ExecAction": "Command:command:[]s",
    "core.HTTPGetAction": "Path:path:s Port:port:io Host:host:s Scheme:scheme:s HTTPHeaders:httpHeaders:[]core.HTTPHeader",
    "core.TCPSocketAction": "Port:port:io Host:host:s",
    "core.HTTPHeader": "Name:name:s Value:value:s",
    "core.Toleration": "Key:key:s Operator:operator:s Value:value:s Effect:effect:s "
                       "TolerationSeconds:tolerationSeconds:*i",
}
# v1 PodSpec fields that the internal type keeps in its SecurityContext
HOST_NAMESPACES = ("hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "hostUsers")


def _fields(type_name: str, wire: dict[str, Any]) -> list[tuple[str, str, str]]:
    spec = TYPES.get(type_name)
    if spec is None:  # not in the table: the wire object's own fields, in its order
        return [(k[:1].upper() + k[1:], k, _guess(v)) for k, v in wire.items()]
    return [tuple(f.split(":", 2)) for f in spec.split()]  # type: ignore[misc]


def _guess(v: Any) -> str:
    if isinstance(v, bool):
        return "b"
    if isinstance(v, int):
        return "i"
    if isinstance(v, dict):
        return "*core.Object"
    if isinstance(v, list):
        return "[]core.Object" if v and isinstance(v[0], dict) else "[]s"
    return "s"


def go_value(kind: str, wire: Any) -> Any:
    """The Go value of type `kind` that the wire value decodes to."""
    if kind.startswith("^"):
        return struct(kind[1:], wire if isinstance(wire, dict) else {})
    if kind.startswith("*"):
        return Ptr(kind, None if wire is None else go_value(kind[1:], wire))
    if kind.startswith("[]"):
        type_name = "[]" + _go_name(kind[2:])
        return Slice(type_name, None if wire is None else tuple(go_value(kind[2:], w) for w in wire))
    if kind == "m":
        return Map("map[string]string", None if wire is None else tuple(sorted(wire.items())))
    if kind == "q":
        items = None if wire is None else tuple((k, _quantity(v)) for k, v in sorted(wire.items()))
        return Map("core.ResourceList", items)
    if kind == "io":
        if isinstance(wire, str):
            return Struct("intstr.IntOrString", (("Type", 1), ("IntVal", 0), ("StrVal", wire)))
        return Struct("intstr.IntOrString", (("Type", 0), ("IntVal", wire or 0), ("StrVal", "")))
    if kind == "s":
        return "" if wire is None else str(wire)
    if kind == "i":
        return int(wire or 0)
    if kind == "b":
        return bool(wire)
    return struct(kind, wire if isinstance(wire, dict) else {})


def _go_name(kind: str) -> str:
    return {"s": "string", "i": "int64", "b": "bool", "q": "core.ResourceList", "io": "intstr.IntOrString",
            "m": "map[string]string"}.get(kind, kind.lstrip("*^"))


def struct(type_name: str, wire: dict[str, Any]) -> Struct:
    fields = []
    for name, key, kind in _fields(type_name, wire):
        fields.append((name, go_value(kind, wire if kind.startswith("^") else wire.get(key))))
    return Struct(type_name, tuple(fields))


def _quantity(text: Any) -> Struct:
    """resource.Quantity as ParseQuantity leaves it: an int64Amount and its format."""
    amount, binary = quantity.parse(text)
    raw = str(text).strip()
    scale = 0
    if not binary and raw and raw[-1] in "numkMGTPE":
        scale = {"n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}[raw[-1]]
    value = amount / (Decimal(10) ** scale)
    fmt = "BinarySI" if binary else ("DecimalExponent" if "e" in raw.lower() else "DecimalSI")
    return Struct("resource.Quantity", (
        ("i", Struct("resource.int64Amount", (("value", int(value)), ("scale", scale)))),
        ("d", Struct("resource.infDecAmount", (("Dec", Ptr("*inf.Dec", None)),))),
        ("s", ""), ("Format", fmt)))


def pod_spec(spec: dict[str, Any]) -> Struct:
    """The internal core.PodSpec of a v1 pod spec (its wire form)."""
    wire = dict(spec)
    host = {k: wire.pop(k) for k in HOST_NAMESPACES if k in wire}
    if host or wire.get("securityContext") is not None:
        wire["securityContext"] = {**host, **(wire.get("securityContext") or {})}
    return struct("core.PodSpec", wire)
