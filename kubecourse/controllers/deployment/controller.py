"""The Deployment controller: roll a Deployment's pod template out through ReplicaSets.

Models kubernetes/kubernetes: pkg/controller/deployment/deployment_controller.go
(syncDeployment, getReplicaSetsForDeployment, getPodMapForDeployment, the event handlers).
The package holds the rest of upstream's tree: sync.py (sync.go), progress.py
(progress.go), rolling.py and recreate.py (the strategies), util.py (util/deployment_util.go).

A Deployment never touches pods. It owns one ReplicaSet per pod template (the *new* one
matches the current template; the others are *old*) and only ever changes their sizes and
annotations; the ReplicaSet controller turns sizes into pods, and the ReplicaSets' status
(replicas, ready, available) is all this controller reads back.

What upstream has that we leave out, and why:
- The `SelectingAll` warning for a selector that selects everything: apps/v1 validation
  rejects such a selector, so no Deployment here can have one.
- The legacy rollback (rollback.go: `deprecated.deployment.rollback.to`, extensions/v1beta1's
  spec.rollbackTo): no longer served; apps/v1 kubectl rolls back by writing an old template
  back, which this controller sees as "an old RS is new again" (sync.go getNewReplicaSet).
- Writes that fail are retried by upstream's rate-limited queue. Here nothing runs
  concurrently, so a write fails only when the cluster refuses it (a create in a namespace
  being deleted, a hash collision), and the status write that reports it wakes us again.
- Upstream writes the Deployment's revision annotation through the status subresource
  (the deployment status strategy keeps metadata.annotations); our update_status changes
  only status, so the annotation is a separate update of the Deployment.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubecourse import events
from kubecourse.api import selectors
from kubecourse.api.models import Pod
from kubecourse.api.models.apps import Deployment, ReplicaSet
from kubecourse.api.server import DELETED, APIServer, WatchEvent
from kubecourse.clock import Clock
from kubecourse.controllers import base, refmanager
from kubecourse.controllers.deployment import recreate, rolling, util
from kubecourse.controllers.deployment.sync import SyncAborted, Syncer
from kubecourse.rand import Generator


class DeploymentController(base.Controller):
    watches = ("Deployment", "ReplicaSet", "Pod")
    name = "deployment"
    for_kind = "Deployment"
    owns = ("ReplicaSet",)

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        super().__init__(api, clock, rng)
        self.recorder = events.Recorder(api, "deployment-controller")
        self.syncer = Syncer(api, clock, self.recorder)

    # --- which Deployments a write wakes (the event handlers) ---------------------------------

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        """deployment_controller.go addReplicaSet, updateReplicaSet, deletePod: own writes and
        owned ReplicaSets (base); plus an orphan ReplicaSet that appears or
        changes labels wakes every Deployment selecting it (one may adopt it), and a deleted
        pod wakes its Recreate Deployment, which waits for old pods to be gone."""
        yield from super().keys_for(event)
        obj = event.obj
        if event.kind == "ReplicaSet" and event.type != DELETED and obj.metadata.controller_ref() is None:
            old = event.old
            if old is None or old.metadata.labels != obj.metadata.labels or old.metadata.controller_ref():
                yield from self.deployments_selecting(obj)
        elif event.kind == "Pod" and event.type == DELETED:
            d = self.deployment_of_pod(obj)
            if d is not None and util.strategy_type(d) == "Recreate":
                yield (d.metadata.namespace or "", d.metadata.name or "")

    def deployments_selecting(self, rs: ReplicaSet) -> Iterator[base.Key]:
        """deployment_controller.go getDeploymentsForReplicaSet: an RS without labels, or a
        selector matching everything, never counts."""
        if not rs.metadata.labels:
            return
        for d in self.api.iter_namespace("Deployment", rs.metadata.namespace or ""):
            selector = selectors.from_label_selector(util.selector(d))
            if selector and selectors.matches(selector, rs.metadata.labels):
                yield (d.metadata.namespace, d.metadata.name)

    def deployment_of_pod(self, pod: Pod) -> Deployment | None:
        """deployment_controller.go getDeploymentForPod: the pod's ReplicaSet's controlling
        Deployment."""
        ref = pod.metadata.controller_ref()
        if ref is None or ref.kind != "ReplicaSet":
            return None
        rs = self.api.try_get("ReplicaSet", ref.name, pod.metadata.namespace or "")
        if rs is None or rs.metadata.uid != ref.uid:
            return None
        ref = rs.metadata.controller_ref()
        if ref is None or ref.kind != "Deployment":
            return None
        d = self.api.try_get("Deployment", ref.name, rs.metadata.namespace)
        return d if d is not None and d.metadata.uid == ref.uid else None

    # --- the sync ------------------------------------------------------------------------------

    def reconcile(self, key: base.Key) -> base.Result | None:
        d = self.api.try_get("Deployment", key[1], key[0])
        if d is None:
            return None  # deleted: the garbage collector removes its ReplicaSets
        try:
            return self.sync_deployment(d)
        except SyncAborted:
            return None

    def sync_deployment(self, d: Deployment) -> base.Result | None:
        """deployment_controller.go syncDeployment: one pass, first match wins:
        being deleted -> status only; paused -> scale only; replicas changed -> scale
        proportionally; otherwise roll out with the strategy."""
        rs_list = self.get_replica_sets_for_deployment(d)
        if d.metadata.deletion_timestamp is not None:
            self.syncer.sync_status_only(d, rs_list)
            return None
        d = self.syncer.check_paused_conditions(d)
        if util.spec(d).paused or util.is_scaling_event(d, rs_list):
            self.syncer.sync(d, rs_list)
            return None
        if util.strategy_type(d) == "Recreate":
            pod_map = self.get_pod_map_for_deployment(d, rs_list)
            return recreate.rollout_recreate(self.syncer, d, rs_list, pod_map)
        return rolling.rollout_rolling(self.syncer, d, rs_list)

    def get_replica_sets_for_deployment(self, d: Deployment) -> list[ReplicaSet]:
        """deployment_controller.go getReplicaSetsForDeployment: the ReplicaSets d controls,
        after adopting matching orphans and releasing owned ones its selector no longer
        matches (ClaimReplicaSets)."""
        candidates = list(self.api.iter_namespace("ReplicaSet", d.metadata.namespace or ""))
        return refmanager.claim(self.api, d, selectors.from_label_selector(util.selector(d)), candidates)

    def get_pod_map_for_deployment(self, d: Deployment, rs_list: list[ReplicaSet]) -> recreate.PodMap:
        """deployment_controller.go getPodMapForDeployment: the pods each RS controls that d
        selects, by the RS's uid, found through the owner index rather than a namespace-wide
        list."""
        selector = selectors.from_label_selector(util.selector(d))
        pod_map: dict[str, list[Pod]] = {}
        for rs in rs_list:
            uid = rs.metadata.uid or ""
            pod_map[uid] = [obj for obj in self.api.dependents(uid)
                            if obj.kind == "Pod" and (ref := obj.metadata.controller_ref()) is not None
                            and ref.uid == uid and selectors.matches(selector, obj.metadata.labels)]
        return pod_map
