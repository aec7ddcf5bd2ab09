"""The Progressing condition and the progress deadline: what the rollout's status says about
progress, and when to look again.

Models kubernetes/kubernetes: pkg/controller/deployment/progress.go (syncRolloutStatus,
getReplicaFailures, requeueStuckDeployment). Nothing here writes or reads the clock:
sync.Syncer.sync_rollout_status writes what these decide, at the `now` it passes in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from kubecourse.api.models.apps import Deployment, DeploymentStatus, ReplicaSet
from kubecourse.api.models.meta import Condition
from kubecourse.controllers import base
from kubecourse.controllers.deployment import util


def rollout_status(d: Deployment, status: DeploymentStatus, all_rss: Iterable[ReplicaSet | None],
                   new_rs: ReplicaSet | None, now: datetime) -> DeploymentStatus:
    """progress.go syncRolloutStatus: `status` (calculateStatus) plus the Progressing
    condition, once the rollout is not already marked complete:
    1. complete (all updated, no old pods, all available) -> NewReplicaSetAvailable;
    2. else progress since the last status (more updated, fewer old, more ready or more
       available) -> ReplicaSetUpdated, which moves lastUpdateTime and so the deadline;
    3. else past lastUpdateTime + progressDeadlineSeconds -> False/ProgressDeadlineExceeded.
    Then the ReplicaFailure condition of the ReplicaSets, if any."""
    conditions = status.conditions
    if not util.has_progress_deadline(d):
        conditions = util.remove_deployment_condition(conditions, util.PROGRESSING)
    current = util.get_deployment_condition(d.status, util.PROGRESSING)
    marked_complete = (status.replicas == status.updated_replicas and current is not None
                       and current.reason == util.NEW_RS_AVAILABLE)
    subject = f'ReplicaSet "{new_rs.metadata.name}"' if new_rs is not None else f'Deployment "{d.metadata.name}"'
    if util.has_progress_deadline(d) and not marked_complete:
        if util.deployment_complete(d, status):
            cond = util.new_deployment_condition(util.PROGRESSING, "True", util.NEW_RS_AVAILABLE,
                                                 f"{subject} has successfully progressed.", now)
            conditions = util.set_deployment_condition(conditions, cond)
        elif util.deployment_progressing(d, status):
            # Unlike SetDeploymentCondition, progress refreshes the condition even when
            # the reason stays ReplicaSetUpdated: lastUpdateTime is what the deadline counts from.
            cond = util.new_deployment_condition(util.PROGRESSING, "True", util.REPLICA_SET_UPDATED,
                                                 f"{subject} is progressing.", now)
            if current is not None and current.status == "True":
                cond = cond.with_(last_transition_time=current.last_transition_time)
            conditions = [*util.remove_deployment_condition(conditions, util.PROGRESSING), cond]
        elif util.deployment_timed_out(d, status.with_(conditions=conditions), now):
            cond = util.new_deployment_condition(util.PROGRESSING, "False", util.TIMED_OUT,
                                                 f"{subject} has timed out progressing.", now)
            conditions = util.set_deployment_condition(conditions, cond)
    failures = replica_failures(all_rss, new_rs)
    if failures:
        conditions = util.set_deployment_condition(conditions, failures[0])
    else:
        conditions = util.remove_deployment_condition(conditions, util.REPLICA_FAILURE)
    return status.with_(conditions=conditions or None)


def replica_failures(all_rss: Iterable[ReplicaSet | None], new_rs: ReplicaSet | None) -> list[Condition]:
    """progress.go getReplicaFailures: the new RS's ReplicaFailure condition, else any RS's
    (e.g. a quota refusing pods), as Deployment conditions."""
    def failures(rs: ReplicaSet | None) -> list[Condition]:
        conds = (rs.status.conditions or ()) if rs is not None and rs.status else ()
        return [util.replica_set_to_deployment_condition(c) for c in conds if c.type == util.REPLICA_FAILURE]

    return failures(new_rs) or [c for rs in all_rss for c in failures(rs)]


def requeue_stuck_deployment(d: Deployment, status: DeploymentStatus, now: datetime) -> base.Result | None:
    """progress.go requeueStuckDeployment: with no progress to report, look again one second
    after the deadline. Last progress at 00:00, deadline 600 s, now 03:00 -> in 7 min + 1 s."""
    current = util.get_deployment_condition(d.status, util.PROGRESSING)
    if not util.has_progress_deadline(d) or current is None:
        return None
    if util.deployment_complete(d, status) or current.reason == util.TIMED_OUT:
        return None
    after = util.seconds_until_deadline(d, current, now)
    return base.Result(requeue_after=max(after, 0.0) + 1.0)
