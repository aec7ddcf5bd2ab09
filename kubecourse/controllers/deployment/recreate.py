"""The Recreate strategy: all old pods go, then all new pods come.

Models kubernetes/kubernetes: pkg/controller/deployment/recreate.go (rolloutRecreate,
scaleDownOldReplicaSetsForRecreate, oldPodsRunning, scaleUpNewReplicaSetForRecreate).
Upstream these are methods of the controller; here they are functions of `dc`, the
controller's operations as sync.Rollout names them.

With 3 replicas: the old RS goes 3 -> 0; while its pods terminate (30 s grace by default)
the Deployment waits, with no pod serving; when the last one is gone the new RS is created
directly at 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kubecourse.api.models import Pod
from kubecourse.api.models.apps import Deployment, ReplicaSet
from kubecourse.controllers import base
from kubecourse.controllers.controllerutil import replicas
from kubecourse.controllers.deployment import util
from kubecourse.controllers.deployment.sync import Rollout

PodMap = Mapping[str, list[Pod]]
"""Pods by the uid of the ReplicaSet controlling them (getPodMapForDeployment)."""


def rollout_recreate(dc: Rollout, d: Deployment, rs_list: list[ReplicaSet],
                     pod_map: PodMap) -> base.Result | None:
    """recreate.go rolloutRecreate:
    1. Scale every old RS to 0; if that wrote anything, report and stop.
    2. Wait while any old pod is still running (terminating ones included).
    3. Create the new RS only now, so no new pod starts beside an old one, at full size.
    4. Once complete, prune history."""
    d, new_rs, old_rss = dc.get_all_replica_sets_and_sync_revision(d, rs_list, create=False)
    all_rss = [*old_rss, new_rs]
    if scale_down_old_replica_sets_for_recreate(dc, d, util.filter_active_replica_sets(old_rss)):
        return dc.sync_rollout_status(d, all_rss, new_rs)
    if old_pods_running(new_rs, old_rss, pod_map):
        return dc.sync_rollout_status(d, all_rss, new_rs)
    if new_rs is None:
        d, new_rs, old_rss = dc.get_all_replica_sets_and_sync_revision(d, rs_list, create=True)
        assert new_rs is not None  # created, or the sync was aborted
        all_rss = [*old_rss, new_rs]
    dc.scale_replica_set_and_record_event(new_rs, replicas(d), d)  # scaleUpNewReplicaSetForRecreate
    if util.deployment_complete(d, d.status):
        dc.cleanup_deployment(d, old_rss)
    return dc.sync_rollout_status(d, all_rss, new_rs)


def scale_down_old_replica_sets_for_recreate(dc: Rollout, d: Deployment, old_rss: list[ReplicaSet]) -> bool:
    """recreate.go scaleDownOldReplicaSetsForRecreate: every active old RS to 0; whether
    any was scaled."""
    scaled = False
    for rs in old_rss:
        scaled = dc.scale_replica_set_and_record_event(rs, 0, d)[0] or scaled
    return scaled


def old_pods_running(new_rs: ReplicaSet | None, old_rss: Iterable[ReplicaSet], pod_map: PodMap) -> bool:
    """recreate.go oldPodsRunning: an old RS still counts pods, or a pod not of the new RS
    has not finished (Pending, Running, Unknown, or terminating, which the RS no longer
    counts). Succeeded and Failed pods have stopped."""
    if util.get_actual_replica_count_for_replica_sets(old_rss) > 0:
        return True
    return any(pod.status is None or pod.status.phase not in ("Failed", "Succeeded")
               for rs_uid, pods in pod_map.items() if new_rs is None or rs_uid != new_rs.metadata.uid
               for pod in pods)
