"""The Deployment sync's operations on ReplicaSets and status, and the protocol the strategies
see them through.

Models kubernetes/kubernetes: pkg/controller/deployment/sync.go (syncStatusOnly, sync,
checkPausedConditions, getAllReplicaSetsAndSyncRevision, getNewReplicaSet, scale,
scaleReplicaSetAndRecordEvent, scaleReplicaSet, cleanupDeployment, syncDeploymentStatus,
calculateStatus), with progress.go's syncRolloutStatus, whose decisions are in progress.py.

Upstream's rolling.go and recreate.go add methods to the one DeploymentController and call
these through it. Here the strategies are functions of a `Rollout`: the four operations
they need, which `Syncer` implements for the controller. A StatefulSet or DaemonSet
controller's strategies can follow the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from kubecourse import events
from kubecourse.api import errors
from kubecourse.api.models.apps import (
    Deployment,
    DeploymentStatus,
    ReplicaSet,
    ReplicaSetSpec,
    ReplicaSetStatus,
)
from kubecourse.api.models.meta import Condition, ObjectMeta
from kubecourse.api.server import APIServer
from kubecourse.clock import Clock
from kubecourse.controllers import base
from kubecourse.controllers.controllerutil import replicas, template
from kubecourse.controllers.deployment import progress, util


class SyncAborted(Exception):
    """A step failed after reporting why in the Deployment's status or an event; the write
    that reported it queues the next sync (upstream returns the error and requeues)."""


class Rollout(Protocol):
    """What a strategy (rolling.py, recreate.py) asks of the controller, as upstream's
    rolloutRolling and rolloutRecreate call these methods of DeploymentController."""

    def get_all_replica_sets_and_sync_revision(
        self, d: Deployment, rs_list: list[ReplicaSet], *, create: bool
    ) -> tuple[Deployment, ReplicaSet | None, list[ReplicaSet]]: ...

    def scale_replica_set_and_record_event(self, rs: ReplicaSet, new_scale: int,
                                           d: Deployment) -> tuple[bool, ReplicaSet]: ...

    def cleanup_deployment(self, d: Deployment, old_rss: list[ReplicaSet]) -> None: ...

    def sync_rollout_status(self, d: Deployment, all_rss: Sequence[ReplicaSet | None],
                            new_rs: ReplicaSet | None) -> base.Result | None: ...


class Syncer:
    """sync.go's operations for one controller: they write through `api`, read the time
    from `clock` and report through `recorder`. Implements `Rollout`."""

    def __init__(self, api: APIServer, clock: Clock, recorder: events.Recorder) -> None:
        self.api = api
        self.clock = clock
        self.recorder = recorder

    def sync_status_only(self, d: Deployment, rs_list: list[ReplicaSet]) -> None:
        """sync.go syncStatusOnly: a Deployment being deleted only reports."""
        d, new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, create=False)
        self.sync_deployment_status(d, [*old_rss, new_rs], new_rs)

    def sync(self, d: Deployment, rs_list: list[ReplicaSet]) -> None:
        """sync.go sync: on a scaling event or while paused, resize the ReplicaSets that exist
        (no new one is created) and, while paused, prune history."""
        d, new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, create=False)
        self.scale(d, new_rs, old_rss)
        if util.spec(d).paused:
            self.cleanup_deployment(d, old_rss)
        self.sync_deployment_status(d, [*old_rss, new_rs], new_rs)

    def check_paused_conditions(self, d: Deployment) -> Deployment:
        """sync.go checkPausedConditions: Progressing becomes Unknown/DeploymentPaused on pause
        and Unknown/DeploymentResumed on resume, so time spent paused never counts against the
        progress deadline. A timed-out condition is left as it is."""
        if not util.has_progress_deadline(d):
            return d
        cond = util.get_deployment_condition(d.status, util.PROGRESSING)
        if cond is not None and cond.reason == util.TIMED_OUT:
            return d
        paused_cond = cond is not None and cond.reason == util.PAUSED
        if util.spec(d).paused and not paused_cond:
            new = util.new_deployment_condition(util.PROGRESSING, "Unknown", util.PAUSED,
                                                "Deployment is paused", self.clock.now)
        elif not util.spec(d).paused and paused_cond:
            new = util.new_deployment_condition(util.PROGRESSING, "Unknown", util.RESUMED,
                                                "Deployment is resumed", self.clock.now)
        else:
            return d
        return self.update_conditions(d, util.set_deployment_condition(util.status(d).conditions, new))

    # --- new and old ReplicaSets ---------------------------------------------------------------

    def get_all_replica_sets_and_sync_revision(
        self, d: Deployment, rs_list: list[ReplicaSet], *, create: bool
    ) -> tuple[Deployment, ReplicaSet | None, list[ReplicaSet]]:
        """sync.go getAllReplicaSetsAndSyncRevision: (d as now stored, the new RS or None,
        every old RS):
        1. The old RSes are all but the one matching d's template; the new revision is their
           highest + 1.
        2. Find the new RS and raise its revision to that if lower; create it only when `create`.
        3. Copy the new RS's revision onto d. A write that does not happen in this pass (the
           new RS's annotations changed first) is done by the next one."""
        _, old_rss = util.find_old_replica_sets(d, rs_list)
        d, new_rs = self.get_new_replica_set(d, rs_list, old_rss, create=create)
        return d, new_rs, old_rss

    def get_new_replica_set(
        self, d: Deployment, rs_list: list[ReplicaSet], old_rss: list[ReplicaSet], *, create: bool
    ) -> tuple[Deployment, ReplicaSet | None]:
        """sync.go getNewReplicaSet. An existing new RS gets d's annotations, revision and
        minReadySeconds; that write ends the step (the RS update wakes us again). This is also
        the rollback path: revision 2's template written back makes the revision-2 RS new
        again, and with revisions 1..3 present it becomes revision 4 (history "2")."""
        existing = util.find_new_replica_set(d, rs_list)
        new_revision = util.max_revision(old_rss) + 1
        if existing is None:
            return self.create_new_replica_set(d, old_rss, new_revision) if create else (d, None)
        annotations = util.new_replica_set_annotations(d, existing, new_revision, exists=True)
        if annotations != (existing.metadata.annotations or {}) or \
                (util.rs_spec(existing).min_ready_seconds or 0) != (util.spec(d).min_ready_seconds or 0):
            rs = existing.with_(metadata=existing.metadata.with_(annotations=annotations), spec=util.rs_spec(
                existing).with_(min_ready_seconds=util.spec(d).min_ready_seconds))
            return d, self.api.update(rs)
        d = self.set_deployment_revision(d, (existing.metadata.annotations or {}).get(util.REVISION, ""))
        if util.has_progress_deadline(d) and util.get_deployment_condition(d.status, util.PROGRESSING) is None:
            cond = util.new_deployment_condition(util.PROGRESSING, "True", util.FOUND_NEW_RS,
                                                 f'Found new replica set "{existing.metadata.name}"', self.clock.now)
            d = self.update_conditions(d, util.set_deployment_condition(util.status(d).conditions, cond))
        return d, existing

    def create_new_replica_set(
        self, d: Deployment, old_rss: list[ReplicaSet], new_revision: int
    ) -> tuple[Deployment, ReplicaSet]:
        """sync.go getNewReplicaSet, when none exists: the new RS `<deployment>-<pod-template-hash>`,
        d's template with the hash label added to the template, the RS's labels and its
        selector, so RSes of different templates never select each other's pods. Its size
        comes from NewRSNewReplicas."""
        pod_template = template(d)
        template_meta = pod_template.metadata or ObjectMeta()
        pod_hash = util.compute_hash(pod_template, util.status(d).collision_count)
        labels = {**(template_meta.labels or {}), util.POD_TEMPLATE_HASH: pod_hash}
        d_selector = util.selector(d)
        selector = d_selector.with_(match_labels={**(d_selector.match_labels or {}),
                                                  util.POD_TEMPLATE_HASH: pod_hash})
        rs = ReplicaSet(
            metadata=ObjectMeta(name=f"{d.metadata.name}-{pod_hash}", namespace=d.metadata.namespace,
                                owner_references=[base.owner_ref(d)], labels=labels),
            spec=ReplicaSetSpec(replicas=0, min_ready_seconds=util.spec(d).min_ready_seconds,
                                selector=selector,
                                template=pod_template.with_(metadata=template_meta.with_(labels=labels))),
        )
        size = util.new_rs_new_replicas(d, [*old_rss, rs], rs)
        rs = rs.with_(spec=util.rs_spec(rs).with_(replicas=size), metadata=rs.metadata.with_(
            annotations=util.new_replica_set_annotations(d, rs, new_revision, exists=False)))
        try:
            created, already_existed = self.api.create(rs), False
        except errors.StatusError as e:
            if e.reason != "AlreadyExists":
                raise self.create_error(d, rs.metadata.name or "", e) from None
            created, already_existed = self.existing_or_collision(d, rs), True
        if not already_existed and size > 0:
            self.recorder.event(d, events.NORMAL, "ScalingReplicaSet",
                                f"Scaled up replica set {created.metadata.name} to {size}")
        d = self.set_deployment_revision(d, str(new_revision))
        if not already_existed and util.has_progress_deadline(d):
            cond = util.new_deployment_condition(util.PROGRESSING, "True", util.NEW_REPLICA_SET,
                                                 f'Created new replica set "{created.metadata.name}"', self.clock.now)
            d = self.update_conditions(d, util.set_deployment_condition(util.status(d).conditions, cond))
        return d, created

    def existing_or_collision(self, d: Deployment, rs: ReplicaSet) -> ReplicaSet:
        """sync.go getNewReplicaSet, on AlreadyExists: if the name is taken by our own RS with
        our template, that is the new RS (we created it in an earlier pass). Otherwise two
        templates hashed alike: bump status.collisionCount, which changes the next hash, and
        let that write requeue us."""
        existing = self.api.get("ReplicaSet", rs.metadata.name or "", d.metadata.namespace or "")
        ref = existing.metadata.controller_ref()
        if ref is not None and ref.uid == d.metadata.uid and \
                util.equal_ignore_hash(template(d), template(existing)):
            return existing
        count = (util.status(d).collision_count or 0) + 1
        self.api.update_status(d.with_(status=util.status(d).with_(collision_count=count)))
        raise SyncAborted(f"hash collision for {rs.metadata.name}")

    def create_error(self, d: Deployment, name: str, e: errors.StatusError) -> SyncAborted:
        """sync.go getNewReplicaSet: any other refusal (a namespace being deleted, say) is
        reported as ReplicaSetCreateError, and the sync stops."""
        message = f'Failed to create new replica set "{name}": {e}'
        if util.has_progress_deadline(d):
            cond = util.new_deployment_condition(util.PROGRESSING, "False", util.FAILED_RS_CREATE, message,
                                                 self.clock.now)
            self.update_conditions(d, util.set_deployment_condition(util.status(d).conditions, cond))
        self.recorder.event(d, events.WARNING, util.FAILED_RS_CREATE, message)
        return SyncAborted(message)

    def set_deployment_revision(self, d: Deployment, revision: str) -> Deployment:
        """util.SetDeploymentRevision: d's revision annotation follows its new RS."""
        annotations = d.metadata.annotations or {}
        if annotations.get(util.REVISION) == revision:
            return d
        return self.api.update(d.with_(metadata=d.metadata.with_(annotations={**annotations,
                                                                              util.REVISION: revision})))

    def update_conditions(self, d: Deployment, conditions: list[Condition]) -> Deployment:
        return self.api.update_status(d.with_(status=util.status(d).with_(conditions=conditions)))

    # --- scaling -------------------------------------------------------------------------------

    def scale(self, d: Deployment, new_rs: ReplicaSet | None, old_rss: list[ReplicaSet]) -> None:
        """sync.go scale: resize for a new spec.replicas without speeding up or slowing down a
        rollout.

        With one active RS (the usual case) it simply takes all of spec.replicas. Mid-rollout
        the extra (or missing) replicas are shared in proportion to each RS's size. Docs
        example: replicas 10, maxSurge 3, old 8 + new 5 = 13 (max-replicas 13), scaled to 15:
        the total may now be 18, so 5 are added: old gets round(8*18/13) - 8 = 3 -> 11, new
        round(5*18/13) - 5 = 2 -> 7; a rounding leftover goes to the largest RS."""
        active_or_latest = util.find_active_or_latest(new_rs, old_rss)
        if active_or_latest is not None:
            if replicas(active_or_latest) != replicas(d):
                self.scale_replica_set_and_record_event(active_or_latest, replicas(d), d)
            return
        if util.is_saturated(d, new_rs):
            for old in util.filter_active_replica_sets(old_rss):  # e.g. an adopted RS next to a full new one
                self.scale_replica_set_and_record_event(old, 0, d)
            return
        if not util.is_rolling_update(d):
            return  # Recreate mid-rollout: the rollout scales the new RS once the old pods are gone
        all_rss = util.filter_active_replica_sets([*old_rss, new_rs])
        allowed = replicas(d) + util.max_surge(d) if replicas(d) > 0 else 0
        to_add = allowed - util.get_replica_count_for_replica_sets(all_rss)
        if to_add > 0:
            all_rss, operation = util.by_size_newer(all_rss), "up"  # on a tie the newer RS grows first
        elif to_add < 0:
            all_rss, operation = sorted(all_rss, key=util.by_size_older), "down"  # the older shrinks first
        else:
            operation = ""  # only the annotations change
        added = 0
        sizes = []
        for rs in all_rss:
            proportion = util.get_proportion(rs, d, to_add, added)
            sizes.append(replicas(rs) + proportion)
            added += proportion
        if all_rss and to_add != 0:
            sizes[0] = max(0, sizes[0] + to_add - added)  # the leftover goes to the largest
        for rs, size in zip(all_rss, sizes, strict=True):
            self.scale_replica_set(rs, size, d, operation)

    def scale_replica_set_and_record_event(self, rs: ReplicaSet, new_scale: int,
                                           d: Deployment) -> tuple[bool, ReplicaSet]:
        """sync.go scaleReplicaSetAndRecordEvent: nothing to do at the same size."""
        if replicas(rs) == new_scale:
            return False, rs
        return self.scale_replica_set(rs, new_scale, d, "up" if replicas(rs) < new_scale else "down")

    def scale_replica_set(self, rs: ReplicaSet, new_scale: int, d: Deployment,
                          operation: str) -> tuple[bool, ReplicaSet]:
        """sync.go scaleReplicaSet: set the size and the desired/max-replicas annotations in
        one update; a size change is reported as `Scaled up replica set kubia-5d8f9b7c4 to 3
        from 1`."""
        old_scale = replicas(rs)
        if old_scale == new_scale and not util.replicas_annotations_need_update(rs, d):
            return False, rs
        annotations = util.with_replicas_annotations(rs.metadata.annotations, d)
        rs = self.api.update(rs.with_(metadata=rs.metadata.with_(annotations=annotations),
                                      spec=util.rs_spec(rs).with_(replicas=new_scale)))
        if old_scale == new_scale:
            return False, rs
        self.recorder.event(d, events.NORMAL, "ScalingReplicaSet",
                            f"Scaled {operation} replica set {rs.metadata.name} to {new_scale} from {old_scale}")
        return True, rs

    def cleanup_deployment(self, d: Deployment, old_rss: list[ReplicaSet]) -> None:
        """sync.go cleanupDeployment: keep at most revisionHistoryLimit old RSes, deleting the
        lowest revisions first, but never one that still has pods or whose status is behind."""
        limit = util.spec(d).revision_history_limit
        if limit is None or not util.has_revision_history_limit(d):
            return
        cleanable = [rs for rs in old_rss if rs.metadata.deletion_timestamp is None]
        excess = len(cleanable) - limit
        if excess <= 0:
            return
        for rs in sorted(cleanable, key=util.by_revision)[:excess]:
            status = rs.status or ReplicaSetStatus()
            if (status.replicas or 0) != 0 or replicas(rs) != 0 or \
                    (rs.metadata.generation or 0) > (status.observed_generation or 0):
                continue
            try:
                self.api.delete("ReplicaSet", rs.metadata.name or "", rs.metadata.namespace or "")
            except errors.StatusError as e:
                if e.reason != "NotFound":
                    raise

    # --- status --------------------------------------------------------------------------------

    def sync_deployment_status(self, d: Deployment, all_rss: Sequence[ReplicaSet | None],
                               new_rs: ReplicaSet | None) -> None:
        """sync.go syncDeploymentStatus: write the counts and Available when they changed."""
        status = calculate_status(all_rss, new_rs, d, self.clock.now)
        if status != d.status:
            self.api.update_status(d.with_(status=status))

    def sync_rollout_status(self, d: Deployment, all_rss: Sequence[ReplicaSet | None],
                            new_rs: ReplicaSet | None) -> base.Result | None:
        """progress.go syncRolloutStatus: the status with the Progressing condition
        (progress.rollout_status) is written; with nothing to write, look again just after
        the deadline (progress.requeue_stuck_deployment)."""
        now = self.clock.now
        status = progress.rollout_status(d, calculate_status(all_rss, new_rs, d, now), all_rss, new_rs, now)
        if status == d.status:
            return progress.requeue_stuck_deployment(d, status, now)
        self.api.update_status(d.with_(status=status))
        return None  # the write wakes us again, and that pass decides about the deadline


def calculate_status(all_rss: Iterable[ReplicaSet | None], new_rs: ReplicaSet | None, d: Deployment,
                     now: datetime) -> DeploymentStatus:
    """sync.go calculateStatus: counts summed over every RS, and the Available condition.

    replicas/ready/available come from RS status (pods that exist); unavailableReplicas from
    RS spec (pods asked for) minus available, so an RS just scaled up counts at once: 3 old
    available + a new RS of 1 -> unavailableReplicas 1. Zero counts are left unset, as Go's
    omitempty leaves them out of the object."""
    rss = [rs for rs in all_rss if rs is not None]
    available = util.get_available_replica_count_for_replica_sets(rss)
    unavailable = max(0, util.get_replica_count_for_replica_sets(rss) - available)
    old = util.status(d)
    status = DeploymentStatus(
        observed_generation=d.metadata.generation,
        replicas=util.get_actual_replica_count_for_replica_sets(rss) or None,
        updated_replicas=util.get_actual_replica_count_for_replica_sets([new_rs]) or None,
        ready_replicas=util.get_ready_replica_count_for_replica_sets(rss) or None,
        available_replicas=available or None,
        unavailable_replicas=unavailable or None,
        collision_count=old.collision_count,
    )
    if available >= replicas(d) - util.max_unavailable(d):
        cond = util.new_deployment_condition(util.AVAILABLE, "True", util.MINIMUM_REPLICAS_AVAILABLE,
                                             "Deployment has minimum availability.", now)
    else:
        cond = util.new_deployment_condition(util.AVAILABLE, "False", util.MINIMUM_REPLICAS_UNAVAILABLE,
                                             "Deployment does not have minimum availability.", now)
    return status.with_(conditions=util.set_deployment_condition(old.conditions, cond))
