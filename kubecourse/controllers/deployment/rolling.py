"""The RollingUpdate strategy: grow the new ReplicaSet within maxSurge, shrink old ones
within maxUnavailable, one step per sync.

Models kubernetes/kubernetes: pkg/controller/deployment/rolling.go (rolloutRolling,
reconcileNewReplicaSet, reconcileOldReplicaSets, cleanupUnhealthyReplicas,
scaleDownOldReplicaSetsForRollingUpdate). Upstream these are methods of the controller;
here they are functions of `dc`, the controller's operations as sync.Rollout names them.

The example used throughout: replicas=10, maxSurge=3, maxUnavailable=2 (25% of 10 gives the
same: 3 rounded up, 2 rounded down). The total may reach 13 and at least 8 must stay available.
  Sync 1: the new RS is created at 13 - 10 = 3. Nothing of it is available, but 10 old pods
          are, 2 more than needed: the old RS goes 10 -> 8 in the same sync.
  Sync 2: 8 + 3 = 11 < 13: the new RS goes 3 -> 5.
  Then each new pod that becomes available lets one old pod go, which makes room for one
  more new pod, until the old RS is at 0 and the new one at 10.
"""

from __future__ import annotations

from kubecourse.api.models.apps import Deployment, ReplicaSet
from kubecourse.controllers import base
from kubecourse.controllers.controllerutil import replicas
from kubecourse.controllers.deployment import util
from kubecourse.controllers.deployment.sync import Rollout


def rollout_rolling(dc: Rollout, d: Deployment, rs_list: list[ReplicaSet]) -> base.Result | None:
    """rolling.go rolloutRolling: scale up if we can, else scale down if we can; when neither moves
    and the rollout is complete, prune history. Then report status."""
    d, new_rs, old_rss = dc.get_all_replica_sets_and_sync_revision(d, rs_list, create=True)
    assert new_rs is not None  # created if missing, or the sync was aborted
    all_rss = [*old_rss, new_rs]
    scaled = (reconcile_new_replica_set(dc, d, all_rss, new_rs)
              or reconcile_old_replica_sets(dc, d, all_rss, util.filter_active_replica_sets(old_rss), new_rs))
    if not scaled and util.deployment_complete(d, d.status):
        dc.cleanup_deployment(d, old_rss)
    return dc.sync_rollout_status(d, all_rss, new_rs)


def reconcile_new_replica_set(dc: Rollout, d: Deployment, all_rss: list[ReplicaSet],
                              new_rs: ReplicaSet) -> bool:
    """rolling.go reconcileNewReplicaSet: grow the new RS as far as maxSurge allows (NewRSNewReplicas);
    shrink it if it is bigger than the Deployment (spec.replicas went down)."""
    if replicas(new_rs) == replicas(d):
        return False  # scaling not required
    if replicas(new_rs) > replicas(d):
        return dc.scale_replica_set_and_record_event(new_rs, replicas(d), d)[0]
    new_count = util.new_rs_new_replicas(d, all_rss, new_rs)
    return dc.scale_replica_set_and_record_event(new_rs, new_count, d)[0]


def reconcile_old_replica_sets(dc: Rollout, d: Deployment, all_rss: list[ReplicaSet],
                               old_rss: list[ReplicaSet], new_rs: ReplicaSet) -> bool:
    """rolling.go reconcileOldReplicaSets: shrink the old RSes as far as availability allows.

    maxScaledDown = all pods asked for - minAvailable - new pods not yet available. The
    last term matters when the new pods never come up: old 8 + new 5 crashlooping = 13,
    minAvailable 8, 5 unavailable -> 13 - 8 - 5 = 0, so a node failure taking an old pod
    does not let us remove another. If the user then rolls back to the old template, that
    RS is new again with 1 unavailable: 13 - 8 - 1 = 4 crashlooping pods may go at once."""
    if util.get_replica_count_for_replica_sets(old_rss) == 0:
        return False  # can't scale down further
    min_available = replicas(d) - util.max_unavailable(d)
    new_unavailable = replicas(new_rs) - util.available(new_rs)
    max_scaled_down = util.get_replica_count_for_replica_sets(all_rss) - min_available - new_unavailable
    if max_scaled_down <= 0:
        return False
    cleaned = cleanup_unhealthy_replicas(dc, d, old_rss, max_scaled_down)
    if cleaned is None:
        return False
    old_rss, cleaned_count = cleaned
    scaled_count = scale_down_old_replica_sets_for_rolling_update(dc, d, [*old_rss, new_rs], old_rss)
    return cleaned_count + scaled_count > 0


def cleanup_unhealthy_replicas(dc: Rollout, d: Deployment, old_rss: list[ReplicaSet],
                               max_cleanup: int) -> tuple[list[ReplicaSet], int] | None:
    """rolling.go cleanupUnhealthyReplicas: first drop old replicas that are not available anyway
    (removing them costs no availability; the ReplicaSet deletes its not-ready pods first),
    oldest RS first, at most `max_cleanup` in all. Returns the RSes as updated and the count,
    or None when an RS still reports more available pods than it now asks for (its
    controller has not caught up): upstream's "invalid request to scale down", which skips
    scaling down in this sync."""
    old_rss = sorted(old_rss, key=util.by_creation_timestamp)
    total = 0
    for i, rs in enumerate(old_rss):
        if total >= max_cleanup:
            break
        unhealthy = replicas(rs) - util.available(rs)
        if replicas(rs) == 0 or unhealthy == 0:
            continue
        if unhealthy < 0:
            return None
        count = min(max_cleanup - total, unhealthy)
        _, old_rss[i] = dc.scale_replica_set_and_record_event(rs, replicas(rs) - count, d)
        total += count
    return old_rss, total


def scale_down_old_replica_sets_for_rolling_update(dc: Rollout, d: Deployment,
                                                   all_rss: list[ReplicaSet], old_rss: list[ReplicaSet]) -> int:
    """rolling.go scaleDownOldReplicaSetsForRollingUpdate: remove available - minAvailable old
    replicas, oldest RS first. 10 old available + 0 new, minAvailable 8 -> 2 go."""
    min_available = replicas(d) - util.max_unavailable(d)
    available = util.get_available_replica_count_for_replica_sets(all_rss)
    if available <= min_available:
        return 0  # cannot scale down
    to_scale_down = available - min_available
    total = 0
    for rs in sorted(old_rss, key=util.by_creation_timestamp):
        if total >= to_scale_down:
            break
        if replicas(rs) == 0:
            continue
        count = min(replicas(rs), to_scale_down - total)
        dc.scale_replica_set_and_record_event(rs, replicas(rs) - count, d)
        total += count
    return total
