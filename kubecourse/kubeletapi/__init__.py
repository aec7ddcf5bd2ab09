"""What a node's kubelet serves about the pods it runs, and who reaches it.

Models kubernetes/kubernetes: pkg/kubelet/server/server.go (/containerLogs, /exec: the
kubelet's side of `kubectl logs` and `kubectl exec`) and pkg/registry/core/pod/strategy.go
(LogLocation, ExecLocation, ResourceLocation: the API server finds the pod's node and proxies
there). Two callers share these modules, so both print the same bytes: the served API's pod
subresources (kubecourse/serve, for the real kubectl) and our kubectl emulation (in-process).

A `KubeletOf` is how a caller finds a node's kubelet (kubecourse.node.kubelet.Kubelet):
`ctx.kubelet` for kubectl, the served backend's `kubelet` for HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubecourse.api.errors import StatusError

KubeletOf = Callable[[str], Any]


def bad_request(message: str) -> StatusError:
    return StatusError(400, "BadRequest", message)


def record(kubelet_of: KubeletOf, pod: Any, name: str) -> Any | None:
    """The kubelet's record of a container (node.runtime.ContainerRecord), or None when the
    pod has no node, the node no kubelet, or the kubelet no sandbox for this very pod."""
    kubelet = kubelet_of(pod.spec.node_name) if pod.spec.node_name else None
    if kubelet is None:
        return None
    sandbox = kubelet.runtime.pods.get((pod.metadata.namespace, pod.metadata.name))
    if sandbox is None or sandbox.uid != pod.metadata.uid:
        return None
    return sandbox.containers.get(name)


def validate_container(pod: Any, name: str) -> str:
    """The API server's validateContainer: a named container must exist (init containers
    count); no name is fine for a one-container pod and a 400 for several."""
    containers = [c.name for c in pod.spec.containers]
    every = containers + [c.name for c in pod.spec.init_containers or ()]
    if name:
        if name not in every:
            raise bad_request(f"container {name} is not valid for pod {pod.metadata.name}")
        return name
    if len(containers) == 1:
        return containers[0]
    raise bad_request(f"a container name must be specified for pod {pod.metadata.name}, choose one of: "
                      f"[{' '.join(every)}]")
