"""What the checks read from a cluster port, phrased as the learner would ask it."""

from __future__ import annotations

from kubecourse.api.models import Deployment, Pod
from kubecourse.api.port import M, Port

NAMESPACE = "default"


def named(port: Port, kind: type[M], name: str) -> M | str:
    """The object in the default namespace, or the sentence saying there is none."""
    found = port.try_get(kind, name, NAMESPACE)
    return found if found is not None else f"there is no {kind.__name__} {name} in the default namespace"


def running_pod(port: Port, name: str) -> Pod | str:
    """The pod if it is Running and not being deleted, or the sentence saying what it lacks."""
    pod = named(port, Pod, name)
    if isinstance(pod, str):
        return pod
    if pod.status is None or pod.status.phase != "Running" or pod.metadata.deletion_timestamp is not None:
        return f"the pod {name} is not Running yet; move the clock on"
    return pod


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
