"""The resource quota controller: status.hard is spec.hard, status.used what the namespace uses.

Models kubernetes/kubernetes: pkg/controller/resourcequota/resource_quota_controller.go
(syncResourceQuota, replenishQuota) with the evaluators of kubecourse/api/quota.py.

What we learned from the source:
- A sync copies spec.hard to status.hard and recalculates status.used for exactly those
  resources (a resource nothing uses is `0`); it writes only when either changed.
- Any write of a counted kind (a pod created, deleted, or turning Succeeded) replenishes
  every quota of its namespace; here that is the same instant, so `kubectl describe quota`
  shows the counts a real cluster shows a moment later.
"""

from __future__ import annotations

from collections.abc import Iterable

from kubecourse.api import kinds, quota
from kubecourse.api.models.quota import ResourceQuotaStatus
from kubecourse.api.server import WatchEvent
from kubecourse.controllers.base import Controller, Key, Result


class ResourceQuotaController(Controller):
    name = "resourcequota-controller"
    for_kind = "ResourceQuota"
    watches = tuple(k.kind for k in kinds.KINDS if k.namespaced and k.kind != "Event")

    def keys_for(self, event: WatchEvent) -> Iterable[Key]:
        namespace = event.obj.metadata.namespace or ""
        if event.kind == self.for_kind:
            yield (namespace, event.obj.metadata.name)
            return
        for rq in self.api.iter_namespace(self.for_kind, namespace):
            yield (namespace, rq.metadata.name)

    def reconcile(self, key: Key) -> Result | None:
        namespace, name = key
        rq = self.api.try_get(self.for_kind, name, namespace)
        if rq is None:
            return None
        hard = dict((rq.spec.hard if rq.spec else None) or {})
        used = quota.printed(quota.namespace_usage(self.api, kinds.KINDS, namespace, hard))
        status = ResourceQuotaStatus(hard=hard, used=used)
        if rq.status != status:
            self.api.update_status(rq.with_(status=status))
        return None
