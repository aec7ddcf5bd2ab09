"""A Deployment's ReplicaSets, as the rollout helpers read them.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/util/deployment/deployment.go
(GetAllReplicaSets), which history.go, rollback.go and rollout_status.go share.
"""

from __future__ import annotations

from kubecourse.api.models import Deployment, ReplicaSet
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.workloads import new_and_old_replicasets


def replica_sets(ctx: Context, d: Deployment) -> list[ReplicaSet]:
    """GetAllReplicaSets: the old ones, then the new one."""
    new_rs, old_rss = new_and_old_replicasets(View(ctx, ctx.now), d)
    return [*old_rss, *([new_rs] if new_rs is not None else [])]
