"""The scheduler: bind every pending pod that has no node to a node that can run it.

Models kubernetes/kubernetes: pkg/scheduler/schedule_one.go (schedulePod, findNodesThatFit,
selectHost, handleSchedulingFailure), the filter plugins NodeUnschedulable, TaintToleration
and NodeAffinity (pkg/scheduler/framework/plugins/...), VolumeBinding (volumebinding.py: a pod
waits in PreBind until its claims are bound), FitError.Error
(pkg/scheduler/framework/types.go) and the binding subresource (APIServer.bind).

One scheduling attempt, as the learner sees it:
1. Filter: each node is checked by the plugins in the default order; the first one that
   rejects the node gives the node's reason. The control-plane node fails on its taint
   before anything else is looked at.
2. No node fits: the pod gets PodScheduled=False (reason Unschedulable) and a
   FailedScheduling event whose message counts the reasons, then says why preemption cannot
   help (every reason here is "unresolvable": evicting pods would not change a taint or a
   label). The pod waits in the unschedulable queue until a node is added or its labels,
   taints or schedulability change, and is retried anyway every 5 minutes.
3. Some nodes fit: score them and bind to the best. Upstream's default scores (least
   allocated resources, balanced allocation, the default topology spread of a Service's or
   ReplicaSet's pods) all favour the emptier node when pods request nothing, so we score by
   how few pods a node runs. Equal scores are broken at random among the best nodes (in node
   name order, drawn from the cluster's seeded generator), as selectHost does: pods of one
   ReplicaSet spread over kind-worker, kind-worker2 and kind-worker3 in an order that is the
   same on every run, yet not simply alphabetical.

Not modelled: resource requests (NodeResourcesFit), host ports, pod (anti-)affinity,
topology spread constraints written by the user, scheduling gates, priorities and
preemption itself, the scheduling queue's backoff.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from kubecourse import events
from kubecourse.api import selectors
from kubecourse.api.models import Node, Pod
from kubecourse.api.models.core import PodStatus, Taint, Toleration, pod_spec
from kubecourse.api.models.meta import Condition
from kubecourse.api.server import ADDED, DELETED, APIServer, WatchEvent
from kubecourse.clock import Clock
from kubecourse.controllers import base, podutil, volumebinding
from kubecourse.controllers.nodeaffinity import matches_node_selector_term
from kubecourse.rand import Generator

SCHEDULER_NAME = "default-scheduler"
UNSCHEDULABLE_RETRY = 300.0  # podMaxInUnschedulablePodsDuration: an unschedulable pod is retried anyway
# internal/queue/scheduling_queue.go: a pod that failed waits 1 s, doubling to 10 s, before a
# cluster event (a pod leaving a node, a node changing) may move it back to the active queue.
INITIAL_BACKOFF, MAX_BACKOFF = 1.0, 10.0

UNSCHEDULABLE_NODE = "node(s) were unschedulable"
NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector"
NO_NODES = "no nodes available to schedule pods"
TOO_MANY_PODS = "Too many pods"


class Scheduler(base.Controller):
    watches = ("Pod", "Node", "PersistentVolumeClaim", "PersistentVolume")
    name = SCHEDULER_NAME
    for_kind = "Pod"

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        super().__init__(api, clock, rng)
        self.recorder = events.Recorder(self.api, SCHEDULER_NAME)
        # The scheduler's cache: which pods each node runs, fed by the pod watch as the
        # informer's event handlers feed it upstream (pkg/scheduler/eventhandlers.go).
        self._pods_on_node: dict[str, dict[base.Key, None]] = {}
        self._unschedulable: dict[base.Key, int] = {}  # in the order they failed: their place
        self._place = 0  # the next place in _unschedulable
        # Each unschedulable pod is in one of three states, so that a cluster event costs what
        # it retries, not every unschedulable pod: awake (a cluster event retries it), woken
        # (a cluster event queued it and it has not run since: queueing it again changes
        # nothing) or asleep (backing off with its wake-up set, `_requeued`: its reconcile
        # would do nothing before then). The asleep ones are also kept by when they wake, in
        # a heap of (until, place, key) whose stale entries are those no longer in `_sleeping`.
        self._awake: dict[base.Key, int] = {}
        self._woken: dict[base.Key, int] = {}
        self._sleeping: dict[base.Key, datetime] = {}
        self._asleep: list[tuple[datetime, int, base.Key]] = []
        self._attempts: dict[base.Key, int] = {}
        self._backoff_until: dict[base.Key, datetime] = {}
        self._requeued: dict[base.Key, datetime] = {}  # a wake-up already set for the end of the back-off
        self._binding: dict[base.Key, str] = {}  # pods in PreBind: their claims are being bound on that node
        # The node plugins' verdicts, per node while it is unchanged (its resourceVersion) and
        # per kind of pod (fit_key): one Deployment's pods are all judged alike, so a scheduling
        # attempt over many nodes reads each node's verdict instead of re-running the plugins.
        self._verdicts: dict[str, tuple[str | None, dict[tuple, str | None]]] = {}

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        if event.kind == "Pod":
            key = (event.obj.metadata.namespace or "", event.obj.metadata.name)
            if self._cache_pod(key, event):
                yield from self.retry_unschedulable()  # a node has room again (Too many pods)
            if event.type == DELETED:
                self.forget(key)
            elif needs_scheduling(event.obj) and pod_updated(event.old, event.obj):
                yield key
        elif event.kind == "Node" and event.type != DELETED and node_may_now_fit(event):
            yield from self.retry_unschedulable()
        elif event.kind in ("PersistentVolumeClaim", "PersistentVolume") and event.type != DELETED:
            yield from list(self._binding)  # a claim bound: PreBind may finish
            yield from self.retry_unschedulable()  # a claim or volume appeared

    def _cache_pod(self, key: base.Key, event: WatchEvent) -> bool:
        """Keep the cache of pods per node; returns whether the pod left a node."""
        before = assigned_node(event.old)
        after = assigned_node(event.obj) if event.type != DELETED else None
        if before == after:
            return False
        if before:
            self._pods_on_node.get(before, {}).pop(key, None)
        if after:
            self._pods_on_node.setdefault(after, {})[key] = None
        return bool(before)

    # Models schedule_one.go scheduleOne
    def reconcile(self, key: base.Key) -> base.Result | None:
        namespace, name = key
        place = self._woken.pop(key, None)
        if place is not None:
            self._awake[key] = place  # out of the queue: the next cluster event retries it again
        pod = self.api.try_get("Pod", name, namespace)
        if pod is None or not needs_scheduling(pod):
            self.forget(key)
            return None
        until = self._backoff_until.get(key)
        if until is not None and self.clock.now < until:
            if self._requeued.get(key) == until:
                return None  # still backing off; the wake-up for its end is already set
            self._requeued[key] = until
            self._fall_asleep(key, until)
            return base.Result(requeue_after=(until - self.clock.now).total_seconds())
        if key in self._binding:
            if not volumebinding.all_bound(self.api, pod):
                return None  # PreBind waits for the claims' binding
            self.bind(pod, self._binding[key])
            return None
        nodes = self.api.list("Node")
        volumes = volumebinding.pre_filter(self.api, pod)
        feasible, reasons = ([], []) if volumes.message else find_nodes_that_fit(
            pod, nodes, self.pods_on, self.node_reasons(pod),
            (lambda node: volumebinding.filter_reason(self.api, volumes, node)) if volumes.bound or volumes.delayed
            else None)
        if not feasible:
            attempts = self._attempts[key] = self._attempts.get(key, 0) + 1
            backoff = min(INITIAL_BACKOFF * 2 ** (attempts - 1), MAX_BACKOFF)
            self._backoff_until[key] = self.clock.now + timedelta(seconds=backoff)
            self.handle_scheduling_failure(pod, fit_error(len(nodes), reasons, volumes.message))
            if key not in self._unschedulable:
                self._unschedulable[key] = self._place
                self._place += 1
            self._awake[key] = self._unschedulable[key]
            self._sleeping.pop(key, None)
            return base.Result(requeue_after=UNSCHEDULABLE_RETRY)
        node = self.select_host(feasible)
        if volumes.delayed:
            self._binding[key] = node
            volumebinding.bind_pod_volumes(self.api, volumes, self.api.get("Node", node))
            return None  # the claims' writes wake the pod again
        self.bind(pod, node)
        return None

    def bind(self, pod: Pod, node: str) -> None:
        """The binding subresource, and the Scheduled event."""
        namespace, name = pod.metadata.namespace or "", pod.metadata.name or ""
        self.forget((namespace, name))
        pod = self.api.bind(namespace, name, node)
        self.recorder.event(pod, events.NORMAL, "Scheduled", f"Successfully assigned {namespace}/{name} to {node}")

    def forget(self, key: base.Key) -> None:
        """The pod is placed or gone: no more retries or back-off for it."""
        for table in (self._unschedulable, self._attempts, self._backoff_until, self._requeued, self._binding,
                      self._awake, self._woken, self._sleeping):
            table.pop(key, None)

    def retry_unschedulable(self) -> list[base.Key]:
        """The unschedulable pods a cluster event moves back to the active queue, in the order
        they failed (MoveAllToActiveOrBackoffQueue): every one whose reconcile would try again,
        i.e. all but those asleep until a later instant; and those still queued need not be
        queued again."""
        now, asleep = self.clock.now, self._asleep
        while asleep and asleep[0][0] <= now:
            until, place, key = heapq.heappop(asleep)
            if self._sleeping.get(key) == until:
                del self._sleeping[key]
                self._awake[key] = place
        retried = sorted(self._awake, key=self._awake.__getitem__)
        self._woken.update(self._awake)
        self._awake.clear()
        return retried

    def _fall_asleep(self, key: base.Key, until: datetime) -> None:
        place = self._awake.pop(key, None)
        if place is None:
            place = self._unschedulable.get(key)
            if place is None:
                return
        self._sleeping[key] = until
        heapq.heappush(self._asleep, (until, place, key))

    def pods_on(self, node: str) -> int:
        return len(self._pods_on_node.get(node, ()))

    def node_reasons(self, pod: Pod) -> Callable[[Node], str | None]:
        """node_reason(pod, ·), remembered per node version for pods of the same fit_key."""
        key = fit_key(pod)
        if key is None:
            return lambda node: node_reason(pod, node)
        verdicts = self._verdicts

        def reason(node: Node) -> str | None:
            name, rv = node.metadata.name or "", node.metadata.resource_version
            seen = verdicts.get(name)
            if seen is None or seen[0] != rv:
                seen = verdicts[name] = (rv, {})
            if key not in seen[1]:
                seen[1][key] = node_reason(pod, node)
            return seen[1][key]

        return reason

    def select_host(self, feasible: list[str]) -> str:
        """The node running the fewest pods; a tie is drawn among the tied nodes."""
        counts = {n: len(self._pods_on_node.get(n, {})) for n in feasible}
        fewest = min(counts.values())
        best = sorted(n for n, c in counts.items() if c == fewest)
        return best[0] if len(best) == 1 else self.rng.choice(best)

    def handle_scheduling_failure(self, pod: Pod, message: str) -> None:
        """PodScheduled=False with reason Unschedulable, and the FailedScheduling event."""
        old = podutil.get_condition(pod, podutil.POD_SCHEDULED)
        since = old.last_transition_time if old is not None and old.status == "False" else self.clock.now
        cond = Condition(type=podutil.POD_SCHEDULED, status="False", reason="Unschedulable", message=message,
                         last_probe_time=None, last_transition_time=since)
        status = pod.status or PodStatus()
        others = [c for c in status.conditions or () if c.type != podutil.POD_SCHEDULED]
        pod = self.api.update_status(pod.with_(status=status.with_(conditions=[*others, cond])))
        self.recorder.event(pod, events.WARNING, "FailedScheduling", message)


# --- pure functions -----------------------------------------------------------------------

def needs_scheduling(pod: Pod) -> bool:
    """Ours to place: no node yet, not terminating or finished, asks for this scheduler."""
    return (not pod_spec(pod).node_name and pod.metadata.deletion_timestamp is None
            and (pod_spec(pod).scheduler_name or SCHEDULER_NAME) == SCHEDULER_NAME
            and (pod.status.phase if pod.status else None) not in ("Succeeded", "Failed"))


def pod_updated(old: Pod | None, new: Pod) -> bool:
    """Whether a write changed more than the pod's status (isPodUpdated): the scheduler's own
    PodScheduled=False write must not bring the pod straight back for another attempt."""
    if old is None:
        return True

    def strip(p: Pod) -> Pod:
        meta = p.metadata.with_(resource_version=None, generation=None, managed_fields=None, finalizers=None)
        return p.with_(metadata=meta, status=None)

    return strip(old) != strip(new)


def assigned_node(pod: Pod | None) -> str | None:
    """The node whose capacity the pod takes: bound and not finished (the scheduler's pod
    informer leaves out Succeeded and Failed pods)."""
    if pod is None or not pod_spec(pod).node_name or (pod.status and pod.status.phase in ("Succeeded", "Failed")):
        return None
    return pod_spec(pod).node_name


def node_may_now_fit(event: WatchEvent) -> bool:
    """A queueing hint: only a new node, or a change of labels, taints or schedulability, can
    make an unschedulable pod fit; a heartbeat in the node's status cannot."""
    if event.type == ADDED or event.old is None:
        return True
    return event.obj.spec != event.old.spec or event.obj.metadata.labels != event.old.metadata.labels


def tolerates(toleration: Toleration, taint: Taint) -> bool:
    """Toleration.ToleratesTaint: empty effect or key match any; Exists ignores the value."""
    if toleration.effect and toleration.effect != taint.effect:
        return False
    if toleration.key and toleration.key != taint.key:
        return False
    if toleration.operator == "Exists":
        return True
    return toleration.operator in (None, "", "Equal") and (toleration.value or "") == (taint.value or "")


def untolerated_taint(pod: Pod, taints: list[Taint]) -> Taint | None:
    """The first NoSchedule/NoExecute taint no toleration of the pod tolerates."""
    tolerations = pod_spec(pod).tolerations or ()
    for taint in taints:
        if taint.effect in ("NoSchedule", "NoExecute") and not any(tolerates(t, taint) for t in tolerations):
            return taint
    return None


def matches_node_affinity(pod: Pod, node: Node) -> bool:
    """spec.nodeSelector (every label) and the required node affinity (any term)."""
    if not selectors.matches(selectors.from_map(pod_spec(pod).node_selector), node.metadata.labels):
        return False
    required = ((pod_spec(pod).affinity or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution")
    if not required:
        return True
    return any(matches_node_selector_term(t, node) for t in required.get("nodeSelectorTerms") or ())


def fit_key(pod: Pod) -> tuple | None:
    """What node_reason reads of the pod: its tolerations and node selector. None when it has
    a required node affinity (free-form terms: judged afresh each time)."""
    spec = pod_spec(pod)
    if ((spec.affinity or {}).get("nodeAffinity") or {}).get("requiredDuringSchedulingIgnoredDuringExecution"):
        return None
    return (tuple((t.key, t.operator, t.value, t.effect) for t in spec.tolerations or ()),
            tuple(sorted((spec.node_selector or {}).items())))


def node_reason(pod: Pod, node: Node) -> str | None:
    """Why `node` cannot run `pod` by the filter plugins that read only the pod's spec and the
    node, in plugin order: NodeUnschedulable, TaintToleration, NodeAffinity; None if they pass."""
    spec = node.spec
    if spec and spec.unschedulable and untolerated_taint(
            pod, [Taint(key="node.kubernetes.io/unschedulable", effect="NoSchedule")]) is not None:
        return UNSCHEDULABLE_NODE
    taint = untolerated_taint(pod, (spec.taints if spec else None) or [])
    if taint is not None:
        return f"node(s) had untolerated taint {{{taint.key}: {taint.value or ''}}}"
    if not matches_node_affinity(pod, node):
        return NODE_AFFINITY
    return None


def find_nodes_that_fit(pod: Pod, nodes: list[Node], pods_on: Callable[[str], int],
                        node_reasons: Callable[[Node], str | None] | None = None,
                        volumes: Callable[[Node], str | None] | None = None) -> tuple[list[str], list[str]]:
    """(names of the nodes that fit, the reason of each node that does not), from the first
    filter plugin that says no: the node plugins (`node_reasons`, node_reason by default), then
    NodeResourcesFit (of the resources, only the node's `pods` allocatable is modelled: 110 on
    a kind node, against `pods_on` the node), then VolumeBinding (`volumes`,
    kubecourse/controllers/volumebinding.py)."""
    feasible, reasons = [], []
    for node in nodes:
        name = node.metadata.name or ""
        reason = node_reasons(node) if node_reasons is not None else node_reason(pod, node)
        if reason is None:
            allocatable = (node.status.allocatable or {}).get("pods") if node.status else None
            if allocatable is not None and pods_on(name) >= int(allocatable):
                reason = TOO_MANY_PODS
            elif volumes is not None:
                reason = volumes(node)
        if reason is None:
            feasible.append(name)
        else:
            reasons.append(reason)
    return feasible, reasons


def fit_error(n_nodes: int, reasons: list[str], pre_filter: str = "") -> str:
    """FitError.Error plus the preemption plugin's verdict:
    `0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
    3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available:
    4 Preemption is not helpful for scheduling.` Reasons are counted, then sorted as strings.
    (A pod may only say preemptionPolicy Never through a PriorityClass, which we do not serve.)
    A PreFilter plugin's rejection (`persistentvolumeclaim "x" not found`) replaces the histogram."""
    if n_nodes == 0:
        return NO_NODES
    histogram = pre_filter or ", ".join(sorted(f"{count} {reason}" for reason, count in Counter(reasons).items()))
    return (f"0/{n_nodes} nodes are available: {histogram}. "
            f"preemption: 0/{n_nodes} nodes are available: {n_nodes} Preemption is not helpful for scheduling.")
