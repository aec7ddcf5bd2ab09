"""Finding a pod's container for `kubectl exec` and `kubectl logs`, as kubectl and the API do.

Models staging/src/k8s.io/kubectl/pkg/cmd/util/podcmd/podcmd.go FindOrDefaultContainerByName
(the `kubectl.kubernetes.io/default-container` annotation, else the first container, with
`Defaulted container "a" out of: a, b, init (init)` on stderr) and
pkg/registry/core/pod/strategy.go LogLocation/streamLocation (`container foo is not valid
for pod kubia`, BadRequest). The running container itself is the kubelet's: the API server
proxies exec and logs to the pod's node (kubecourse.kubeletapi).
"""

from __future__ import annotations

from typing import Any

from kubecourse.kubectl.context import Output
from kubecourse.kubeletapi import bad_request

DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"


def pod_name(arg: str) -> str:
    """`kubia`, `pod/kubia` or `pods/kubia`."""
    kind, slash, name = arg.partition("/")
    return name if slash and kind in ("pod", "pods", "po") else arg


def choose(pod: Any, name: str, out: Output, *, quiet: bool = False) -> str:
    """The container to use: the one named, or the default one (said on stderr)."""
    containers = [c.name for c in pod.spec.containers]
    if name:
        every = containers + [c.name for c in pod.spec.init_containers or ()]
        if name not in every:
            raise bad_request(f"container {name} is not valid for pod {pod.metadata.name}")
        return name
    chosen = (pod.metadata.annotations or {}).get(DEFAULT_CONTAINER)
    if chosen not in containers:
        chosen = containers[0]
    if len(containers) + len(pod.spec.init_containers or ()) > 1 and not quiet:
        names = [*containers, *(f"{c.name} (init)" for c in pod.spec.init_containers or ())]
        out.error(f'Defaulted container "{chosen}" out of: {", ".join(names)}')
    return chosen

