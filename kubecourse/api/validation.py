"""What the API server rejects (pkg/apis/*/validation/validation.go), as field causes.

Each `validate_<kind>(new, old)` returns the causes, in the server's order and words
(kubernetes-behavior.md §1.6, §8.6). The server turns them into an Invalid StatusError.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api import selectors
from kubecourse.api.errors import Cause
from kubecourse.api.models import core


def _go_map(m: dict[str, str]) -> str:
    """How Go's %#v prints a map[string]string: keys sorted."""
    return "map[string]string{" + ", ".join(f'"{k}":"{v}"' for k, v in sorted(m.items())) + "}"


def validate_pod_spec(spec: core.PodSpec | None, path: str) -> list[Cause]:
    causes = []
    if spec is None or not spec.containers:
        causes.append(Cause(f"{path}.containers", "Required value", "FieldValueRequired"))
        return causes
    for i, c in enumerate(spec.containers):
        if not c.image:
            causes.append(Cause(f"{path}.containers[{i}].image", "Required value", "FieldValueRequired"))
    return causes


def validate_pod(pod: core.Pod, old: Any) -> list[Cause]:
    return validate_pod_spec(pod.spec, "spec")


def _workload(obj: Any, old: Any) -> list[Cause]:
    """Selector rules shared by Deployment and ReplicaSet (ValidateDeploymentSpec, ValidateReplicaSetSpec)."""
    spec = obj.spec
    causes = []
    if spec.replicas is not None and spec.replicas < 0:
        causes.append(Cause("spec.replicas", f"Invalid value: {spec.replicas}: must be greater than or equal to 0"))
    labels = (spec.template.metadata.labels if spec.template and spec.template.metadata else None) or {}
    if spec.selector is None:
        causes.append(Cause("spec.selector", "Required value", "FieldValueRequired"))
    else:
        sel = selectors.from_label_selector(spec.selector)
        if not sel:
            causes.append(Cause("spec.selector", "Invalid value: \"null\": empty selector is invalid for deployment"))
        elif not selectors.matches(sel, labels):
            causes.append(Cause("spec.template.metadata.labels",
                                f"Invalid value: {_go_map(labels)}: `selector` does not match template `labels`"))
    causes += validate_pod_spec(spec.template.spec if spec.template else None, "spec.template.spec")
    return causes


def validate_deployment(d: Any, old: Any) -> list[Cause]:
    return _workload(d, old)


def validate_replica_set(rs: Any, old: Any) -> list[Cause]:
    return _workload(rs, old)


def validate_replication_controller(rc: Any, old: Any) -> list[Cause]:
    spec = rc.spec
    labels = (spec.template.metadata.labels if spec.template and spec.template.metadata else None) or {}
    causes = []
    if not spec.selector:
        causes.append(Cause("spec.selector", "Required value", "FieldValueRequired"))
    elif not selectors.matches(selectors.from_map(spec.selector), labels):
        causes.append(Cause("spec.template.metadata.labels",
                            f"Invalid value: {_go_map(labels)}: `selector` does not match template `labels`"))
    return causes + validate_pod_spec(spec.template.spec if spec.template else None, "spec.template.spec")


def validate_service(svc: Any, old: Any) -> list[Cause]:
    spec = svc.spec
    if spec.type != "ExternalName" and not spec.ports and spec.cluster_ip != "None":
        return [Cause("spec.ports", "Required value", "FieldValueRequired")]
    return []
