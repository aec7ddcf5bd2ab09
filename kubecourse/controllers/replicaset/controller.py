"""The ReplicaSet controller: keep exactly spec.replicas active pods.

Models kubernetes/kubernetes: pkg/controller/replicaset/replica_set.go (syncReplicaSet,
manageReplicas, slowStartBatch, getPodsToDelete, getIndirectlyRelatedPods), with
controller_utils.go's RealPodControl; the status it writes is status.py
(replica_set_utils.go). The ReplicationController runs this same code
(controllers/replication.py).

What we learned from the source and kept:
- Each sync reads the pods the RS controls plus the orphans in its namespace (1.32 lists
  them through an index by controller uid and an orphan index, not the whole namespace),
  drops inactive ones, then claims: adopts matching orphans, releases non-matching pods.
- A sync creates or deletes at most `burstReplicas` (500) pods, in slow-start batches.
  Upstream then records expectations (controller_utils.go ControllerExpectations) and does
  not manage replicas again until the informer has seen every one of those writes; the
  writes themselves go through the controller's client at `--kube-api-qps` 20 after a
  burst of 30, so 500 creates take about 23.5 s. We read the store directly and create a
  sync's pods at one instant, so below the burst nothing waits, as before; a sync that
  reached the burst holds the next one (status is still written, as upstream's
  syncReplicaSet does while expectations are pending) for the time its writes would take
  on that client. A `scale --replicas=100000` therefore grows by 500 pods every 23.5
  virtual seconds, and each command or advance returns promptly.
- A failed create or delete is returned as the sync's error: it sets the ReplicaFailure
  condition and the key is retried with the work queue's backoff (5 ms doubling to 1000 s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from kubecourse import events
from kubecourse.api import errors, selectors
from kubecourse.api.models import Pod, ReplicationController
from kubecourse.api.models.apps import ReplicaSet, ReplicaSetSpec
from kubecourse.api.server import DELETED, APIServer, WatchEvent
from kubecourse.clock import Clock
from kubecourse.controllers import base, controllerutil, podutil, refmanager
from kubecourse.controllers.replicaset.status import calculate_status
from kubecourse.rand import Generator

BURST_REPLICAS = 500  # creates or deletes per sync
KUBE_API_QPS, KUBE_API_BURST = 20.0, 30  # kube-controller-manager's --kube-api-qps, --kube-api-burst
SLOW_START_INITIAL_BATCH_SIZE = 1
RETRY_BASE, RETRY_MAX = 0.005, 1000.0  # workqueue.DefaultControllerRateLimiter's per-item backoff


class ReplicaSetController(base.Controller):
    watches = ("ReplicaSet", "Pod")
    name = "replicaset-controller"
    for_kind = "ReplicaSet"
    owns = ("Pod",)

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        super().__init__(api, clock, rng)
        self.recorder = events.Recorder(self.api, self.name)
        self.orphans = refmanager.OrphanIndex("Pod")
        self.facts = podutil.FactsCache()
        self._failures: dict[base.Key, int] = {}
        self._expectations: dict[base.Key, datetime] = {}  # key -> when a burst's writes are all seen

    def selector(self, rs: ReplicaSet | ReplicationController) -> selectors.Selector:
        """The RS's label selector (an RC overrides this with its map)."""
        spec = rs.spec
        return selectors.from_label_selector(spec.selector if isinstance(spec, ReplicaSetSpec) else None)

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        """replica_set.go addPod, updatePod, deletePod, updateRS: our objects and the owners
        of pods, as the base does; and for an orphan pod every ReplicaSet in its namespace
        that selects it, so one can adopt it (getPodReplicaSets)."""
        self.orphans.observe(event)
        if event.kind == "Pod" and event.type == DELETED:
            self.facts.forget(event.obj.metadata.uid or "")
        if event.kind == self.for_kind and status_only(event):
            return  # our own status write: nothing a sync reads has changed
        yield from super().keys_for(event)
        if event.kind != "Pod":
            return
        for pod in (event.old, event.obj):
            if pod is not None and pod.metadata.controller_ref() is None:
                ns = pod.metadata.namespace or ""
                for rs in self.api.iter_namespace(self.for_kind, ns):
                    if selectors.matches(self.selector(rs), pod.metadata.labels):
                        yield (ns, rs.metadata.name)

    def reconcile(self, key: base.Key) -> base.Result | None:
        """replica_set.go syncReplicaSet."""
        namespace, name = key
        rs = self.api.try_get(self.for_kind, name, namespace)
        if rs is None:
            self._failures.pop(key, None)
            self._expectations.pop(key, None)
            return None  # deleted: the garbage collector removes its pods
        pods = self.claim_pods(rs, podutil.active(self.candidate_pods(rs), self.facts))
        now = self.clock.now
        held = self.expectations_pending(key)
        error = None
        if held is None and not rs.metadata.deletion_timestamp:
            error, writes = self.manage_replicas(rs, pods)
            if writes >= BURST_REPLICAS:
                held = max(0.0, (writes - KUBE_API_BURST) / KUBE_API_QPS)
                self._expectations[key] = now + timedelta(seconds=held)
        self.api.update_status(rs.with_(status=calculate_status(rs, pods, error, now, self.facts)))
        if error is not None:
            return base.Result(requeue_after=self.backoff(key))
        self._failures.pop(key, None)
        check = podutil.seconds_until_availability_check(pods, rs.spec.min_ready_seconds or 0, now)
        return base.Result(requeue_after=min((s for s in (check, held) if s is not None), default=None))

    def expectations_pending(self, key: base.Key) -> float | None:
        """controller_utils.go ControllerExpectations.SatisfiedExpectations, inverted: the
        seconds until the last burst's writes are all seen, or None when they are."""
        until = self._expectations.get(key)
        if until is None:
            return None
        if until <= self.clock.now:
            del self._expectations[key]
            return None
        return (until - self.clock.now).total_seconds()

    def candidate_pods(self, rs: ReplicaSet | ReplicationController) -> list[Pod]:
        """controller_utils.go FilterPodsByOwner, as syncReplicaSet calls it: the pods this RS
        may control, those naming it as owner, then the namespace's orphans."""
        owned = [o for o in self.api.dependents(rs.metadata.uid or "") if o.kind == "Pod"]
        orphans = self.orphans.orphans(self.api, rs.metadata.namespace or "")
        if not orphans:
            return owned  # dependents() names each object once
        seen: dict[str, Pod] = {}
        for pod in [*owned, *orphans]:
            seen.setdefault(pod.metadata.uid, pod)
        return list(seen.values())

    def claim_pods(self, rs: ReplicaSet | ReplicationController, pods: list[Pod]) -> list[Pod]:
        """replica_set.go claimPods: adopt matching orphans, release what no longer matches."""
        return refmanager.claim(self.api, rs, self.selector(rs), pods)

    def manage_replicas(self, rs: ReplicaSet | ReplicationController, pods: list[Pod]) -> tuple[str | None, int]:
        """replica_set.go manageReplicas: create or delete pods to reach spec.replicas; the
        first error's text (or None) and how many pods it created or deleted."""
        diff = len(pods) - controllerutil.replicas(rs)
        if diff < 0:
            # Need 3 -> batches of 1, then 2; if the first create fails (a quota, say), the
            # other 2 are never tried. Need 1,200 -> 500 now (the burst), the rest later.
            created, error = slow_start_batch(min(-diff, BURST_REPLICAS), SLOW_START_INITIAL_BATCH_SIZE,
                                              lambda: self.create_pod(rs))
            return error, created
        if diff > 0:
            victims = pods_to_delete(pods, self.related_pods(rs), min(diff, BURST_REPLICAS), self.clock.now)
            return self.delete_pods(rs, victims), len(victims)
        return None, 0  # already at spec.replicas

    def create_pod(self, rs: ReplicaSet | ReplicationController) -> str | None:
        """controller_utils.go RealPodControl.CreatePods, for one pod: the error's text, or None."""
        try:
            pod = self.api.create(controllerutil.pod_from_template(rs))
        except errors.StatusError as e:
            self.recorder.event(rs, events.WARNING, "FailedCreate", f"Error creating: {e}")
            return str(e)
        self.recorder.event(rs, events.NORMAL, "SuccessfulCreate", f"Created pod: {pod.metadata.name}")
        return None

    def delete_pods(self, rs: ReplicaSet | ReplicationController, victims: list[Pod]) -> str | None:
        """controller_utils.go RealPodControl.DeletePod, for each victim: the first error's
        text, or None."""
        first_error = None
        for pod in victims:
            try:
                self.api.delete("Pod", pod.metadata.name or "", pod.metadata.namespace or "")
            except errors.StatusError as e:
                if e.reason == "NotFound":
                    continue  # already gone: nothing to report
                self.recorder.event(rs, events.WARNING, "FailedDelete", f"Error deleting: {e}")
                first_error = first_error or f"unable to delete pods: {e}"
                continue
            self.recorder.event(rs, events.NORMAL, "SuccessfulDelete", f"Deleted pod: {pod.metadata.name}")
        return first_error

    def related_pods(self, rs: ReplicaSet | ReplicationController) -> list[Pod]:
        """replica_set.go getIndirectlyRelatedPods: pods of every ReplicaSet that shares rs's
        controller (the Deployment's revisions).

        An RS without a controller has none (upstream logs "ReplicaSet has no controller"), so
        for a bare RS the doubled-up rule of the ranking never applies. Upstream lists each
        sibling's pods by its selector; with the pod-template-hash label that is the pods it
        controls, which is what we read."""
        ref = rs.metadata.controller_ref()
        if ref is None:
            return []
        siblings = [o for o in self.api.dependents(ref.uid) if o.kind == self.for_kind
                    and (r := o.metadata.controller_ref()) is not None and r.uid == ref.uid]
        seen: dict[str, Pod] = {}
        for sibling in siblings:
            for pod in self.api.dependents(sibling.metadata.uid):
                if pod.kind == "Pod":
                    seen.setdefault(pod.metadata.uid, pod)
        return list(seen.values())

    def backoff(self, key: base.Key) -> float:
        """workqueue.DefaultControllerRateLimiter: the work queue's per-item exponential
        backoff after a failed sync."""
        failures = self._failures[key] = self._failures.get(key, 0) + 1
        return min(RETRY_BASE * 2 ** (failures - 1), RETRY_MAX)


# --- pure functions ----------------------------------------------------------------------------

def status_only(event: WatchEvent) -> bool:
    """A write that changed nothing but the status (and so the resourceVersion): replica_set.go
    updateRS enqueues on every update, but a sync reads nothing such a write changed."""
    old, new = event.old, event.obj
    return (old is not None and event.type != DELETED and old.spec == new.spec
            and old.metadata.with_(resource_version=None) == new.metadata.with_(resource_version=None))


def slow_start_batch(count: int, initial_batch_size: int, fn: Callable[[], str | None]) -> tuple[int, str | None]:
    """replica_set.go slowStartBatch: call fn `count` times in batches of 1, 2, 4, ...; stop
    after the first batch with an error. Returns (successes, the first error). A doomed create (a quota, a
    terminating namespace) costs one API call and one event, not `count` of each."""
    successes, remaining = 0, count
    batch = min(remaining, initial_batch_size)
    while batch > 0:
        results = [fn() for _ in range(batch)]
        errors_ = [e for e in results if e is not None]
        successes += batch - len(errors_)
        if errors_:
            return successes, errors_[0]
        remaining -= batch
        batch = min(2 * batch, remaining)
    return successes, None


def pods_to_delete(pods: list[Pod], related: Iterable[Pod], diff: int, now: datetime) -> list[Pod]:
    """replica_set.go getPodsToDelete: the `diff` pods to delete first; no ranking when all
    of them go."""
    if diff < len(pods):
        pods = podutil.sort_for_deletion(podutil.rank_by_pods_on_same_node(pods, related), now)
    return pods[:diff]
