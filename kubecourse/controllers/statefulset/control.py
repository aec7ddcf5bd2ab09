"""One sync of a StatefulSet: revisions, then each replica in ordinal order, then the condemned
from the highest ordinal down, then the rolling update, then status.

Models kubernetes/kubernetes: pkg/controller/statefulset/stateful_set_control.go
(UpdateStatefulSet, performUpdate, getStatefulSetRevisions, truncateHistory, updateStatefulSet,
processReplica, processCondemned, runForAll, computeReplicaStatus, completeRollingUpdate,
inconsistentStatus) with the MaxUnavailableStatefulSet gate off, as in 1.32:
- OrderedReady (monotonic): a pod is created only when every lower ordinal is Running and
  Ready (and available after minReadySeconds); scaling down removes the highest ordinal, one at
  a time, each only once the others are healthy; a terminating pod blocks everything.
- Parallel: every missing pod is created and every condemned one deleted in one pass.
- RollingUpdate: the highest-ordinal pod whose revision is not the update revision is
  deleted (and then recreated at the update revision by the pass above), down to `partition`;
  an unhealthy pod stops the update. OnDelete updates a pod only when someone deletes it.
- A failed or succeeded pod is deleted, and recreated on the next sync.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kubecourse.api.models import Pod
from kubecourse.api.models.apps import ControllerRevision, StatefulSet, StatefulSetStatus
from kubecourse.api.server import APIServer
from kubecourse.controllers.statefulset import utils
from kubecourse.controllers.statefulset.podcontrol import PodControl

DEFAULT_HISTORY = 10


def revisions(api: APIServer, sts: StatefulSet, owned: list[ControllerRevision]
              ) -> tuple[ControllerRevision, ControllerRevision, int]:
    """getStatefulSetRevisions: (current, update, collisionCount). The update revision is the
    set's template: an existing equal revision is reused (renumbered to the newest when it was
    not, which is a rollback), else a new one is created."""
    owned = sorted(owned, key=lambda r: (r.revision, r.metadata.creation_timestamp, r.metadata.name))
    collision = (sts.status.collision_count if sts.status else None) or 0
    latest = owned[-1].revision if owned else 0
    candidate = utils.new_revision(sts, latest + 1, collision)
    equal = [r for r in owned if utils.equal_revision(r, candidate)]
    if equal and equal[-1] is owned[-1]:
        update = equal[-1]
    elif equal:
        update = api.update(equal[-1].with_(revision=candidate.revision))
    else:
        existing = api.try_get("ControllerRevision", candidate.metadata.name or "", sts.metadata.namespace or "")
        if existing is not None and existing.data == candidate.data:
            update = existing
        else:
            update = api.create(candidate)
    current_name = sts.status.current_revision if sts.status else None
    current = next((r for r in owned if r.metadata.name == current_name), update)
    return current, update, collision


def truncate_history(api: APIServer, sts: StatefulSet, pods: list[Pod], owned: list[ControllerRevision],
                     current: ControllerRevision, update: ControllerRevision) -> None:
    """truncateHistory: keep the revisions pods or the status use, and the newest
    revisionHistoryLimit others."""
    live = {current.metadata.name, update.metadata.name} | {utils.pod_revision(p) for p in pods}
    history = sorted((r for r in owned if r.metadata.name not in live), key=lambda r: r.revision)
    limit = utils.spec(sts).revision_history_limit
    limit = DEFAULT_HISTORY if limit is None else limit
    for r in history[:max(0, len(history) - limit)]:
        api.delete("ControllerRevision", r.metadata.name or "", r.metadata.namespace or "")


class Sync:
    """One updateStatefulSet pass over the set's pods."""

    def __init__(self, api: APIServer, pods: PodControl, sts: StatefulSet, now: datetime) -> None:
        self.api, self.pod_control, self.sts, self.now = api, pods, sts, now

    def run(self, pods: list[Pod], current: ControllerRevision, update: ControllerRevision,
            collision: int) -> StatefulSetStatus:
        sts, spec = self.sts, utils.spec(self.sts)
        start, count = utils.start_ordinal(sts), utils.replicas(sts)
        monotonic = spec.pod_management_policy != "Parallel"
        min_ready = spec.min_ready_seconds or 0
        replicas: list[Pod | None] = [None] * count
        condemned: list[Pod] = []
        for pod in pods:
            i = utils.ordinal(pod)
            if start <= i < start + count:
                replicas[i - start] = pod
            else:
                condemned.append(pod)
        for k in range(count):
            if replicas[k] is None:
                revision = current if self._current_first(k, current, update) else update
                replicas[k] = utils.new_pod(sts, revision, start + k)
        condemned.sort(key=utils.ordinal, reverse=True)
        live = [p for p in replicas if p is not None]
        unhealthy = [p for p in live if not utils.is_healthy(p)] + [p for p in reversed(condemned)
                                                                    if not utils.is_healthy(p)]
        first_unhealthy = unhealthy[0] if unhealthy else None

        def status() -> StatefulSetStatus:
            return self.status(pods_now(), current, update, collision)

        def pods_now() -> list[Pod]:
            return [p for p in (self.api.try_get("Pod", q.metadata.name or "", q.metadata.namespace or "") for q in pods) if p]

        if sts.metadata.deletion_timestamp is not None:
            return status()
        if _run_for_all(live, lambda p: self.process_replica(p, monotonic, min_ready), monotonic):
            return status()
        if _run_for_all(condemned, lambda p: self.process_condemned(p, first_unhealthy, monotonic, min_ready),
                        monotonic):
            return status()
        strategy = spec.update_strategy
        if strategy is not None and strategy.type == "OnDelete":
            return status()
        partition = (strategy.rolling_update.partition if strategy and strategy.rolling_update else None) or 0
        for pod in reversed(live[max(0, partition):]):
            if utils.pod_revision(pod) != update.metadata.name and not utils.is_terminating(pod):
                self.pod_control.delete_pod(sts, pod)
                return status()
            if not utils.is_healthy(pod):
                return status()
        return status()

    def _current_first(self, k: int, current: ControllerRevision, update: ControllerRevision) -> bool:
        """newVersionedStatefulSetPod: a RollingUpdate pod below the partition (or, without a
        rollingUpdate, below status.currentReplicas) is recreated at the current revision;
        every other one, OnDelete's included, at the update revision."""
        strategy = utils.spec(self.sts).update_strategy
        if current.metadata.name == update.metadata.name or strategy is None:
            return False
        if strategy.rolling_update is not None:
            return k < (strategy.rolling_update.partition or 0)
        current_replicas = (self.sts.status.current_replicas if self.sts.status else None) or 0
        return strategy.type == "RollingUpdate" and k < current_replicas

    def process_replica(self, pod: Pod, monotonic: bool, min_ready: int) -> bool:
        """processReplica: True stops the pass."""
        sts = self.sts
        if utils.is_failed(pod) or utils.is_succeeded(pod):
            if not utils.is_terminating(pod):
                self.pod_control.delete_pod(sts, pod)
            return True
        if not utils.is_created(pod):
            self.pod_control.create_pod(sts, pod)
            return monotonic
        if (pod.status.phase if pod.status else None) == "Pending":
            self.pod_control.create_claims(sts, pod)
        if utils.is_terminating(pod) and monotonic:
            return True
        if not utils.is_running_and_ready(pod) and monotonic:
            return True
        if not utils.is_running_and_available(pod, min_ready, self.now) and monotonic:
            return True
        if not (utils.identity_matches(sts, pod) and utils.storage_matches(sts, pod)
                and self._claims_match(pod)):
            self.pod_control.update_pod(sts, pod)
        return False

    def _claims_match(self, pod: Pod) -> bool:
        """ClaimsMatchRetentionPolicy."""
        mine = {self.sts.metadata.uid, pod.metadata.uid}
        wanted = {(o.kind, o.uid) for o in self.pod_control.claim_owners(self.sts, pod)}
        for claim in utils.claims_for(self.sts, utils.ordinal(pod)).values():
            live = self.api.try_get("PersistentVolumeClaim", claim.metadata.name or "", claim.metadata.namespace or "")
            if live is not None and {(o.kind, o.uid) for o in live.metadata.owner_references or ()
                                     if o.uid in mine} != wanted:
                return False
        return True

    def process_condemned(self, pod: Pod, first_unhealthy: Pod | None, monotonic: bool, min_ready: int) -> bool:
        """processCondemned: True stops the pass."""
        if utils.is_terminating(pod):
            return monotonic
        if monotonic and pod is not first_unhealthy and (
                not utils.is_running_and_ready(pod) or not utils.is_running_and_available(pod, min_ready, self.now)):
            return True
        self.pod_control.update_claims_for_retention(self.sts, pod)
        self.pod_control.delete_pod(self.sts, pod)
        return True

    def status(self, pods: list[Pod], current: ControllerRevision, update: ControllerRevision,
               collision: int) -> StatefulSetStatus:
        """computeReplicaStatus and completeRollingUpdate."""
        spec = utils.spec(self.sts)
        min_ready = spec.min_ready_seconds or 0
        n = ready = available = current_n = updated = 0
        for pod in pods:
            if utils.is_created(pod):
                n += 1
            if utils.is_running_and_ready(pod):
                ready += 1
                if utils.is_running_and_available(pod, min_ready, self.now):
                    available += 1
            if utils.is_created(pod) and not utils.is_terminating(pod):
                revision = utils.pod_revision(pod)
                current_n += revision == current.metadata.name
                updated += revision == update.metadata.name
        current_name = current.metadata.name
        strategy = spec.update_strategy
        if (strategy is None or strategy.type == "RollingUpdate") and updated == n and ready == n:
            current_n, current_name = updated, update.metadata.name
        return StatefulSetStatus(
            observed_generation=self.sts.metadata.generation, replicas=n, ready_replicas=ready or None,
            current_replicas=current_n or None, updated_replicas=updated or None, current_revision=current_name,
            update_revision=update.metadata.name, collision_count=collision, available_replicas=available)


def _run_for_all(pods: list[Pod], fn: Callable[[Pod], bool], monotonic: bool) -> bool:
    """runForAll: in order, stopping at the first that says so when monotonic; otherwise every
    pod (upstream in slow-start batches), whatever each says."""
    return any(fn(pod) and monotonic for pod in pods)
