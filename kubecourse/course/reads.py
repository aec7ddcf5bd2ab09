"""What the checks read from a cluster port, phrased as the learner would ask it."""

from __future__ import annotations

from kubecourse.api.models import Deployment, Pod
from kubecourse.api.port import Port

NAMESPACE = "default"


def running_pods(port: Port, selector: str) -> list[Pod]:
    """Pods matching the label selector that are Running and not being deleted."""
    return [p for p in port.list(Pod, NAMESPACE, label_selector=selector)
            if p.status is not None and p.status.phase == "Running" and p.metadata.deletion_timestamp is None]


def images(deployment: Deployment) -> list[str]:
    """The images of the Deployment's pod template, in container order."""
    assert deployment.spec is not None and deployment.spec.template is not None
    spec = deployment.spec.template.spec
    return [c.image or "" for c in (spec.containers if spec is not None else [])]


def rollout_done(deployment: Deployment) -> str | None:
    """None when every replica runs the current template and is available (what
    `kubectl rollout status` waits for), else what is still missing."""
    spec, status = deployment.spec, deployment.status
    want = spec.replicas if spec is not None and spec.replicas is not None else 1
    if status is None or (status.observed_generation or 0) < (deployment.metadata.generation or 0):
        return f"the Deployment controller has not seen {deployment.metadata.name}'s latest change yet"
    if (status.updated_replicas or 0) < want:
        return f"{status.updated_replicas or 0} of {want} pods run the current template"
    if (status.replicas or 0) > (status.updated_replicas or 0):
        return f"{(status.replicas or 0) - (status.updated_replicas or 0)} old pods are still there"
    if (status.available_replicas or 0) < want:
        return f"{status.available_replicas or 0} of {want} pods are available"
    return None
