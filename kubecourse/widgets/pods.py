"""How a pod is drawn in every picture: its status word (as `kubectl get pods` prints it),
whether it is ready or terminating, and the fill and border that go with that."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from kubecourse.api import podstatus
from kubecourse.api.models import Pod
from kubecourse.controllers import podutil
from kubecourse.widgets import picture


@dataclass(frozen=True)
class PodState:
    name: str
    status: str  # READY/STATUS column words: "Running", "ContainerCreating", "Terminating"...
    ready: bool
    terminating: bool
    node: str
    ip: str

    @property
    def condition(self) -> str:
        """The words beside the status: what a colour-blind reader needs."""
        if self.terminating:
            return "terminating"
        return "ready" if self.ready else "not ready"

    @property
    def fill(self) -> str:
        if self.terminating:
            return picture.TERMINATING
        if self.ready:
            return picture.READY
        return picture.NOT_READY if self.status == "Running" else picture.PENDING

    @property
    def style(self) -> str:
        return "filled,dashed" if self.terminating else "filled,rounded"


PodStateOf = Callable[[Pod], PodState]  # pod_state, or a PodStates that remembers


def pod_state(pod: Pod) -> PodState:
    status = pod.status
    return PodState(name=pod.metadata.name or "", status=podstatus.summarize(pod).status,
                    ready=podutil.is_pod_ready(pod), terminating=pod.metadata.deletion_timestamp is not None,
                    node=(pod.spec.node_name if pod.spec else None) or "(not scheduled)",
                    ip=(status.pod_ip if status else None) or "")


class PodStates:
    """pod_state, remembered per pod version between drawings: during a rollout of 1,000
    replicas a redraw then reads again only the pods written since the last one. `sweep()`
    after each drawing forgets the versions it did not ask for."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], PodState] = {}
        self._used: dict[tuple[str, str], PodState] = {}

    def __call__(self, pod: Pod) -> PodState:
        key = (pod.metadata.uid or pod.metadata.name or "", pod.metadata.resource_version or "")
        state = self._used.get(key) or self._known.get(key) or pod_state(pod)
        self._used[key] = state
        return state

    def sweep(self) -> None:
        self._known, self._used = self._used, {}


def pod_node(pod: PodState, id_prefix: str = "pod/") -> picture.Node:
    return picture.Node(f"{id_prefix}{pod.name}", f"{pod.name}\n{pod.status} · {pod.condition}\nnode {pod.node}",
                        fill=pod.fill, style=pod.style)


def counts_label(pods: list[PodState]) -> str:
    """A collapsed group of pods: how many, by status word and readiness, most first."""
    counts = Counter(f"{p.status} · {p.condition}" for p in pods)
    lines = [f"{n} {what}" for what, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return f"{len(pods)} pods\n" + "\n".join(lines)


LEGEND = [("ready", picture.READY, "filled"), ("running, not ready", picture.NOT_READY, "filled"),
          ("pending / creating", picture.PENDING, "filled"), ("terminating (dashed)", picture.TERMINATING, "dashed")]
