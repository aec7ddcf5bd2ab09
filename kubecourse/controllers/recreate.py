"""The Recreate strategy: all old pods go, then all new pods come.

Models kubernetes/kubernetes: pkg/controller/deployment/recreate.go (rolloutRecreate,
scaleDownOldReplicaSetsForRecreate, oldPodsRunning, scaleUpNewReplicaSetForRecreate).
Facts: kubernetes-behavior.md §3.10.

A mixin of DeploymentController, as upstream's recreate.go adds methods to the same
controller; `self` is the controller. With 3 replicas: the old RS goes 3 -> 0; while its
pods terminate (30 s grace by default) the Deployment waits, with no pod serving; when the
last one is gone the new RS is created directly at 3.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kubecourse.api import selectors
from kubecourse.api.models.apps import Deployment, ReplicaSet
from kubecourse.controllers import base
from kubecourse.controllers import deploymentutil as util

if TYPE_CHECKING:
    from kubecourse.controllers.deployment import DeploymentController


class Recreate:
    def rollout_recreate(self: DeploymentController, d: Deployment,
                         rs_list: list[ReplicaSet]) -> base.Result | None:
        """rolloutRecreate:
        1. Scale every old RS to 0; if that wrote anything, report and stop.
        2. Wait while any old pod is still running (terminating ones included).
        3. Create the new RS only now, so no new pod starts beside an old one, at full size.
        4. Once complete, prune history."""
        d, new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, create=False)
        all_rss = [*old_rss, new_rs]
        if self.scale_down_old_replica_sets_for_recreate(d, util.filter_active_replica_sets(old_rss)):
            return self.sync_rollout_status(d, all_rss, new_rs)
        if old_pods_running(old_rss, self.pods_of(d, old_rss)):
            return self.sync_rollout_status(d, all_rss, new_rs)
        if new_rs is None:
            d, new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, create=True)
            all_rss = [*old_rss, new_rs]
        self.scale_replica_set_and_record_event(new_rs, d.spec.replicas, d)
        if util.deployment_complete(d, d.status):
            self.cleanup_deployment(d, old_rss)
        return self.sync_rollout_status(d, all_rss, new_rs)

    def scale_down_old_replica_sets_for_recreate(self: DeploymentController, d: Deployment,
                                                 old_rss: list[ReplicaSet]) -> bool:
        scaled = False
        for rs in old_rss:
            scaled = self.scale_replica_set_and_record_event(rs, 0, d)[0] or scaled
        return scaled

    def pods_of(self: DeploymentController, d: Deployment, rss: list[ReplicaSet]) -> list[Any]:
        """getPodMapForDeployment, for the given RSes: pods they control that d selects,
        found through the owner index rather than a namespace-wide list."""
        selector = selectors.from_label_selector(d.spec.selector)
        pods = []
        for rs in rss:
            for obj in self.api.dependents(rs.metadata.uid):
                ref = obj.metadata.controller_ref()
                if obj.kind == "Pod" and ref is not None and ref.uid == rs.metadata.uid \
                        and selectors.matches(selector, obj.metadata.labels):
                    pods.append(obj)
        return pods


def old_pods_running(old_rss: Iterable[ReplicaSet], old_pods: Iterable[Any]) -> bool:
    """oldPodsRunning: an old RS still counts pods, or an old pod has not finished (Pending,
    Running, Unknown, or terminating, which the RS no longer counts). Succeeded and Failed
    pods have stopped."""
    if util.get_actual_replica_count_for_replica_sets(old_rss) > 0:
        return True
    return any(pod.status is None or pod.status.phase not in ("Failed", "Succeeded") for pod in old_pods)
