"""The DaemonSet controller: one pod of the template on every node that should run it.

Models kubernetes/kubernetes: pkg/controller/daemon/daemon_controller.go (syncDaemonSet,
getDaemonPods, getNodesToDaemonPods, manage, podsShouldBeOnNode, syncNodes,
updateDaemonSetStatus, the node and pod event handlers), update.go (constructHistory,
rollingUpdate with maxSurge 0, cleanupHistory) and the events of controller_utils.go's
RealPodControl (`Created pod: kube-proxy-x2k9p`, `Deleted pod: ...`):
- a node added, relabelled or tainted wakes every DaemonSet; the pods are created unbound and
  pinned by node affinity, so the scheduler binds each to its node;
- a failed daemon pod is deleted and replaced; a node that should no longer run it (selector,
  NoExecute taint) has its pod deleted; surplus pods on a node keep the oldest;
- RollingUpdate replaces old-revision pods at most maxUnavailable nodes at a time, unavailable
  ones first; OnDelete waits for someone to delete them.
Left out: maxSurge above 0, the burst replicas limit and expectations (we read the store).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubecourse import events
from kubecourse.api import selectors
from kubecourse.api.models import ControllerRevision, Node, Pod
from kubecourse.api.models.apps import DaemonSet, DaemonSetStatus
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.api.server import DELETED, APIServer, WatchEvent
from kubecourse.clock import Clock
from kubecourse.controllers import base, history, podutil, refmanager
from kubecourse.controllers.daemon import util
from kubecourse.rand import Generator


class DaemonSetController(base.Controller):
    watches = ("DaemonSet", "Pod", "Node", "ControllerRevision")
    name = "daemonset-controller"
    for_kind = "DaemonSet"
    owns = ("Pod", "ControllerRevision")

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        super().__init__(api, clock, rng)
        self.recorder = events.Recorder(api, "daemonset-controller")

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        if event.kind == "Node":
            old, new = event.old, event.obj
            if event.type == DELETED or old is None or old.metadata.labels != new.metadata.labels \
                    or old.spec != new.spec:
                for ds in self.api.list("DaemonSet"):
                    yield (ds.metadata.namespace, ds.metadata.name)
            return
        if event.kind == "DaemonSet" and event.old is not None and event.old.spec == event.obj.spec \
                and event.old.metadata.deletion_timestamp == event.obj.metadata.deletion_timestamp:
            return  # our own status write
        yield from super().keys_for(event)

    def reconcile(self, key: base.Key) -> base.Result | None:
        ds = self.api.try_get("DaemonSet", key[1], key[0])
        if ds is None or ds.metadata.deletion_timestamp is not None:
            return None
        hash_ = self.construct_history(ds)
        by_node = self.nodes_to_daemon_pods(ds)
        nodes = self.api.list("Node")
        self.manage(ds, nodes, by_node, hash_)
        strategy = ds.spec.update_strategy if ds.spec else None
        if strategy is not None and strategy.type == "RollingUpdate":
            self.rolling_update(ds, nodes, self.nodes_to_daemon_pods(ds), hash_)
        return self.update_status(ds, nodes, self.nodes_to_daemon_pods(ds), hash_)

    def construct_history(self, ds: DaemonSet) -> str:
        """constructHistory: the revision of the current template (created if missing); old
        ones beyond revisionHistoryLimit that no pod uses are deleted (cleanupHistory)."""
        ns = ds.metadata.namespace or ""
        selector = selectors.from_label_selector(ds.spec.selector if ds.spec else None)
        owned: list[ControllerRevision] = refmanager.claim(self.api, ds, selector,
                                                           list(self.api.iter_namespace("ControllerRevision", ns)))
        data = history.template_patch(ds.spec.template)  # type: ignore[union-attr, arg-type]
        hash_ = util.revision_hash(ds)
        if not any(r.data == data for r in owned):
            labels = dict((ds.spec.template.metadata.labels if ds.spec.template.metadata else None) or {})  # type: ignore
            self.api.create(ControllerRevision(
                metadata=ObjectMeta(name=f"{ds.metadata.name}-{hash_}", namespace=ns,
                                    labels={**labels, history.HASH_LABEL: hash_},
                                    annotations=dict(ds.metadata.annotations or {}) or None,
                                    owner_references=[base.owner_ref(ds)]),
                data=data, revision=max((r.revision for r in owned), default=0) + 1))
        else:
            current = next(r for r in owned if r.data == data)
            newest = max(r.revision for r in owned)
            if current.revision != newest:
                self.api.update(current.with_(revision=newest + 1))
        live = {(p.metadata.labels or {}).get(util.REVISION_LABEL) for p in self.api.dependents(ds.metadata.uid or "")
                if p.kind == "Pod"}
        old = sorted((r for r in owned if r.data != data and (r.metadata.labels or {}).get(history.HASH_LABEL)
                      not in live), key=lambda r: r.revision)
        limit = ds.spec.revision_history_limit if ds.spec and ds.spec.revision_history_limit is not None else 10
        for r in old[:max(0, len(old) - limit)]:
            self.api.delete("ControllerRevision", r.metadata.name or "", ns)
        return hash_

    def nodes_to_daemon_pods(self, ds: DaemonSet) -> dict[str, list[Pod]]:
        """getNodesToDaemonPods: the set's pods (adopting orphans it selects) by target node."""
        selector = selectors.from_label_selector(ds.spec.selector if ds.spec else None)
        ns = ds.metadata.namespace or ""
        candidates = list(self.api.iter_namespace("Pod", ns))
        by_node: dict[str, list[Pod]] = {}
        for pod in refmanager.claim(self.api, ds, selector, candidates):
            by_node.setdefault(util.target_node(pod), []).append(pod)
        return by_node

    def manage(self, ds: DaemonSet, nodes: list[Node], by_node: dict[str, list[Pod]], hash_: str) -> None:
        """manage with podsShouldBeOnNode, then syncNodes. A node whose pod is terminating gets
        its new one only once the old is gone."""
        create, delete = [], []
        for node in nodes:
            name = node.metadata.name or ""
            should_run, should_continue = util.should_run(ds, node)
            present = by_node.get(name, [])  # a terminating pod still holds the node
            pods = [p for p in present if p.metadata.deletion_timestamp is None]
            if should_run and not present:
                create.append(name)
            elif should_continue:
                failed = [p for p in pods if (p.status.phase if p.status else None) == "Failed"]
                delete += failed
                running = [p for p in pods if p not in failed]
                if len(running) > 1:
                    running.sort(key=lambda p: (p.metadata.creation_timestamp, p.metadata.name))
                    delete += running[1:]
            elif pods:
                delete += pods
        for name in create:
            pod = self.api.create(util.new_pod(ds, name, hash_))
            self.recorder.event(ds, events.NORMAL, "SuccessfulCreate", f"Created pod: {pod.metadata.name}")
        for pod in delete:
            self.delete(ds, pod)

    def delete(self, ds: DaemonSet, pod: Pod) -> None:
        self.api.delete("Pod", pod.metadata.name or "", pod.metadata.namespace or "")
        self.recorder.event(ds, events.NORMAL, "SuccessfulDelete", f"Deleted pod: {pod.metadata.name}")

    def rolling_update(self, ds: DaemonSet, nodes: list[Node], by_node: dict[str, list[Pod]], hash_: str) -> None:
        """rollingUpdate (maxSurge 0): old pods that are unavailable go first, then available
        old ones while fewer than maxUnavailable nodes lack an available pod."""
        desired = sum(1 for n in nodes if util.should_run(ds, n)[0])
        ru = ds.spec.update_strategy.rolling_update  # type: ignore[union-attr]
        max_unavailable = _scaled(ru.max_unavailable if ru else 1, desired)
        min_ready = (ds.spec.min_ready_seconds if ds.spec else None) or 0
        unavailable = 0
        old_available: list[Pod] = []
        old_unavailable: list[Pod] = []
        for node in nodes:
            pods = [p for p in by_node.get(node.metadata.name or "", []) if p.metadata.deletion_timestamp is None]
            if not util.should_run(ds, node)[0]:
                continue
            available = [p for p in pods if podutil.is_pod_available(p, min_ready, self.clock.now)]
            if not available:
                unavailable += 1
            for pod in pods:
                if not util.is_updated(pod, hash_):
                    (old_available if pod in available else old_unavailable).append(pod)
        for pod in old_unavailable:
            self.delete(ds, pod)
        for pod in old_available:
            if unavailable >= max_unavailable:
                break
            self.delete(ds, pod)
            unavailable += 1

    def update_status(self, ds: DaemonSet, nodes: list[Node], by_node: dict[str, list[Pod]],
                      hash_: str) -> base.Result | None:
        """updateDaemonSetStatus."""
        desired = current = misscheduled = ready = updated = available = 0
        min_ready = (ds.spec.min_ready_seconds if ds.spec else None) or 0
        for node in nodes:
            should_run, _ = util.should_run(ds, node)
            pods = [p for p in by_node.get(node.metadata.name or "", []) if p.metadata.deletion_timestamp is None]
            if should_run:
                desired += 1
                if pods:
                    current += 1
                    pod = sorted(pods, key=lambda p: (p.metadata.creation_timestamp, p.metadata.name))[0]
                    if podutil.is_pod_ready(pod):
                        ready += 1
                        available += podutil.is_pod_available(pod, min_ready, self.clock.now)
                    updated += util.is_updated(pod, hash_)
            elif pods:
                misscheduled += 1
        status = DaemonSetStatus(current_number_scheduled=current, number_misscheduled=misscheduled,
                                 desired_number_scheduled=desired, number_ready=ready,
                                 observed_generation=ds.metadata.generation, updated_number_scheduled=updated,
                                 number_available=available, number_unavailable=(desired - available) or None)
        if ds.status != status:
            self.api.update_status(ds.with_(status=status))
        if min_ready and ready > available:
            return base.Result(requeue_after=float(min_ready))
        return None


def _scaled(value: int | str | None, total: int) -> int:
    """intstr.GetScaledValueFromIntOrPercent, rounding down (at least 1 for maxUnavailable)."""
    if value is None:
        return 1
    if isinstance(value, str) and value.endswith("%"):
        return max(1, total * int(value[:-1]) // 100)
    return max(1, int(value))
