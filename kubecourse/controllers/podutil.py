"""Pure helpers about pods that several controllers share.

Models kubernetes/kubernetes: pkg/api/v1/pod/util.go (IsPodReady, IsPodAvailable,
GetPodCondition, FindPort) and pkg/controller/controller_utils.go (IsPodActive,
FilterActivePods, ActivePodsWithRanks).

Nothing here reads the clock: functions that need the time take `now`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kubecourse.api.models import Pod
from kubecourse.api.models.core import ServicePort, pod_spec
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
    """controller_utils.go IsPodActive: not Succeeded, not Failed, not terminating: the pods
    a ReplicaSet counts."""
    phase = pod.status.phase if pod.status else None
    return phase not in ("Succeeded", "Failed") and pod.metadata.deletion_timestamp is None


@dataclass(frozen=True, slots=True)
class PodFacts:
    """What a ReplicaSet sync reads of one pod version: IsPodActive, IsPodReady and when it
    turned Ready. A sync reads every pod it controls; these facts let it skip the conditions."""

    active: bool
    ready: bool
    ready_since: datetime | None  # the Ready condition's lastTransitionTime, None unless Ready

    def available(self, min_ready_seconds: int, now: datetime) -> bool:
        """Ready for more than minReadySeconds (0: Ready is available). IsPodAvailable."""
        since = self.ready_since
        return self.ready and (min_ready_seconds == 0
                               or (since is not None and since + timedelta(seconds=min_ready_seconds) < now))


def pod_facts(pod: Pod) -> PodFacts:
    c = get_condition(pod, READY)
    if c is None or c.status != "True":
        return PodFacts(is_pod_active(pod), False, None)
    return PodFacts(is_pod_active(pod), True, c.last_transition_time)


class FactsCache:
    """`pod_facts` remembered per pod version (uid, resourceVersion), so a sync pays only for
    the pods that changed since the last one. Objects are immutable: a version's facts never
    change. The owner calls `forget` when a pod is deleted."""

    def __init__(self) -> None:
        self._by_uid: dict[str, tuple[str | None, PodFacts]] = {}

    def __call__(self, pod: Pod) -> PodFacts:
        meta = pod.metadata
        hit = self._by_uid.get(meta.uid or "")
        if hit is not None and hit[0] == meta.resource_version:
            return hit[1]
        facts = pod_facts(pod)
        self._by_uid[meta.uid or ""] = (meta.resource_version, facts)
        return facts

    def forget(self, uid: str) -> None:
        self._by_uid.pop(uid, None)


def active(pods: Iterable[Pod], facts: Callable[[Pod], PodFacts] = pod_facts) -> list[Pod]:
    """FilterActivePods."""
    return [p for p in pods if facts(p).active]


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
    return pod_facts(pod).available(min_ready_seconds, now)


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
    return not labels or labels.items() <= (pod.metadata.labels or {}).items()


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


Stamp = tuple[datetime, int] | None
"""A time with its log2 age bucket, or None for no time: what rules 6 and 8 compare."""


def _stamp(t: datetime | None, now: datetime) -> Stamp:
    return None if t is None else (t, _log_rank(t, now))


def _younger_first(a: Stamp, b: Stamp, uid_a: str, uid_b: str) -> int:
    """-1 when the pod with stamp `a` goes first. A missing time counts as the youngest
    (afterOrZero); otherwise LogarithmicScaleDown (on by default since 1.22) compares the
    log2 buckets of the ages and breaks a tie by UID, so close ages order by chance."""
    if a == b:
        return 0
    if a is None or b is None:
        return -1 if a is None else 1
    diff = a[1] - b[1]
    if diff == 0:
        return -1 if uid_a < uid_b else (1 if uid_a > uid_b else 0)
    return -1 if diff < 0 else 1


@dataclass(frozen=True, slots=True)
class DeletionFacts:
    """What ActivePodsWithRanks.Less reads of one pod, read once per sort rather than once
    per comparison. `head` orders rules 1-5, which are plain keys: (scheduled, phase ordinal,
    ready, deletion cost, minus the rank). Rules 6 and 8 are not keys (a UID decides between
    different times in one bucket, later rules between equal times), so the sort keeps the
    comparator."""

    pod: Pod
    head: tuple[bool, int, bool, int, int]
    ready_since: Stamp  # rule 6, for a ready pod
    restarts: tuple[int, int]  # rule 7
    created: Stamp  # rule 8
    uid: str


def deletion_facts(pod: Pod, rank: int, now: datetime) -> DeletionFacts:
    """The facts of `pod` ranked `rank` (related active pods on its node) at `now`."""
    status = pod.status
    ready_condition = get_condition(pod, READY)
    since = ready_condition.last_transition_time if ready_condition is not None else None
    ready = ready_condition is not None and ready_condition.status == "True"
    phase = _PHASE_ORDINAL.get((status.phase if status else None) or "", 0)  # any other: 0, as in Go
    return DeletionFacts(
        pod=pod,
        head=(bool(pod_spec(pod).node_name), phase, ready, deletion_cost(pod), -rank),
        ready_since=_stamp(since, now) if ready else None,
        restarts=max_container_restarts(pod),
        created=_stamp(pod.metadata.creation_timestamp, now),
        uid=pod.metadata.uid or "",
    )


def compare_for_deletion(a: DeletionFacts, b: DeletionFacts) -> int:
    """ActivePodsWithRanks.Less as a cmp: negative when pod a should be deleted before pod b.

    The first rule that tells them apart wins:
    1. unscheduled before scheduled; 2. Pending < Unknown < Running; 3. not ready before
    ready; 4. cheaper to delete first; 5. doubled up on a node first (a higher rank);
    6. ready for less time first; 7. more restarts first (regular, then sidecars);
    8. newer first."""
    if a.head != b.head:
        return -1 if a.head < b.head else 1  # rules 1-5
    ready = a.head[2]  # equal heads: both ready or neither
    if ready and (order := _younger_first(a.ready_since, b.ready_since, a.uid, b.uid)):
        return order
    if a.restarts != b.restarts:
        return -1 if a.restarts > b.restarts else 1
    return _younger_first(a.created, b.created, a.uid, b.uid)


def rank_by_pods_on_same_node(pods: Sequence[Pod], related: Iterable[Pod]) -> list[tuple[Pod, int]]:
    """Each pod with the number of active related pods on its node
    (replica_set.go getPodsRankedByRelatedPodsOnSameNode)."""
    on_node: dict[str, int] = {}
    for p in related:
        if is_pod_active(p):
            node = pod_spec(p).node_name or ""
            on_node[node] = on_node.get(node, 0) + 1
    return [(p, on_node.get(pod_spec(p).node_name or "", 0)) for p in pods]


def sort_for_deletion(ranked: list[tuple[Pod, int]], now: datetime) -> list[Pod]:
    """The pods in the order the ReplicaSet deletes them."""
    facts = [deletion_facts(p, rank, now) for p, rank in ranked]
    return [f.pod for f in sorted(facts, key=functools.cmp_to_key(compare_for_deletion))]


# --- ports --------------------------------------------------------------------------------

def find_port(pod: Pod, port: ServicePort) -> int | None:
    """The container port a Service port's targetPort means on this pod, or None (FindPort).

    A number is taken as it is; a name is looked up among the pod's container ports with
    the same protocol (sidecar init containers included), so pods lacking it are skipped."""
    target = port.target_port if port.target_port is not None else port.port
    if isinstance(target, int):
        return target
    spec = pod_spec(pod)
    containers = list(spec.containers) + [c for c in spec.init_containers or () if c.restart_policy == "Always"]
    for c in containers:
        for p in c.ports or ():
            if p.name == target and (p.protocol or "TCP") == (port.protocol or "TCP"):
                return p.container_port
    return None
