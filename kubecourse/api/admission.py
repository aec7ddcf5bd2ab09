"""Admission: what the API server does to (or refuses about) a request after decoding and
defaulting, before validation and storage.

Models kubernetes/kubernetes, in the order the apiserver runs these plugins:
- plugin/pkg/admission/namespace/lifecycle (staging/src/k8s.io/apiserver/pkg/admission/plugin/
  namespace/lifecycle/admission.go): no new content in a terminating namespace; `default`,
  `kube-system` and `kube-public` may not be deleted.
- plugin/pkg/admission/limitranger (kubecourse/api/limitranger.py): a namespace's LimitRanges
  default a new pod's requests and limits, and refuse what passes their min or max.
- plugin/pkg/admission/serviceaccount/admission.go: every pod runs as a ServiceAccount
  (`default` unless named) and gets the `kube-api-access-<5 random>` projected volume with the
  token, the cluster CA and its namespace, mounted read-only in every container.
- plugin/pkg/admission/priority/admission.go: priority 0 and preemptionPolicy
  PreemptLowerPriority when no PriorityClass is named (there is no globalDefault class).
- plugin/pkg/admission/defaulttolerationseconds/admission.go: tolerate the not-ready and
  unreachable NoExecute taints for 300 s.
- plugin/pkg/admission/resourcequota (kubecourse/api/quota.py), the last, validating plugin:
  it runs after the name is generated and the object validated, so it is `check_quota`,
  which the server calls on create once the object is whole.

What we learned from the source:
- Admission refusals are Forbidden errors naming the object by its name, or by its
  generateName while the name is still to be generated: `pods "kubia-7d9f-" is forbidden: ...`.
- A missing ServiceAccount reads `error looking up service account default/foo: serviceaccount
  "foo" not found` (the lister's NotFound, singular resource, wrapped).
- The real plugin retries the lookup of `default` for about a second, because the
  ServiceAccount controller creates it within milliseconds of a namespace. Controllers here run
  after the write that woke them, so a `default` that is still missing in an Active namespace
  is taken as the one the controller is about to create (same outcome as the retry).
- The token source asks for 3607 s (WarnOnlyBoundTokenExpirationSeconds: an hour and 7 s, so
  the kubelet can tell admission-made volumes apart); the volume sets defaultMode 420 itself.
- Only pods are mutated, and only on create.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kubecourse.api import errors, limitranger, quota
from kubecourse.api.models import core
from kubecourse.api.models.meta import Object
from kubecourse.api.models.quota import LimitRange

if TYPE_CHECKING:
    from kubecourse.api.kinds import Kind
    from kubecourse.api.reader import Reader

DEFAULT_SERVICE_ACCOUNT = "default"
TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
TOKEN_VOLUME_PREFIX = "kube-api-access-"
TOKEN_EXPIRATION_SECONDS = 3607
ROOT_CA_CONFIG_MAP = "kube-root-ca.crt"
IMMORTAL_NAMESPACES = ("default", "kube-public", "kube-system")
DEFAULT_TOLERATION_SECONDS = 300
NO_EXECUTE_TAINTS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")
# The PriorityClasses every cluster has (pkg/apis/scheduling/types.go SystemPriorityClasses).
SYSTEM_PRIORITY_CLASSES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}
PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority"


def forbidden(resource: str, obj: Object, reason: str) -> errors.StatusError:
    """admission.NewForbidden: the name, or the generateName before the name exists."""
    name = obj.metadata.name or obj.metadata.generate_name or ""
    return errors.StatusError(403, "Forbidden", f'{resource} "{name}" is forbidden: {reason}', resource, name)


# --- NamespaceLifecycle -----------------------------------------------------------------------


def check_create_in_namespace(api: Reader, entry: Kind, obj: Object, namespace: str) -> None:
    """Creating in a missing namespace is NotFound; in a terminating one, Forbidden."""
    ns: core.Namespace | None = api.try_get("Namespace", namespace)
    if ns is None:
        raise errors.not_found("namespaces", namespace)
    if ns.metadata.deletion_timestamp is not None:
        raise forbidden(entry.resource, obj, f"unable to create new content in namespace {namespace} "
                                              "because it is being terminated")


def check_delete(entry: Kind, obj: Object) -> None:
    if entry.kind == "Namespace" and obj.metadata.name in IMMORTAL_NAMESPACES:
        raise forbidden("namespaces", obj, "this namespace may not be deleted")


# --- pods -----------------------------------------------------------------------------------


def admit_pod(api: Reader, pod: core.Pod) -> core.Pod:
    """The mutating plugins a pod meets on create, in the apiserver's order."""
    pod = limit_ranger(api, pod)
    pod = service_account(api, pod)
    pod = priority(pod)
    return default_toleration_seconds(pod)


def limit_ranger(api: Reader, pod: core.Pod) -> core.Pod:
    limit_ranges: list[LimitRange] = list(api.iter_namespace("LimitRange", pod.metadata.namespace or "default"))
    if not limit_ranges:
        return pod
    pod = limitranger.apply_defaults(pod, limit_ranges)
    errs = limitranger.violations(pod, limit_ranges)
    if errs:
        raise forbidden("pods", pod, limitranger.aggregate(errs))
    return pod


def check_quota(api: Reader, entries: Iterable[Kind], entry: Kind, obj: Object) -> None:
    """ResourceQuota admission on create (`entries`: the table of kinds, which counts)."""
    reason = quota.refusal(api, entries, entry, obj)
    if reason:
        raise forbidden(entry.resource, obj, reason)


def _lookup_service_account(api: Reader, pod: core.Pod, name: str) -> core.ServiceAccount:
    namespace = pod.metadata.namespace or "default"
    sa: core.ServiceAccount | None = api.try_get("ServiceAccount", name, namespace)
    if sa is not None:
        return sa
    ns: core.Namespace | None = api.try_get("Namespace", namespace)
    if name == DEFAULT_SERVICE_ACCOUNT and ns is not None and ns.metadata.deletion_timestamp is None:
        return core.ServiceAccount(metadata=core.ObjectMeta(name=name, namespace=namespace))
    raise forbidden("pods", pod, f"error looking up service account {namespace}/{name}: "
                                 f'serviceaccount "{name}" not found')


def service_account(api: Reader, pod: core.Pod) -> core.Pod:
    spec = core.pod_spec(pod)
    name = spec.service_account_name or spec.service_account or DEFAULT_SERVICE_ACCOUNT
    sa = _lookup_service_account(api, pod, name)
    spec = spec.with_(service_account_name=name, service_account=name)
    automount = spec.automount_service_account_token
    if automount is None:
        automount = sa.automount_service_account_token
    if automount is None or automount:
        spec = mount_service_account_token(api, spec)
    if not spec.image_pull_secrets and sa.image_pull_secrets:
        spec = spec.with_(image_pull_secrets=[core.LocalObjectReference(name=s.name) for s in sa.image_pull_secrets])
    return pod.with_(spec=spec)


def token_volume(name: str) -> core.Volume:
    """TokenVolumeSource: the token, the cluster CA and the namespace, in one projected volume."""
    return core.Volume(name=name, projected=core.ProjectedVolumeSource(default_mode=420, sources=[
        core.VolumeProjection(service_account_token=core.ServiceAccountTokenProjection(
            expiration_seconds=TOKEN_EXPIRATION_SECONDS, path="token")),
        core.VolumeProjection(config_map=core.ConfigMapProjection(
            name=ROOT_CA_CONFIG_MAP, items=[core.KeyToPath(key="ca.crt", path="ca.crt")])),
        core.VolumeProjection(downward_api=core.DownwardAPIProjection(items=[core.DownwardAPIVolumeFile(
            path="namespace", field_ref=core.ObjectFieldSelector(api_version="v1", field_path="metadata.namespace"))])),
    ]))


def _with_token_mount(containers: list[core.Container] | None, mount: core.VolumeMount) -> tuple[list | None, bool]:
    """Add the mount to each container that has nothing at the token path; say if any did."""
    if not containers:
        return containers, False
    out, added = [], False
    for c in containers:
        if any(m.mount_path == TOKEN_MOUNT_PATH for m in c.volume_mounts or ()):
            out.append(c)
        else:
            out.append(c.with_(volume_mounts=[*(c.volume_mounts or ()), mount]))
            added = True
    return out, added


def mount_service_account_token(api: Reader, spec: core.PodSpec) -> core.PodSpec:
    """mountServiceAccountToken: reuse a kube-api-access-* volume if the pod has one."""
    existing = next((v.name for v in spec.volumes or () if v.name.startswith(TOKEN_VOLUME_PREFIX)), None)
    name = existing or TOKEN_VOLUME_PREFIX + api.rng.suffix()
    mount = core.VolumeMount(name=name, read_only=True, mount_path=TOKEN_MOUNT_PATH)
    inits, init_added = _with_token_mount(spec.init_containers, mount)
    containers, added = _with_token_mount(spec.containers, mount)
    spec = spec.with_(init_containers=inits, containers=containers)
    if existing is None and (init_added or added):
        spec = spec.with_(volumes=[*(spec.volumes or ()), token_volume(name)])
    return spec


def priority(pod: core.Pod) -> core.Pod:
    spec = core.pod_spec(pod)
    value = 0
    if spec.priority_class_name:
        if spec.priority_class_name not in SYSTEM_PRIORITY_CLASSES:
            raise forbidden("pods", pod, f"no PriorityClass with name {spec.priority_class_name} was found")
        value = SYSTEM_PRIORITY_CLASSES[spec.priority_class_name]
    if spec.priority is not None and spec.priority != value:
        raise forbidden("pods", pod, f"the integer value of priority ({spec.priority}) must not be provided in pod "
                                     f"spec; priority admission controller computed {value} from the given "
                                     "PriorityClass name")
    if spec.preemption_policy is not None and spec.preemption_policy != PREEMPT_LOWER_PRIORITY:
        raise forbidden("pods", pod, f"the string value of PreemptionPolicy ({spec.preemption_policy}) must not be "
                                     f"provided in pod spec; priority admission controller computed "
                                     f"{PREEMPT_LOWER_PRIORITY} from the given PriorityClass name")
    return pod.with_(spec=spec.with_(priority=value, preemption_policy=PREEMPT_LOWER_PRIORITY))


def _tolerates(t: core.Toleration, key: str) -> bool:
    return t.key in (key, None, "") and t.effect in ("NoExecute", None, "")


def default_toleration_seconds(pod: core.Pod) -> core.Pod:
    spec = core.pod_spec(pod)
    tolerations = list(spec.tolerations or ())
    for key in NO_EXECUTE_TAINTS:
        if not any(_tolerates(t, key) for t in tolerations):
            tolerations.append(core.Toleration(key=key, operator="Exists", effect="NoExecute",
                                               toleration_seconds=DEFAULT_TOLERATION_SECONDS))
    return pod.with_(spec=spec.with_(tolerations=tolerations))
