"""The pod status a kubelet writes: phase, conditions, IPs, container statuses.

Models kubernetes/kubernetes: pkg/kubelet/kubelet_pods.go generateAPIPodStatus and getPhase,
pkg/kubelet/status/generate.go (the conditions and their reasons) and the status manager's
updateLastTransitionTime (pkg/kubelet/status/status_manager.go). Pure functions: the
kubelet passes in the container statuses it built and the time.

What the source says:
* getPhase counts the regular containers: running; stopped (terminated, or waiting after
  having run: a crash loop); waiting (never ran). Any waiting -> Pending. Any running ->
  Running. All stopped -> Succeeded if all exited 0, else Running when they will be
  restarted (Always, or OnFailure with a failure), else Failed. A pod being deleted whose
  containers all stopped is terminal whatever its restartPolicy (1.27+), except a static
  pod. A terminal phase never changes back.
* The kubelet owns five conditions, written in this order: PodReadyToStartContainers (the
  sandbox runs), Initialized, Ready, ContainersReady, PodScheduled (always True). Not ready:
  reason ContainersNotReady, message `containers with unready status: [a b]`; after the
  pod finished: PodCompleted (Succeeded) or PodFailed (Failed), without a message.
  Conditions it does not own (readiness gates, DisruptionTarget) are kept, first.
* A condition keeps its lastTransitionTime while its status stays the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from kubecourse.api.models.core import ContainerStatus, Pod, PodIP, PodStatus
from kubecourse.api.models.meta import Condition

TERMINAL = ("Succeeded", "Failed")
READY_TO_START, INITIALIZED, READY, CONTAINERS_READY, SCHEDULED = (
    "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")
KUBELET_CONDITIONS = (READY_TO_START, INITIALIZED, READY, CONTAINERS_READY, SCHEDULED)


def get_phase(restart_policy: str, statuses: Sequence[ContainerStatus], *, terminal: bool, static: bool) -> str:
    running = stopped = succeeded = waiting = 0
    for cs in statuses:
        state = cs.state
        if state.running is not None:
            running += 1
        elif state.terminated is not None:
            stopped += 1
            succeeded += state.terminated.exit_code == 0
        elif cs.last_state is not None and cs.last_state.terminated is not None:
            stopped += 1
        else:
            waiting += 1
    if waiting:
        return "Pending"
    if running:
        return "Running"
    if not stopped:
        return "Pending"
    if terminal and not static:
        return "Succeeded" if stopped == succeeded else "Failed"
    if restart_policy == "Always":
        return "Running"
    if stopped == succeeded:
        return "Succeeded"
    return "Failed" if restart_policy == "Never" else "Running"


Row = tuple[str, str, str | None, str | None]  # type, status, reason, message


def _containers_ready(statuses: Sequence[ContainerStatus], phase: str) -> Row:
    if phase == "Succeeded":
        return CONTAINERS_READY, "False", "PodCompleted", None
    if phase == "Failed":
        return CONTAINERS_READY, "False", "PodFailed", None
    unready = [cs.name for cs in statuses if not cs.ready]
    if unready:
        return CONTAINERS_READY, "False", "ContainersNotReady", f"containers with unready status: [{' '.join(unready)}]"
    return CONTAINERS_READY, "True", None, None


def conditions(statuses: Sequence[ContainerStatus], phase: str, *, sandbox_ready: bool) -> list[Row]:
    """The kubelet's conditions (type, status, reason, message), before times are merged in."""
    _, ready, reason, message = _containers_ready(statuses, phase)
    return [
        (READY_TO_START, "True" if sandbox_ready else "False", None, None),
        (INITIALIZED, "True", None, None),
        (READY, ready, reason, message),
        (CONTAINERS_READY, ready, reason, message),
        (SCHEDULED, "True", None, None),
    ]


def merge_conditions(old: Sequence[Condition], new: Sequence[Row], now: datetime) -> list[Condition]:
    """Conditions not owned by the kubelet first, then ours; an unchanged one is the old
    object itself, and one whose status stayed keeps its lastTransitionTime."""
    previous = {c.type: c for c in old}
    merged = [c for c in old if c.type not in KUBELET_CONDITIONS]
    for type_, status_, reason, message in new:
        before = previous.get(type_)
        if before is not None and before.status == status_ and before.last_transition_time is not None:
            if (before.reason, before.message) == (reason, message):
                merged.append(before)
                continue
            since = before.last_transition_time
        else:
            since = now
        merged.append(Condition(type=type_, status=status_, reason=reason, message=message,
                                last_transition_time=since))
    return merged


def generate(pod: Pod, statuses: list[ContainerStatus], *, host_ip: str, pod_ip: str | None, sandbox_ready: bool,
             start_time: datetime, terminal: bool, now: datetime) -> PodStatus:
    """generateAPIPodStatus: the whole status, sharing unchanged parts with the old one."""
    old = pod.status or PodStatus()
    phase = get_phase(pod.spec.restart_policy or "Always", statuses, terminal=terminal,
                      static=is_mirror(pod))
    if old.phase in TERMINAL:
        phase = old.phase
    merged = merge_conditions(old.conditions or (), conditions(statuses, phase, sandbox_ready=sandbox_ready), now)
    ip = pod_ip or old.pod_ip
    return old.with_(
        phase=phase,
        conditions=old.conditions if merged == old.conditions else merged,
        host_ip=host_ip,
        host_ips=old.host_ips if old.host_ip == host_ip else [PodIP(ip=host_ip)],
        pod_ip=ip,
        pod_ips=old.pod_ips if old.pod_ip == ip else ([PodIP(ip=ip)] if ip else None),
        start_time=old.start_time or start_time,
        container_statuses=old.container_statuses if old.container_statuses == statuses else statuses,
    )


def is_mirror(pod: Pod) -> bool:
    """A static pod's mirror in the API (pkg/kubelet/types ConfigMirrorAnnotationKey)."""
    return "kubernetes.io/config.mirror" in (pod.metadata.annotations or {})
