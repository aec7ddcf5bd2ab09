"""What the API server rejects, as field causes in the server's order and words.

Models kubernetes/kubernetes: pkg/apis/core/validation/validation.go (ValidateObjectMeta,
ValidatePodSpec, validateContainerCommon, validateContainers, validateContainerPorts,
ValidateVolumes, ValidateVolumeMounts, ValidateService, validateServicePort, ValidateConfigMap,
ValidateSecret and their *Update forms), pkg/apis/apps/validation/validation.go
(ValidateDeploymentSpec, ValidateDeploymentStrategy, ValidateRollingUpdateDeployment,
ValidatePositiveIntOrPercent, IsNotMoreThan100Percent, ValidateReplicaSetSpec,
ValidatePodTemplateSpecForReplicaSet),
staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go and
staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go (labels, selectors).

Each `validate_<kind>(new, old)` returns the causes; the server turns them into an Invalid
StatusError (`The Deployment "x" is invalid: ...`). Objects arrive defaulted, as upstream
validates after defaulting, so a missing restartPolicy is never an error here.

What we learned from the source:
- A Deployment (or ReplicaSet) without a selector fails twice: `spec.selector: Required value`,
  and, because a nil selector matches nothing, the template labels "do not match" it too.
- The empty-selector message says "for deployment" for ReplicaSets as well (upstream's words).
- Selector immutability (apps/v1) is checked in the registry's ValidateUpdate, after all of
  the spec's own checks, so it comes last.
- A pod template's labels are checked under `spec.template.labels`, not `.metadata.labels`,
  while the selector mismatch names `spec.template.metadata.labels`.
- An IntOrString in a message is printed as Go's %#v of the struct
  (`intstr.IntOrString{Type:0, IntVal:0, StrVal:""}`): its String method wants a pointer.
- Go iterates maps in random order, so several bad labels or keys come in any order upstream;
  we take them sorted by key.

Left out (a learner rarely meets them): env var names, resources/quantities, security
contexts, affinity, DNS config, topology spread, host ports,
Service nodePort/externalName rules, clusterIPs beyond the primary, Secret type-specific keys beyond the common
ones, annotation size limits, managedFields and ownerReference checks.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from typing import Any

from kubecourse.api import fields, gocmp, internaltypes, selectors
from kubecourse.api.errors import Cause
from kubecourse.api.fields import duplicate, each, forbidden, invalid, not_found, not_supported, required
from kubecourse.api.models import core
from kubecourse.api.models.meta import LabelSelector, ObjectMeta

NameRule = Callable[[str, bool], list[str]]

PROTOCOLS = ("SCTP", "TCP", "UDP")
SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
IMMUTABLE = "field is immutable"
IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set"
MAX_DATA_BYTES = 1024 * 1024  # core.MaxSecretSize: a ConfigMap's or a Secret's data


# --- metadata -------------------------------------------------------------------------------


def validate_labels(labels: Mapping[str, str] | None, path: str) -> list[Cause]:
    causes = []
    labels = labels or {}
    for key in sorted(labels):
        causes += each(path, key, fields.qualified_name(key))
        causes += each(path, labels[key], fields.label_value(labels[key]))
    return causes


def validate_annotations(annotations: Mapping[str, str] | None, path: str) -> list[Cause]:
    causes = []
    for key in sorted(annotations or {}):
        causes += each(path, key, fields.qualified_name(key.lower()))
    return causes


def validate_object_meta(meta: ObjectMeta, name_rule: NameRule, path: str = "metadata") -> list[Cause]:
    """ValidateObjectMetaAccessor: generateName, name, labels, annotations."""
    causes = []
    if meta.generate_name:
        causes += each(f"{path}.generateName", meta.generate_name, name_rule(meta.generate_name, True))
    if not meta.name:
        causes.append(required(f"{path}.name", "name or generateName is required"))
    else:
        causes += each(f"{path}.name", meta.name, name_rule(meta.name, False))
    causes += validate_labels(meta.labels, f"{path}.labels")
    causes += validate_annotations(meta.annotations, f"{path}.annotations")
    return causes


def validate_object_meta_update(new: ObjectMeta, old: ObjectMeta, path: str = "metadata") -> list[Cause]:
    """ValidateObjectMetaAccessorUpdate: no new finalizers on an object being deleted."""
    if old.deletion_timestamp is None:
        return []
    extra = sorted(set(new.finalizers or ()) - set(old.finalizers or ()))
    if not extra:
        return []
    return [forbidden(f"{path}.finalizers", "no new finalizers can be added if the object is being deleted, "
                                            f"found new finalizers {fields.go_strings(extra)}")]


def _meta(obj: Any, old: Any, name_rule: NameRule) -> list[Cause]:
    causes = validate_object_meta(obj.metadata, name_rule)
    if old is not None:
        causes += validate_object_meta_update(obj.metadata, old.metadata)
    return causes


# --- label selectors ------------------------------------------------------------------------


def validate_label_selector(sel: LabelSelector | None, path: str) -> list[Cause]:
    if sel is None:
        return []
    causes = validate_labels(sel.match_labels, f"{path}.matchLabels")
    for i, expr in enumerate(sel.match_expressions or ()):
        at = f"{path}.matchExpressions[{i}]"
        if expr.operator in ("In", "NotIn") and not expr.values:
            causes.append(required(f"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'"))
        elif expr.operator in ("Exists", "DoesNotExist") and expr.values:
            causes.append(forbidden(f"{at}.values",
                                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        causes += each(f"{at}.key", expr.key, fields.qualified_name(expr.key))
    return causes


def go_label_selector(sel: LabelSelector) -> str:
    """%#v of a metav1.LabelSelector, as `field is immutable` and `empty selector` print it."""
    exprs = sel.match_expressions
    if exprs is None:
        shown = "[]v1.LabelSelectorRequirement(nil)"
    else:
        shown = "[]v1.LabelSelectorRequirement{" + ", ".join(
            f"v1.LabelSelectorRequirement{{Key:{fields.go_quote(e.key)}, Operator:{fields.go_quote(e.operator)}, "
            f"Values:{fields.go_strings(e.values)}}}" for e in exprs) + "}"
    return f"v1.LabelSelector{{MatchLabels:{fields.go_string_map(sel.match_labels)}, MatchExpressions:{shown}}}"


def _invalid_selector(path: str, sel: LabelSelector, detail: str) -> Cause:
    return Cause(path, f"Invalid value: {go_label_selector(sel)}: {detail}", "FieldValueInvalid")


# --- pods -----------------------------------------------------------------------------------


def _port_num_or_name(port: Any, path: str) -> list[Cause]:
    """ValidatePortNumOrName."""
    if isinstance(port, int):
        return each(path, port, fields.port_num(port))
    return each(path, port, fields.port_name(port))


def _container_ports(ports: list[core.ContainerPort] | None, path: str) -> list[Cause]:
    causes, names = [], set()
    for i, p in enumerate(ports or ()):
        at = f"{path}[{i}]"
        if p.name:
            msgs = fields.port_name(p.name)
            if msgs:
                causes += each(f"{at}.name", p.name, msgs)
            elif p.name in names:
                causes.append(duplicate(f"{at}.name", p.name))
            names.add(p.name)
        if not p.container_port:
            causes.append(required(f"{at}.containerPort"))
        else:
            causes += each(f"{at}.containerPort", p.container_port, fields.port_num(p.container_port))
        if p.host_port:
            causes += each(f"{at}.hostPort", p.host_port, fields.port_num(p.host_port))
        if not p.protocol:
            causes.append(required(f"{at}.protocol"))
        elif p.protocol not in PROTOCOLS:
            causes.append(not_supported(f"{at}.protocol", p.protocol, PROTOCOLS))
    return causes


def _volume_mounts(mounts: list[core.VolumeMount] | None, volumes: set[str], path: str) -> list[Cause]:
    causes, paths = [], set()
    for i, m in enumerate(mounts or ()):
        at = f"{path}[{i}]"
        if not m.name:
            causes.append(required(f"{at}.name"))
        if m.name not in volumes:
            causes.append(not_found(f"{at}.name", m.name))
        if not m.mount_path:
            causes.append(required(f"{at}.mountPath"))
        if m.mount_path in paths:
            causes.append(invalid(f"{at}.mountPath", m.mount_path, "must be unique"))
        paths.add(m.mount_path)
    return causes


def _probe(probe: core.Probe | None, path: str, *, liveness: bool) -> list[Cause]:
    """validateProbe + validateHandler; liveness and startup probes need successThreshold 1."""
    if probe is None:
        return []
    handlers = [h for h in (probe.exec, probe.http_get, probe.tcp_socket, probe.grpc) if h is not None]
    causes = []
    if not handlers:
        causes.append(required(path, "must specify a handler type"))
    elif len(handlers) > 1:
        causes.append(forbidden(path, "may not specify more than 1 handler type"))
    if probe.http_get is not None:
        causes += _port_num_or_name(probe.http_get.port, f"{path}.httpGet.port")
    if probe.tcp_socket is not None:
        causes += _port_num_or_name(probe.tcp_socket.port, f"{path}.tcpSocket.port")
    for name in ("initial_delay_seconds", "timeout_seconds", "period_seconds", "success_threshold",
                 "failure_threshold"):
        value = getattr(probe, name)
        if value is not None and value < 0:
            wire = core.Probe.model_fields[name].alias or name
            causes.append(invalid(f"{path}.{wire}", value, "must be greater than or equal to 0"))
    if liveness and probe.success_threshold is not None and probe.success_threshold != 1:
        causes.append(invalid(f"{path}.successThreshold", probe.success_threshold, "must be 1"))
    return causes


def _container(c: core.Container, volumes: set[str], path: str) -> list[Cause]:
    """validateContainerCommon, in its order."""
    causes = []
    if not c.name:
        causes.append(required(f"{path}.name"))
    else:
        causes += each(f"{path}.name", c.name, fields.dns1123_label(c.name))
    if not c.image:
        causes.append(required(f"{path}.image"))
    causes += _container_ports(c.ports, f"{path}.ports")
    for i, env in enumerate(c.env or ()):
        if not env.name:
            causes.append(required(f"{path}.env[{i}].name"))
    causes += _volume_mounts(c.volume_mounts, volumes, f"{path}.volumeMounts")
    return causes


def _containers(containers: list[core.Container], volumes: set[str], path: str) -> list[Cause]:
    """validateContainers: each container, then duplicate names, then probes."""
    if not containers:
        return [required(path)]
    causes, names = [], set()
    for i, c in enumerate(containers):
        at = f"{path}[{i}]"
        causes += _container(c, volumes, at)
        if c.name in names:
            causes.append(duplicate(f"{at}.name", c.name))
        names.add(c.name)
        causes += _probe(c.liveness_probe, f"{at}.livenessProbe", liveness=True)
        causes += _probe(c.readiness_probe, f"{at}.readinessProbe", liveness=False)
        causes += _probe(c.startup_probe, f"{at}.startupProbe", liveness=True)
    return causes


def _volumes(volumes: list[core.Volume] | None, path: str) -> tuple[set[str], list[Cause]]:
    names: set[str] = set()
    causes = []
    for i, v in enumerate(volumes or ()):
        at = f"{path}[{i}]"
        if v.config_map is not None and not v.config_map.name:
            causes.append(required(f"{at}.configMap.name"))
        if v.secret is not None and not v.secret.secret_name:
            causes.append(required(f"{at}.secret.secretName"))
        if not v.name:
            causes.append(required(f"{at}.name"))
        else:
            causes += each(f"{at}.name", v.name, fields.dns1123_label(v.name))
        if v.name in names:
            causes.append(duplicate(f"{at}.name", v.name))
        names.add(v.name)
    return names, causes


def validate_pod_spec(spec: core.PodSpec | None, path: str) -> list[Cause]:
    """ValidatePodSpec, the parts a learner meets, in its order."""
    if spec is None:
        return [required(f"{path}.containers")]
    volumes, causes = _volumes(spec.volumes, f"{path}.volumes")
    causes += _containers(spec.containers, volumes, f"{path}.containers")
    for i, c in enumerate(spec.init_containers or ()):
        causes += _container(c, volumes, f"{path}.initContainers[{i}]")
    if spec.restart_policy not in ("Always", "OnFailure", "Never"):
        causes.append(not_supported(f"{path}.restartPolicy", spec.restart_policy, ("Always", "OnFailure", "Never")))
    causes += validate_labels(spec.node_selector, f"{path}.nodeSelector")
    if spec.service_account_name:
        causes += each(f"{path}.serviceAccountName", spec.service_account_name,
                       fields.dns1123_subdomain(spec.service_account_name))
    if spec.hostname:
        causes += each(f"{path}.hostname", spec.hostname, fields.dns1123_label(spec.hostname))
    if spec.subdomain:
        causes += each(f"{path}.subdomain", spec.subdomain, fields.dns1123_label(spec.subdomain))
    if spec.termination_grace_period_seconds is not None and spec.termination_grace_period_seconds < 0:
        causes.append(invalid(f"{path}.terminationGracePeriodSeconds", spec.termination_grace_period_seconds,
                              "must be greater than or equal to 0"))
    return causes


def validate_pod(pod: core.Pod, old: Any) -> list[Cause]:
    causes = _meta(pod, old, fields.name_is_dns_subdomain) + validate_pod_spec(pod.spec, "spec")
    if old is not None and pod.spec is not None and old.spec is not None:
        causes += validate_pod_update(pod.spec.to_wire(), old.spec.to_wire())
    return causes


# ValidatePodUpdate's list (without InPlacePodVerticalScaling, alpha and off in 1.32)
UPDATABLE_POD_SPEC_FIELDS = (
    "`spec.containers[*].image`",
    "`spec.initContainers[*].image`",
    "`spec.activeDeadlineSeconds`",
    "`spec.tolerations` (only additions to existing tolerations)",
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
)
MAX_INT32 = 2**31 - 1


def _container_updates(new: list[dict], old: list[dict], path: str) -> tuple[list[Cause], bool]:
    """ValidateContainerUpdates: the same number of containers, each with an image."""
    if len(new) != len(old):
        return [forbidden(path, "pod updates may not add or remove containers")], True
    causes = []
    for i, c in enumerate(new):
        image = c.get("image") or ""
        if not image:
            causes.append(required(f"{path}[{i}].image"))
        if image.strip() != image:
            causes.append(invalid(f"{path}[{i}].image", image, "must not have leading or trailing whitespace"))
    return causes, False


def _only_added_tolerations(new: list[dict], old: list[dict]) -> list[Cause]:
    """validateOnlyAddedTolerations: every old toleration is still there (its
    tolerationSeconds may change)."""
    def same(a: dict, b: dict) -> bool:
        return {**a, "tolerationSeconds": None} == {**b, "tolerationSeconds": None}

    if any(not any(same(o, n) for n in new) for o in old):
        return [forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds")]
    return []


def validate_pod_update(new: dict[str, Any], old: dict[str, Any]) -> list[Cause]:
    """ValidatePodUpdate (pkg/apis/core/validation/validation.go): of a running pod's spec only
    the images, activeDeadlineSeconds (set, or lowered), tolerations (added) and a negative
    grace period (raised to 1) may change; anything else is Forbidden with the diff of the
    internal PodSpec, as cmp.Diff prints it (kubecourse/api/gocmp.py)."""
    causes = []
    for key, path in (("containers", "spec.containers"), ("initContainers", "spec.initContainers")):
        found, stop = _container_updates(new.get(key) or [], old.get(key) or [], path)
        causes += found
        if stop:
            return causes
    deadline, old_deadline = new.get("activeDeadlineSeconds"), old.get("activeDeadlineSeconds")
    if deadline is not None:
        if deadline < 0 or deadline > MAX_INT32:
            return [*causes, invalid("spec.activeDeadlineSeconds", deadline,
                                     f"must be between 0 and {MAX_INT32}, inclusive")]
        if old_deadline is not None and old_deadline < deadline:
            return [*causes, invalid("spec.activeDeadlineSeconds", deadline,
                                     "must be less than or equal to previous value")]
    elif old_deadline is not None:
        causes.append(invalid("spec.activeDeadlineSeconds", None, "must not update from a positive integer to nil value"))
    causes += _only_added_tolerations(new.get("tolerations") or [], old.get("tolerations") or [])
    if new == old:
        return causes
    munged = {**new, "tolerations": old.get("tolerations"), "activeDeadlineSeconds": old_deadline}
    for key in ("containers", "initContainers"):
        if new.get(key) is not None:
            munged[key] = [{**c, "image": o.get("image")} for c, o in zip(new[key], old.get(key) or [], strict=True)]
    old_grace, grace = old.get("terminationGracePeriodSeconds"), munged.get("terminationGracePeriodSeconds")
    if old_grace is not None and old_grace < 0 and grace == 1:
        munged["terminationGracePeriodSeconds"] = old_grace
    spec_diff = gocmp.diff(internaltypes.pod_spec(old), internaltypes.pod_spec(munged))
    if spec_diff:
        causes.append(forbidden("spec", "pod updates may not change fields other than "
                                f"{','.join(UPDATABLE_POD_SPEC_FIELDS)}\n{spec_diff}"))
    return causes


def validate_pod_template(t: core.PodTemplateSpec, path: str) -> list[Cause]:
    """ValidatePodTemplateSpec: its labels are checked under `<path>.labels`."""
    meta = t.metadata or ObjectMeta()
    return (validate_labels(meta.labels, f"{path}.labels") + validate_annotations(meta.annotations, f"{path}.annotations")
            + validate_pod_spec(t.spec, f"{path}.spec"))


def validate_template_for_replicas(t: core.PodTemplateSpec | None, selector: selectors.Selector,
                                   path: str) -> list[Cause]:
    """ValidatePodTemplateSpecForReplicaSet (and ...ForRC): the selector must select the template,
    and the pods must restart Always. A nil selector selects nothing, so it never matches."""
    if t is None:
        return [required(path)]
    labels = (t.metadata.labels if t.metadata else None) or {}
    causes = []
    if selector != () and not selectors.matches(selector, labels):
        causes.append(invalid(f"{path}.metadata.labels", labels, "`selector` does not match template `labels`"))
    causes += validate_pod_template(t, path)
    restart = t.spec.restart_policy if t.spec else None
    if restart != "Always":
        causes.append(not_supported(f"{path}.spec.restartPolicy", restart, ("Always",)))
    if t.spec is not None and t.spec.active_deadline_seconds is not None:
        causes.append(invalid(f"{path}.spec.activeDeadlineSeconds", t.spec.active_deadline_seconds,
                              "activeDeadlineSeconds in ReplicaSet is not Supported"))
    return causes


# --- workloads ------------------------------------------------------------------------------


def _nonnegative(value: int | None, path: str) -> list[Cause]:
    if value is not None and value < 0:
        return [invalid(path, value, "must be greater than or equal to 0")]
    return []


def _selector(spec: Any, kind: str) -> list[Cause]:
    """The selector checks of ValidateDeploymentSpec, ValidateReplicaSetSpec and
    ValidateStatefulSetSpec (`kind` names the workload in the empty-selector text)."""
    if spec.selector is None:
        return [required("spec.selector")]
    causes = validate_label_selector(spec.selector, "spec.selector")
    if not (spec.selector.match_labels or spec.selector.match_expressions):
        causes.append(_invalid_selector("spec.selector", spec.selector, f"empty selector is invalid for {kind}"))
    return causes


def _selector_and_template(spec: Any) -> list[Cause]:
    """The selector part shared by ValidateDeploymentSpec and ValidateReplicaSetSpec."""
    return _selector(spec, "deployment") + validate_template_for_replicas(
        spec.template, selectors.from_label_selector(spec.selector), "spec.template")


def _stateful_set_template(spec: Any) -> list[Cause]:
    """ValidatePodTemplateSpecForStatefulSet: the selector must select the template; of the pod
    spec only the restart policy and activeDeadlineSeconds are checked (upstream leaves the
    rest out, since the volumes come from volumeClaimTemplates too)."""
    t = spec.template
    if t is None:
        return [required("spec.template")]
    meta = t.metadata or ObjectMeta()
    causes = []
    selector = selectors.from_label_selector(spec.selector)
    if selector != () and not selectors.matches(selector, meta.labels or {}):
        causes.append(invalid("spec.template.metadata.labels", meta.labels or {},
                              "`selector` does not match template `labels`"))
    causes += validate_labels(meta.labels, "spec.template.labels")
    causes += validate_annotations(meta.annotations, "spec.template.annotations")
    restart = t.spec.restart_policy if t.spec else None
    if restart != "Always":
        causes.append(not_supported("spec.template.spec.restartPolicy", restart, ("Always",)))
    if t.spec is not None and t.spec.active_deadline_seconds is not None:
        causes.append(forbidden("spec.template.spec.activeDeadlineSeconds",
                                "activeDeadlineSeconds in StatefulSet is not Supported"))
    return causes


def _selector_unchanged(new: Any, old: Any) -> list[Cause]:
    """apps/v1 registry ValidateUpdate: the selector is immutable."""
    if old is None or new.spec.selector == old.spec.selector:
        return []
    sel = new.spec.selector
    if sel is None:
        return [invalid("spec.selector", None, IMMUTABLE)]
    return [_invalid_selector("spec.selector", sel, IMMUTABLE)]


PERCENT = re.compile(r"^[0-9]+%$")
PERCENT_MESSAGE = ("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
                   "regex used for validation is '[0-9]+%')")
STRATEGY_TYPES = ("Recreate", "RollingUpdate")


def _go_int_or_string(value: int | str | None) -> str:
    """%#v of an intstr.IntOrString (its String method wants a pointer, so ErrorBody prints the struct)."""
    if isinstance(value, str):
        return f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{fields.go_quote(value)}}}"
    return f'intstr.IntOrString{{Type:0, IntVal:{value or 0}, StrVal:""}}'


def _invalid_int_or_string(path: str, value: int | str | None, detail: str) -> Cause:
    return Cause(path, f"Invalid value: {_go_int_or_string(value)}: {detail}", "FieldValueInvalid")


def _int_or_percent(value: int | str | None) -> int:
    """getIntOrPercentValue: a valid percent's number, else the int (0 for any other string)."""
    if isinstance(value, str):
        return int(value[:-1]) if PERCENT.match(value) else 0
    return value or 0


def _positive_int_or_percent(value: int | str | None, path: str) -> list[Cause]:
    """ValidatePositiveIntOrPercent."""
    if isinstance(value, str):
        return [] if PERCENT.match(value) else [_invalid_int_or_string(path, value, PERCENT_MESSAGE)]
    return _nonnegative(value, path)


def _rolling_update(ru: Any, path: str) -> list[Cause]:
    """ValidateRollingUpdateDeployment, with IsNotMoreThan100Percent."""
    causes = _positive_int_or_percent(ru.max_unavailable, f"{path}.maxUnavailable")
    causes += _positive_int_or_percent(ru.max_surge, f"{path}.maxSurge")
    if _int_or_percent(ru.max_unavailable) == 0 and _int_or_percent(ru.max_surge) == 0:
        causes.append(_invalid_int_or_string(f"{path}.maxUnavailable", ru.max_unavailable,
                                             "may not be 0 when `maxSurge` is 0"))
    if isinstance(ru.max_unavailable, str) and PERCENT.match(ru.max_unavailable) and \
            int(ru.max_unavailable[:-1]) > 100:
        causes.append(_invalid_int_or_string(f"{path}.maxUnavailable", ru.max_unavailable,
                                             "must not be greater than 100%"))
    return causes


def _deployment_strategy(strategy: Any, path: str) -> list[Cause]:
    """ValidateDeploymentStrategy (the strategy arrives defaulted: RollingUpdate has its rollingUpdate)."""
    if strategy.type == "Recreate":
        if strategy.rolling_update is not None:
            return [forbidden(f"{path}.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'")]
        return []
    if strategy.type == "RollingUpdate":
        return _rolling_update(strategy.rolling_update, f"{path}.rollingUpdate")
    rolling = "(*apps.RollingUpdateDeployment)(nil)" if strategy.rolling_update is None else "(*apps.RollingUpdateDeployment)(0x0)"
    value = f"apps.DeploymentStrategy{{Type:{fields.go_quote(strategy.type or '')}, RollingUpdate:{rolling}}}"
    listed = ", ".join(fields.go_quote(t) for t in STRATEGY_TYPES)
    return [Cause(path, f"Unsupported value: {value}: supported values: {listed}", "FieldValueNotSupported")]


def validate_deployment(d: Any, old: Any) -> list[Cause]:
    spec = d.spec
    causes = _meta(d, old, fields.name_is_dns_subdomain) + _nonnegative(spec.replicas, "spec.replicas")
    causes += _selector_and_template(spec)
    causes += _deployment_strategy(spec.strategy, "spec.strategy")
    causes += _nonnegative(spec.min_ready_seconds, "spec.minReadySeconds")
    causes += _nonnegative(spec.revision_history_limit, "spec.revisionHistoryLimit")
    if spec.progress_deadline_seconds is not None:
        causes += _nonnegative(spec.progress_deadline_seconds, "spec.progressDeadlineSeconds")
        if spec.progress_deadline_seconds <= (spec.min_ready_seconds or 0):
            causes.append(invalid("spec.progressDeadlineSeconds", spec.progress_deadline_seconds,
                                  "must be greater than minReadySeconds"))
    return causes + _selector_unchanged(d, old)


def validate_replica_set(rs: Any, old: Any) -> list[Cause]:
    spec = rs.spec
    causes = _meta(rs, old, fields.name_is_dns_subdomain) + _nonnegative(spec.replicas, "spec.replicas")
    causes += _nonnegative(spec.min_ready_seconds, "spec.minReadySeconds")
    return causes + _selector_and_template(spec) + _selector_unchanged(rs, old)


def validate_replication_controller(rc: Any, old: Any) -> list[Cause]:
    spec = rc.spec
    causes = _meta(rc, old, fields.name_is_dns_subdomain) + _nonnegative(spec.min_ready_seconds,
                                                                          "spec.minReadySeconds")
    if not spec.selector:
        causes.append(required("spec.selector"))
    causes += _nonnegative(spec.replicas, "spec.replicas")
    return causes + validate_template_for_replicas(spec.template, selectors.from_map(spec.selector), "spec.template")


STS_MUTABLE = ("replicas", "ordinals", "template", "update_strategy", "revision_history_limit",
               "persistent_volume_claim_retention_policy", "min_ready_seconds")


def validate_stateful_set(sts: Any, old: Any) -> list[Cause]:
    """ValidateStatefulSetSpec, and ValidateStatefulSetUpdate: only the fields of STS_MUTABLE
    may change."""
    spec = sts.spec
    causes = _meta(sts, old, fields.name_is_dns_subdomain)
    if spec.pod_management_policy not in ("OrderedReady", "Parallel"):
        causes.append(invalid("spec.podManagementPolicy", spec.pod_management_policy,
                              "must be 'OrderedReady' or 'Parallel'"))
    strategy = spec.update_strategy
    if strategy.type == "OnDelete" and strategy.rolling_update is not None:
        causes.append(invalid("spec.updateStrategy.rollingUpdate", strategy.rolling_update,
                              "only allowed for updateStrategy 'RollingUpdate'"))
    elif strategy.type == "RollingUpdate" and strategy.rolling_update is not None:
        causes += _nonnegative(strategy.rolling_update.partition, "spec.updateStrategy.rollingUpdate.partition")
    elif strategy.type not in ("OnDelete", "RollingUpdate"):
        causes.append(invalid("spec.updateStrategy", strategy, "must be 'RollingUpdate' or 'OnDelete'"))
    policy = spec.persistent_volume_claim_retention_policy
    for field, value in (("whenDeleted", policy.when_deleted), ("whenScaled", policy.when_scaled)):
        if value not in ("Retain", "Delete"):
            causes.append(not_supported(f"spec.persistentVolumeClaimRetentionPolicy.{field}", value,
                                        ("Retain", "Delete")))
    causes += _nonnegative(spec.replicas, "spec.replicas") + _nonnegative(spec.min_ready_seconds, "spec.minReadySeconds")
    causes += _selector(spec, "statefulset") + _stateful_set_template(spec)
    if old is not None:
        frozen = {k: v for k, v in spec.__dict__.items() if k not in STS_MUTABLE}
        if frozen != {k: v for k, v in old.spec.__dict__.items() if k not in STS_MUTABLE}:
            causes.append(forbidden("spec", "updates to statefulset spec for fields other than 'replicas', "
                                            "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
                                            "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are "
                                            "forbidden"))
    return causes + _selector_unchanged(sts, old)


def validate_daemon_set(ds: Any, old: Any) -> list[Cause]:
    """ValidateDaemonSetSpec: the selector and template as a ReplicaSet's (the empty-selector
    text says daemonset), the update strategy's type."""
    spec = ds.spec
    causes = _meta(ds, old, fields.name_is_dns_subdomain) + _selector(spec, "daemonset")
    causes += validate_template_for_replicas(spec.template, selectors.from_label_selector(spec.selector),
                                             "spec.template")
    causes += _nonnegative(spec.min_ready_seconds, "spec.minReadySeconds")
    if spec.update_strategy.type not in ("OnDelete", "RollingUpdate"):
        causes.append(not_supported("spec.updateStrategy.type", spec.update_strategy.type,
                                    ("OnDelete", "RollingUpdate")))
    return causes + _selector_unchanged(ds, old)


# --- services -------------------------------------------------------------------------------


def _go_service_port_key(p: core.ServicePort) -> str:
    """%#v of the (protocol, port) key ValidateService uses to find duplicate ports."""
    return (f'core.ServicePort{{Name:"", Protocol:{fields.go_quote(p.protocol or "")}, AppProtocol:(*string)(nil), '
            f'Port:{p.port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:""}}, NodePort:0}}')


def _service_port(p: core.ServicePort, require_name: bool, names: set[str], path: str) -> list[Cause]:
    """validateServicePort."""
    causes = []
    if require_name and not p.name:
        causes.append(required(f"{path}.name"))
    elif p.name:
        causes += each(f"{path}.name", p.name, fields.dns1123_label(p.name))
        if p.name in names:
            causes.append(duplicate(f"{path}.name", p.name))
        names.add(p.name)
    causes += each(f"{path}.port", p.port, fields.port_num(p.port))
    if not p.protocol:
        causes.append(required(f"{path}.protocol"))
    elif p.protocol not in PROTOCOLS:
        causes.append(not_supported(f"{path}.protocol", p.protocol, PROTOCOLS))
    if p.target_port is not None:
        causes += _port_num_or_name(p.target_port, f"{path}.targetPort")
    return causes


def _cluster_ips_unchanged(new: Any, old: Any) -> list[Cause]:
    """validateUpgradeDowngradeClusterIPs: the primary clusterIP may not change once set
    (a change to or from ExternalName aside)."""
    if old is None or "ExternalName" in (new.spec.type, old.spec.type):
        return []
    ips, old_ips = new.spec.cluster_ips or [], old.spec.cluster_ips or []
    if ips and old_ips and ips[0] != old_ips[0]:
        return [Cause("spec.clusterIPs[0]", f"Invalid value: {fields.go_strings(ips)}: may not change once set")]
    return []


def validate_service(svc: Any, old: Any) -> list[Cause]:
    spec = svc.spec
    causes = _meta(svc, old, fields.name_is_dns1035_label) + _cluster_ips_unchanged(svc, old)
    headless = spec.cluster_ip == "None"
    if not spec.ports and not headless and spec.type != "ExternalName":
        causes.append(required("spec.ports"))
    if spec.type == "ExternalName" and not spec.external_name:
        causes.append(required("spec.externalName"))
    names: set[str] = set()
    ports = spec.ports or []
    for i, p in enumerate(ports):
        causes += _service_port(p, len(ports) > 1, names, f"spec.ports[{i}]")
    causes += validate_labels(spec.selector, "spec.selector")
    if spec.session_affinity not in ("ClientIP", "None"):
        causes.append(not_supported("spec.sessionAffinity", spec.session_affinity, ("ClientIP", "None")))
    if spec.type not in SERVICE_TYPES:
        causes.append(not_supported("spec.type", spec.type, SERVICE_TYPES))
    if spec.type == "ClusterIP":
        causes += [forbidden(f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'")
                   for i, p in enumerate(ports) if p.node_port]
    seen = set()
    for i, p in enumerate(ports):
        if (p.protocol, p.port) in seen:
            causes.append(Cause(f"spec.ports[{i}]", f"Duplicate value: {_go_service_port_key(p)}",
                                "FieldValueDuplicate"))
        seen.add((p.protocol, p.port))
    return causes


# --- configuration --------------------------------------------------------------------------


def _keys(data: Mapping[str, str] | None, path: str, other: Mapping[str, str] | None, other_name: str) -> list[Cause]:
    causes = []
    for key in sorted(data or {}):
        causes += each(f"{path}[{key}]", key, fields.config_map_key(key))
        if other and key in other:
            causes.append(invalid(f"{path}[{key}]", key, f"duplicate of key present in {other_name}"))
    return causes


def _immutable_data(new: Any, old: Any, maps: tuple[str, ...]) -> list[Cause]:
    """Once `immutable: true`, the data (and the flag itself) may not change."""
    if old is None or not old.immutable:
        return []
    causes = [] if new.immutable else [forbidden("immutable", IMMUTABLE_WHEN_SET)]
    for name in maps:
        if getattr(new, name) != getattr(old, name):
            causes.append(forbidden(type(new).model_fields[name].alias or name, IMMUTABLE_WHEN_SET))
    return causes


def _too_large(path: str, text: Mapping[str, str] | None, binary: Mapping[str, str] | None) -> list[Cause]:
    """ValidateConfigMap / ValidateSecret: the values (text as UTF-8, binary as the bytes its
    base64 stands for) together hold at most core.MaxSecretSize bytes."""
    size = sum(len(v.encode()) for v in (text or {}).values())
    size += sum(len(base64.b64decode(v)) for v in (binary or {}).values())
    if size <= MAX_DATA_BYTES:
        return []
    return [Cause(path, f"Too long: must have at most {MAX_DATA_BYTES} bytes", "FieldValueTooLong")]


def validate_config_map(cm: core.ConfigMap, old: Any) -> list[Cause]:
    causes = _meta(cm, old, fields.name_is_dns_subdomain) + _immutable_data(cm, old, ("data", "binary_data"))
    causes += _keys(cm.data, "data", cm.binary_data, "binaryData")
    causes += _keys(cm.binary_data, "binaryData", cm.data, "data")
    return causes + _too_large("[]", cm.data, cm.binary_data)  # field.NewPath(""): the whole object


# type -> keys of which at least one must be present (ValidateSecret's switch on the type)
SECRET_REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/basic-auth": ("username", "password"),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
}


def validate_secret(s: core.Secret, old: Any) -> list[Cause]:
    causes = _meta(s, old, fields.name_is_dns_subdomain)
    if old is not None and s.type != old.type:
        causes.append(invalid("type", s.type, IMMUTABLE))
    causes += _immutable_data(s, old, ("data",))
    data = s.data or {}
    causes += _keys(data, "data", None, "")
    causes += _too_large("data", None, data)
    wanted = SECRET_REQUIRED_KEYS.get(s.type or "", ())
    if wanted and not any(k in data for k in wanted):
        causes += [required(f"data[{k}]") for k in wanted]
    if s.type == "kubernetes.io/tls":
        causes += [required(f"data[{k}]") for k in ("tls.crt", "tls.key") if k not in data]
    return causes


def validate_namespace(ns: core.Namespace, old: Any) -> list[Cause]:
    return _meta(ns, old, fields.name_is_dns_label)


def validate_service_account(sa: core.ServiceAccount, old: Any) -> list[Cause]:
    return _meta(sa, old, fields.name_is_dns_subdomain)


def validate_meta_only(obj: Any, old: Any) -> list[Cause]:
    """Kinds whose own fields we do not check (Endpoints, Node): the metadata rules still hold."""
    return _meta(obj, old, fields.name_is_dns_subdomain)
