"""Pure helpers about pods that several controllers share.

Models kubernetes/kubernetes: pkg/api/v1/pod/util.go (IsPodReady, IsPodAvailable,
GetPodCondition, FindPort) and pkg/controller/controller_utils.go (IsPodActive,
FilterActivePods, ActivePodsWithRanks). Facts: kubernetes-behavior.md §2.1, §2.3, §9.7.

Nothing here reads the clock: functions that need the time take `now`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from kubecourse.api.models import Pod
from kubecourse.api.models.core import ServicePort
from kubecourse.api.models.meta import Condition

READY, POD_SCHEDULED = "Ready", "PodScheduled"
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"

# When a pod turns Ready, the ReplicaSet controller looks again minReadySeconds + 1 s later
# (replica_set.go updatePod: enqueueRSAfter), because availability needs strictly more than
# minReadySeconds of readiness: at the boundary itself the pod is not available yet.
AVAILABILITY_RECHECK_DELAY = timedelta(seconds=1)


def get_condition(pod: Pod, type_: str) -> Condition | None:
    for c in (pod.status.conditions if pod.status else None) or ():
        if c.type == type_:
            return c
    return None


def is_pod_ready(pod: Pod) -> bool:
    c = get_condition(pod, READY)
    return c is not None and c.status == "True"


def is_pod_active(pod: Pod) -> bool:
    """Not Succeeded, not Failed, not terminating: the pods a ReplicaSet counts (§2.1)."""
    phase = pod.status.phase if pod.status else None
    return phase not in ("Succeeded", "Failed") and pod.metadata.deletion_timestamp is None


def active(pods: Iterable[Pod]) -> list[Pod]:
    """FilterActivePods."""
    return [p for p in pods if is_pod_active(p)]


def ready_time(pod: Pod) -> datetime | None:
    """When the pod last became Ready; None unless it is Ready now (podReadyTime)."""
    c = get_condition(pod, READY)
    return c.last_transition_time if c is not None and c.status == "True" else None


def ready_boundary(pod: Pod, min_ready_seconds: int) -> datetime | None:
    """The instant after which the pod is available, or None while it is not Ready."""
    since = ready_time(pod)
    return None if since is None else since + timedelta(seconds=min_ready_seconds)


def is_pod_available(pod: Pod, min_ready_seconds: int, now: datetime) -> bool:
    """Ready for more than minReadySeconds (0: Ready is available). IsPodAvailable."""
    if not is_pod_ready(pod):
        return False
    boundary = ready_boundary(pod, min_ready_seconds)
    return min_ready_seconds == 0 or (boundary is not None and boundary < now)


def seconds_until_availability_check(pods: Iterable[Pod], min_ready_seconds: int, now: datetime) -> float | None:
    """When to look again so that the next Ready-but-not-yet-available pod is counted as
    available: minReadySeconds + 1 s after it turned Ready, as upstream requeues. None if no
    pod is waiting for that."""
    if not min_ready_seconds:
        return None
    waits = [(b + AVAILABILITY_RECHECK_DELAY - now).total_seconds() for p in pods
             if (b := ready_boundary(p, min_ready_seconds)) is not None and b >= now]
    return min(waits) if waits else None


def has_labels(pod: Pod, labels: dict[str, str] | None) -> bool:
    """Every template label is on the pod: what fullyLabeledReplicas counts."""
    have = pod.metadata.labels or {}
    return all(have.get(k) == v for k, v in (labels or {}).items())


# --- the scale-down ranking ---------------------------------------------------------------

_PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}  # any other phase counts as 0, as in Go


def deletion_cost(pod: Pod) -> int:
    """The pod-deletion-cost annotation; an unparsable value counts as 0, as upstream ignores it."""
    raw = (pod.metadata.annotations or {}).get(DELETION_COST)
    try:
        cost = int(raw) if raw is not None else 0
    except ValueError:
        return 0
    return cost if -(2**31) <= cost < 2**31 else 0


def max_container_restarts(pod: Pod) -> tuple[int, int]:
    """(highest restartCount of the regular containers, of the sidecars) (maxContainerRestarts)."""
    status = pod.status
    regular = max((c.restart_count for c in (status.container_statuses if status else None) or ()), default=0)
    sidecars = {c.name for c in (pod.spec.init_containers if pod.spec else None) or () if c.restart_policy == "Always"}
    sidecar = max((c.restart_count for c in (status.init_container_statuses if status else None) or ()
                   if c.name in sidecars), default=0)
    return regular, sidecar


def _log_rank(t: datetime, now: datetime) -> int:
    """The log2 bucket of an age in nanoseconds; -1 for no age (logarithmicRankDiff)."""
    age_ns = (now - t) // timedelta(microseconds=1) * 1000
    return int(math.log2(age_ns)) if age_ns > 0 else -1


def _younger_first(a: datetime | None, b: datetime | None, uid_a: str, uid_b: str, now: datetime) -> int:
    """-1 when the pod with time `a` goes first. A missing time counts as the youngest
    (afterOrZero); otherwise LogarithmicScaleDown (on by default since 1.22) compares the
    log2 buckets of the ages and breaks a tie by UID, so close ages order by chance."""
    if a == b:
        return 0
    if a is None or b is None:
        return -1 if a is None else 1
    diff = _log_rank(a, now) - _log_rank(b, now)
    if diff == 0:
        return -1 if uid_a < uid_b else (1 if uid_a > uid_b else 0)
    return -1 if diff < 0 else 1


def compare_for_deletion(a: tuple[Pod, int], b: tuple[Pod, int], now: datetime) -> int:
    """ActivePodsWithRanks.Less as a cmp: negative when pod a should be deleted before pod b.
    Each pod comes with its rank: how many related active pods share its node.

    The first rule that tells them apart wins (kubernetes-behavior.md §2.3)."""
    (pa, rank_a), (pb, rank_b) = a, b
    node_a, node_b = pa.spec.node_name or "", pb.spec.node_name or ""
    if node_a != node_b and (not node_a or not node_b):
        return -1 if not node_a else 1  # 1. unscheduled before scheduled
    phase_a = _PHASE_ORDINAL.get((pa.status.phase if pa.status else None) or "", 0)
    phase_b = _PHASE_ORDINAL.get((pb.status.phase if pb.status else None) or "", 0)
    if phase_a != phase_b:
        return -1 if phase_a < phase_b else 1  # 2. Pending < Unknown < Running
    ready_a, ready_b = is_pod_ready(pa), is_pod_ready(pb)
    if ready_a != ready_b:
        return -1 if not ready_a else 1  # 3. not ready before ready
    cost_a, cost_b = deletion_cost(pa), deletion_cost(pb)
    if cost_a != cost_b:
        return -1 if cost_a < cost_b else 1  # 4. cheaper to delete first
    if rank_a != rank_b:
        return -1 if rank_a > rank_b else 1  # 5. doubled up on a node first
    uid_a, uid_b = pa.metadata.uid or "", pb.metadata.uid or ""
    if ready_a and ready_b and (order := _younger_first(ready_time(pa), ready_time(pb), uid_a, uid_b, now)):
        return order  # 6. ready for less time first
    restarts_a, restarts_b = max_container_restarts(pa), max_container_restarts(pb)
    for ra, rb in zip(restarts_a, restarts_b, strict=True):
        if ra != rb:
            return -1 if ra > rb else 1  # 7. more restarts first (regular, then sidecars)
    return _younger_first(pa.metadata.creation_timestamp, pb.metadata.creation_timestamp,
                          uid_a, uid_b, now)  # 8. newer first


def rank_by_pods_on_same_node(pods: Sequence[Pod], related: Iterable[Pod]) -> list[tuple[Pod, int]]:
    """Each pod with the number of active related pods on its node
    (replica_set.go getPodsRankedByRelatedPodsOnSameNode)."""
    on_node: dict[str, int] = {}
    for p in related:
        if is_pod_active(p):
            on_node[p.spec.node_name or ""] = on_node.get(p.spec.node_name or "", 0) + 1
    return [(p, on_node.get(p.spec.node_name or "", 0)) for p in pods]


def sort_for_deletion(ranked: list[tuple[Pod, int]], now: datetime) -> list[Pod]:
    """The pods in the order the ReplicaSet deletes them."""
    key = functools.cmp_to_key(functools.partial(compare_for_deletion, now=now))
    return [p for p, _ in sorted(ranked, key=key)]


# --- ports --------------------------------------------------------------------------------

def find_port(pod: Pod, port: ServicePort) -> int | None:
    """The container port a Service port's targetPort means on this pod, or None (FindPort).

    A number is taken as it is; a name is looked up among the pod's container ports with
    the same protocol (sidecar init containers included), so pods lacking it are skipped."""
    target = port.target_port if port.target_port is not None else port.port
    if isinstance(target, int):
        return target
    spec = pod.spec
    containers = list(spec.containers) + [c for c in spec.init_containers or () if c.restart_policy == "Always"]
    for c in containers:
        for p in c.ports or ():
            if p.name == target and (p.protocol or "TCP") == (port.protocol or "TCP"):
                return p.container_port
    return None
